"""The one analyser for Chinese search, used when indexing and when querying.

Traditional folds to Simplified, Latin letters to lower case; jieba cuts the text with the
Chongqing dictionary, in precise mode for the text and for a query alike, so a query word matches
a whole word of the text (渝中 is not in 成渝中线), as the district tagger decides. A district name
also indexes its canonical and short names (渝中区委 → 渝中, 渝中区). Apart from the whole words,
the index keeps the sub-words of each long word (sub_words: 江北国际机场 → 江北, 国际, 机场) in a
field of their own, so a query word found only inside a longer word still finds the text, ranked
below a whole-word match.
"""

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from articles.text.chinese import HAN, HAN_RE, fold
from articles.text.gazetteer import DISTRICT_BY_NAME, PLACE_ALIASES, TRAPS, name_table
from articles.text.words import cut, tokenizer
from articles.text.words import tokenize as tokenize_words

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


# Words that carry no subject of their own: a query's fallback (articles with most of its words)
# leaves them out, so that 不 or 什么 alone no longer matches half the collection.
_FUNCTION_WORDS_FILE = Path(__file__).parent / "text" / "function_words.txt"
FUNCTION_WORDS = STOP_WORDS | frozenset(
    word
    for line in _FUNCTION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)

# jieba's dictionary total: a word's probability is its frequency over this (sub_words).
_LOG_TOTAL = math.log(60_101_967)
_HAN_WORD = re.compile(f"[{HAN}]{{3,}}")


def _place_synonyms(word: str) -> set[str]:
    """A district name also stands for its canonical and short names: 渝中区委 is about 渝中区,
    開縣 is today's 开州区."""
    canonical = name_table().get(word)
    return {canonical, DISTRICT_BY_NAME[canonical].short} - {word} if canonical else set()


@functools.lru_cache(maxsize=200_000)
def sub_words(word: str) -> tuple[tuple[str, int, int], ...]:
    """The words a long word is made of: jieba's own choice (the likeliest cut by its dictionary
    frequencies) with the long word itself left out. 江北国际机场 → 江北, 国际, 机场; 成渝中线 →
    成渝, 中线, so 渝中, which straddles the two, is not in it. A trap word (a long word holding a
    district name that does not mean the district) gives no place name. Single characters are
    left out: they narrow nothing. The pieces of a piece follow it."""
    if not _HAN_WORD.fullmatch(word):
        return ()
    segmenter = tokenizer()
    n = len(word)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(end):
            piece = word[start:end]
            if (start, end) == (0, n) or (end - start > 1 and not segmenter.has_word(piece)):
                continue
            freq = segmenter.suggest_freq(piece) - 1 if segmenter.has_word(piece) else 1
            score = best[start] + math.log(max(freq, 1)) - _LOG_TOTAL
            if score > best[end]:
                best[end], back[end] = score, start
    pieces, end = [], n
    while end:
        pieces.append((word[back[end] : end], back[end], end))
        end = back[end]
    trap = word in TRAPS
    found = []
    for piece, start, end in reversed(pieces):
        if len(piece) > 1 and is_indexable(piece) and not (trap and piece in name_table()):
            found.append((piece, start, end))
            # A piece that is itself a long word gives its own parts: 重庆江北国际机场 → 江北国际机场 → 江北 …
            found.extend((inner, start + b, start + e) for inner, b, e in sub_words(piece))
    return tuple(found)


def other_names(word: str) -> set[str]:
    """Every other name of the place a word names: a district's full, short and former names,
    a landmark's other names (江北机场, 江北国际机场). Used for a query word and for marking."""
    canonical = name_table().get(word)
    if canonical:
        district = DISTRICT_BY_NAME[canonical]
        return {district.name, district.short, *district.former} - {word}
    for group in PLACE_ALIASES:
        if word in group:
            return set(group) - {word}
    return set()


def whole_spans(folded: str):
    """(word, start, end) of the text's words in jieba's precise mode, each district name followed
    by its canonical and short names at the same place."""
    for word, start, end in _tokens(folded):
        yield word, start, end
        for synonym in _place_synonyms(word):
            yield synonym, start, end


def part_spans(folded: str):
    """(sub-word, start, end) of the long words of a text (sub_words)."""
    for word, start, _ in _tokens(folded):
        for piece, begin, end in sub_words(word):
            yield piece, start + begin, start + end


@functools.lru_cache(maxsize=8)
def _tokens(folded: str) -> tuple[tuple[str, int, int], ...]:
    """Precise-mode words of a text, cached for the few texts in hand: Whoosh analyses each text
    twice (whole words, then parts), and jieba is most of the cost."""
    return tuple(tokenize_words(folded))


# Kept for callers that index whole words with their synonyms.
index_spans = whole_spans


@functools.lru_cache(maxsize=200_000)
def _index_forms(word: str) -> tuple[str, ...]:
    """What one segmented word adds to the index: itself and its place synonyms, lower-cased,
    without stop words and punctuation. Cached: a collection's vocabulary is small and every
    article repeats most of it."""
    return tuple(form.lower() for form in [word, *_place_synonyms(word)] if is_indexable(form))


def index_terms(text: str) -> Counter:
    """The whole words of a text (and their place synonyms) with how often each occurs."""
    return analyse(text)[0]


def part_terms(text: str) -> Counter:
    """The sub-words of a text's long words with how often each occurs: indexed apart from the
    whole words (the `parts` field), so that a whole-word match ranks above a part match."""
    return analyse(text)[1]


@functools.lru_cache(maxsize=8)
def analyse(text: str) -> tuple[Counter, Counter]:
    """Whole-word and part terms of a text. Cached for the few texts in hand: Whoosh analyses
    the same text once per field."""
    # jieba's words without their offsets (the same cut as _tokens), and each distinct word's terms
    # looked up once: most of an index update's analysis was building tuples and Counter lookups.
    whole: dict[str, int] = {}
    parts: dict[str, int] = {}
    for word, count in Counter(tokenizer().cut(fold(text), False)).items():
        forms, pieces = _word_terms(word)
        for form in forms:
            whole[form] = whole.get(form, 0) + count
        for piece in pieces:
            parts[piece] = parts.get(piece, 0) + count
    return Counter(whole), Counter(parts)


@functools.lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A word's whole-word terms (_index_forms) and its parts (sub_words), for analyse."""
    return _index_forms(word), tuple(piece for piece, _, _ in sub_words(word))


# Word characters and the dot of a number only: nothing a query parser would read as syntax.
_QUERY_SAFE = re.compile(r"[\w.]+")


def query_terms(text: str) -> list[str]:
    """The words a reader's query is made of, in order, without repeats."""
    words = [w.lower() for w in cut(fold(text)) if is_indexable(w) and _QUERY_SAFE.fullmatch(w)]
    return list(dict.fromkeys(words))


def fallback_units(text: str) -> list[tuple[str, ...]]:
    """The parts of a query that say what it is about, for the fallback: its words without function
    words, where single characters that stand together in the query (亢谷, a name jieba does not
    know, cut 亢 谷) make one unit. A unit of one character on its own (吃, 雪) is still a unit."""
    units: list[list[str]] = []
    joinable = False
    for word in cut(fold(text)):
        word = word.lower()
        if word in FUNCTION_WORDS or not (is_indexable(word) and _QUERY_SAFE.fullmatch(word)):
            joinable = False
            continue
        single = len(word) == 1 and bool(HAN_RE.fullmatch(word))
        if single and joinable:
            units[-1].append(word)
        else:
            units.append([word])
        joinable = single
    return list(dict.fromkeys(tuple(unit) for unit in units))


def is_single_character(unit: tuple[str, ...]) -> bool:
    return len(unit) == 1 and len(unit[0]) == 1 and bool(HAN_RE.fullmatch(unit[0]))


@dataclass(frozen=True)
class WordQuery:
    """How one query word is looked for: as a whole word or one of its other names (full weight),
    as a part of a longer word (PART_WEIGHT), or, when the text holds the pieces of the word apart
    (江北机场 in a text that says 江北 … 机场), all of them (PIECES_WEIGHT)."""

    word: str
    names: tuple[str, ...]
    pieces: tuple[str, ...]


PART_WEIGHT = 0.5
PIECES_WEIGHT = 0.3


def word_query(word: str) -> WordQuery:
    names = tuple(sorted(name.lower() for name in other_names(word) if _QUERY_SAFE.fullmatch(name)))
    # The top-level pieces only: the pieces of a piece follow it and add nothing to "all of them".
    pieces, covered = [], 0
    for piece, start, end in sub_words(word):
        if start >= covered:
            pieces.append(piece)
            covered = end
    return WordQuery(word, names, tuple(pieces) if len(pieces) > 1 else ())


class ChineseTokenizer(Tokenizer):
    """A Whoosh tokenizer over jieba: the whole words of a text, or (parts=True) the sub-words of
    its long words. Whoosh pickles it into the index schema, so it holds no state but the flag."""

    def __init__(self, parts=False):
        self.parts = parts

    def __eq__(self, other):
        return type(self) is type(other) and self.parts == getattr(other, "parts", False)

    def __hash__(self):
        return hash((type(self), self.parts))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize or (mode == "query" and self.parts):
            # A query on the parts field names one sub-word: it is looked up as it is.
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
            spans = tokenize_words(folded)
        elif self.parts:
            spans = part_spans(folded)
        else:
            spans = whole_spans(folded)
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


def ChineseAnalyzer(parts=False):  # Whoosh analyzers are factories with class-like names
    return ChineseTokenizer(parts)
