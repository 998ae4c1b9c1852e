"""One jieba tokenizer per process, with Chongqing's place names in its dictionary."""

import functools
import logging

import jieba

from articles.text.gazetteer import dictionary_words

jieba.setLogLevel(logging.WARNING)

# High enough that a place name wins over the pieces jieba would otherwise cut it into
# (渝中区 → 渝/中/区委), low enough not to swallow ordinary words around it.
_PLACE_FREQ = 200_000


@functools.cache
def tokenizer() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in dictionary_words():
        tok.add_word(word, freq=_PLACE_FREQ)
    return tok


def cut(text: str) -> list[str]:
    """Precise-mode words of already folded text."""
    return [w for w in tokenizer().cut(text, HMM=False) if w.strip()]


def cut_for_search(text: str) -> list[str]:
    """Search-mode words: the whole word plus the shorter words inside it."""
    return [w for w in tokenizer().cut_for_search(text, HMM=False) if w.strip()]
