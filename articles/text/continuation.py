"""Articles printed in two pieces on one page, put back together.

A newspaper breaks a long article off with a mark, （下转第5版）, and prints the rest elsewhere under
the matching mark, （上接第4版）. The marks say what each piece IS: the piece a 下转 mark ends goes on,
and the piece a 上接 mark opens is the rest of some article, never an article of its own (its
headline was printed with the first piece). Pieces are paired by their marks; when a page holds
several of each, each rest goes to the broken-off piece whose text it is most like.

Unmarked pieces are joined on other evidence: a lead printed apart from its signed body (join_unsigned),
and sections split at short lines whose lead and signature name the same reporter (join_signed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from articles.text.chinese import bigrams, fold
from articles.text.clean import ends_with_byline, lead_byline, starts_news_lead
from articles.text.layout import Kind, Unit
from articles.text.tagging import places_named

# Below segment.SAME_ARTICLE_SAME_PLACE (0.025): the district named by no other signed article is the main
# evidence here. Set by seed 003 (its 璧山 lead and body: 0.0246); on dev it changes no decision.
SAME_PLACE_ALIKE = 0.02

if TYPE_CHECKING:  # segment.py calls this module: importing it here would be circular
    from articles.text.segment import Segment

_ONWARD_RE = re.compile(r"^[（(]?\s*(?:下转|转)\s*第?\s*\d+\s*版\s*[）)]?$")
_FROM_RE = re.compile(r"^[（(]?\s*(?:上接|接)\s*第?\s*\d+\s*版\s*[）)]?$")


def is_onward_mark(text: str) -> bool:
    """（下转第5版）: the article breaks off here and goes on elsewhere."""
    return bool(_ONWARD_RE.match(fold(text.strip())))


def is_rest_mark(text: str) -> bool:
    """（上接第4版）: what follows is the rest of an article begun elsewhere."""
    return bool(_FROM_RE.match(fold(text.strip())))


def _marks(units: list[Unit], test) -> list[Unit]:
    return [u for u in units if u.kind in (Kind.FURNITURE, Kind.CONTINUED) and test(u.text)]


def rest_pieces(units: list[Unit], segments: list[Segment]) -> list[Segment]:
    """The segments a 上接 mark opens: the first prose after the mark is theirs."""
    owner = {u.index: seg for seg in segments for u in seg.paragraphs}
    found = []
    for mark in _marks(units, is_rest_mark):
        after = next((u for u in units[mark.index + 1 :] if u.kind is Kind.BODY), None)
        seg = owner.get(after.index) if after is not None else None
        if seg is not None and all(seg is not f for f in found) and seg.first == after.index:
            found.append(seg)
    return found


def broken_off(units: list[Unit], segments: list[Segment]) -> list[Segment]:
    """The segments a 下转 mark ends: the last prose before the mark is theirs."""
    owner = {u.index: seg for seg in segments for u in seg.paragraphs}
    found = []
    for mark in _marks(units, is_onward_mark):
        before = next((u for u in reversed(units[: mark.index]) if u.kind is Kind.BODY), None)
        seg = owner.get(before.index) if before is not None else None
        if seg is not None and all(seg is not f for f in found):
            found.append(seg)
    return found


def join(first: Segment, rest: Segment, rank: int = 1) -> None:
    """Put `rest` into `first`, read after it (rank 1) or before it (rank -1); `first` keeps its headline,
    and a line `rest` held as a headline is one of its sub-heads (a piece's headline is printed once)."""
    moved = [*rest.paragraphs, *(h for h in rest.heads if h.kind is Kind.HEAD)]
    for unit in moved:
        first.order[unit.index] = rank
    first.paragraphs.extend(moved)
    first.bylines.extend(rest.bylines)
    first.credits.extend(rest.credits)
    first.meta.extend(rest.meta)
    first.heads.extend(h for h in rest.heads if h.kind is not Kind.HEAD)


def _alike(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


def join_marked(units: list[Unit], segments: list[Segment], rests: list[Segment]) -> list[Segment]:
    """Segments with each piece opened by 上接 (`rests`, from rest_pieces) joined to the piece broken off
    by 下转 that it goes on. A rest with no broken-off piece on the page stays an article (its first
    part is on another page)."""
    onward = [seg for seg in broken_off(units, segments) if all(seg is not r for r in rests)]
    pairs = sorted(
        ((_alike(first.text, rest.text), i, j) for i, first in enumerate(onward) for j, rest in enumerate(rests)),
        reverse=True,
    )
    used_first, used_rest, joined = set(), set(), set()
    for _, i, j in pairs:
        if i in used_first or j in used_rest:
            continue
        used_first.add(i)
        used_rest.add(j)
        join(onward[i], rests[j])
        joined.add(id(rests[j]))
    return [seg for seg in segments if id(seg) not in joined]


def _signed(seg: Segment) -> bool:
    paragraphs = [u for u in seg.paragraphs if u.kind is Kind.BODY]
    ends = paragraphs[:1] + paragraphs[-1:]
    return bool(seg.bylines) or any(ends_with_byline(u.text) or lead_byline(fold(u.text)) for u in ends)


def _opens(seg: Segment) -> bool:
    first = next((u for u in seg.paragraphs if u.kind is Kind.BODY), None)
    return first is not None and (starts_news_lead(fold(first.text)) or opens_dated_item(first.text))


# A history column's item opens with the full date of the event: 1925年10月11日，… or 1856年6月10日（清咸丰六年…），
_DATED_ITEM_RE = re.compile(r"^\s*(?:1[5-9]|20)\d{2}年\d{1,2}月\d{1,2}日(?:[（(][^）)]{0,20}[）)])?[，,]")


def opens_dated_item(text: str) -> bool:
    """1997年6月18日，重庆直辖市正式挂牌成立…: the lead of a dated history item, an article of its own."""
    return bool(_DATED_ITEM_RE.match(fold(text)))


def join_unsigned(segments: list[Segment]) -> list[Segment]:
    """On a page whose articles are signed, a piece signed by no one and opening with no news lead is part
    of the one signed article naming the same district, when it is shorter and alike (a long article whose lead
    the page printed apart from the rest). The unsigned piece is read first: a byline ends an article.
    Its headline stays the article's, and the signed piece's headline lines become its sub-heads."""
    signed = [seg for seg in segments if _signed(seg)]
    if len(signed) * 2 <= len(segments):
        return segments
    joined: set[int] = set()
    for piece in segments:
        if _signed(piece) or _opens(piece):
            continue
        places = places_named(piece.text)
        same_place = [
            seg
            for seg in segments
            if seg is not piece and _signed(seg) and not _opens(seg) and places & places_named(seg.text)
        ]
        # Only one signed article of the same district on the page, and its text alike.
        if len(same_place) != 1 or id(same_place[0]) in joined:
            continue
        target = same_place[0]
        # A lead printed apart is a fragment of its article: an unsigned text longer than the signed one
        # is an article of its own (seed 004: a long unsigned feature beside a short signed one).
        if len(piece.text) >= len(target.text) or _alike(piece.text, target.text) < SAME_PLACE_ALIKE:
            continue
        # The signed piece is read after the unsigned one, which keeps the headline.
        join(piece, target, rank=1)
        joined.add(id(target))
    return [seg for seg in segments if id(seg) not in joined]


_ROLE_WORDS_RE = re.compile(r"本报|记者|通讯员|实习生|特约|融媒体中心|新闻中心|摄影|见习|首席")
_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")


def reporters(byline: str) -> set[str]:
    """The names a byline gives: 记者 杨骁 通讯员 刘淑 gives {杨骁, 刘淑}."""
    return set(_NAME_RE.findall(_ROLE_WORDS_RE.sub(" ", fold(byline))))


def _lead_reporters(seg: Segment) -> set[str]:
    first = next((u for u in seg.paragraphs if u.kind is Kind.BODY), None)
    lead = lead_byline(fold(first.text)) if first is not None else None
    names = reporters(lead or "")
    for unit in seg.bylines:
        if unit.byline is not None and unit.byline.leading and unit.index < seg.first:
            names |= reporters(unit.byline.text)
    return names


def _closing_reporters(seg: Segment) -> set[str]:
    return {n for u in seg.bylines if u.index > seg.last and u.byline is not None for n in reporters(u.byline.text)}


def join_signed(units: list[Unit], segments: list[Segment], floating: list[Unit]) -> list[Segment]:
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
