"""Page text in, articles out: the whole text pipeline behind the importer."""

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from articles.text import blocks, clean, dates
from articles.text.chinese import fold
from articles.text.headline import arrange, containment, derive_title, merge_wrapped
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
    date_basis: str = ""  # PRINTED, ISSUE, or "" when nothing dates the article
    start: int = 0
    end: int = 0
    title_derived: bool = False

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body)

    @property
    def plain_text(self) -> str:
        """The body without its sub-head and caption marks."""
        return blocks.plain(self.body_text)

    @property
    def fingerprint(self) -> str:
        """Stable across re-imports and edits elsewhere on the page: hash of the folded body prose.

        Without the marks: marking a paragraph as a sub-head or a caption does not make it another article."""
        prose = re.sub(r"\s+", "", fold(self.plain_text))
        return hashlib.sha256(prose.encode()).hexdigest()[:32]


PRINTED = "printed"  # the page prints it (a metadata line, a page header, a dateline)
ISSUE = "issue"  # the import was told the issue's date, and the page prints none for the article


def parse_page(text: str, issue_date: dt.date | None = None) -> list[ParsedArticle]:
    """The page's articles. `issue_date`, when known, reads dates printed without a year (03-05,
    昨日) and dates the articles that print none."""
    page_units = units(text)
    page_source = _page_source(page_units)
    page_date = _page_date(page_units)
    segments = segment(page_units)
    _claim_dates_below(segments, page_units)
    return [_article(seg, page_source, page_date, issue_date) for seg in segments]


# What may stand between an article's last paragraph and a date line printed below it.
_BELOW_BODY = (Kind.BYLINE, Kind.CREDIT, Kind.IMAGE)


def _claim_dates_below(segments: list[Segment], page_units: list[Unit]) -> None:
    """A date line no headline took, printed under an article's last paragraph (or its byline), dates it."""
    claimed = {h.index for seg in segments for h in seg.heads}
    ending = {seg.last: seg for seg in segments}
    for unit in page_units:
        if unit.kind is not Kind.DATE or unit.index in claimed:
            continue
        above = unit.index - 1
        while above >= 0 and page_units[above].kind in _BELOW_BODY:
            above -= 1
        if above in ending:
            ending[above].heads.append(unit)


def _article(seg: Segment, page_source: str, page_date: dt.date | None, issue_date: dt.date | None) -> ParsedArticle:
    last_body = seg.last
    leading = [h for h in seg.heads if h.index < seg.first and h.kind is Kind.HEAD]
    trailing = [h for h in seg.heads if h.index > last_body and h.kind is Kind.HEAD]
    # A web page's related links or an e-paper's next headline may follow the text: the block that
    # better sums up the text is the headline (ties go to the one after, as on pages printed that way).
    if trailing and leading and _headline_fit(leading, seg.text) > _headline_fit(trailing, seg.text):
        group, body_heads = leading, []
    else:
        # Lines an article took over its text, when its headline follows the text, are that headline's kicker.
        group, body_heads = [*leading, *trailing], []
    headline = arrange(merge_wrapped(sorted(group, key=lambda u: u.index), seg.text), seg.text)

    parts = sorted([*body_heads, *seg.paragraphs], key=seg.reading_position)
    roles = _roles(parts)
    paragraphs = [u.text for u in parts]
    bylines = [u.byline.text for u in seg.bylines if u.byline]
    bylines += [found for u in seg.meta if (found := clean.meta_byline(u.text))]
    if paragraphs:
        lead = clean.lead_byline(paragraphs[0])
        if lead:
            bylines.insert(0, lead)
        paragraphs[-1], trailing_byline = _split_trailing_byline(paragraphs[-1])
        if trailing_byline:
            bylines.append(trailing_byline)
    if not bylines:
        # A photo story's photographer is its author (a story told in pictures: little prose besides captions).
        short = len("".join(p for p, role in zip(paragraphs, roles, strict=True) if role != blocks.CAPTION)) < 400
        bylines = [c.text for c in seg.credits if short and _is_photographer(c.text)]

    title = headline.title
    derived = not title
    if derived:
        title = derive_title(paragraphs[0])
    all_units = seg.units()
    published, basis = _date(seg, page_date, issue_date)
    return ParsedArticle(
        title=title,
        kicker=headline.kicker,
        subtitle=headline.subtitle,
        body=[blocks.mark(role, p) for p, role in zip(paragraphs, roles, strict=True) if p],
        byline=" ".join(dict.fromkeys(bylines)),
        source=_source(seg) or page_source,
        published=published,
        date_basis=basis,
        start=all_units[0].start,
        end=all_units[-1].end,
        title_derived=derived,
    )


def _roles(parts: list[Unit]) -> list[str]:
    """What each body unit is: a caption, a sub-head (a short line with prose after it), or prose."""
    roles = []
    for i, unit in enumerate(parts):
        if unit.kind is Kind.CAPTION:
            roles.append(blocks.CAPTION)
        elif unit.kind is Kind.HEAD and any(later.kind is Kind.BODY for later in parts[i + 1 :]):
            roles.append(blocks.SUBHEAD)
        else:
            roles.append(blocks.PARAGRAPH)
    return roles


def _headline_fit(heads: list[Unit], text: str) -> float:
    return max(containment(h.text, text) for h in heads)


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


# A lead that opens with a dateline: 本报讯（记者 …）2023年5月6日，… / 新华社重庆7月4日电 …
_DATELINE_RE = re.compile(
    r"^\s*(?:(?:本报讯|本网讯)\s*(?:[（(][^）)]{0,40}[）)])?\s*(?P<after>[^，,。]{0,16})|(?P<wire>[^\s，,。]{2,20}?电))"
)


def _date(seg: Segment, page_date: dt.date | None, issue_date: dt.date | None) -> tuple[dt.date | None, str]:
    # The lead is the first prose paragraph: a photo story may open with its captions.
    lead = next((u.text for u in seg.paragraphs if u.kind is Kind.BODY), "")
    for unit in seg.meta:
        if found := dates.printed_date(unit.text, issue_date):
            return found, PRINTED
    for head in seg.heads:
        found = dates.printed_date(head.text, issue_date) if head.kind is Kind.DATE else None
        # A 党史 column prints its event's day above a lead that tells it: not a publication date.
        if found and not dates.narrated(found, lead):
            return found, PRINTED
    if page_date:
        return page_date, PRINTED
    # A dateline with a year is printed: it goes before the issue date, which dates what prints none.
    if (match := _DATELINE_RE.match(fold(lead))) and (found := dates.full_date(match["after"] or match["wire"])):
        return found, PRINTED
    if issue_date:
        return issue_date, ISSUE
    return None, ""


def _page_source(page_units: list[Unit]) -> str:
    """The paper named in the page's furniture or bylines (重庆晨报，你的新闻早餐 · 新重庆-重庆晨报记者)."""
    names = Counter(
        found
        for unit in page_units
        if unit.kind in (Kind.FURNITURE, Kind.BYLINE, Kind.CREDIT, Kind.HEAD, Kind.META, Kind.DATE)
        or (unit.kind is Kind.BODY and len(unit.text) <= 30)
        if (found := clean.find_source(unit.text))
    )
    return names.most_common(1)[0][0] if names else ""


def _page_date(page_units: list[Unit]) -> dt.date | None:
    """The date of the page's banner: a date with its weekday, with the paper's name (furniture) or alone."""
    for unit in page_units:
        if unit.kind in (Kind.FURNITURE, Kind.DATE) and "星期" in unit.text:
            return dates.full_date(unit.text)
    return None
