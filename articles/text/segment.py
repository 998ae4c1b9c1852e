"""Split a page's units into articles.

The page gives few hard signals: a byline closes an article, a news lead (本报讯) or a
continuation mark (上接1版) opens one. Everything else is decided by content: a short line
between two runs of prose is a sub-head when the prose on both sides is about the same thing,
and an article boundary when it is not; headlines are given to the article whose text they
share most words with, which finds them whether the page prints them before the body, after
it, or gathered at the foot of the page.
"""

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from articles.text import clean, continuation
from articles.text.chinese import bigrams, ends_sentence, fold
from articles.text.clean import LEAD_MARKS, ends_with_byline, starts_news_lead
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
# A headline must share this much of itself with an article's text to be given to it.
HEADLINE_MATCH = 0.3
# Before an article's first paragraph, a headline needs only this much (headlines usually lead).
LEADING_MATCH = 0.1
# After the text, a headline leans to the article just above it.
NEAREST_BONUS = 0.15
# Blank lines on each side of a lone line between articles that leave room for a picture: its caption.
PICTURE_ROOM = 3
# Between two articles, a headline printed closer to one of them (fewer blank lines) leans to it.
PROXIMITY = 0.3
# Less prose than this is a slogan or a stray caption, not an article.
MIN_BODY = 40
_WINDOW = 1200
# How many articles before a headline it may belong to (pages that gather headlines at the foot).
NEAREST_CANDIDATES = 40


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
    # Measured between two paragraphs: on a page of briefs every paragraph follows a headline.
    gaps = Counter(u.gap for prev, u in itertools.pairwise(units) if u.kind is Kind.BODY and prev.kind is Kind.BODY)
    return gaps.most_common(1)[0][0] if gaps else 0


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
            new = is_boundary(features)
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


def head_blocks(floating: list[Unit], spacing: int | None = None) -> list[list[Unit]]:
    """Headline lines printed one under the other, with no blank between: one headline (kicker, title, subtitle).

    A line glued to the text above it that ends in a closing bracket is that text's wrapped tail
    (…记者 鄧永 / 強）), not a headline. Given the page's paragraph spacing, a line standing alone with
    room for a picture on both sides is a photo's caption.
    """
    blocks: list[list[Unit]] = []
    for head in sorted(floating, key=lambda u: u.index):
        if head.kind is not Kind.HEAD or _wrapped_tail(head) or (spacing is not None and _alone(head, spacing)):
            continue
        if blocks and head.gap == 0 and head.index == blocks[-1][-1].index + 1:
            blocks[-1].append(head)
        else:
            blocks.append([head])
    # 本报讯（记者 … opens the text: lines that start so, and those wrapped under them, are its lead.
    return [block for block in blocks if not starts_news_lead(block[0].text)]


def _wrapped_tail(head: Unit) -> bool:
    return head.gap == 0 and head.text.rstrip().endswith(("）", ")"))


def _alone(head: Unit, spacing: int) -> bool:
    # Room for a picture: three blank lines on each side, as real pages leave (the seeds' captions
    # between articles have three); a headline printed after its text has at most two before it.
    room = max(PICTURE_ROOM, spacing + 2)
    return head.gap >= room and head.gap_after >= room


def _touching(a: list[Unit], b: list[Unit]) -> bool:
    """Two groups with nothing but blank lines between them."""
    return a[-1].index + 1 == b[0].index or b[-1].index + 1 == a[0].index


def _trailing_heads(segments: list[Segment]) -> dict[int, Segment]:
    """Short lines after an article's last prose (the walker keeps those before a byline as its last
    lines): nothing follows them in the article, so they are no sub-heads. A page that prints its
    headlines after the text puts them there; they stay where they are unless given as a headline."""
    found: dict[int, Segment] = {}
    for seg in segments:
        for unit in reversed(seg.paragraphs):
            if unit.kind is not Kind.HEAD:
                break
            found[unit.index] = seg
    return found


def _assign_headlines(units: list[Unit], segments: list[Segment], floating: list[Unit]) -> None:
    """Give each headline group to the article it belongs to, or to none (slogans, keyword lists).

    A headline may stand just before its article, or anywhere after its article's last paragraph
    (pages that print headlines after the text, or gather them at the foot). A group goes whole:
    its kicker (历史上的今天, 对话) shares no words with the text, its title does, so a group is
    weighed by its best line. Of the groups before an article only the nearest leads it; one set
    off from the text by another headline group is weighed as if it followed an article.

    Between two articles a group belongs to the one it is printed closer to (fewer blank lines):
    pages set a headline nearer its own text than the next article's. And an article has one
    headline: the pairs are settled best first, each group and each article taken once.

    The work grows with the page, not with its square: each segment's text and bigrams are
    computed once, "only headings between" and "furniture between" are answered from running
    counts, and a headline is weighed against the one article that can follow it and at most
    NEAREST_CANDIDATES articles before it (a page never gathers more headlines than that).
    """
    tails = _trailing_heads(segments)
    pool = [*floating, *(u for seg in segments for u in seg.paragraphs if u.index in tails)]
    prose = [seg for seg in segments if any(u.index not in tails for u in seg.paragraphs)]
    plain = _Counts(units, lambda u: u.kind not in _HEAD_UNITS and u.index not in tails)
    heads = _Counts(units, lambda u: u.kind is Kind.HEAD)
    furniture = _Counts(units, lambda u: u.kind is Kind.FURNITURE)
    ordered = sorted(prose, key=lambda seg: seg.first)
    firsts = [seg.first for seg in ordered]
    lasts = [max(u.index for u in seg.paragraphs if u.index not in tails) for seg in ordered]
    grams = [bigrams(seg.text) for seg in ordered]
    blocks = head_blocks(pool, paragraph_gap(units))
    pairs = []  # (score, block number, segment number, leads, candidates)
    for number, block in enumerate(blocks):
        top, bottom = block[0].index, block[-1].index
        lines_grams = [bigrams(head.text) for head in block]
        # Segments never overlap a headline: those ending before it, then the one after it.
        ending_before = bisect.bisect_left(lasts, top)
        candidates = []
        for i in range(max(0, ending_before - NEAREST_CANDIDATES), ending_before):
            if not furniture.between(lasts[i] + 1, top):
                candidates.append((i, False))
        following = bisect.bisect_right(firsts, bottom)
        if following < len(ordered) and not plain.between(bottom + 1, firsts[following]):
            leads = not heads.between(bottom + 1, firsts[following])
            candidates.append((following, leads))
        # Printed closer to the text below than to the text above, or the other way round.
        closer = (block[0].gap > block[-1].gap_after) - (block[0].gap < block[-1].gap_after)
        for i, before in candidates:
            shared = max((len(g & grams[i]) / len(g) for g in lines_grams if g), default=0.0)
            if not before and shared < HEADLINE_MATCH:
                continue
            score = shared + (LEADING_MATCH if before else NEAREST_BONUS if i == ending_before - 1 else 0.0)
            if i == following:
                score += PROXIMITY * closer
            elif i == ending_before - 1:
                score -= PROXIMITY * closer
            if score >= (2 * LEADING_MATCH if before else HEADLINE_MATCH):
                pairs.append((score, number, i, before, candidates))
    given: dict[int, int] = {}  # block number → segment number
    ranked = sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2]))
    for _, number, i, _, _ in ranked:
        # A kicker set a blank line above its title is a group of its own, beside the article's group.
        beside = any(given.get(n) == i and _touching(blocks[n], blocks[number]) for n in (number - 1, number + 1))
        if number not in given and (beside or i not in given.values()):
            given[number] = i
    # A group set straight over an article's text whose headline the page printed after the text is
    # that headline's kicker: a sub-head divides a body and never opens it (seed 003: 牵住创新升级
    # “牛鼻子” over the lead, 现代工业发展量质齐升 after it). Dropped, its text would vanish from the page.
    after_text = {i for n, i in given.items() if blocks[n][0].index > lasts[i]}
    for _, number, i, leads, _ in ranked:
        if leads and number not in given and i in after_text:
            given[number] = i
    by_block = {number: candidates for _, number, _, _, candidates in pairs}
    for number, i in sorted(given.items()):
        best = ordered[i]
        for head in blocks[number]:
            # Headlines gathered at the foot of a page touch one another: a line that is plainly
            # another article's (its words are there, not here) goes to that article.
            g, owner = bigrams(head.text), best
            if g and len(g & grams[i]) / len(g) < HEADLINE_MATCH:
                share, at = max(((len(g & grams[j]) / len(g), j) for j, _ in by_block[number]), key=lambda p: p[0])
                owner = ordered[at] if share >= HEADLINE_MATCH else best
            if head.index in tails:
                tails[head.index].paragraphs.remove(head)
            owner.heads.append(head)
    heads_at = {h.index: seg for seg in segments for h in seg.heads}
    for head in floating:
        if head.kind is Kind.DATE:
            # A bare date goes with the headline printed next to it (the one after, else before).
            owner = heads_at.get(head.index + 1) or heads_at.get(head.index - 1)
            if owner is not None:
                owner.heads.append(head)
                heads_at[head.index] = owner


class _Counts:
    """How many units in units[start:end] satisfy a test, in constant time."""

    def __init__(self, units: list[Unit], test):
        self.running = [0]
        for unit in units:
            self.running.append(self.running[-1] + bool(test(unit)))

    def between(self, start: int, end: int) -> int:
        return self.running[end] - self.running[start] if end > start else 0


def _set_off(head: Unit) -> bool:
    """Inside an article, a short line with room for a picture above it (three blank lines, as real
    pages leave; the corpus's sub-heads have at most two) or wide gaps on both sides is a caption."""
    return (head.gap >= 3 and head.gap_after >= 1) or is_caption(head)


def is_caption(head: Unit) -> bool:
    """A short line standing alone between wide gaps is a photo caption, not a headline."""
    return head.gap >= 2 and head.gap_after >= 2


# What may stand between a headline and its article: a web page's date line, 原标题, a photo.
_HEAD_UNITS = {Kind.HEAD, Kind.DATE, Kind.BYLINE, Kind.META, Kind.LABEL, Kind.CONTINUED, Kind.FURNITURE}
_HEAD_UNITS |= {Kind.IMAGE, Kind.CREDIT, Kind.CAPTION}  # a photo, its credit and its caption


_ROLE_WORDS_RE = re.compile(r"本报|记者|通讯员|实习生|特约|融媒体中心|新闻中心|摄影|见习|首席")
_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")


def reporters(byline: str) -> set[str]:
    """The names a byline gives: 记者 杨骁 通讯员 刘淑 gives {杨骁, 刘淑}."""
    return set(_NAME_RE.findall(_ROLE_WORDS_RE.sub(" ", fold(byline))))


def _lead_reporters(seg: Segment) -> set[str]:
    first = next((u for u in seg.paragraphs if u.kind is Kind.BODY), None)
    lead = clean.lead_byline(fold(first.text)) if first is not None else None
    names = reporters(lead or "")
    for unit in seg.bylines:
        if unit.byline is not None and unit.byline.leading and unit.index < seg.first:
            names |= reporters(unit.byline.text)
    return names


def _closing_reporters(seg: Segment) -> set[str]:
    return {n for u in seg.bylines if u.index > seg.last and u.byline is not None for n in reporters(u.byline.text)}


def _join_signed(units: list[Unit], segments: list[Segment], floating: list[Unit]) -> list[Segment]:
    """An article whose lead names its reporter (本报讯（记者 杨骁）…) and whose text is signed by the same
    reporter below (本报记者 杨骁) is one article, whatever short lines stand between: they are its
    sub-heads. Pieces in between must neither open (a lead, a lead byline) nor close (a byline) on their
    own, and nothing but short lines may stand between them (no advert, no furniture)."""
    result: list[Segment] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        names = _lead_reporters(seg) if not _closing_reporters(seg) else set()
        end = i
        for j in range(i + 1, len(segments)) if names else ():
            nxt = segments[j]
            between = units[segments[j - 1].last + 1 : nxt.first]
            if _lead_reporters(nxt) or any(u.kind not in (Kind.HEAD, Kind.CAPTION) for u in between):
                break
            closing = _closing_reporters(nxt)
            if closing:
                end = j if closing & names else i
                break
        for j in range(i + 1, end + 1):
            between = units[segments[j - 1].last + 1 : segments[j].first]
            seg.paragraphs.extend(between)
            taken = {u.index for u in between}
            floating[:] = [u for u in floating if u.index not in taken]
            seg.paragraphs.extend(segments[j].paragraphs)
            seg.bylines.extend(segments[j].bylines)
            seg.credits.extend(segments[j].credits)
            seg.meta.extend(segments[j].meta)
        result.append(seg)
        i = end + 1
    return result


def segment(units: list[Unit], record: list | None = None) -> list[Segment]:
    segments, floating = _Walker(units, record).run()
    segments = _join_signed(units, segments, floating)
    # The rest of an article (after 上接) is kept however short, and takes no headline: its own is
    # printed with the article's first piece, which it joins.
    rests = continuation.rest_pieces(units, segments)
    resting = {id(seg) for seg in rests}
    segments = [s for s in segments if id(s) in resting or len(s.text) >= MIN_BODY]
    _assign_headlines(units, [s for s in segments if id(s) not in resting], floating)
    return continuation.join_unsigned(continuation.join_marked(units, segments, rests))
