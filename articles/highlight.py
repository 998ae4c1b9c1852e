"""Snippets with the reader's words marked, built from escaped text: nothing from an article or a
query can reach the page as HTML."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.text.chinese import fold

SNIPPET_LENGTH = 110
LEAD_IN = 24


def _aligned_fold(text: str) -> str:
    """Folded text with the same length as the original, so offsets carry over."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(fold(ch) if len(fold(ch)) == 1 else ch for ch in text)


def find_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    haystack = _aligned_fold(text).lower()
    spans = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        start = haystack.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = haystack.find(term, start + len(term))
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
    """A window of the text around its first matched word, with every matched word marked."""
    text = " ".join(text.split())
    spans = find_spans(text, terms)
    start = max(0, spans[0][0] - LEAD_IN) if spans else 0
    end = min(len(text), start + length)
    html = _render(text, spans, start, end)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")


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
