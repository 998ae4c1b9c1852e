"""District and topic tagging: whole words only, traps and neighbours excluded, Traditional folded."""

import pytest

from articles.text.gazetteer import DISTRICTS, REGIONS, name_table
from articles.text.tagging import district_mentions, tag_districts
from articles.text.topics import tag_topics


def test_the_gazetteer_has_chongqings_38_districts_in_four_regions():
    assert len(DISTRICTS) == 38
    assert {d.region for d in DISTRICTS} == {r.slug for r in REGIONS}
    assert len({d.slug for d in DISTRICTS}) == 38
    assert sum(d.region == "zhongxin-chengqu" for d in DISTRICTS) == 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("渝中區委書記調研", {"渝中区"}),
        ("開縣撤縣設區後", {"开州区"}),
        ("九龍坡區住房城鄉建委", {"九龙坡区"}),
        ("石柱县黄水镇", {"石柱土家族自治县"}),
        ("铜梁县当年的老街", {"铜梁区"}),
    ],
)
def test_full_short_traditional_and_former_names_are_mentions(text, expected):
    assert set(district_mentions(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "制定《成渝中线科创走廊建设方案》",
        "航班平安降落在重庆江北国际机场",
        "召开县委常委会",
        "长江南岸的风景",
        "祝老人健康长寿",
        "四川省大竹县、邻水县总工会",
        "贵州省道真县和务川县",
    ],
)
def test_names_inside_longer_words_and_neighbouring_provinces_are_not_mentions(text):
    assert district_mentions(text) == {}


def test_the_districts_an_article_is_about_differ_from_those_it_mentions():
    body = "近日，永川区举办招聘会。永川区人社局介绍，今年永川将新增岗位。此前涪陵区也举办过类似活动。"
    tags = tag_districts("永川举办招聘会", body)
    assert tags.primary == ["永川区"]
    assert tags.mentioned == ["涪陵区"]


def test_a_landmark_places_an_article_when_no_district_is_named():
    assert tag_districts("解放碑商圈人气旺", "国庆期间，解放碑步行街游客如织。").primary == ["渝中区"]
    assert tag_districts("解放碑商圈", "沙坪坝区三峡广场也很热闹。").primary == ["沙坪坝区"]


def test_every_surface_form_maps_to_a_canonical_name():
    table = name_table()
    assert table["渝中"] == "渝中区"
    assert table["开县"] == "开州区"
    assert table["万盛区"] == "綦江区"


@pytest.mark.parametrize(
    ("headline", "body", "topic"),
    [
        ("保交楼项目全部交付", "住房交付，居民领到新房钥匙。", "housing"),
        ("云巴运营难题解决", "轨道交通站点增设斑马线。", "transport"),
        ("疫情防控不放松", "严格落实疫情防控措施，防止输入。", "epidemic"),
        ("一则消息", "今天天气很好。", "general"),
    ],
)
def test_every_article_gets_at_least_one_fitting_topic(headline, body, topic):
    topics = tag_topics(headline, body)
    assert topics and topics[0] == topic
