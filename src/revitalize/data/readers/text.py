"""Text files as the readers see them: decoding (UTF-8 with or without BOM, else GBK/GB18030
recognised as mostly Chinese/ASCII text) and the CSV header. Below every reader and the sniffer,
so they share it without importing each other."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from revitalize.errors import LayoutError

__all__ = ["decode_text", "header_of"]

_UTF8 = "UTF-8 (with or without BOM) or GBK text"


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _looks_chinese(text: str) -> bool:
    """Plausible GBK: >= 95 % of the characters are ASCII, CJK ideographs or CJK punctuation, and
    >= 90 % of the non-ASCII ones are in GB 2312 (mis-decoded Latin-1 gives rare GBK codes)."""
    sample = text[:20000]
    good = sum(1 for ch in sample if ch < "\x7f" or "\u4e00" <= ch <= "\u9fff"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    wide = [ch for ch in sample if ch >= "\x80"]
    common = sum(1 for ch in wide if _in_gb2312(ch))
    return bool(wide) and good >= 0.95 * len(sample) and common >= 0.9 * len(wide)


def decode_text(path: str | Path) -> tuple[str, str | None]:
    """Decode a text data file: UTF-8 (BOM allowed), else GBK/GB18030 when it plausibly is.

    Returns
    -------
    (text, note)
        ``note`` is ``None`` for UTF-8 and a sentence for GBK (to keep in the provenance notes).

    Raises
    ------
    LayoutError
        Empty file, binary content (NUL bytes), UTF-16 text, or bytes that are neither UTF-8 nor
        plausible GBK -- naming the file, the first bad byte and the encoding expected.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise LayoutError("file is empty", file=path, expected="a header row and data rows")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LayoutError("file is UTF-16 text", file=path, expected=f"{_UTF8} (save as CSV UTF-8)")
    if b"\x00" in data[:8192]:
        raise LayoutError("binary file, not text", file=path,
                          expected=f"CSV as {_UTF8}, or an .xls/.xlsx workbook")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if _looks_chinese(text):
        bad = f"byte 0x{data[first_bad.start]:02x} at offset {first_bad.start}"
        return text.lstrip("\ufeff"), f"decoded as GBK/GB18030 (file is not UTF-8: {bad})"
    raise LayoutError(f"not UTF-8 text (byte 0x{data[first_bad.start]:02x} at offset "
                      f"{first_bad.start}) and not GBK", file=path, expected=_UTF8)


def header_of(text: str) -> tuple[str, ...]:
    for row in csv.reader(io.StringIO(text[:65536].replace("\r\n", "\n").replace("\r", "\n"))):
        if row and row[0].strip().startswith("#"):  # '# key: value' metadata lines
            continue
        if any(cell.strip() for cell in row):
            return tuple(cell.strip() for cell in row)
    return ()
