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


def _occurrences(text: str, forms) -> list[tuple[int, int]]:
    """Every place a form occurs in the folded text, overlapping ones too, in order: not yet checked
    to be a word there."""
    haystack = text.lower()
    found = []
    for form in forms:
        start = haystack.find(form)
        while start != -1:
            found.append((start, start + len(form)))
            start = haystack.find(form, start + 1)
    found.sort()
    return found


def _merged(spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class Marker:
    """The reader's words marked in one page's titles and snippets: what counts as a match is worked
    out once for the page, and a snippet checks only the matches it shows (and the first one, where
    it starts), never every mention of a common word in a long article."""

    def __init__(self, terms: list[str]):
        self.forms = _marked_forms(terms)

    def spans(self, text: str) -> list[tuple[int, int]]:
        folded = _aligned_fold(text)
        return _merged([span for span in _occurrences(folded, self.forms) if _is_word_at(folded, *span)])

    def mark(self, text: str) -> SafeString:
        return _render(text, self.spans(text), 0, len(text))

    def snippet(self, text: str, length: int = SNIPPET_LENGTH) -> SafeString:
        """A window of the text around its first matched word, with every matched word in it marked. The
        window starts at a clause when one starts shortly before the word, else at a word: never inside a name."""
        text = " ".join(text.split())
        folded = _aligned_fold(text)
        candidates = _occurrences(folded, self.forms)
        checked: dict[tuple[int, int], bool] = {}

        def is_word(span):
            if span not in checked:
                checked[span] = _is_word_at(folded, *span)
            return checked[span]

        first = next((span for span in candidates if is_word(span)), None)
        start = _word_start(text, first[0]) if first else 0
        end = min(len(text), start + length)
        # Matches wholly outside the window would not show: marked or not, the window reads the same.
        shown = _merged([span for span in candidates if span[1] > start and span[0] < end and is_word(span)])
        html = _render(text, shown, start, end)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return mark_safe(f"{prefix}{html}{suffix}")


def mark(text: str, terms: list[str]) -> SafeString:
    return Marker(terms).mark(text)


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    return Marker(terms).snippet(text, length)


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
