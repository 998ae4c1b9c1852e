"""Page text in, articles out: the whole text pipeline behind the importer."""

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from articles.text import clean
from articles.text.chinese import fold
from articles.text.headline import arrange, derive_title, merge_wrapped
from articles.text.layout import Kind, Unit, units
from articles.text.segment import Segment, segment

_TRAILING_BYLINE_RE = re.compile(r"[（(]([^（）()]{2,40})[）)]\s*$")


@dataclass
class ParsedArticle:
    title: str
    body: list[str]
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    source: str = ""
    published: dt.date | None = None
    start: int = 0
    end: int = 0
    title_derived: bool = False

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body)

    @property
    def fingerprint(self) -> str:
        """Stable across re-imports and edits elsewhere on the page: hash of the folded body prose."""
        prose = re.sub(r"\s+", "", fold(self.body_text))
        return hashlib.sha256(prose.encode()).hexdigest()[:32]


def parse_page(text: str) -> list[ParsedArticle]:
    page_units = units(text)
    page_source = _page_source(page_units)
    page_date = _page_date(page_units)
    return [_article(seg, page_source, page_date) for seg in segment(page_units)]


def _article(seg: Segment, page_source: str, page_date: dt.date | None) -> ParsedArticle:
    last_body = seg.last
    leading = [h for h in seg.heads if h.index < seg.first and h.kind is Kind.HEAD]
    trailing = [h for h in seg.heads if h.index > last_body and h.kind is Kind.HEAD]
    group, body_heads = (trailing, leading) if trailing else (leading, [])
    headline = arrange(merge_wrapped(sorted(group, key=lambda u: u.index)), seg.text)

    paragraphs = [u.text for u in sorted([*body_heads, *seg.paragraphs], key=lambda u: u.index)]
    bylines = [u.byline.text for u in seg.bylines if u.byline]
    if paragraphs:
        lead = clean.lead_byline(paragraphs[0])
        if lead:
            bylines.insert(0, lead)
        paragraphs[-1], trailing_byline = _split_trailing_byline(paragraphs[-1])
        if trailing_byline:
            bylines.append(trailing_byline)
    if not bylines:
        # A photo story's photographer is its author.
        short = len("".join(paragraphs)) < 400
        bylines = [c.text for c in seg.credits if short and _is_photographer(c.text)]

    title = headline.title
    derived = not title
    if derived:
        title = derive_title(paragraphs[0])
    all_units = seg.units()
    return ParsedArticle(
        title=title,
        kicker=headline.kicker,
        subtitle=headline.subtitle,
        body=[p for p in paragraphs if p],
        byline=" ".join(dict.fromkeys(bylines)),
        source=_source(seg) or page_source,
        published=_date(seg, page_date),
        start=all_units[0].start,
        end=all_units[-1].end,
        title_derived=derived,
    )


def _is_photographer(credit: str) -> bool:
    return len(credit) <= 30 and "。" not in credit and bool(re.search(r"摄影|摄", fold(credit)))


def _split_trailing_byline(paragraph: str) -> tuple[str, str]:
    match = _TRAILING_BYLINE_RE.search(paragraph)
    if match and clean.parse_byline(match.group(1)):
        return paragraph[: match.start()].rstrip(), match.group(1).strip()
    return paragraph, ""


def _source(seg: Segment) -> str:
    for unit in [*seg.meta, *seg.bylines]:
        found = clean.find_source(unit.text)
        if found:
            return found
    return ""


def _date(seg: Segment, page_date: dt.date | None) -> dt.date | None:
    for unit in [*seg.meta, *(h for h in seg.heads if h.kind is Kind.DATE)]:
        found = clean.find_date(unit.text)
        if found:
            return found
    first = seg.paragraphs[0].text if seg.paragraphs else ""
    # A dateline with a year at the very start of the lead: 本报讯 2023年5月6日，…
    lead = re.sub(r"^\s*(?:本报讯|本报[^\s，,]{0,6}电)?\s*(?:[（(][^）)]{0,40}[）)])?\s*", "", first)
    match = clean.find_date(lead[:14])
    return match or page_date


def _page_source(page_units: list[Unit]) -> str:
    """The paper named in the page's furniture or bylines (重庆晨报，你的新闻早餐 · 新重庆-重庆晨报记者)."""
    names = Counter(
        found
        for unit in page_units
        if unit.kind in (Kind.FURNITURE, Kind.BYLINE, Kind.CREDIT, Kind.HEAD, Kind.META)
        or (unit.kind is Kind.BODY and len(unit.text) <= 30)
        if (found := clean.find_source(unit.text))
    )
    return names.most_common(1)[0][0] if names else ""


def _page_date(page_units: list[Unit]) -> dt.date | None:
    for unit in page_units:
        if unit.kind is Kind.FURNITURE and "星期" in unit.text:
            return clean.find_date(unit.text)
    return None
