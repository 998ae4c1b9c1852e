"""Turn the bytes of a page file into text, or say clearly why not."""

import codecs
import re

from articles.text.chinese import han_ratio


class PageError(ValueError):
    """A page that cannot be read as Chinese news text. The message says why."""


def decode_page(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Tries UTF-8 (with or without BOM), UTF-16 with a BOM, then GB18030."""
    if not data.strip():
        raise PageError("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data:
            raise PageError("the file is binary (it contains NUL bytes)")
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _check_text(text)
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding.removesuffix("-sig")
    raise PageError("the file is neither UTF-8 nor GB18030 text")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _check_text(text: str) -> None:
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(3, len(text) // 100):
        raise PageError("the file is binary (it is full of control characters)")
    if han_ratio(text) < 0.3:
        raise PageError("the file holds no Chinese news text")
