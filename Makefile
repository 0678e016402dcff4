# Two entry points, both from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: setup run test lint accuracy clean ocr-check

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# Run the sample corpus: text and real papers into outputs/, the PDF renderings into outputs/pdf/
# (documents, exports, audit, the dataset outputs/bcf.duckdb). Unchanged papers are skipped on a re-run.
# The PDF folder holds a scanned paper on purpose: it is read by OCR, which needs Tesseract.
run: setup ocr-check
	$(BIN)/bcf-extract run corpus/text corpus/real -o outputs
	$(BIN)/bcf-extract run corpus/pdf -o outputs/pdf

# Tesseract is a Debian package, not a Python one: say how to install it rather than fail mid-run
ocr-check:
	@command -v tesseract >/dev/null 2>&1 || { \
	  echo "Tesseract (OCR) is not installed; scanned PDFs need it:"; \
	  echo "  sudo apt-get install -y tesseract-ocr tesseract-ocr-eng"; exit 1; }

test: setup
	$(BIN)/pytest

# Accuracy on the real-paper gold set (bench/gold) and the samples: recall, precision, cells right
accuracy: setup
	$(BIN)/python bench/accuracy.py $(ARGS)

lint: setup
	$(BIN)/ruff check extractor tests bench
	$(BIN)/ruff format --check extractor tests bench
	$(BIN)/mypy extractor

clean:
	rm -rf outputs $(VENV) .pytest_cache .mypy_cache .ruff_cache
