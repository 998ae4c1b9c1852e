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


@functools.lru_cache(maxsize=512)  # a page's lines and articles; bounded, since every process keeps its own
def fold(text: str) -> str:
    """Fold Traditional to Simplified so matching treats both scripts as one.

    Only for matching and tagging: what readers see stays as written. Cached: reading a page asks
    for the same line and the same body many times over (each line test, each zone of the tagger),
    about 130 folds an article, and OpenCC costs more than the lookup.
    """
    return _converter().convert(text)


def is_traditional(text: str) -> bool:
    """True when the text is written in Traditional characters (enough of them change when folded)."""
    changed = sum(a != b for a, b in zip(text, fold(text), strict=False))
    return changed >= 3 and changed >= 0.02 * len(HAN_RE.findall(text))


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


_SPACES_RE = re.compile(r"\s+")
_HAN_RUN_RE = re.compile(f"[{HAN}]+")


def han_ratio(text: str) -> float:
    """Share of the visible characters that are Han (counted by the regex engine: pages are long;
    runs, not single characters, so the lists it builds are short)."""
    visible = len(text) - sum(map(len, _SPACES_RE.findall(text)))
    return sum(map(len, _HAN_RUN_RE.findall(text))) / visible if visible else 0.0


@functools.lru_cache(maxsize=512)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the Han runs of folded text: a script- and tokenizer-free fingerprint.

    Cached: segmenting and headline finding compare the same page texts many times over."""
    return frozenset(_HAN_PAIR_RE.findall(fold(text)))


# Every two Han characters in a row, overlapping (a lookahead consumes nothing): the regex engine
# cuts the bigrams instead of a Python loop over each run.
_HAN_PAIR_RE = re.compile(f"(?=([{HAN}]{{2}}))")
