"""From page text to units: lines with their offsets, classified, and column wraps re-flowed.

A unit is one paragraph of prose (BODY), one short line that may be a headline or sub-head
(HEAD), or one line of something else (a byline, a credit, furniture …).
"""

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from articles.text import clean
from articles.text.chinese import HAN, ends_mid_phrase, ends_sentence, fold, normalise_space, width


class Kind(StrEnum):
    TEXT = "text"  # prose or heading, decided after re-flowing
    BODY = "body"
    HEAD = "head"
    DATE = "date"
    BYLINE = "byline"
    CAPTION = "caption"  # a photo caption (图片说明): kept in the body, marked as a caption
    CREDIT = "credit"
    IMAGE = "image"
    META = "meta"
    FURNITURE = "furniture"
    CONTINUED = "continued"
    LABEL = "label"


@dataclass
class Line:
    text: str
    start: int
    end: int
    gap: int  # blank lines before this one
    kind: Kind = Kind.TEXT
    indent: int = 0  # leading spaces as printed: a headline's second line is set in


@dataclass
class Unit:
    kind: Kind
    lines: list[Line]
    text: str
    index: int = 0
    gap_after: int = 0
    byline: clean.Byline | None = None

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def gap(self) -> int:
        return self.lines[0].gap


# A heading is short; a kicker (引题) may run longer.
HEAD_MAX_WIDTH = 50
# Prose on a page without a fixed column is at least this wide, or ends a sentence.
WIDE_LINE = 25
# A paragraph's first line is set in by two characters (　　); a single space is a wrap at a space.
PARAGRAPH_INDENT = 2
# A column jump leaves at most one blank line (every jump in the seeds does); two set a headline apart
# (on the dev pages and seeds, the three joins across two blank lines were all headlines glued to text).
COLUMN_JUMP = 1
# Quotes and punctuation hanging at a line's end widen prose lines past the column: by at most two cells at
# a column jump in the seeds and the dev pages; a headline over several columns is wider still.
OVER_COLUMN = 2


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    gap = 0
    offset = 0
    for raw in text.split("\n"):
        stripped = normalise_space(raw)
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = offset + lead
            lines.append(Line(stripped, start, start + len(raw.strip()), gap, indent=lead))
            gap = 0
        else:
            gap += 1
        offset += len(raw) + 1
    return lines


# A video transcript's tags: 【解说】 narration, 【同期】 sound on tape. A speaker line such as
# 【同期】（重庆市民 钟女士） names who speaks next: it is the transcript's text, never a heading.
_TRANSCRIPT_RE = re.compile(r"^[【\[](?:解说|同期|现场|画外音|旁白|字幕|主持人|出镜|记者|采访)[】\]]")


def is_transcript(text: str) -> bool:
    return bool(_TRANSCRIPT_RE.match(fold(text)))


def _split_caption_credits(lines: list[Line]) -> list[Line]:
    """A caption ending in its photographer's credit becomes two lines: the caption, kept, and the
    credit, which is furniture but names the photographer (a photo story's author)."""
    result: list[Line] = []
    for line in lines:
        found = None if is_transcript(line.text) else clean.split_caption_credit(line.text)
        if found is None:
            result.append(line)
            continue
        caption, credit = found
        cut = min(line.start + len(caption), line.end)
        result.append(Line(caption, line.start, cut, line.gap, Kind.CAPTION))
        result.append(Line(credit, cut, line.end, 0, Kind.CREDIT))
    return result


def classify_line(line: Line) -> Kind:
    text = line.text
    if clean.is_image_name(text):
        return Kind.IMAGE
    if is_transcript(text):
        return Kind.TEXT
    if clean.is_continuation_mark(text):
        return Kind.CONTINUED
    if clean.is_meta(text):
        return Kind.META
    if clean.is_bare_date(text):
        return Kind.DATE
    if clean.starts_news_lead(text):
        # 本报讯（记者 周华 通讯 …: a news lead's first line opens prose, though it names a reporter.
        return Kind.TEXT
    if clean.parse_byline(text):
        return Kind.BYLINE
    if clean.is_photo_credit(text):
        return Kind.CREDIT
    if clean.is_furniture(text):
        return Kind.FURNITURE
    if clean.is_place_label(text):
        return Kind.LABEL
    return Kind.TEXT


def column_width(lines: list[Line]) -> float | None:
    """The width of a narrow newspaper column, when most prose lines share one; else None."""
    widths = [width(line.text) for line in lines if line.kind is Kind.TEXT and width(line.text) >= 8]
    if len(widths) < 12:
        return None
    counts = Counter(round(w) for w in widths)
    best = max(range(8, 31), key=lambda w: sum(counts[x] for x in (w - 1, w, w + 1)))
    share = sum(counts[x] for x in (best - 1, best, best + 1)) / len(widths)
    return float(best) if share >= 0.35 else None


_SPACED_HAN_RE = re.compile(f"[{HAN}] +[{HAN}]")
_COMMA_RE = re.compile(r"[，,、；]")
_PROSE_MARK_RE = re.compile(r"[，,、；。？！?!]")


def spaced_phrases(text: str) -> bool:
    """Two phrases set apart by a space, outside any quotation: a headline's shape."""
    if width(text) > 24 or text.count("“") != text.count("”") or _COMMA_RE.search(text) or re.search(r"[（）()]", text):
        return False
    return bool(_SPACED_HAN_RE.search(text))


def continues(prev: Line, nxt: Line, column: float | None, prev_alone: bool, bracket_open: bool = False) -> bool:
    """Whether `nxt` carries on the paragraph that `prev` ends (a column wrap, perhaps across a blank).

    `bracket_open`: the paragraph so far leaves a bracket open (…（开州区 / 融媒体中心 记者 邓永 / 强）)."""
    if prev.kind is not Kind.TEXT or nxt.kind not in (Kind.TEXT, Kind.BYLINE) or nxt.gap > COLUMN_JUMP:
        return False
    if _ends_with_credit(prev, nxt, column):
        return True
    if _closing_credit(prev.text):  # the credit is a brief's last words
        return False
    if nxt.kind is not Kind.TEXT:
        return False
    if nxt.gap == 0 and (bracket_open or _closes_bracket(prev.text, nxt.text)) and not nxt.text.startswith("（"):
        # A bracket left open goes on to the next line, whatever it looks like (a byline broken by the wrap).
        return True
    if nxt.gap == 0 and _CLOSING_NOTE_RE.match(nxt.text) and (ends_sentence(prev.text) or not prev_alone):
        # …延长营业时间。/ （巫山县融媒体中心）: a bracketed note under a paragraph's last line closes it.
        return True
    # Each tagged line of a transcript is a paragraph of its own.
    if is_transcript(nxt.text) or _SPEAKER_RE.match(fold(prev.text)):
        return False
    if ends_sentence(prev.text) or clean.starts_news_lead(nxt.text):
        return False
    if nxt.indent >= prev.indent + PARAGRAPH_INDENT:
        # A line set in deeper than the one above opens a paragraph: it never carries on the line above,
        # which is a headline when it stands alone (专访… over 　　石柱县西沱镇…).
        return False
    if prev_alone and clean.starts_news_lead(prev.text):
        # A news lead (本报讯（记者 …）…) opens a paragraph: it is never a headline or sub-head on its own.
        return True
    # Headlines set two phrases apart with a space (走村不漏户 户户见干部); prose never does.
    if spaced_phrases(prev.text) or spaced_phrases(nxt.text):
        return False
    if nxt.gap and prev_alone and _COLUMN_NAME_RE.match(prev.text.strip()):
        # 对话丨守湖十二年，他把…: a column's name before a bar opens a headline, never a paragraph.
        return False
    # A lone line before a blank is a sub-head, unless it breaks off mid-phrase or holds prose punctuation.
    # A news lead (本报讯（记者 …）一条鱼能“游”) is prose from its first line.
    if (
        nxt.gap
        and prev_alone
        and not ends_mid_phrase(prev.text)
        and not _PROSE_MARK_RE.search(prev.text)
        and not clean.starts_news_lead(prev.text)
    ):
        return False
    wp, wn = width(prev.text), width(nxt.text)
    if column is not None:
        # The first line of a paragraph is indented by about two characters.
        edge = column - (4.5 if prev_alone else 2.5)
        if prev_alone and nxt.gap and wp > column + OVER_COLUMN:
            # A lone line wider than the column cannot be a column's last line: a headline over several
            # columns, set off from the text under it by a blank (今年高校毕业生就业怎么帮？市人力社保局…).
            return False
        if wp >= edge:
            return ends_sentence(nxt.text) or min(column, wp) - 2 <= wn <= max(column, wp) + 5
    if ends_mid_phrase(prev.text) or wp >= WIDE_LINE or _COMMA_RE.search(prev.text):
        # A next line that fills the column is prose too (a first line with digits, 1925年10月11日，…
        # is narrower than the column: ASCII digits take half a cell).
        filled = column is not None and wn >= column - 1
        return ends_sentence(nxt.text) or wn >= WIDE_LINE or ends_mid_phrase(nxt.text) or filled
    return False


_COLUMN_NAME_RE = re.compile(r"^[^丨｜|，。]{1,8}[丨｜]")


def leaves_bracket_open(text: str) -> bool:
    """The last bracket the text opens (full- or half-width) is not closed after it."""
    return max(text.rfind("（"), text.rfind("(")) > max(text.rfind("）"), text.rfind(")"))


# A short note wholly in brackets: a reporter or a media centre (（巫山县融媒体中心）), never a headline.
_CLOSING_NOTE_RE = re.compile(r"^（[^（）]{2,20}）$")


def _closes_bracket(prev: str, nxt: str) -> bool:
    opened = prev.rfind("（")
    if opened < 0 or "）" in prev[opened:]:
        return False
    closing = nxt.find("）")
    return closing >= 0 and "（" not in nxt[:closing]


_GOES_ON_IN_BRACKET_RE = re.compile(r"^[^（(]{1,40}$")
_CLOSES_UNOPENED_RE = re.compile(r"^[^（(）)]{1,40}[）)]")
_CREDIT_LINE_RE = re.compile(r"^[（(]([^（）()]{2,40})[）)]$")
_CLOSING_CREDIT_RE = re.compile(r"(?:^|[。！？!?”])[（(]([^（）()]{2,40})[）)]$")


def _ends_with_credit(prev: Line, nxt: Line, column: float | None) -> bool:
    """A brief's closing credit, as printed: wrapped off its last line (…联防联控机制。（记者 / 刘海）) the
    bracket left open goes on, whatever the line holds; in a newspaper column, set whole right under it
    (…医疗保障。 / （彭水县融媒体中心 记者 向勇）), it is still the paragraph's last words. Set apart by
    a blank line, it is the byline alone."""
    if leaves_bracket_open(prev.text):
        return bool(_GOES_ON_IN_BRACKET_RE.match(nxt.text))
    if _CLOSES_UNOPENED_RE.match(nxt.text):  # 鄧永 / 強）: the bracket was opened lines above
        return True
    credit = _CREDIT_LINE_RE.match(nxt.text)
    return (
        credit is not None
        and column is not None
        and nxt.gap == 0
        and ends_sentence(prev.text)
        and _is_credit(credit.group(1))
    )


def _closing_credit(text: str) -> bool:
    credit = _CLOSING_CREDIT_RE.search(text)
    return credit is not None and _is_credit(credit.group(1))


def _is_credit(text: str) -> bool:
    return clean.parse_byline(text) is not None or clean.is_publisher(text)


_SPEAKER_RE = re.compile(r"^[【\[](?:同期|采访)[】\]]\s*[（(][^）)]{1,40}[）)]$")


def _join(a: str, b: str) -> str:
    # Latin words and numbers keep a space across a wrap; Chinese never does.
    if re.search(r"[A-Za-z0-9]$", a) and re.match(r"^[A-Za-z0-9]", b):
        return f"{a} {b}"
    return a + b


def looks_like_heading(text: str) -> bool:
    if width(text) > HEAD_MAX_WIDTH or "。" in text:
        return False
    if ends_sentence(text):
        # A short question or exclamation can head a section: 空间从哪里来？
        return width(text) <= 16 and "，" not in text and text.rstrip()[-1:] in "？！?!"
    return True


def _split_stacked_heading(unit: Unit) -> list[Unit]:
    """Short wrapped lines that never end a sentence were a headline's lines, not a paragraph."""
    if unit.kind is not Kind.TEXT or len(unit.lines) < 2 or clean.starts_news_lead(unit.text):
        return [unit]
    if ends_sentence(unit.text) or width(unit.text) > 2 * HEAD_MAX_WIDTH / 3 + 6 or "。" in unit.text:
        return [unit]
    return [Unit(Kind.TEXT, [line], line.text) for line in unit.lines]


def _beside_a_photo(result: list[Unit], i: int) -> bool:
    """Printed under a picture (after an image name or placeholder) or over its credit: a caption."""
    unit = result[i]
    if width(unit.text) > clean.CAPTION_MAX_WIDTH:
        return False
    after_image = i > 0 and result[i - 1].kind is Kind.IMAGE
    over_credit = i + 1 < len(result) and result[i + 1].kind is Kind.CREDIT and result[i + 1].gap <= 1
    return after_image or over_credit


def _inside_prose(prev: Line, line: Line) -> bool:
    """A line wrapped from prose that breaks off mid-sentence, with prose punctuation of its own, is prose,
    whatever words it holds (…自己定价，好果子… is no price list, …扫码取走了… no QR-code notice)."""
    return (
        line.gap == 0
        and prev.kind is Kind.TEXT
        and not ends_sentence(prev.text)
        and bool(_PROSE_MARK_RE.search(prev.text))
        and bool(_PROSE_MARK_RE.search(line.text))
    )


def _mid_sentence(prev: Line, line: Line, nxt: Line | None) -> bool:
    """A line wrapped from prose with no mark of its own (…停下，居民 / 扫码取走了刚下单的蔬菜和日用 / 品。目前…)
    is prose too when the sentence it carries on goes on, unbroken, on the line under it."""
    return (
        nxt is not None
        and line.gap == 0
        and prev.kind is Kind.TEXT
        and not ends_sentence(prev.text)
        and bool(_PROSE_MARK_RE.search(prev.text))
        and nxt.gap == 0
        and nxt.kind is Kind.TEXT
        and not ends_sentence(line.text)
    )


def units(text: str) -> list[Unit]:
    lines = _split_caption_credits(split_lines(text))
    for line in lines:
        if line.kind is Kind.TEXT:
            line.kind = classify_line(line)
    for i, (prev, line) in enumerate(itertools.pairwise(lines)):
        nxt = lines[i + 2] if i + 2 < len(lines) else None
        if line.kind is Kind.FURNITURE and (_inside_prose(prev, line) or _mid_sentence(prev, line, nxt)):
            line.kind = Kind.TEXT
        elif line.kind is Kind.BYLINE and line.gap == 0 and prev.kind is Kind.TEXT and leaves_bracket_open(prev.text):
            # …举办年俗活动。（开州区 / 融媒体中心 记者 邓永 / 强）: the byline line is inside the paragraph's bracket.
            line.kind = Kind.TEXT
    column = column_width(lines)
    result: list[Unit] = []
    for line in lines:
        last = result[-1] if result else None
        if (
            last is not None
            and last.kind is Kind.TEXT
            and continues(last.lines[-1], line, column, len(last.lines) == 1, leaves_bracket_open(last.text))
        ):
            line.kind = Kind.TEXT  # a credit's wrapped part (融媒體中心 記者 鄧永) is the paragraph's now
            last.lines.append(line)
            last.text = _join(last.text, line.text)
            continue
        unit = Unit(line.kind, [line], line.text)
        if line.kind is Kind.BYLINE:
            unit.byline = clean.parse_byline(line.text)
        result.append(unit)
    result = [piece for unit in result for piece in _split_stacked_heading(unit)]
    for i, unit in enumerate(result):
        unit.index = i
        unit.gap_after = result[i + 1].gap if i + 1 < len(result) else 99
        if unit.kind is Kind.TEXT:
            single = len(unit.lines) == 1
            if is_transcript(unit.text) or clean.starts_news_lead(unit.text):
                unit.kind = Kind.BODY
            elif clean.is_caption(unit.text) or _beside_a_photo(result, i):
                unit.kind = Kind.CAPTION
            else:
                unit.kind = Kind.HEAD if single and looks_like_heading(unit.text) else Kind.BODY
    return result
