"""Character-level helpers: Traditional→Simplified folding, display width, punctuation classes."""

import functools
import re

import opencc

# Punctuation that ends a sentence, and so may end a paragraph.
TERMINAL = set("。！？!?；;…")
CLOSING = set("”’」』）)】》\"'")
# Punctuation after which a line must go on.
CONTINUING = set("，,、：:（(“‘「『《【—-")

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Fold Traditional to Simplified so matching treats both scripts as one.

    Only for matching and tagging: what readers see stays as written.
    """
    return _converter().convert(text)


def normalise_space(text: str) -> str:
    """Ideographic and no-break spaces become ordinary ones; runs collapse to one."""
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\u200b", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def width(text: str) -> float:
    """Display width in CJK cells: an ASCII character counts one half (a hot path: no per-character calls)."""
    return len(text) - 0.5 * len(text.encode("ascii", "ignore"))


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence, allowing closing quotes after the stop."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSING:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL


def ends_mid_phrase(text: str) -> bool:
    return bool(text) and text.rstrip()[-1:] in CONTINUING


def han_ratio(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    return sum(1 for ch in visible if HAN_RE.match(ch)) / len(visible)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Han runs of folded text: a script- and tokenizer-free fingerprint."""
    grams: set[str] = set()
    for run in re.findall(f"[{HAN}]+", fold(text)):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams
