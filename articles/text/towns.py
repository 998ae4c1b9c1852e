"""Chongqing's towns (乡, 镇, 街道) and the districts they belong to.

The data are the National Bureau of Statistics' division codes (data/chongqing_towns.csv names
the source). A town is looked up by its full name (中益乡) or, when that is safe, by the name
without its suffix (中益): the short form must be at least two characters, belong to one
district only, and be neither a district's own name nor an ordinary word. "Ordinary word" means
a word of jieba's general dictionary (太平, 新华, 长沙, 柏林 …): such a short form names
something else as often as the town.
"""

import csv
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import rjieba

from articles.text.chinese import fold
from articles.text.gazetteer import DISTRICT_BY_NAME, LANDMARKS, dictionary_words, features, name_table
from articles.text.words import tokenize

DATA = Path(__file__).with_name("data") / "chongqing_towns.csv"
_SUFFIX_RE = re.compile(r"(?:街道|镇|乡)$")
_MIN_SHORT = 2


@functools.cache
def _full_names() -> dict[str, tuple[str, ...]]:
    """Full town name → its districts in gazetteer order (two when two districts each have one)."""
    table: dict[str, set[str]] = defaultdict(set)
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            table[row["town"]].add(row["district"])
    return {town: _ordered(districts) for town, districts in table.items()}


def _ordered(districts) -> tuple[str, ...]:
    order = list(DISTRICT_BY_NAME)
    return tuple(sorted(districts, key=order.index))


def short_form(town: str) -> str:
    return _SUFFIX_RE.sub("", town)


@functools.cache
def _short_names() -> dict[str, str]:
    """Short form → its one district, for the short forms that are safe to read as the town."""
    by_short: dict[str, set[str]] = defaultdict(set)
    for town, districts in _full_names().items():
        by_short[short_form(town)].update(districts)
    # The general dictionary without our place words: a fresh segmenter, not words.tokenizer().
    general = rjieba.Jieba()
    district_names = name_table()
    return {
        short: next(iter(districts))
        for short, districts in by_short.items()
        if len(short) >= _MIN_SHORT
        and len(districts) == 1
        and short not in district_names
        and short not in _full_names()
        # A landmark we already trust (黄桷坪, 观音桥) is a place name even when jieba knows it.
        and (short in LANDMARKS or not general.has_word(short))
    }


_OTHER_SUFFIX = {"乡": "镇", "镇": "乡"}


@functools.cache
def _lookup() -> dict[str, tuple[str, ...]]:
    """Every form a town is looked up by, as written and folded (乾丰镇 folds to 干丰镇)."""
    table = {short: (district,) for short, district in _short_names().items()}
    # A 乡 made a 镇 (满月乡 → 满月镇) is still called by its old suffix, and a 镇 sometimes called a 乡:
    # the other suffix finds the town unless a town of that name exists.
    for town, districts in _full_names().items():
        other = _OTHER_SUFFIX.get(town[-1:])
        if other and f"{town[:-1]}{other}" not in _full_names():
            table[f"{town[:-1]}{other}"] = table[fold(f"{town[:-1]}{other}")] = districts
    for town, districts in _full_names().items():
        table[town] = table[fold(town)] = districts
        if town.endswith("镇"):  # its old streets are the town's: 龙兴古镇 is 龙兴镇 (龙兴 alone is a word)
            table[f"{town[:-1]}古镇"] = table[f"{fold(town)[:-1]}古镇"] = districts
    return table


def town_districts(name: str) -> tuple[str, ...]:
    """The districts a town name (Simplified or Traditional, with or without 镇/乡/街道) belongs to."""
    name = name.strip()
    return _lookup().get(name) or _lookup().get(fold(name), ())


def towns() -> dict[str, tuple[str, ...]]:
    """Every full town name with its districts."""
    return dict(_full_names())


@functools.cache
def _town_pattern() -> re.Pattern:
    """Every form of _lookup() as one regex shaped like a trie (中(?:益乡?|和镇)…): at each place the
    longest name that starts there, as a flat alternation of the names longest first would find,
    but the regex engine follows one branch per character instead of trying 1,500 names."""
    names = sorted(_lookup())
    by_first = [(first, [name[1:] for name in group]) for first, group in itertools.groupby(names, lambda n: n[0])]
    # A flat alternation of ~400 first characters is tried one by one at each place; a few groups, each
    # behind a test of its first characters, skip most of them.
    groups = []
    for start in range(0, len(by_first), _FIRSTS_PER_GROUP):
        chunk = by_first[start : start + _FIRSTS_PER_GROUP]
        firsts = "".join(re.escape(first) for first, _ in chunk)
        branches = "|".join(re.escape(first) + _trie_regex(rests) for first, rests in chunk)
        groups.append(f"(?=[{firsts}])(?:{branches})")
    return re.compile("|".join(groups))


_FIRSTS_PER_GROUP = 100


def _trie_regex(names: list[str]) -> str:
    """A regex matching the longest of `names` (sorted, none empty) at a place: children differ in
    their first character, so at most one branch goes on, and a name ending here is the fallback."""
    branches, ends_here = [], False
    for first, group in itertools.groupby(names, key=lambda name: name[:1]):
        if not first:
            ends_here = True
            continue
        branches.append(re.escape(first) + _trie_regex([name[1:] for name in group]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not ends_here:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"


# Characters of context jieba sees on each side of a town name to tell where words begin and end.
_CONTEXT = 6


def town_spans(folded: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """(start, end, districts) of the town names in folded text that begin and end on word boundaries:
    中益乡 and 涞滩 (古镇) are towns, the 龙水 of 青龙水库 is not."""
    for match in _town_pattern().finditer(folded):
        start, end = match.span()
        low = max(0, start - _CONTEXT)
        tokens = tokenize(folded[low : end + _CONTEXT])
        if start - low not in {b for _, b, _ in tokens}:
            continue
        if end - low in {e for _, _, e in tokens} or _ends_at_its_suffix(folded, start, end):
            yield start, end, _lookup()[match.group()]


@functools.cache
def _place_words() -> tuple[frozenset[str], int]:
    """Every place name we know (districts, landmarks, traps, features such as 镇坪, a neighbouring county, and
    towns) and the length of the longest."""
    names = frozenset({*dictionary_words(), *features(), *_lookup()})
    return names, max(map(len, names))


def _ends_at_its_suffix(folded: str, start: int, end: int) -> bool:
    """A name that ends with its suffix ends the town even when jieba's word runs on past it (竹贤乡|下庄村 cut
    竹贤/乡下/庄村, 龙兴镇|上 cut 龙兴/镇上): the suffix says where the name stops. Not when a known place name
    starts inside the name and runs past its end (…镇坪县: 镇坪 is a county, the 镇 is not a town's)."""
    if not _SUFFIX_RE.search(folded, start, end):
        return False
    places, longest = _place_words()
    return not any(
        folded[first:last] in places
        for first in range(start, end)
        for last in range(end + 1, min(len(folded), first + longest) + 1)
    )
