"""Tiny hand-built PDFs for tests: a text page, an image-only page (a "scan"), an encrypted file.

Built byte by byte (with a correct cross-reference table) so the test suite needs no PDF-writing
library. The encryption is the PDF standard security handler, revision 2 (40-bit RC4, PDF 1.7
spec §7.6.3, algorithms 1-4): real enough that pdfminer refuses the file without the password and
reads it with one, which ``test_bad_input`` checks so the fixture cannot rot into plain garbage.
"""

from __future__ import annotations

import hashlib
import zlib

# PDF 1.7 §7.6.3.3, algorithm 2: the 32 bytes a password is padded with.
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")


def build_pdf(objects: list[bytes], *, trailer_extra: bytes = b"") -> bytes:
    """Join numbered objects (1..n, object 1 the catalog) into a PDF with a valid xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d " % len(data) + extra + b">>\nstream\n" + data + b"\nendstream"


def _text_content(lines: list[str]) -> bytes:
    ops = [b"BT", b"/F1 11 Tf", b"72 770 Td", b"14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("cp1252") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF whose text layer holds ``lines`` (Helvetica, cp1252 characters only)."""
    return build_pdf(_text_objects(_text_content(lines)))


def _text_objects(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]


def image_only_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages each paint one greyscale image and carry no text at all: a scan."""
    side = 16
    pixels = zlib.compress(bytes((x * 16 + y) % 256 for y in range(side) for x in range(side)))
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    image_number = 3 + 2 * pages
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    draw = b"q 451 0 0 698 72 72 cm /Im1 Do Q"
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R " % (4 + 2 * i)
            + b"/Resources << /XObject << /Im1 %d 0 R >> >> >>" % image_number
        )
        objects.append(_stream(draw))
    objects.append(
        _stream(
            pixels,
            b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode " % (side, side),
        )
    )
    return build_pdf(objects)


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def encrypted_pdf(lines: list[str], *, user_password: str = "secret", owner_password: str = "owner") -> bytes:
    """A one-page text PDF that needs ``user_password`` to open (RC4 40-bit, revision 2)."""
    permissions = -44  # print and copy refused; any value works, it only has to match the key
    owner_key = hashlib.md5(_padded(owner_password)).digest()[:5]
    o_value = _rc4(owner_key, _padded(user_password))  # algorithm 3
    p_bytes = (permissions & 0xFFFFFFFF).to_bytes(4, "little")
    key = hashlib.md5(_padded(user_password) + o_value + p_bytes + _FILE_ID).digest()[:5]  # algorithm 2
    u_value = _rc4(key, _PAD)  # algorithm 4

    objects = _text_objects(b"")
    content = _text_content(lines)
    # algorithm 1: each stream is encrypted with a key derived from its object number (4 here)
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    objects[3] = _stream(_rc4(object_key, content))
    objects.append(
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_value.hex().encode()
        + b"> /U <"
        + u_value.hex().encode()
        + b"> /P %d >>" % permissions
    )
    encrypt_ref = len(objects)
    file_id = _FILE_ID.hex().encode()
    return build_pdf(
        objects, trailer_extra=b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (encrypt_ref, file_id, file_id)
    )
