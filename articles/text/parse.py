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
    # The source is the page's paper (its banner), not one the article names: no evidence of what it is about.
    source_from_page: bool = False

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
        paragraphs[-1], trailing_byline = _trailing_byline(paragraphs[-1])
        if trailing_byline:
            bylines.append(trailing_byline)
        if not bylines and (signed := _signed_off(paragraphs[-1])):
            bylines.append(signed)
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
    own_source = _source(seg, paragraphs, bylines)
    return ParsedArticle(
        title=title,
        kicker=headline.kicker,
        subtitle=headline.subtitle,
        body=[blocks.mark(role, p) for p, role in zip(paragraphs, roles, strict=True) if p],
        byline=" ".join(dict.fromkeys(bylines)),
        source=own_source or page_source,
        source_from_page=not own_source,
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


def _trailing_byline(paragraph: str) -> tuple[str, str]:
    """The paragraph as it stays in the body, and the byline in brackets it ends with.

    A brief's credit (…联防联控机制。（记者 刘海））: printed as the text's last words, it stays there, as a
    lead's 本报讯（记者 周尤） stays at the start. A picture-and-text credit ((李傳芳 何超/圖文)) is the
    page's furniture, as a photographer's credit is, and leaves the body."""
    match = _TRAILING_BYLINE_RE.search(paragraph)
    if not match or not clean.parse_byline(match.group(1)):
        return paragraph, ""
    if _SLASH_CREDIT_RE.search(match.group(1)):
        return paragraph[: match.start()].rstrip(), match.group(1).strip()
    return paragraph, match.group(1).strip()


_SLASH_CREDIT_RE = re.compile(r"[/／]")
# A video transcript signs off with its reporter, where from: 【解说】中新网记者 何蓉 梁平报道.
_SIGN_OFF_RE = re.compile(
    r"^[【\[](?:解说|解說)[】\]]\s*(?P<byline>.{2,30}?)\s*(?:(?P<place>\S{2,4})\s*)?(?:报道|報道)$"
)


def _signed_off(paragraph: str) -> str:
    """The byline a transcript's last line gives (it stays there: it is what the video says)."""
    match = _SIGN_OFF_RE.match(paragraph.strip())
    if not match:
        return ""
    byline = match["byline"]
    if match["place"] and not clean.is_place_label(match["place"]):
        byline = f"{byline} {match['place']}"
    return byline if clean.parse_byline(byline) else ""


def _source(seg: Segment, paragraphs: list[str], bylines: list[str]) -> str:
    """The publisher the article names for itself; the page's paper is the fallback.

    A web page's 来源 field (or the publisher beside its time stamp) comes first; then the outlet of a
    news lead (香港文匯報訊（記者 …）, not 本报讯), of its reporter's byline (开州区融媒体中心 记者 …, 上游新闻记者 …)
    or of a brief's closing credit (…至夜間22時。（巫山縣融媒體中心））."""
    stamped = [h for h in seg.heads if h.kind in (Kind.META, Kind.DATE)]
    for unit in [*seg.meta, *stamped]:
        if found := clean.find_source(unit.text) or _stamped_publisher(unit.text):
            return _outlet(found)
    if paragraphs and (match := _LEAD_OUTLET_RE.match(paragraphs[0])):
        return _outlet(match["outlet"])
    for byline in bylines:
        if match := _REPORTER_OUTLET_RE.match(byline.strip()):
            return _outlet(match["outlet"])
    credit = _TRAILING_BYLINE_RE.search(paragraphs[-1]) if paragraphs else None
    if credit and (match := _CREDIT_OUTLET_RE.match(credit.group(1).strip())):
        return _outlet(match["outlet"])
    for unit in seg.bylines:
        if found := clean.find_source(unit.text):
            return found
    return ""


# An outlet names itself by what it is: a paper (报), a site (网), an agency (社), a news app or a media centre.
_OUTLET_END = r"(?:报|報|網|网|社|新闻|新聞|客户端|客戶端|融媒体中心|融媒體中心|新闻中心|新聞中心|TV)"
# 香港文匯報訊（記者 …）; a wire's or a site's dateline: 新华社重庆4月18日电, 华龙网4月19日21时36分讯.
_LEAD_OUTLET_RE = re.compile(
    rf"^\s*(?P<outlet>(?!本[报報])[^\s（(，,。：:]{{1,14}}?{_OUTLET_END})"
    r"(?:[讯訊]\s*[（(]|[^\s（(，,。：:\d]{0,8}\d{1,2}月\d{1,2}日(?:\d{1,2}时(?:\d{1,2}分)?)?[电電讯訊])"
)
_OUTLET = rf"(?P<outlet>(?!本[报報])[^\s（(，,。：:]{{1,16}}?{_OUTLET_END})"
# The outlet's own reporter (上游新闻记者 唐于斯, 开州区融媒体中心 记者 邓永强) files for it; a contributor's
# line (綦江区融媒体中心 吴长飞) over an article in 重庆日报 is the paper's. A brief's closing credit names
# the outlet that filed it, with or without a name: （石柱县融媒体中心 冉丽）, （巫山县融媒体中心）.
_REPORTER_OUTLET_RE = re.compile(rf"^{_OUTLET}\s*(?:记者|記者)")
_CREDIT_OUTLET_RE = re.compile(rf"^{_OUTLET}(?:\s|$)")
# A time stamp printed beside the publisher's name: 第1眼新闻  2023-09-18 · 合川区融媒体中心 2024-09-09 作者：…
_STAMPED_PUBLISHER_RE = re.compile(
    rf"^(?P<outlet>[^\s\d|｜丨][^\s|｜丨]{{1,15}}?{_OUTLET_END})\s*[|｜丨]?\s*(?:19|20)\d{{2}}\s*(?:年|[-/.])\s*\d{{1,2}}"
)


def _stamped_publisher(line: str) -> str:
    match = _STAMPED_PUBLISHER_RE.match(line.strip())
    return _outlet(match["outlet"]) if match else ""


def _outlet(name: str) -> str:
    """An outlet joined to its parent by a dash is the parent's: 华龙网-新重庆客户端 is 华龙网's app,
    新重庆-重庆晨报 is 重庆晨报."""
    if "-" in name and (known := clean.find_source(name)):
        return known
    return name


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
    """The paper whose page this is: named by its banner over the page (渝中报 2025年6月18日 星期三), else in
    the page's furniture (重庆晨报，你的新闻早餐 · 主办 … 重庆日报)."""
    for i, unit in enumerate(page_units[:_BANNER_UNITS]):
        if unit.kind is Kind.BODY:
            break
        # A short headline may end as a paper's name does (教育捷报): a headline has its text or a deck under it.
        after = page_units[i + 1] if i + 1 < len(page_units) else None
        headline = (
            unit.kind is Kind.HEAD
            and after is not None
            and (after.kind in (Kind.BODY, Kind.BYLINE, Kind.CAPTION) or (after.kind is Kind.HEAD and not after.gap))
        )
        if unit.kind is not Kind.BYLINE and not headline and (match := _BANNER_RE.match(unit.text)):
            return match["outlet"]
    names = Counter(
        found
        for unit in page_units
        if unit.kind in (Kind.FURNITURE, Kind.CREDIT, Kind.HEAD, Kind.META, Kind.DATE)
        or (unit.kind is Kind.BODY and len(unit.text) <= 30)
        if (found := clean.find_source(unit.text))
    )
    return names.most_common(1)[0][0] if names else ""


# An e-paper's banner comes first, under the page number at most: the paper's name (its edition: 农村版),
# with the issue's date or alone.
_BANNER_UNITS = 3
_BANNER_RE = re.compile(
    rf"^(?P<outlet>[^\s\d|｜丨，,。：:_·][^\s|｜丨，,。：:_·]{{1,13}}?{_OUTLET_END}(?:[^\s\d]{{1,4}}版)?)"
    r"(?:\s+(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?:\s*星期[一二三四五六日天])?)?$"
)


def _page_date(page_units: list[Unit]) -> dt.date | None:
    """The date of the page's banner: a date with its weekday, with the paper's name (furniture) or alone."""
    for unit in page_units:
        if unit.kind in (Kind.FURNITURE, Kind.DATE) and "星期" in unit.text:
            return dates.full_date(unit.text)
    return None
