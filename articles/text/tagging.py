"""Which of Chongqing's districts an article is about, and which it only mentions.

Names are matched as whole words of jieba-segmented, Traditional-folded text, with the
gazetteer's names, landmarks and traps in jieba's dictionary: so 渝中 inside 成渝中线 and 江北
inside 江北国际机场 are not mentions, while 開縣 still finds today's 开州区.

An article's own districts are chosen by evidence of aboutness, not by counting: each place
(district name, town, landmark) is read in its clause, a mention in passing (a distance
reference, where visitors come from, a list of districts in a citywide figure) is no evidence,
and what is left is weighed by where it stands (headline, lead, byline, body) and how it is said
(位于…, …境内, the district's government or a town of it). See `aboutness` for the weights.
"""

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from articles.text.chinese import fold
from articles.text.clauses import (
    SEAT_AFTER_RE,
    SENTENCE_END_RE,
    is_credit,
    is_distance,
    is_passing,
    listed_spans,
)
from articles.text.gazetteer import DISTRICT_BY_NAME, LANDMARKS, features, name_table
from articles.text.towns import town_spans
from articles.text.words import tokenize


@dataclass
class DistrictTags:
    primary: list[str]
    mentioned: list[str]


# Characters of context jieba sees on each side of a candidate name: enough for any trap word.
_CONTEXT = 8

NAME, TOWN, LANDMARK, FEATURE = "name", "town", "landmark", "feature"
HEADLINE, LEAD, BODY, BYLINE = "headline", "lead", "body", "byline"


@dataclass(frozen=True)
class Mention:
    """One place the text names, read in its clause."""

    districts: tuple[str, ...]  # one, or several for a town name shared by towns of several districts
    kind: str  # NAME, TOWN (a 乡, 镇 or 街道: towns.py), LANDMARK or FEATURE (river, range, product: gazetteer)
    zone: str  # HEADLINE, LEAD, BODY or BYLINE
    full: bool  # a district's full or former name (渝中区, 开县), not its short one (渝中); a town with its suffix
    passing: bool  # a distance reference, a visitor's origin, one of a list of districts
    placed: float  # a bonus for being said as the place of action or its government: 位于渝中区, 渝中区委
    # The distance to the district's seat (距巫溪县城40公里): in passing, yet said of a place near it.
    from_seat: bool = False


@functools.cache
def _candidate_pattern() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, {*name_table(), *LANDMARKS}), key=len, reverse=True)))


def _whole_word_spans(folded: str, table) -> Iterator[tuple[str, int, int]]:
    """Names from `table` that stand as whole jieba words in the text, with their spans.

    Only short windows around candidate substrings are segmented: the same decision as cutting
    the whole text, at a fraction of the cost.
    """
    for match in _candidate_pattern().finditer(folded):
        start = match.start()
        low = max(0, start - _CONTEXT)
        window = folded[low : match.end() + _CONTEXT]
        for word, begin, end in tokenize(window):
            if begin + low == start and word in table:
                yield word, start, low + end
                break


def _whole_words(folded: str, table) -> Iterator[str]:
    return (word for word, _, _ in _whole_word_spans(folded, table))


def district_mentions(text: str) -> Counter[str]:
    """Canonical district name → how often the text names it (full, short, Traditional or former name)."""
    table = name_table()
    counts: Counter[str] = Counter()
    named_in_full: set[str] = set()
    for word in _whole_words(fold(text), table):
        canonical = table[word]
        counts[canonical] += 1
        if word != DISTRICT_BY_NAME[canonical].short:
            named_in_full.add(canonical)
    for canonical in list(counts):
        info = DISTRICT_BY_NAME[canonical]
        # 南岸 "south bank", 长寿 "long life": only a mention when the full name is there too.
        if info.ambiguous_short and canonical not in named_in_full:
            del counts[canonical]
    return counts


@functools.cache
def _name_pattern() -> re.Pattern:
    table = name_table()
    unambiguous = [
        form
        for form, canonical in table.items()
        if not (form == DISTRICT_BY_NAME[canonical].short and DISTRICT_BY_NAME[canonical].ambiguous_short)
    ]
    return re.compile("|".join(sorted(map(re.escape, unambiguous), key=len, reverse=True)))


def places_named(text: str) -> set[str]:
    """A quick look for district names, for comparing stretches of text: substring matches, no jieba."""
    table = name_table()
    return {table[m.group()] for m in _name_pattern().finditer(fold(text))}


def landmark_districts(text: str) -> Counter[str]:
    return Counter(LANDMARKS[w] for w in _whole_words(fold(text), LANDMARKS))


# --- Reading a mention in its clause -------------------------------------------------------------

# 位于永川区南部, 地处大足区, 大足区境内: the article says where its subject lies.
_LOCATED_BEFORE_RE = re.compile(r"(?:位于|地处|坐落于|坐落在)[^，。、]{0,3}$")
_LOCATED_AFTER_RE = re.compile(r"^境内")
# 在渝中区, 渝中区委, 沙坪坝区文旅部门, 渝中区七星岗街道, 渝中区的下半城: where something happens, or
# the district's government or people; weaker, as a citywide story says the same of its examples
# (比如，渝北区双龙湖街道…; 宣讲团成员…在涪陵区).
_PLACED_BEFORE_RE = re.compile(r"(?:在|于)$")
_PLACED_AFTER_RE = re.compile(
    r"^(?:的|委|政府|人大|政协|纪委|[^，。、；和与及]{0,6}?(?:局|部门|办公室|街道|镇|乡|村|负责人|相关))"
)


# 万州日报, 开州发布, 合川区融媒体中心: the publisher is the district's own.
_ORGANISATION_AFTER_RE = re.compile(r"^(?:区|县)?(?:委|政府|融媒体|[日时晨晚都]?报|发布|电视台|广播|新闻|宣传|网)")


def _placement(text: str, start: int, end: int, full: bool, zone: str) -> float:
    """The bonus for how a name is said: as where the subject lies, or where something happens."""
    before, after = text[max(0, start - 8) : start], text[end : end + 12]
    if zone == BYLINE:
        return _PLACED_BONUS if _ORGANISATION_AFTER_RE.search(after) else 0.0
    if _LOCATED_BEFORE_RE.search(before) or _LOCATED_AFTER_RE.search(after):
        return _LOCATED_BONUS
    if _PLACED_BEFORE_RE.search(before) or (full and _PLACED_AFTER_RE.search(after)):
        return _PLACED_BONUS
    return 0.0


def read_mentions(text: str, zone: str) -> list[Mention]:
    """Every district name, town and landmark in one zone of an article, each read in its clause."""
    folded = fold(text)
    table = name_table()
    found = []
    for word, start, end in _whole_word_spans(folded, {**LANDMARKS, **table}):
        if word in table:
            canonical = table[word]
            found.append((start, end, (canonical,), NAME, word != DISTRICT_BY_NAME[canonical].short))
        else:
            found.append((start, end, (LANDMARKS[word],), LANDMARK, False))
    found = _with_towns(folded, found)
    listed = listed_spans(folded, [(s, e, d[0]) for s, e, d, kind, _ in found if kind == NAME])
    mentions = []
    for start, end, districts, kind, full in found:
        passing = (start, end) in listed or is_passing(folded, start, end)
        own_zone = BYLINE if kind == NAME and is_credit(folded, start, end) else zone
        placed = 0.0 if kind == LANDMARK else _placement(folded, start, end, full, own_zone)
        from_seat = kind == NAME and is_distance(folded, start, end) and bool(SEAT_AFTER_RE.search(folded[end:]))
        mentions.append(Mention(districts, kind, own_zone, full, passing, placed, from_seat))
    if zone != BYLINE:
        # Inside a place already found a feature is part of its name (竹溪镇 is 开州区's, not Hubei's 竹溪).
        taken = [(start, end) for start, end, *_ in found]
        mentions += [
            Mention(districts, FEATURE, zone, False, False, 0.0)
            for start, end, districts in _feature_spans(folded)
            if not any(low < end and start < high for low, high in taken)
        ]
    return mentions


@functools.cache
def _feature_pattern() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, features()), key=len, reverse=True)))


def _feature_spans(folded: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Each feature the text names on word boundaries (利川 the city, not 顺利川流 cut as 顺利/川流)."""
    for match in _feature_pattern().finditer(folded):
        start, end = match.span()
        low = max(0, start - _CONTEXT)
        tokens = tokenize(folded[low : end + _CONTEXT])
        if start - low in {b for _, b, _ in tokens} and end - low in {e for _, _, e in tokens}:
            yield start, end, features()[match.group()]


# A town named with its suffix (涞滩镇), not only by its name (涞滩, also a river or a dish's origin).
_TOWN_SUFFIX_RE = re.compile(r"(?:镇|乡|街道)$")


def _with_towns(folded: str, found: list) -> list:
    """The names and landmarks found, with the towns the text names.

    Where a town and a name overlap the longer wins (长寿湖镇 is a town, not the lake 长寿湖), and a town
    named with its suffix wins over a landmark of the same words (黄水镇 is the town where things happen,
    weighed as a town, not only the resort a story may pass through). A town
    right after its own district's name (渝中区七星岗街道) is that name's address, not more evidence.
    A town in another place's address is not ours: after another district's name (奉节老县城永安镇:
    奉节's old seat, not 垫江's 永安镇) or after a county, city or province outside Chongqing
    (四川省安岳县龙台镇, 贵州沿河县).
    """
    towns = []
    for start, end, districts in town_spans(folded):
        overlapping = [f for f in found if f[0] < end and start < f[1]]
        suffixed = bool(_TOWN_SUFFIX_RE.search(folded[start:end]))
        if any(_outweighs(f, end - start, suffixed) for f in overlapping):
            continue
        found = [f for f in found if f not in overlapping]
        if any(f[1] == start and f[3] == NAME and f[2][0] in districts for f in found):
            continue
        if _in_other_address(folded, start, districts, found):
            continue
        towns.append((start, end, districts, TOWN, suffixed))
    return sorted(found + towns)


# What may stand between an address's head and its town: a few characters, no punctuation or list word.
_ADDRESS_GAP_RE = re.compile(r"[^，。、；：:,;\s和与及]{0,4}")
# A place outside Chongqing in the same phrase: a neighbouring province, or a county/city/prefecture
# whose name is not one of ours (安岳县, 利川市, 恩施州), not the county or city the story is in (本县, 全市).
_NEIGHBOUR_RE = re.compile(
    r"(?:四川|贵州|湖北|湖南|陕西|云南)[^，。、；：:,;\s]{0,12}$|(?<![全本该各我邻此城都])(?:县|市|州)$"
)


def _in_other_address(folded: str, start: int, districts: tuple[str, ...], found: list) -> bool:
    names = [f for f in found if f[3] == NAME and f[1] <= start and _ADDRESS_GAP_RE.fullmatch(folded[f[1] : start])]
    if names:
        return max(names)[2][0] not in districts
    before = folded[max(0, start - 16) : start]
    return bool(_NEIGHBOUR_RE.search(before)) and not before.endswith(("重庆市", "重庆"))


def _outweighs(found: tuple, town_length: int, suffixed: bool) -> bool:
    length = found[1] - found[0]
    return length > town_length or (length == town_length and not (suffixed and found[3] == LANDMARK))


# --- Weighing the evidence -----------------------------------------------------------------------

# Evidence a mention gives that its district is the article's own; an article's own district has
# OWN_SCORE or more. A headline (name or town) or a byline/source organisation (XX区融媒体中心, 万州
# 日报) is enough alone, and so is a lead sentence naming the district or one of its towns. In the
# body a name counts half (a short name or a town without its suffix less), +1 said as where the
# subject lies (位于…, …境内), +0.5 as where things happen or whose government acts: a citywide
# story says as much of each district it gives as an example, so one such mention is not enough,
# two pieces of evidence are. A landmark is weaker still: named once in passing it never places an
# article (朝天门 where a cruise sets out), in the headline and once more it does. Set by hand on
# the dev split; a logistic regression over the same evidence did worse in cross-validation on dev
# (benchmarks/district_model.py: F1 0.96 against 1.00, with ~130 candidates and ~20 negatives to learn from).
OWN_SCORE = 2.0
_WEIGHTS = {
    (NAME, HEADLINE): 3.0,
    (NAME, BYLINE): 3.0,
    (NAME, LEAD): 2.0,
    (NAME, BODY): 1.0,
    (TOWN, HEADLINE): 3.0,
    (TOWN, BYLINE): 0.0,
    (TOWN, LEAD): 2.0,
    (TOWN, BODY): 1.0,
    (LANDMARK, HEADLINE): 1.5,
    (LANDMARK, LEAD): 0.5,
    (LANDMARK, BODY): 0.5,
    (LANDMARK, BYLINE): 0.0,
}
_PLACED_BONUS = 0.5
_LOCATED_BONUS = 1.0
_SHORT_NAME_FACTOR = 0.75


def _weight(mention: Mention) -> float:
    if mention.passing:
        return 0.0
    weight = _WEIGHTS[mention.kind, mention.zone]
    if mention.zone == BYLINE:
        # A byline names the district as a publisher (万州日报), or names a person (记者 梁平).
        return weight if mention.full or mention.placed > 0 else 0.0
    if mention.kind != LANDMARK and mention.zone == BODY and not mention.full:
        weight *= _SHORT_NAME_FACTOR
    return weight + mention.placed


def aboutness(mentions: list[Mention]) -> Counter[str]:
    """District → evidence that the article is about it (OWN_SCORE or more: it is).

    A landmark of a district the article never names, in an article placed elsewhere by names,
    is in passing (解放碑 across the river from a 南岸区 story): its weight counts only for a named
    district, or when names place the article nowhere. A town name shared by towns of several
    districts (白沙镇: 江津区, 南川区) counts for the one of them other evidence names (a distance from
    its seat too: 距南川城区20公里 is said of a place near 南川); when names and
    landmarks do not decide, for the one the most features (its river, range, products, neighbours
    across the border) point to; else for none. A feature is never evidence of its own.
    """
    named: Counter[str] = Counter()
    landmarks: Counter[str] = Counter()
    featured: Counter[str] = Counter()
    near_seat = {m.districts[0] for m in mentions if m.from_seat}
    shared: list[Mention] = []
    for mention in mentions:
        if mention.kind == FEATURE:
            featured.update(mention.districts)
        elif len(mention.districts) > 1:
            shared.append(mention)
        else:
            tally = landmarks if mention.kind == LANDMARK else named
            tally[mention.districts[0]] += _weight(mention)
    for mention in shared:
        evidenced = [d for d in mention.districts if named[d] > 0 or landmarks[d] > 0 or d in near_seat]
        if len(evidenced) != 1:
            evidenced = _most_featured(evidenced or list(mention.districts), featured)
        if len(evidenced) == 1:
            named[evidenced[0]] += _weight(mention)
    placed_by_names = any(score >= OWN_SCORE for score in named.values())
    for district, score in landmarks.items():
        if named[district] > 0 or not placed_by_names:
            named[district] += score
    return named


def _most_featured(districts: list[str], featured: Counter[str]) -> list[str]:
    top = max(featured[d] for d in districts)
    return [d for d in districts if featured[d] == top] if top > 0 else []


# A photo caption is not the lead: the layout work marks captions 【图】; pages start them 图为/图：.
_CAPTION_RE = re.compile(r"^\s*(?:【图】|图为|图：|图:)")


def _lead_sentence(body: str) -> tuple[str, str]:
    """The lead (the first sentence that is not a photo caption) and the rest of the body."""
    paragraphs = body.split("\n")
    skipped = 0
    while skipped < len(paragraphs) - 1 and (_CAPTION_RE.match(paragraphs[skipped]) or not paragraphs[skipped].strip()):
        skipped += 1
    captions, text = "\n".join(paragraphs[:skipped]), "\n".join(paragraphs[skipped:]).strip()
    match = SENTENCE_END_RE.search(text)
    lead, rest = (text[: match.end()], text[match.end() :]) if match else (text, "")
    return lead, f"{captions}\n{rest}" if captions else rest


def article_mentions(headline: str, body: str, byline: str = "", source: str = "") -> list[Mention]:
    lead, rest = _lead_sentence(body.strip())
    mentions = read_mentions(headline, HEADLINE) + read_mentions(lead, LEAD) + read_mentions(rest, BODY)
    mentions += read_mentions(f"{byline}\n{source}", BYLINE)
    # 南岸 "south bank", 长寿 "long life": a short name only counts when the full name is there too.
    named_in_full = {m.districts[0] for m in mentions if m.kind == NAME and m.full}
    return [
        m
        for m in mentions
        if not (m.kind == NAME and not m.full and DISTRICT_BY_NAME[m.districts[0]].ambiguous_short)
        or m.districts[0] in named_in_full
    ]


def tag_districts(headline: str, body: str, byline: str = "", source: str = "") -> DistrictTags:
    """`primary`: the districts the article is about; `mentioned`: the others it names."""
    mentions = article_mentions(headline, body, byline, source)
    scores = aboutness(mentions)
    primary = {district for district, score in scores.items() if score >= OWN_SCORE}
    named = {m.districts[0] for m in mentions if m.kind in (NAME, TOWN) and len(m.districts) == 1}
    order = _gazetteer_order()
    return DistrictTags(
        primary=sorted(primary, key=order.index),
        mentioned=sorted(named - primary, key=order.index),
    )


def _gazetteer_order() -> list[str]:
    return list(DISTRICT_BY_NAME)
