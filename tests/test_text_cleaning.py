"""Line-level recognisers and the re-flow of column wraps: plain functions, no database."""

import pytest

from articles.text import clean
from articles.text.layout import Kind, units


@pytest.mark.parametrize(
    ("line", "text", "leading"),
    [
        ("新重庆-重庆晨报记者 杨新宇", "新重庆-重庆晨报记者 杨新宇", False),
        ("□本报记者 赵蝶", "本报记者 赵蝶", True),
        ("通讯员 姚瑞轩 特约记者 何军林", "通讯员 姚瑞轩 特约记者 何军林", False),
        ("永川区融媒体中心 王小明 李华", "永川区融媒体中心 王小明 李华", False),
        ("（记者 何春阳 申晓佳）", "记者 何春阳 申晓佳", False),
        ("(李傳芳  何超/圖文)", "李傳芳 何超/圖文", False),
        ("华龙网-新重庆客户端 记者 黄宇", "华龙网-新重庆客户端 记者 黄宇", False),
        ("文/张三 图/李四", "文/张三 图/李四", False),
    ],
)
def test_bylines_are_recognised_with_their_place(line, text, leading):
    assert clean.parse_byline(line) == clean.Byline(text, leading)


@pytest.mark.parametrize(
    "line",
    [
        "记者从市住建委获悉，今年将改造老旧小区。",
        "城口 保障住房安全努力给群众一个幸福的家",
        "有温度 有深度 有态度",
        "记者",
        # A news lead's first line in a narrow column: its byline goes on in the next line.
        "本报讯（记者 杨敏 通讯员",
        "本報訊（記者 匡麗",
    ],
)
def test_prose_and_headlines_are_not_bylines(line):
    assert clean.parse_byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "何超  攝",
        "市住建委供图",
        "特约摄影 孙凯芳/视觉重庆",
        "（图片由市住房城乡建委提供）",
    ],
)
def test_photo_credits_are_recognised(line):
    assert clean.is_photo_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "邮发代号：77-13",
        "打开微信扫一扫",
        "全年定价：360元",
        "主办 重庆市住房和城乡建设委员会",
        "（上接1版）",
        "链接>>>",
        "责任编辑：李四",
        "原标题：18号线北延伸段今日开通",
        "2024年7月2日 星期二",
    ],
)
def test_advertising_and_page_furniture_are_recognised(line):
    assert clean.is_furniture(line) or clean.is_continuation_mark(line)


@pytest.mark.parametrize(
    "line",
    ["自己定价，好果子能卖出好价钱，果农", "扫码取走了刚下单的蔬菜和日用品。目前，这样的"],
)
def test_wrapped_prose_using_an_advertisements_words_is_not_furniture(line):
    assert not clean.is_furniture(line)


def test_image_file_names_are_recognised():
    assert clean.is_image_name("26643fdb4d9c1d39f6cce92d34ae0c7.jpg")
    assert not clean.is_image_name("重庆.jpg的故事讲给你听")


def test_web_metadata_line_gives_source_in_its_own_script():
    line = "發佈時間:2022-02-11 16:57:04 來源:中國網 責任編輯:珍珍"
    assert clean.is_meta(line)
    assert clean.find_source(line) == "中國網"


def test_news_lead_byline_is_found_inside_the_first_paragraph():
    assert clean.lead_byline("本报讯 （记者 周尤）8月5日，风正巴渝网公布了") == "记者 周尤"
    assert clean.lead_byline("8月5日，市委常委（记者）") is None
    assert clean.lead_byline("香港文匯報訊（記者 孟冰）記者從重慶市文化和旅遊發展委員會獲悉") == "記者 孟冰"


def test_narrow_column_wraps_are_reflowed_even_across_a_blank_line():
    column = "\n".join(
        [
            "走进位于高新技术产业开发区的大学城",
            "双创生态社区，刚投用不久的那栋大楼",
            "",
            "里已集聚十余家孵化企业，无一例外均",
            "是研究院有限公司。",
            "",
        ]
        + ["这是第二段它的每一行也都一样宽度，", "直到这段话在这里结束为止。", ""] * 6
    )
    first = units(column)[0]
    assert first.kind is Kind.BODY
    assert (
        first.text
        == "走进位于高新技术产业开发区的大学城双创生态社区，刚投用不久的那栋大楼里已集聚十余家孵化企业，无一例外均是研究院有限公司。"
    )


def test_wide_paragraphs_broken_mid_word_are_joined_but_headlines_are_not():
    page = (
        "这是一个标题\n\n"
        "刚到重庆的小李说，自己在大学就读的专业是现代农业技术，能够来重庆工作可以拓宽自\n\n"
        "己的视野，并能结识新朋友。\n\n"
        "另一个标题\n\n"
        "第二段正文在这里，它以句号结束。"
    )
    kinds = [(u.kind, u.text[:6]) for u in units(page)]
    assert kinds == [
        (Kind.HEAD, "这是一个标题"),
        (Kind.BODY, "刚到重庆的小"),
        (Kind.HEAD, "另一个标题"),
        (Kind.BODY, "第二段正文在"),
    ]
    assert "拓宽自己的视野" in units(page)[1].text


def test_news_lead_whose_bracketed_byline_wraps_in_a_narrow_column_stays_one_paragraph():
    filler = ["这是另一篇文章的正文它的每一", "行都一样宽度直到这里结束。", ""] * 6
    column = "\n".join(
        [
            *filler,
            "大观镇：药材种进共富田",
            "",
            "本报讯（记者 何春阳 通",
            "讯员 刘淑）走进大观镇的",
            "药材基地，玄参长势喜人。",
        ]
    )
    lead = [u for u in units(column) if "本报讯" in u.text]
    assert [(u.kind, u.text) for u in lead] == [
        (Kind.BODY, "本报讯（记者 何春阳 通讯员 刘淑）走进大观镇的药材基地，玄参长势喜人。")
    ]


def test_a_news_leads_first_line_carries_on_across_a_column_jump():
    filler = ["这是另一篇文章的正文它的每一", "行都一样宽度直到这里结束。", ""] * 6
    lead = [
        "预制烤鱼出口东南亚",
        "",
        "本报讯（记者 黄琪）一条鱼",
        "",
        "能“游”多远？万州一家食品",
        "企业的答案写在出口报关单上。",
    ]
    found = [u for u in units("\n".join([*filler, *lead])) if "黄琪" in u.text]
    assert [(u.kind, u.text[-8:]) for u in found] == [(Kind.BODY, "在出口报关单上。")]


def test_a_news_lead_in_traditional_script_starts_a_paragraph_of_its_own():
    assert clean.starts_news_lead("香港文匯報訊（記者 孟冰）記者從重慶")


def test_a_browser_title_names_its_site_after_the_last_separator():
    # The headline itself may hold a bar (图片新闻｜…): the site is what follows the last one.
    assert clean.browser_title("图片新闻｜中欧班列繁忙运行_新华社")
    assert clean.browser_title("黔江城区新增三处口袋公园_华龙网")
    assert not clean.browser_title("图片新闻｜中欧班列繁忙运行")


def test_a_wrapped_line_with_an_adverts_word_and_no_mark_of_its_own_is_prose_mid_sentence():
    filler = ["这是另一篇文章的正文它的每一", "行都一样宽度直到这里结束了。", ""] * 6
    lead = [
        "社区快递柜上新",
        "",
        "近日，新建成的快递柜前，居民",
        "扫码取走了网购的书籍和文具用",
        "品。快递柜已覆盖十多个小区。",
    ]
    found = [u for u in units("\n".join([*filler, *lead])) if "快递柜已覆盖" in u.text]
    assert [(u.kind, u.text[:6]) for u in found] == [(Kind.BODY, "近日，新建成")]
