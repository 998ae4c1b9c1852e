"""Which of Chongqing's districts an article is about, and which it only mentions.

Names are matched as whole words of jieba-segmented, Traditional-folded text, with the
gazetteer's names, landmarks and traps in jieba's dictionary: so 渝中 inside 成渝中线 and 江北
inside 江北国际机场 are not mentions, while 開縣 still finds today's 开州区.
"""

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from articles.text.chinese import fold
from articles.text.gazetteer import DISTRICT_BY_NAME, LANDMARKS, name_table
from articles.text.words import tokenize

# A district is the article's own when it has at least this share of all district mentions …
DOMINANT_SHARE = 0.5
# … and is named at least this often.
DOMINANT_COUNT = 3


@dataclass
class DistrictTags:
    primary: list[str]
    mentioned: list[str]


# Characters of context jieba sees on each side of a candidate name: enough for any trap word.
_CONTEXT = 8


@functools.cache
def _candidate_pattern() -> re.Pattern:
    return re.compile("|".join(sorted(map(re.escape, {*name_table(), *LANDMARKS}), key=len, reverse=True)))


def _whole_words(folded: str, table) -> Iterator[str]:
    """Names from `table` that stand as whole jieba words in the text.

    Only short windows around candidate substrings are segmented: the same decision as cutting
    the whole text, at a fraction of the cost.
    """
    for match in _candidate_pattern().finditer(folded):
        start = match.start()
        low = max(0, start - _CONTEXT)
        window = folded[low : match.end() + _CONTEXT]
        for word, begin, _ in tokenize(window):
            if begin + low == start and word in table:
                yield word
                break


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


def tag_districts(headline: str, body: str, byline: str = "") -> DistrictTags:
    counts = district_mentions(f"{headline}\n{body}\n{byline}")
    if not counts:
        places = landmark_districts(f"{headline}\n{body}")
        return DistrictTags(primary=[d for d, _ in places.most_common(2)], mentioned=[])
    total = sum(counts.values())
    primary = set(district_mentions(headline)) | set(district_mentions(byline))
    first_sentence = body.split("。", 1)[0]
    for name, count in counts.items():
        dominant = count >= DOMINANT_COUNT and count / total >= DOMINANT_SHARE
        in_lead = (count >= 2 or len(counts) == 1) and name in district_mentions(first_sentence)
        if dominant or in_lead:
            primary.add(name)
    if len(counts) == 1 and total >= 2:
        primary.update(counts)
    order = _gazetteer_order()
    return DistrictTags(
        primary=sorted(primary, key=order.index),
        mentioned=sorted(set(counts) - primary, key=order.index),
    )


def _gazetteer_order() -> list[str]:
    return list(DISTRICT_BY_NAME)
