"""One jieba tokenizer per process, with Chongqing's place names in its dictionary."""

import functools
import logging
from pathlib import Path

import jieba

from articles.text.gazetteer import dictionary_words

jieba.setLogLevel(logging.WARNING)

# High enough that a place name wins over the pieces jieba would otherwise cut it into
# (渝中区 → 渝/中/区委), low enough not to swallow ordinary words around it.
_PLACE_FREQ = 200_000


_DOMAIN_WORDS = Path(__file__).with_name("chongqing_words.txt")


def domain_words() -> list[str]:
    lines = _DOMAIN_WORDS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.cache
def tokenizer() -> jieba.Tokenizer:
    """Built once per process (about a second): gunicorn's preload shares it between workers."""
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in [*dictionary_words(), *domain_words()]:
        tok.add_word(word, freq=_PLACE_FREQ)
    return tok


def cut(text: str) -> list[str]:
    """Precise-mode words of already folded text."""
    return [w for w in tokenizer().cut(text, HMM=False) if w.strip()]


def tokenize_for_search(text: str):
    """(word, start, end) in search mode: each word, and the dictionary words inside it."""
    return tokenizer().tokenize(text, mode="search", HMM=False)
