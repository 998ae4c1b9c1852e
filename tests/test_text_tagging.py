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
        ("忠州街道的老作坊", {"忠县"}),
        ("杜甫寓居夔州近两年", {"奉节县"}),
        ("原江北县的老场镇", {"渝北区"}),
        ("宋代的合州城", {"合川区"}),
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
    assert tag_districts("夔门迎来秋日游客", "登上城楼远眺，夔门雄姿尽收眼底。").primary == ["奉节县"]
    assert tag_districts("十八梯夜景迷人", "入夜后，十八梯传统风貌区游人如织。").primary == ["渝中区"]


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


def test_a_place_the_article_says_it_happens_in_is_its_own():
    body = "记者近日从文物部门获悉，一批摩崖造像完成三维扫描。这批造像位于重庆市大足区境内，开凿于宋代。"
    assert tag_districts("大足石刻迎来数字化保护", body).primary == ["大足区"]


def test_a_district_named_once_late_with_one_of_its_towns_is_own():
    body = "周末，丁家街道的老街人头攒动，小吃摊前排起长队。摊主说生意比去年好。璧山区商务部门表示将延长夜市时间。"
    assert tag_districts("老街夜市人气旺", body).primary == ["璧山区"]


def test_a_district_given_once_as_an_example_in_a_citywide_story_is_not_own():
    body = "全市推行社区食堂。各区县做法不一。比如，铜梁区在老旧小区开设了助餐点。下一步将扩大覆盖面。"
    tags = tag_districts("社区食堂覆盖更多老人", body)
    assert tags.primary == []
    assert tags.mentioned == ["铜梁区"]


def test_a_town_alone_places_an_article():
    body = "金刀峡镇的李子进入采摘期，果农忙着分拣装箱。镇上今年新建了冷库。"
    assert tag_districts("山里李子熟了", body).primary == ["北碚区"]


def test_a_town_name_shared_by_two_districts_does_not_place_alone():
    body = "白沙镇的老街修缮完成，游客明显增多。"
    assert tag_districts("老街修缮完成", body).primary == []
    assert tag_districts("老街修缮完成", body + "江津区文旅部门介绍了情况。").primary == ["江津区"]


def test_a_town_after_its_districts_name_is_the_same_evidence_not_more():
    body = "全市推进老旧小区改造。比如，九龙坡区黄桷坪街道引入物业企业。各地经验将推广。"
    assert tag_districts("老旧小区改造见成效", body).primary == []


def test_a_distance_reference_is_not_an_own_district():
    body = "长寿湖镇的民宿迎来旺季。这里距江北国际机场60公里，周末自驾游客很多。"
    assert tag_districts("湖畔民宿迎来旺季", body).primary == ["长寿区"]


def test_a_landmark_in_passing_does_not_make_its_district_own():
    body = "宁厂镇在码头新建了游客中心，接驳车直达古镇。不少游客乘坐从朝天门出发的游轮前来。"
    assert tag_districts("古镇新游客中心投用", body).primary == ["巫溪县"]


def test_where_visitors_come_from_is_not_an_own_district():
    body = "开州区的高山草场迎来首场雪。来自涪陵区的游客王先生一家在雪地里堆起雪人。"
    assert tag_districts("高山草场迎来首场雪", body).primary == ["开州区"]


def test_a_citywide_list_of_districts_makes_none_own():
    body = (
        "全市今年新建口袋公园120个，渝中区、九龙坡区、北碚区、永川区和黔江区建成数量居前，渝中区最多。市民满意度较高。"
    )
    assert tag_districts("全市新建口袋公园120个", body).primary == []


def test_a_route_between_districts_is_not_a_list():
    body = "本周起，合川至铜梁、合川至潼南的城际公交开通。两地交通部门统一了票价。"
    assert tag_districts("三地城际公交开通", body).primary == ["合川区", "铜梁区", "潼南区"]


def test_the_districts_own_newspaper_places_an_article_a_person_named_like_a_district_does_not():
    body = "社区食堂开业，老人一餐只需8元。居民们说饭菜可口。"
    assert tag_districts("社区食堂开业", body, source="江津日报").primary == ["江津区"]
    assert tag_districts("社区食堂开业", body, byline="记者 梁平").primary == []


def test_a_photo_caption_before_the_lead_is_not_the_lead():
    body = "图为货运列车驶出车站。\n今年以来，从沙坪坝区出发的班列保持高频开行。货物通达上百个城市。"
    assert tag_districts("班列繁忙运行", body).primary == ["沙坪坝区"]


def test_a_shared_town_is_decided_by_a_river_or_range_of_one_of_its_districts():
    # 凤凰镇 is a town of 沙坪坝区 and of 巫溪县; 大宁河 runs through 巫溪 and 巫山, 嘉陵江 past 沙坪坝.
    body = "凤凰镇的高山蔬菜开始采收，一车车蔬菜沿大宁河运出山外。"
    assert tag_districts("凤凰镇蔬菜采收忙", body).primary == ["巫溪县"]
    body = "凤凰镇在嘉陵江边新建了一座滨江公园，附近居民晚饭后都来散步。"
    assert tag_districts("凤凰镇滨江公园开放", body).primary == ["沙坪坝区"]


def test_a_product_or_a_neighbour_across_the_border_decides_a_shared_town():
    # 龙潭镇: 涪陵区 and 酉阳县; 青菜头 is 涪陵's crop. 东溪镇: 綦江区 and 忠县; Guizhou's 习水 borders 綦江.
    body = "龙潭镇的青菜头迎来丰收，菜农忙着砍菜装筐。"
    assert tag_districts("龙潭镇菜农砍菜忙", body).primary == ["涪陵区"]
    body = "东溪镇与贵州习水山水相连，两地合作开通了旅游专线。"
    assert tag_districts("东溪镇开通旅游专线", body).primary == ["綦江区"]


def test_a_feature_alone_places_no_article_and_a_feature_inside_a_town_name_is_the_town():
    assert tag_districts("大宁河沿岸果园丰收", "沿河的果园迎来采摘季，果农忙着装箱。").primary == []
    # 竹溪 is a county of Hubei next to 巫溪县, 竹溪镇 a town of 开州区: 凤凰镇 stays undecided.
    assert tag_districts("凤凰镇茶叶卖到竹溪镇", "凤凰镇的新茶上市，不少卖到了竹溪镇。").primary == ["开州区"]


def test_a_town_named_with_its_suffix_is_weighed_as_a_town_even_when_it_is_also_a_landmark():
    # 黄水镇 is a town of 石柱县 and the resort known by the same name: in the headline it places the story.
    body = "本届活动为期一个月，吸引游客数万人。涪陵区一家旅行社组织了专列。"
    assert tag_districts("黄水镇避暑节开幕", body).primary == ["石柱土家族自治县"]


def test_a_districts_outlet_credited_at_the_end_of_a_brief_places_it_like_a_byline():
    body = "近日，一家社区食堂开门迎客，老人每餐只需十元。（城口县融媒体中心 记者 王五）"
    assert tag_districts("社区食堂开门迎客", body).primary == ["城口县"]
    # Said in the text, not as a credit, the same outlet is only a body mention.
    body = "近日，一家社区食堂开门迎客，老人每餐只需十元。城口县融媒体中心对此做了报道。"
    assert tag_districts("社区食堂开门迎客", body).primary == []


def test_a_town_in_an_address_outside_chongqing_or_of_another_district_is_not_ours():
    # 龙沙镇 is a town of 石柱县 and of 万州区; here it is a town of Hubei's 利川市 in the same words.
    body = "乡村振兴交流会在湖北省利川市龙沙镇举行，各地代表参观了茶园。"
    assert tag_districts("交流会在邻省举行", body).primary == []
    # 永安镇 is a town of 垫江县; 奉节's old county seat had the same name.
    body = "三峡工程蓄水前，奉节老县城永安镇的居民陆续搬迁。如今老城已沉入江底。"
    assert tag_districts("老县城的记忆", body).primary == ["奉节县"]
    assert "垫江县" not in tag_districts("老县城的记忆", body).mentioned
    # Our own district before the town is its address, as before.
    assert tag_districts("交流会举行", "全县乡村振兴交流会在石柱县龙沙镇举行。").primary == ["石柱土家族自治县"]
    assert tag_districts("黄连丰收季", "本县龙沙镇的黄连迎来丰收。镇上建起了烘干厂。").primary == ["石柱土家族自治县"]


def test_the_distance_from_a_districts_seat_decides_a_shared_town_without_placing_the_article_itself():
    # 白沙镇: 江津区 and 南川区.
    body = "白沙镇的老街修缮完成，游客明显增多。古镇距南川城区约20公里，周末自驾的市民不少。"
    assert tag_districts("白沙镇老街修缮完成", body).primary == ["南川区"]
    body = "一处新的露营地开业，游客明显增多。营地距南川城区约20公里，周末自驾的市民不少。"
    assert tag_districts("露营地开业", body).primary == []


def test_an_area_a_district_governs_under_its_own_name_is_that_district():
    body = "万盛经开区今年新建口袋公园三个，市民休闲有了好去处。"
    assert tag_districts("新建口袋公园", body).primary == ["綦江区"]
    assert set(district_mentions("雙橋經開區引進企業十家")) == {"大足区"}
