"""Chongqing's towns and their districts (articles/text/towns.py), from the statistics' division codes."""

import pytest

from articles.text.gazetteer import DISTRICT_BY_NAME
from articles.text.towns import DATA, town_districts, town_spans, towns


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("中益乡", "石柱土家族自治县"),
        ("涞滩镇", "合川区"),
        ("黄桷坪街道", "九龙坡区"),
        ("万盛街道", "綦江区"),  # 万盛 is governed by 綦江区
        ("黃桷坪街道", "九龙坡区"),  # Traditional
        ("乾丰镇", "南川区"),  # a name OpenCC would fold to 干丰镇
    ],
)
def test_full_town_name_gives_its_district(name, district):
    assert town_districts(name) == (district,)


def test_name_shared_by_towns_of_two_districts_gives_both():
    assert town_districts("白沙镇") == ("江津区", "南川区")
    assert set(town_districts("双龙镇")) == {"长寿区", "丰都县", "云阳县", "巫山县"}


@pytest.mark.parametrize(
    ("name", "district"), [("中益", "石柱土家族自治县"), ("涞滩", "合川区"), ("黄桷坪", "九龙坡区")]
)
def test_distinctive_name_without_suffix_gives_its_district(name, district):
    assert town_districts(name) == (district,)


def test_a_towns_old_streets_are_the_town_even_when_its_short_name_is_a_word():
    assert town_districts("龙兴") == ()  # 龙兴 "rise of a dragon" is an ordinary word
    assert town_districts("龙兴古镇") == ("渝北区",)
    assert town_districts("中山古鎮") == ("江津区",)


@pytest.mark.parametrize(
    "name",
    [
        "白沙",  # 白沙镇 is in two districts
        "太平",  # an ordinary word
        "长沙",  # names another city
        "万盛",  # a former district name: the gazetteer's business
        "石柱",  # a district's short name
        "龙",  # too short
        "解放碑街道办",  # not a town
    ],
)
def test_unsafe_short_form_gives_nothing(name):
    assert town_districts(name) == ()


def test_every_town_lies_in_a_known_district_and_every_district_has_towns():
    table = towns()
    assert len(table) > 900
    named = {d for districts in table.values() for d in districts}
    assert named == set(DISTRICT_BY_NAME)


def test_data_names_its_source():
    assert DATA.read_text(encoding="utf-8").startswith("# Source: github.com/modood/Administrative-divisions-of-China")


def test_town_spans_find_the_longest_name_at_each_place_as_a_plain_alternation_would():
    import random
    import re

    from articles.text import towns

    names = list(towns._lookup())
    plain = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    shuffled = random.Random(7).sample(names, len(names))
    # Names run together, cut short and cut at the front: every overlap and prefix the names have.
    texts = ["".join(shuffled), "".join(n[:-1] for n in shuffled), "".join(n[1:] for n in shuffled), "，".join(names)]
    for text in texts:
        assert [m.span() for m in towns._town_pattern().finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_town_is_found_by_its_other_suffix_unless_a_town_of_that_name_exists():
    assert town_districts("满月乡") == ("开州区",)  # a 乡 made 满月镇, still called by its old name
    assert town_districts("龙潭乡") == ("石柱土家族自治县",)  # a real 乡, not 龙潭镇 of 涪陵 and 酉阳


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("竹贤乡下庄村的村民", "竹贤乡"),  # jieba cuts 竹/贤/乡下/庄/村 across the town's end
        ("在龙兴镇上开了家面馆", "龙兴镇"),  # 龙兴/镇上
        ("走进中益乡村民家中", "中益乡"),
    ],
)
def test_a_town_ending_in_its_suffix_is_found_when_a_word_runs_on_past_it(text, town):
    found = [(text[start:end], districts) for start, end, districts in town_spans(text)]
    assert (town, town_districts(town)) in found


def test_a_known_place_name_running_on_past_a_towns_suffix_keeps_its_characters():
    # 新乡镇 is a town, but in 新乡镇坪县 the 镇 begins 镇坪, a neighbouring county (a feature we know).
    assert list(town_spans("客人从新乡镇坪县来")) == []
