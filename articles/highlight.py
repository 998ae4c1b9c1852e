"""Snippets with the reader's words marked, built from escaped text: nothing from an article or a
query can reach the page as HTML. A word is marked where the search matched it: as a whole word
of the text or one of its sub-words, in whatever script the text is printed (never 渝中 inside
成渝中线)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search_analysis import sub_words, word_query
from articles.text.chinese import fold
from articles.text.words import tokenize

SNIPPET_LENGTH = 110
LEAD_IN = 24
# Characters of context segmented on each side of a possible match (as the district tagger does).
_CONTEXT = 8
# A snippet may start just after one of these.
CLAUSE_BREAKS = set("。！？!?；;，,、：: “”「」『』（）()《》【】")


def _aligned_fold(text: str) -> str:
    """Folded text with the same length as the original, so offsets carry over."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(fold(ch) if len(fold(ch)) == 1 else ch for ch in text)


def _marked_forms(terms: list[str]) -> frozenset[str]:
    """What counts as a match of the query words in a text: each word, its other names and its pieces,
    the same alternatives the search looked up (articles.search_query)."""
    forms = set()
    for term in terms:
        if term:
            q = word_query(term)
            forms |= {q.word, *q.names, *q.pieces}
    return frozenset(forms)


def _is_word_at(folded: str, start: int, end: int) -> bool:
    """True when folded[start:end] is a word of the text, or a sub-word of one, as the index cut it:
    渝中 in 渝中区委 is, 渝中 in 成渝中线 is not. Only a window around it is segmented, as the district
    tagger does: the same decision as cutting the whole text, at a fraction of the cost."""
    low = max(0, start - _CONTEXT)
    for word, begin, finish in tokenize(folded[low : end + _CONTEXT]):
        begin, finish = begin + low, finish + low
        if (begin, finish) == (start, end):
            return True
        if begin <= start and end <= finish:
            return any((begin + b, begin + e) == (start, end) for _, b, e in sub_words(word))
    return False


def find_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = _aligned_fold(text)
    haystack = folded.lower()
    spans = []
    for form in _marked_forms(terms):
        start = haystack.find(form)
        while start != -1:
            if _is_word_at(folded, start, start + len(form)):
                spans.append((start, start + len(form)))
            start = haystack.find(form, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, terms: list[str]) -> SafeString:
    return _render(text, find_spans(text, terms), 0, len(text))


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of the text around its first matched word, with every matched word marked. The window
    starts at a clause when one starts shortly before the word, else at a word: never inside a name."""
    text = " ".join(text.split())
    spans = find_spans(text, terms)
    start = _word_start(text, spans[0][0]) if spans else 0
    end = min(len(text), start + length)
    html = _render(text, spans, start, end)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")


def _word_start(text: str, match: int) -> int:
    """Where a snippet showing the match at `match` begins: up to LEAD_IN characters before it, just
    after a clause break if there is one in that stretch, otherwise at the first word that starts in it."""
    earliest = max(0, match - LEAD_IN)
    if earliest == 0:
        return 0
    lead = text[earliest:match]
    breaks = [i for i, ch in enumerate(lead) if ch in CLAUSE_BREAKS]
    if breaks:
        return earliest + breaks[-1] + 1
    low = max(0, earliest - _CONTEXT)
    for _, begin, _ in tokenize(_aligned_fold(text[low:match])):
        if begin + low >= earliest:
            return begin + low
    return match


def _render(text: str, spans, start: int, end: int) -> SafeString:
    out, at = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[at:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        at = e
    out.append(escape(text[at:end]))
    return mark_safe("".join(out))
