"""Splitting a page into articles and reading each one's headline and byline: hand-written page snippets."""

from articles.text.layout import Kind, Line, Unit
from articles.text.parse import parse_page
from articles.text.segment import paragraph_gap

# One story in two sections under a sub-head, and a video transcript with a speaker line: short
# sections of one article share few words, so how alike they are cannot decide alone.
ORCHARD = """石门村柑橘园迎丰收

本报讯 十月以来，石门村的三百亩柑橘陆续成熟，果农们每天清晨上山采摘，再把果子运到村口的分拣点。

冷库启用

柳条筐码满了小路，合作社新修的冷库也在这个月启用，可以错峰上市。管理员说，今年全村预计增收八十万元。
"""

TRANSCRIPT = """【解说】春节临近，老街上的剪纸铺子每天都排起长队，传承人带着三名徒弟赶制窗花。

【同期】（游客 王先生）

我带孩子来自己动手，剪得歪歪扭扭，他却特别开心，说要贴在自己房门上。

【解说】记者 何蓉 报道
"""


def test_a_sub_head_or_a_speaker_line_inside_an_article_keeps_it_whole():
    for page, last in [(ORCHARD, "柳条筐码满了小路"), (TRANSCRIPT, "我带孩子来自己动手")]:
        articles = parse_page(page)
        assert len(articles) == 1
        assert any(last in p for p in articles[0].body)  # a speaker line may stand alone or lead its words


WEB_PAGE = """首页 > 区县 > 正文

东溪镇老街完成风貌改造
华龙网  2024年03月05日 12:02

华龙网3月5日讯 綦江区东溪镇老街改造历时八个月，沿街一百二十栋老房子换上了青瓦白墙，临街商铺陆续开门迎客。

镇里还在老街尽头修建了游客中心和停车场，周末来古镇的游客比去年同期多了一倍。
"""

WEB_PAGE_DATE_FIELD = """石柱县新建三座乡村客运站
日期: 2024-11-11

新建的三座客运站分别位于黄水、西沱和悦来，每天发出班车六十余班，方便山区群众出行。

客运站还设置了快递收发点，村民在家门口就能寄取包裹。
"""


def test_a_headline_followed_by_a_metadata_line_is_the_title():
    for page, title in [(WEB_PAGE, "东溪镇老街完成风貌改造"), (WEB_PAGE_DATE_FIELD, "石柱县新建三座乡村客运站")]:
        articles = parse_page(page)
        assert len(articles) == 1
        assert articles[0].title == title
        assert not articles[0].title_derived


# A page that prints the author's organisation beside the date under the headline, and its own name at the foot.
ORGANISATION_LINE = """荣昌夏布小镇迎来研学旺季 孩子们学织夏布
荣昌区融媒体中心  2024-07-23

暑假以来，荣昌区夏布小镇每天接待研学团队二十多批，孩子们跟着老师傅学习绩麻、织布和染色。

小镇还开发了夏布书签、团扇等文创产品，研学团队离开时人手一件。

荣昌发布
"""


def test_a_media_centre_is_never_a_title():
    articles = parse_page(ORGANISATION_LINE)
    assert len(articles) == 1
    assert articles[0].title == "荣昌夏布小镇迎来研学旺季 孩子们学织夏布"
    assert "融媒体中心" not in articles[0].title + articles[0].kicker


STACKED = """乡村振兴看巴渝
双河村的蜂蜜卖到了全国
网店年销售额突破百万元

双河村地处大山深处，过去村民养蜂只能卖给上门收购的商贩，价格压得很低，蜂蜜常常卖不出去。

前年村里办起了网店，年轻人回村拍视频、做直播，双河村蜂蜜的订单从全国各地涌来，网店年销售额突破百万元。
"""


def test_stacked_kicker_title_and_subtitle_lines_are_told_apart():
    article = parse_page(STACKED)[0]
    assert (article.kicker, article.title, article.subtitle) == (
        "乡村振兴看巴渝",
        "双河村的蜂蜜卖到了全国",
        "网店年销售额突破百万元",
    )


LEAD_BYLINE = """巴南区新增两条公交线路

华龙网4月19日7时讯（记者 张三 李四）19日起，巴南区新开两条公交线路，连接界石镇和鱼洞城区，每十五分钟一班。

公交公司表示，新线路开通后，沿线居民到城区的时间可缩短二十分钟。
"""

OWN_LINE_BYLINE = """大足石刻景区推出夜游

上游新闻记者 王五

大足石刻景区本月起推出夜游项目，游客可以在灯光下欣赏宝顶山的千手观音造像。

景区负责人介绍，夜游每晚限流两千人，需要提前在网上预约。
"""


def test_bylines_inside_a_lead_or_on_their_own_line_are_read():
    lead = parse_page(LEAD_BYLINE)[0]
    assert "张三" in lead.byline and "李四" in lead.byline
    own = parse_page(OWN_LINE_BYLINE)[0]
    assert own.byline == "上游新闻记者 王五"
    assert own.title == "大足石刻景区推出夜游"


BROWSER_TITLE = """黔江城区新增三处口袋公园_华龙网
当前位置：首页 > 区县频道

黔江城区新增三处口袋公园
2024-05-06 09:30  来源：华龙网

口袋公园建在老旧小区之间的闲置地块上，种植了黄葛树和三角梅，还配了儿童游乐设施。

附近居民说，晚饭后终于有了散步的地方。
"""


def test_a_browser_title_line_is_not_a_kicker():
    article = parse_page(BROWSER_TITLE)[0]
    assert article.title == "黔江城区新增三处口袋公园"
    assert article.kicker == ""


def test_publisher_lines_are_metadata_but_headlines_and_page_headers_are_not():
    from articles.text.clean import is_meta

    for line in ["南川区融媒体中心  2024-09-03", "华龙网 | 2024年11月21日 10:42", "酉陽網", "标题在这里_华龙网"]:
        assert is_meta(line), line
    for line in ["2024年7月2日 星期二", "1997年6月18日 重庆直辖市正式挂牌", "织密安全防护网", "新华社重庆电"]:
        assert not is_meta(line), line


AUTHOR_IN_META = """江北机场暑运首日旅客超十四万人次
发布时间：2024-07-01 21:47:18  来源：上游新闻  作者：记者 陈一鸣

7月1日，民航暑运正式开启，江北机场当天进出港航班超过九百架次，旅客吞吐量创今年单日新高。

机场提醒旅客至少提前两小时到达，并提前在线值机。

责任编辑 徐峰 美编 王静
"""


def test_an_author_field_is_the_byline_and_an_editor_is_not():
    article = parse_page(AUTHOR_IN_META)[0]
    assert article.byline == "记者 陈一鸣"


def test_a_news_lead_in_traditional_script_opens_an_article():
    # 本報訊 / 香港文匯報訊 are 本报讯 in the other script: the text before them is another article's.
    for lead in ("本報訊（記者 韓毅）", "香港文匯報訊（記者 孟冰）"):
        page = (
            "衛星湖街道舉辦招聘會\n\n日前，衛星湖街道舉辦秋季專場招聘會，轄區及周邊三十六家企業提供電子裝配、物流、餐飲服務等崗位八百餘個。\n\n"
            f"{lead}十月十八日晚，第十屆夔州國際詩歌節在夔門街道濱江廣場開幕，百餘位詩人參加。\n"
        )
        articles = parse_page(page)
        assert [a.plain_text[:4] for a in articles] == ["日前，衛", lead[:4]]


def test_a_brief_closed_by_its_outlets_name_in_brackets_ends_there():
    # The outlet alone (no reporter) in brackets is still the brief's last words: the next headline opens another.
    page = """石门村枇杷进入采摘期

近日，石门村三百亩枇杷陆续
成熟，果农忙着采摘装箱，不
少市民驱车前来体验采摘。

村里还开通了线上预订，枇杷
当天摘当天发往主城各区。（
黔江区融媒体中心）


龙桥街道举办社区运动会

近日，龙桥街道在辖区广场举
办社区运动会，拔河、跳绳、
趣味接力等项目吸引了六百多
名居民报名参加，老少同场竞
技，现场气氛十分热烈。
"""
    first, second = parse_page(page)
    assert first.title == "石门村枇杷进入采摘期"
    assert first.plain_text.endswith("（黔江区融媒体中心）")
    assert second.title == "龙桥街道举办社区运动会"
    assert "拔河" in second.plain_text


# A festival story, then a dated history item whose headline the page prints after its text: nothing
# but blank lines (two more than between paragraphs) stands between the two texts.
FESTIVAL_THEN_HISTORY = """荷花节在龙塘村开幕

本报讯 七月一日，龙塘村第三届荷花节开幕，两百亩荷塘迎来赏花游客，村民在塘边摆起了莲蓬摊。

村里还开通了观光小火车，游客可以沿着荷塘环线拍照，周末每天接待游客三千多人次。



1958年7月1日，县城第一座公路大桥正式通车，结束了两岸群众靠木船摆渡过河的历史。

大桥全长三百二十米，建设者们用了整整两年时间，在汛期到来之前完成了合龙。

那年今日：县城第一座公路大桥通车
"""


def test_prose_set_off_like_a_headline_with_no_line_between_opens_the_next_article():
    articles = parse_page(FESTIVAL_THEN_HISTORY)
    assert [a.title for a in articles] == ["荷花节在龙塘村开幕", "那年今日：县城第一座公路大桥通车"]
    assert articles[1].body[0].startswith("1958年7月1日")


# Two briefs, each with its headline printed after its text: the first headline stands two blank lines
# above the second brief, as far as articles are set apart, and its words are the first brief's.
HEADLINES_AFTER_TEXT = """桃花镇早熟桃子进入采摘期，园区每天接待采摘游客上千人，桃农把鲜桃直接卖给游客。

桃花镇还开通了两条采摘专线公交，周末加密班次，方便城区游客前来采摘。

桃花镇早熟桃子迎来采摘季


东城街道新建的社区图书馆开放借阅，馆内藏书两万册，设有儿童阅读区和自习室，每天开放到晚上九点。

东城街道社区图书馆开放借阅
"""


def test_a_headline_printed_after_its_text_and_set_off_from_the_next_text_closes_its_article():
    articles = parse_page(HEADLINES_AFTER_TEXT)
    assert [a.title for a in articles] == ["桃花镇早熟桃子迎来采摘季", "东城街道社区图书馆开放借阅"]


# A brief whose headline the page prints after its text, then the next brief's headline two blank lines
# further down, over its own text: two headline groups, not one sub-head.
TWO_HEADLINE_GROUPS = """近日，白马村的茶叶合作社开始收购春茶，茶农把鲜叶送到村口的收购点，当天就能拿到茶钱。

合作社今年新建了两条加工线，白马村的春茶可以就地制成成品茶。

白马村春茶开始收购


南湖街道新建的老年食堂

近日，南湖街道的社区老年食堂开门营业，辖区七十岁以上老人每餐只需付八元，行动不便的老人还可以预约送餐上门。
"""


def test_a_headline_after_its_text_and_the_next_headline_a_headlines_space_below_are_two_articles():
    articles = parse_page(TWO_HEADLINE_GROUPS)
    assert [a.title for a in articles] == ["白马村春茶开始收购", "南湖街道新建的老年食堂"]


# Two history items of one column: their texts share many words (重庆, 纪念馆, 参观者), but the second
# opens, under a kicker and title set off as a headline, with the full date of its event.
TWO_HISTORY_ITEMS = """党史上的今天
1904年8月22日：邓小平诞生于四川广安

1904年8月22日，邓小平出生于四川省广安县协兴乡牌坊村。他青年时期赴法国勤工俭学，后来在重庆领导西南地区的工作。

如今，重庆的邓小平旧居陈列馆每年接待参观者数十万人次，不少学校组织学生来纪念馆参观学习。


党史上的今天
1898年3月10日：杨闇公诞生于四川潼南

1898年3月10日，杨闇公出生于四川省潼南县双江镇。他青年时期赴日本留学，后来在重庆领导四川地区的革命工作。

如今，重庆潼南的杨闇公旧居陈列馆每年接待参观者数十万人次，不少学校组织学生来纪念馆参观学习。
"""


def test_a_history_item_opening_with_its_events_full_date_under_a_set_off_headline_is_its_own_article():
    articles = parse_page(TWO_HISTORY_ITEMS)
    assert [a.title for a in articles] == ["1904年8月22日：邓小平诞生于四川广安", "1898年3月10日：杨闇公诞生于四川潼南"]


def _prose(index: int, gap: int, *lines: str) -> Unit:
    return Unit(
        Kind.BODY, [Line(text, 0, 0, gap if n == 0 else 0) for n, text in enumerate(lines)], "".join(lines), index
    )


def test_the_paragraph_spacing_is_not_read_from_wraps_at_a_full_line_nor_from_between_briefs():
    # One blank line between paragraphs. Two paragraphs that the page wrapped at a sentence ending a full
    # line come out as two units with no blank between; a brief closed by its credit is followed by the next
    # brief two blank lines further. Neither is the page's spacing.
    units = [
        _prose(0, 1, "南山镇的樱桃进入了采摘旺季。", "果园里挤满了前来采摘的游客。"),
        _prose(1, 0, "村民在路边摆起水果摊。"),
        _prose(2, 1, "镇里还开通了采摘专线公交。", "周末加密班次方便游客采摘。"),
        _prose(3, 0, "游客可在线预约。"),
        _prose(4, 1, "合作社新购了冷链货车。（记", "者 李华）"),
        _prose(5, 2, "东城街道社区图书馆开放借阅。（", "记者 王静）"),
        _prose(6, 2, "图书馆每天开放到晚上九点。"),
    ]
    assert paragraph_gap(units) == 1


# On a page of signed articles, an unsigned text is taken for a lead printed apart from the one signed
# article of its district; a dated history item is never such a lead.
HISTORY_BESIDE_SIGNED = """东城街道社区图书馆开放借阅

本报讯 南坪街道新建的社区图书馆开放借阅，馆内藏书两万册，设有儿童阅读区和自习室，每天开放到晚上九点。（记者 王静）


历史上的今天丨1997年6月18日 直辖市挂牌

1997年6月18日，重庆直辖市正式挂牌成立。涪陵的市民在江边广场收看挂牌仪式的电视直播，江边挤满了人。


新闻热线：96111


涪陵江边广场完成改造

涪陵区江边广场改造完工，新铺了步道，增设了座椅和路灯，每天晚上都有市民来江边广场散步、跳舞，广场旁还开了几家小吃店，周末人气很旺。（记者 李华）


北碚公园新增三处口袋花园

本报讯 北碚区在老城区新建了三处口袋花园，种上了月季和紫薇，附近居民下楼就能赏花。（记者 陈晨）
"""


def test_a_dated_history_item_is_never_joined_to_a_signed_article_as_its_lead():
    titles = [a.title for a in parse_page(HISTORY_BESIDE_SIGNED)]
    assert "历史上的今天丨1997年6月18日 直辖市挂牌" in titles and "涪陵江边广场完成改造" in titles
