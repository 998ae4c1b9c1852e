"""Give each headline group on a page to the article it belongs to, or to none.

Headlines are given to the article whose text they share most words with, which finds them whether the
page prints them before the body, after it, or gathered at the foot of the page (segment.py splits the
page into articles first, then calls assign_headlines).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from articles.text.chinese import bigrams
from articles.text.clean import starts_news_lead
from articles.text.continuation import is_onward_mark
from articles.text.layout import Kind, Unit

if TYPE_CHECKING:  # segment.py calls this module: importing it here would be circular
    from articles.text.segment import Segment

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
# How many articles before a headline it may belong to (pages that gather headlines at the foot).
NEAREST_CANDIDATES = 40


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


def assign_headlines(units: list[Unit], segments: list[Segment], floating: list[Unit], spacing: int) -> None:
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
    # A piece's onward mark (（下转第6版）) is its last line, not furniture between it and its headline.
    furniture = _Counts(units, lambda u: u.kind is Kind.FURNITURE and not is_onward_mark(u.text))
    ordered = sorted(prose, key=lambda seg: seg.first)
    firsts = [seg.first for seg in ordered]
    lasts = [max(u.index for u in seg.paragraphs if u.index not in tails) for seg in ordered]
    grams = [bigrams(seg.text) for seg in ordered]
    blocks = head_blocks(pool, spacing)
    pairs = []  # (score, block number, segment number, leads, candidates)
    for number, block in enumerate(blocks):
        top, bottom = block[0].index, block[-1].index
        lines_grams = [_statement_grams(head.text) for head in block]
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
    _signed_off(units, blocks, lasts, given)
    by_block = {number: candidates for _, number, _, _, candidates in pairs}
    for number, i in sorted(given.items()):
        best = ordered[i]
        for head in blocks[number]:
            # Headlines gathered at the foot of a page touch one another: a line that is plainly
            # another article's (its words are there, not here) goes to that article.
            g, owner = _statement_grams(head.text), best
            if g and len(g & grams[i]) / len(g) < HEADLINE_MATCH:
                others = by_block.get(number, [(i, False)])
                share, at = max(((len(g & grams[j]) / len(g), j) for j, _ in others), key=lambda p: p[0])
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


def _signed_off(units: list[Unit], blocks: list[list[Unit]], lasts: list[int], given: dict[int, int]) -> None:
    """An article left without a headline takes the group printed straight under its last prose, closing byline
    or onward mark, nearer to it than to what follows (fewer blank lines): its headline printed after the text,
    whatever words it shares with it (a question shares few: 奉节脐橙如何卖得更远？; an interview's, led by
    its column's name, few more: 对话乡土学者：…). Else the group would vanish from the page."""
    headed = set(given.values())
    for number, block in enumerate(blocks):
        i = bisect.bisect_left(lasts, block[0].index) - 1  # the article whose prose ends just above
        if number in given or i < 0 or i in headed:
            continue
        between = units[lasts[i] + 1 : block[0].index]
        # Nothing but its byline or its onward mark (（下转第3版）) between: its last lines.
        closing = all(u.kind is Kind.BYLINE or is_onward_mark(u.text) for u in between)
        if closing and block[0].gap < block[-1].gap_after:
            given[number] = i
            headed.add(i)


# A column's name set before a bar (对话丨…, 历史上的今天丨…): it names the column, not the story.
_COLUMN_LABEL_RE = re.compile(r"^[^丨｜|]{1,8}[丨｜|]")


def _statement_grams(line: str) -> set[str]:
    """The bigrams a headline line shares with its story's text: without a column name before a bar."""
    return bigrams(_COLUMN_LABEL_RE.sub("", line))


class _Counts:
    """How many units in units[start:end] satisfy a test, in constant time."""

    def __init__(self, units: list[Unit], test):
        self.running = [0]
        for unit in units:
            self.running.append(self.running[-1] + bool(test(unit)))

    def between(self, start: int, end: int) -> int:
        return self.running[end] - self.running[start] if end > start else 0


# What may stand between a headline and its article: a web page's date line, 原标题, a photo.
_HEAD_UNITS = {Kind.HEAD, Kind.DATE, Kind.BYLINE, Kind.META, Kind.LABEL, Kind.CONTINUED, Kind.FURNITURE}
_HEAD_UNITS |= {Kind.IMAGE, Kind.CREDIT, Kind.CAPTION}  # a photo, its credit and its caption
