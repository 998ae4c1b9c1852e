"""Split a page's units into articles.

The page gives few hard signals: a byline closes an article, a news lead (本报讯) or a
continuation mark (上接1版) opens one. Everything else is decided by content: a short line
between two runs of prose is a sub-head when the prose on both sides is about the same thing,
and an article boundary when it is not. Pieces of one article are then put back together
(continuation.py) and headlines given to the articles (headline_assignment.py).
"""

import itertools
from collections import Counter
from dataclasses import dataclass, field

from articles.text import continuation
from articles.text.chinese import bigrams, ends_sentence, width
from articles.text.clean import LEAD_MARKS, ends_with_byline, starts_news_lead
from articles.text.headline_assignment import assign_headlines
from articles.text.layout import Kind, Unit
from articles.text.tagging import places_named

# Two runs of prose this alike (Jaccard of character bigrams over ~1,200 characters each side)
# belong to one article; naming the same district on both sides lowers the bar.
SAME_ARTICLE = 0.037
SAME_ARTICLE_SAME_PLACE = 0.025
# Blank lines beyond the page's paragraph spacing that set a headline off (a sub-head gets one).
HEADLINE_SPACE = 2
# Share of the window both sides must fill for their similarity alone to decide.
LONG_ENOUGH = 0.5
# Less prose than this is a slogan or a stray caption, not an article.
MIN_BODY = 40
_WINDOW = 1200


@dataclass
class Segment:
    paragraphs: list[Unit] = field(default_factory=list)
    bylines: list[Unit] = field(default_factory=list)
    credits: list[Unit] = field(default_factory=list)
    meta: list[Unit] = field(default_factory=list)
    heads: list[Unit] = field(default_factory=list)
    closed: bool = False
    # Units of a piece printed elsewhere on the page (continuation.py): their index → -1 when read
    # before the piece the headline stands by, 1 when read after it. That piece alone places the headline.
    order: dict[int, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.paragraphs if u.kind is Kind.BODY)

    @property
    def first(self) -> int:
        return min(u.index for u in self.paragraphs if u.index not in self.order)

    @property
    def last(self) -> int:
        return max(u.index for u in self.paragraphs if u.index not in self.order)

    def reading_position(self, unit: Unit) -> tuple[int, int]:
        """Where a unit comes in the article: its piece, then its place on the page."""
        return self.order.get(unit.index, 0), unit.index

    def tail(self, size: int) -> str:
        """The last `size` characters of the text, without joining the whole of a long article."""
        pieces, length = [], 0
        for unit in reversed(self.paragraphs):
            if unit.kind is Kind.BODY:
                pieces.append(unit.text)
                length += len(unit.text)
                if length >= size:
                    break
        return "".join(reversed(pieces))[-size:]

    def units(self) -> list[Unit]:
        return sorted([*self.paragraphs, *self.bylines, *self.credits, *self.meta, *self.heads], key=lambda u: u.index)


def similarity(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def same_article(before: str, after: str) -> bool:
    shared_place = bool(places_named(before) & places_named(after))
    return similarity(before, after) >= (SAME_ARTICLE_SAME_PLACE if shared_place else SAME_ARTICLE)


def _lookahead(units: list[Unit], start: int) -> str:
    text = ""
    for unit in units[start:]:
        if unit.kind is Kind.BODY:
            if text and _opens(unit):
                break
            text += unit.text
        elif unit.kind in (Kind.BYLINE, Kind.FURNITURE, Kind.CONTINUED, Kind.META):
            break
        if len(text) >= _WINDOW:
            break
    return text[:_WINDOW]


def paragraph_gap(units: list[Unit]) -> int:
    """The blank lines a page usually leaves between two paragraphs of prose (0 or 1, seldom more)."""
    # Measured between two paragraphs: on a page of briefs every paragraph follows a headline. A paragraph
    # whose last line fills the column and ends a sentence, with the next line straight under it, may be one
    # paragraph the page wrapped there (nothing tells them apart on a page that sets no indent): not counted,
    # else a page of short sections, with few pairs of paragraphs, reads its wraps as its spacing. Nor is
    # the space after a brief's closing credit (…（通讯员 李晓）): the next prose is another article.
    gaps = Counter(
        u.gap
        for prev, u in itertools.pairwise(units)
        if u.kind is Kind.BODY
        and prev.kind is Kind.BODY
        and not (u.gap == 0 and _fills_column(prev))
        and not ends_with_byline(prev.text)
    )
    # A tie goes to the narrower spacing: wider gaps between two texts are where articles meet.
    return min(gaps, key=lambda gap: (-gaps[gap], gap)) if gaps else 0


def _fills_column(unit: Unit) -> bool:
    widths = [width(line.text.strip()) for line in unit.lines]
    return len(widths) > 1 and widths[-1] >= max(widths[:-1])


def boundary_features(before: str, after: str, pending: list[Unit], unit: Unit, gap: int) -> list[float]:
    """What a reader weighs at a short line between two runs of prose: sub-head or a new article?

    How alike the prose is on both sides; whether the line reads as a headline of the text after it
    rather than of the text before it; how many short lines stand there (a headline block has a
    kicker or subtitle, a sub-head stands alone); and how much wider than between paragraphs the
    space is before the short lines and after them (pages set articles farther apart than sections).
    """
    heads = [h for h in pending if h.kind is Kind.HEAD] or pending
    stacked = run = 1  # the most lines printed one under another, with no blank between
    for above, below in itertools.pairwise(heads):
        run = run + 1 if below.gap == 0 and below.index == above.index + 1 else 1
        stacked = max(stacked, run)
    shared_place = bool(places_named(before) & places_named(after))
    in_after = max((_share(h.text, after) for h in heads), default=0.0)
    in_before = max((_share(h.text, before) for h in heads), default=0.0)
    return [
        similarity(before, after) * 10,
        float(shared_place),
        in_after - in_before,
        float(min(stacked, 3)),
        float(max(-1, min(3, max(h.gap for h in pending) - gap))),
        float(max(-1, min(3, unit.gap - gap))),
        min(len(before), len(after)) / _WINDOW,
    ]


def _share(line: str, text: str) -> float:
    grams = bigrams(line)
    return len(grams & bigrams(text)) / len(grams) if grams else 0.0


def is_boundary(features: list[float]) -> bool:
    """A new article starts here when the prose on both sides is unalike AND the page sets the short
    lines off as a headline: stacked two or more (kicker, title, subtitle), or with more space around
    them than a sub-head gets (two blank lines more than between paragraphs).

    Why this and not the similarity rule alone, nor a learned model (benchmarks/train_boundary.py: the
    dev split's pages, 226 decisions, 33 of them boundaries): similarity alone decides 104 wrongly,
    because short articles' sections share few words; a logistic regression over these features, five-
    fold cross-validated over pages, 9; this rule 8, with nothing fitted. The regression also merges two
    of the seeds' real articles (pages that set articles no farther apart than sections, where only
    the similarity of long texts tells them apart); this rule keeps every seed whole.
    """
    similarity_, shared_place, _, stacked, space_before, space_after, compared = features
    unalike = similarity_ / 10 < (SAME_ARTICLE_SAME_PLACE if shared_place else SAME_ARTICLE)
    set_off = stacked >= 2 or max(space_before, space_after) >= HEADLINE_SPACE
    return unalike and (set_off or compared >= LONG_ENOUGH)


class _Walker:
    def __init__(self, units: list[Unit], record: list | None = None):
        self.units = units
        self.gap = paragraph_gap(units)
        self.record = record  # (features, unit) at each sub-head-or-boundary decision, for fitting
        self.segments: list[Segment] = []
        self.floating: list[Unit] = []  # headline candidates not yet given to an article
        self.pending: list[Unit] = []  # short lines since the last prose
        self.current: Segment | None = None
        self.force_new = False
        self.lead_bylines: list[Unit] = []
        self.meta: list[Unit] = []
        self.held: list[Unit] = []  # captions and credits printed before the article they belong to

    def run(self) -> tuple[list[Segment], list[Unit]]:
        for position, unit in enumerate(self.units):
            handler = getattr(self, f"on_{unit.kind.value}", None)
            if handler is not None:
                handler(unit, position)
        self.floating.extend(self.pending)
        return self.segments, self.floating

    def on_head(self, unit: Unit, position: int) -> None:
        self.pending.append(unit)

    on_date = on_head

    def on_body(self, unit: Unit, position: int) -> None:
        current = self.current
        new = current is None or current.closed or self.force_new or _opens(unit)
        if not new and self.pending:
            before, after = current.tail(_WINDOW), _lookahead(self.units, position)
            features = boundary_features(before, after, self.pending, unit, self.gap)
            if self.record is not None:
                self.record.append((features, unit, before))
            new = (
                is_boundary(features)
                or self._headline_after_text(features, unit)
                or self._two_headline_groups(before, after)
                or _dated_item(unit, features)
            )
        elif not new and unit.gap - self.gap >= HEADLINE_SPACE:
            # Prose set as far below the prose above as a headline would be, with no short line between:
            # the next article, its headline printed after its text (or none, a dated history item).
            new = not same_article(current.tail(_WINDOW), _lookahead(self.units, position))
        if new:
            self.floating.extend(self.pending)
            self.current = current = Segment()
            self.segments.append(current)
            current.bylines.extend(self.lead_bylines)
            current.meta.extend(self.meta)
            self.lead_bylines, self.meta, self.force_new = [], [], False
        else:
            for head in self.pending:
                if head.kind is Kind.HEAD:
                    # Inside an article a short line is a sub-head, or a photo's caption when set off by wide gaps.
                    if _set_off(head):
                        head.kind = Kind.CAPTION
                    current.paragraphs.append(head)
        self._give_held(current)
        self.pending = []
        # The photo that broke a paragraph off keeps its caption, after the paragraph put back together.
        last = next((u for u in reversed(current.paragraphs) if u.kind is not Kind.CAPTION), None)
        if not new and last is not None and last.kind is Kind.BODY and not ends_sentence(last.text):
            # A paragraph the page broke off (for a photo or a column jump) goes on here.
            last.text += unit.text
            last.lines.extend(unit.lines)
            current.closed = ends_with_byline(last.text)
            return
        current.paragraphs.append(unit)
        if ends_with_byline(unit.text):
            # …接待避暑游客20万人次。（石柱县融媒体中心 冉丽）: the byline closes the article.
            current.closed = True

    def _headline_after_text(self, features: list[float], unit: Unit) -> bool:
        """Short lines that are the headline of the prose above, printed after it: they share more words with
        it than with the prose below, stand no nearer to the prose below than to the prose above, and the
        page leaves a headline's space (two blank lines, more than between paragraphs) before the next text.
        A sub-head is set nearer the section it heads, or with a paragraph's space after it."""
        heads = [h for h in self.pending if h.kind is Kind.HEAD]
        similarity_, shared_place, towards_after = features[:3]
        unalike = similarity_ / 10 < (SAME_ARTICLE_SAME_PLACE if shared_place else SAME_ARTICLE)
        spaced = unit.gap >= HEADLINE_SPACE and unit.gap > self.gap
        return bool(heads) and unalike and towards_after < 0 and spaced and unit.gap >= heads[0].gap

    def _two_headline_groups(self, before: str, after: str) -> bool:
        """Short lines in two groups, the second set a headline's space below the first: the first is the
        headline of the prose above, printed after it (it shares more of that prose's words), the second
        the headline of the prose below. A sub-head is one group."""
        heads = [h for h in self.pending if h.kind is Kind.HEAD]
        cut = next((n for n, h in enumerate(heads) if n and h.gap >= HEADLINE_SPACE and h.gap > self.gap), None)
        if cut is None:
            return False
        first = heads[:cut]
        return max(_share(h.text, before) for h in first) > max(_share(h.text, after) for h in first)

    def on_byline(self, unit: Unit, position: int) -> None:
        # Under a headline or a metadata line, before any prose, a byline leads the article below it.
        opening = self.current is None or self.current.closed or bool(self.meta)
        # 本报记者 … straight after the prose signs it off; with a lead mark (□) it always opens the next.
        marked = unit.text.lstrip()[:1] in LEAD_MARKS
        if opening or (unit.byline.leading and (marked or self.pending)):
            self.lead_bylines.append(unit)
            self.force_new = True
            return
        if self.current is not None and not self.current.closed:
            # Short lines between the prose and its byline are the article's last lines.
            self.current.paragraphs.extend(h for h in self.pending if h.kind is Kind.HEAD)
            self.pending = []
            self.current.bylines.append(unit)
            self.current.closed = True

    def on_caption(self, unit: Unit, position: int) -> None:
        # A caption belongs to the article it is printed in. Before any text (a photo story opens with
        # its pictures), after a closed article, or after headlines not yet placed, it waits for the
        # article whose text comes next.
        current = self.current
        if current is None or current.closed or self.force_new or self.pending or self.held:
            self.held.append(unit)
        else:
            current.paragraphs.append(unit)

    def on_credit(self, unit: Unit, position: int) -> None:
        if self.held or self.current is None:
            self.held.append(unit)  # the credit of a caption still waiting for its article
        else:
            self.current.credits.append(unit)

    def _give_held(self, segment: Segment) -> None:
        for unit in self.held:
            (segment.credits if unit.kind is Kind.CREDIT else segment.paragraphs).append(unit)
        self.held = []

    def on_meta(self, unit: Unit, position: int) -> None:
        self.meta.append(unit)
        self.force_new = True

    def on_continued(self, unit: Unit, position: int) -> None:
        self.force_new = True

    def on_furniture(self, unit: Unit, position: int) -> None:
        if continuation.is_onward_mark(unit.text) and self.current is not None and not self.current.closed:
            # Short lines just before （下转第4版） are the broken-off piece's last sub-head, not a headline.
            self.current.paragraphs.extend(h for h in self.pending if h.kind is Kind.HEAD)
            self.pending = [h for h in self.pending if h.kind is not Kind.HEAD]
        # Lines printed in one block with a sponsor line or an advert belong to it.
        anchor = unit
        while self.pending and anchor.gap == 0 and self.pending[-1].index == anchor.index - 1:
            anchor = self.pending.pop()
        self.force_new = True


def _opens(unit: Unit) -> bool:
    """A news lead (本报讯 …) begins an article whatever stands before it."""
    return unit.kind is Kind.BODY and starts_news_lead(unit.text)


def _dated_item(unit: Unit, features: list[float]) -> bool:
    """A headline group set off as a headline (stacked, or with a headline's space) over prose that opens with
    an event's full date is a history item's headline, however alike its text is to the item above (two
    history items share their words: 重庆, 诞生, 纪念馆); a sub-head is set alone and a section never opens so."""
    stacked, space_before = features[3], features[4]
    return (stacked >= 2 or space_before >= HEADLINE_SPACE) and continuation.opens_dated_item(unit.text)


def _set_off(head: Unit) -> bool:
    """Inside an article, a short line with room for a picture above it (three blank lines, as real
    pages leave; the corpus's sub-heads have at most two) or wide gaps on both sides is a caption."""
    return (head.gap >= 3 and head.gap_after >= 1) or is_caption(head)


def is_caption(head: Unit) -> bool:
    """A short line standing alone between wide gaps is a photo caption, not a headline."""
    return head.gap >= 2 and head.gap_after >= 2


def segment(units: list[Unit], record: list | None = None) -> list[Segment]:
    segments, floating = _Walker(units, record).run()
    segments = continuation.join_signed(units, segments, floating)
    # The rest of an article (after 上接) is kept however short, and takes no headline: its own is
    # printed with the article's first piece, which it joins.
    rests = continuation.rest_pieces(units, segments)
    resting = {id(seg) for seg in rests}
    segments = [s for s in segments if id(s) in resting or len(s.text) >= MIN_BODY]
    assign_headlines(units, [s for s in segments if id(s) not in resting], floating, paragraph_gap(units))
    return continuation.join_unsigned(continuation.join_marked(units, segments, rests))
