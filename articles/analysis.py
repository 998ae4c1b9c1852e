"""The one analyser for Chinese search, used when indexing and when querying.

Traditional folds to Simplified, Latin letters to lower case; jieba cuts the text with the
Chongqing dictionary. Indexing uses search mode (渝中区 → 渝中, 中区, 渝中区) so that a short
name finds the full one; a query uses precise mode, so its words are the longer ones and must
all match.
"""

import functools
import re
from collections import Counter

from whoosh.analysis import Token, Tokenizer

from articles.text.chinese import fold
from articles.text.gazetteer import DISTRICT_BY_NAME, name_table
from articles.text.words import cut, tokenize_for_search

# Words too common to narrow a search.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "是",
        "也",
        "就",
        "都",
        "而",
        "之",
        "其",
        "或",
        "等",
        "对",
        "把",
        "被",
        "从",
        "向",
        "为",
        "于",
        "着",
        "这",
        "那",
        "个",
    ]
)
_WORD_RE = re.compile(r"\w", re.UNICODE)


def is_indexable(word: str) -> bool:
    return bool(_WORD_RE.search(word)) and word not in STOP_WORDS


def _place_synonyms(word: str) -> set[str]:
    """A district name also stands for its canonical and short names: 渝中区委 is about 渝中区,
    開縣 is today's 开州区."""
    canonical = name_table().get(word)
    return {canonical, DISTRICT_BY_NAME[canonical].short} - {word} if canonical else set()


def _with_place_synonyms(spans):
    for word, start, end in spans:
        yield word, start, end
        for synonym in _place_synonyms(word):
            yield synonym, start, end


def index_spans(folded: str):
    return _with_place_synonyms(tokenize_for_search(folded))


@functools.lru_cache(maxsize=200_000)
def _index_forms(word: str) -> tuple[str, ...]:
    """What one segmented word adds to the index: itself and its place synonyms, lower-cased,
    without stop words and punctuation. Cached: a collection's vocabulary is small and every
    article repeats most of it."""
    return tuple(form.lower() for form in [word, *_place_synonyms(word)] if is_indexable(form))


def index_terms(text: str) -> Counter:
    """The indexed words of a text with how often each occurs: the same words index_spans gives."""
    terms = Counter()
    for word, count in Counter(word for word, _, _ in tokenize_for_search(fold(text))).items():
        for form in _index_forms(word):
            terms[form] += count
    return terms


def query_terms(text: str) -> list[str]:
    """The words a reader's query is made of, in order, without repeats."""
    words = [w.lower() for w in cut(fold(text)) if is_indexable(w)]
    return list(dict.fromkeys(words))


class ChineseTokenizer(Tokenizer):
    """A Whoosh tokenizer over jieba. Whoosh pickles it into the index schema, so it holds no state."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __call__(
        self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
        start_pos=0, start_char=0, tokenize=True, mode="", **kwargs,
    ):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold(value).lower()
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        folded = fold(value)
        if mode == "query":
            spans = []
            offset = 0
            for word in cut(folded):
                at = folded.find(word, offset)
                spans.append((word, at, at + len(word)))
                offset = at + len(word)
        else:
            spans = index_spans(folded)
        for pos, (word, start, end) in enumerate(spans):
            if not is_indexable(word):
                continue
            token.text = word.lower()
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def ChineseAnalyzer():  # Whoosh analyzers are factories with class-like names
    return ChineseTokenizer()
