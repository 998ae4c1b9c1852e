"""One jieba segmenter per process, with Chongqing's place names in its dictionary.

jieba's algorithm and dictionary, run by jieba-rs through rjieba: the same words as the Python
jieba, about ten times faster, which is most of an import's and an index's time.
"""

import functools
from pathlib import Path

import rjieba

from articles.text.gazetteer import dictionary_words

# High enough that a place name wins over the pieces jieba would otherwise cut it into
# (渝中区 → 渝/中/区委), low enough not to swallow ordinary words around it.
_PLACE_FREQ = 200_000
_DOMAIN_WORDS = Path(__file__).with_name("chongqing_words.txt")


def domain_words() -> list[str]:
    lines = _DOMAIN_WORDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.cache
def tokenizer() -> rjieba.Jieba:
    """Built once per process: gunicorn's preload and the importer's forked workers share it."""
    segmenter = rjieba.Jieba()
    for word in [*dictionary_words(), *domain_words()]:
        segmenter.add_word(word, _PLACE_FREQ, None)
    return segmenter


def cut(text: str) -> list[str]:
    """Precise-mode words of already folded text."""
    return [w for w in tokenizer().cut(text, False) if w.strip()]


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) in precise mode."""
    return tokenizer().tokenize(text, "default", False)
