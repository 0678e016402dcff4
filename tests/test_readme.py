"""The README's examples, run as a new user runs them: its Python blocks in order, in a fresh folder
holding the sample text corpus, with nothing set up but the install; then its `show` line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_python_examples_run_as_written(tmp_path, capsys, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) >= 4  # extract and run, pandas, DuckDB, the plot
    shutil.copytree(ROOT / "corpus" / "text", tmp_path / "corpus" / "text")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPL", "PYTHON"))}
    for n, block in enumerate(blocks):
        done = subprocess.run(
            [sys.executable, "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"README Python block {n + 1} failed:\n{block}\n{done.stderr}"
    assert (tmp_path / "outputs" / "bcf.duckdb").is_file()
    assert (tmp_path / "ibcf-by-area.png").stat().st_size > 5_000
    monkeypatch.chdir(tmp_path)  # the README's command lines use relative paths
    line = re.search(r"`(bcf-extract show \S+ -o outputs)`", README)
    assert line is not None and main(line.group(1).split()[1:]) == 0
    assert "figures (" in capsys.readouterr().out


def test_readme_plot_is_committed():
    image = re.search(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", README)
    assert image is not None and (ROOT / image.group(1)).stat().st_size > 5_000
