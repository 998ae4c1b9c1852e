"""Who wrote an article and who published it: bylines, briefs' closing credits, sources. Hand-written snippets."""

from articles.text.parse import parse_page
from articles.text.pipeline import analyse_bytes

# A narrow newspaper column: enough lines of one width for the page to have a column.
COLUMN_FILLER = """渔业码头改造完工

　　江边的渔业码头改造工程已
经完工，新修的石阶和栏杆让
上下船的渔民方便了许多，码头
旁边还建起了冷库和交易大厅。
　　码头负责人说，今年以来鲜鱼
交易量比去年同期增长了三成，
不少外地客商专门开车过来收购
江鱼，价格也比往年好了不少。
　　下一步，码头还将开通网上订
单，让城里的市民也能买到当天
捕捞上岸的新鲜江鱼和河虾。
"""


def _one(page: str, title: str):
    return next(a for a in parse_page(page) if a.title == title)


def test_a_briefs_closing_credit_stays_its_last_words_and_is_its_byline():
    page = (
        "两地共建森林防火联防机制\n\n11月8日，巫溪县与神农架林区签订合作协议，共同推出跨省旅游线路，推动景区门票互惠、"
        "游客信息共享，并在森林防火、野生动物保护等方面建立联防联控机制。（记者 刘海）\n"
    )
    article = parse_page(page)[0]
    assert article.body[-1].endswith("联防联控机制。（记者 刘海）")
    assert article.byline == "记者 刘海"


def test_a_video_transcript_signs_off_with_its_reporter():
    page = (
        "木版年画刻出浓浓年味\n\n【解说】春节临近，在一间不足五十平方米的年画工作室里，刻刀与梨木板摩擦的沙沙声从早响到晚。"
        "\n\n【解说】中新网记者 何蓉 梁平报道\n"
    )
    article = parse_page(page)[0]
    assert article.byline == "中新网记者 何蓉"
    assert article.body[-1] == "【解说】中新网记者 何蓉 梁平报道"


def test_a_picture_and_text_credit_leaves_the_body_but_names_the_authors():
    page = (
        "老街完成风貌改造\n\n历时八个月的改造后，沿街一百二十栋老房子换上了青瓦白墙，临街商铺陆续开门迎客，"
        "周末来古镇的游客比去年同期多了一倍。(李明 王静/图文)\n"
    )
    article = parse_page(page)[0]
    assert article.body[-1].endswith("多了一倍。")
    assert article.byline == "李明 王静/图文"


def test_a_credit_wrapped_over_column_lines_stays_in_the_paragraph_it_closes():
    brief = (
        "温泉镇老街修缮完工\n\n　　近日，温泉镇老街修缮工程完\n工，沿街七十六栋民居完成屋面\n翻修，临河步道同步贯通，镇上\n"
        "计划在春节期间举办年俗活\n动。（开州区\n融媒体中心 记者 邓永\n强）\n\n\n"
    )
    article = _one(
        COLUMN_FILLER + "\n\n" + brief + "大昌古镇夜游开放\n\n　　近日，古镇夜游项目开放。\n", "温泉镇老街修缮完工"
    )
    assert article.body[-1].endswith("年俗活动。（开州区融媒体中心 记者 邓永强）"), article.body
    assert "邓永强" in article.byline
    assert "古镇夜游" not in article.body_text


def test_a_credit_set_whole_under_the_last_column_line_is_the_paragraphs_but_apart_it_is_a_byline():
    brief = (
        "润溪乡医生走村入户\n\n　　近日，润溪乡卫生院医护人员\n走村入户，为八十岁以上的老人\n"
        "免费体检，建立健康档案，让老\n人在家门口享受医疗保障服务。\n{gap}（彭水县融媒体中心 记者 向勇）\n"
    )
    under = _one(COLUMN_FILLER + "\n\n" + brief.format(gap=""), "润溪乡医生走村入户")
    assert under.body[-1].endswith("医疗保障服务。（彭水县融媒体中心 记者 向勇）")
    apart = _one(COLUMN_FILLER + "\n\n" + brief.format(gap="\n"), "润溪乡医生走村入户")
    assert apart.body[-1].endswith("医疗保障服务。")
    assert apart.byline == "彭水县融媒体中心 记者 向勇"


def test_an_epaper_banner_names_the_paper_of_its_page():
    page = "第4版 区县新闻\n渝中报 2025年6月18日 星期三\n\n" + COLUMN_FILLER
    article = parse_page(page)[0]
    assert (article.source, article.source_from_page) == ("渝中报", True)


def test_a_banner_may_print_the_paper_alone_over_a_kicker_or_with_digits_in_its_name():
    for banner in ["香港文匯報", "第1眼新闻"]:
        page = (
            f"第8版 区县新闻\n{banner}\n\n春节黄金周\n重庆春节假期接待游客逾两千万人次\n\n"
            + COLUMN_FILLER.split("\n\n", 1)[1]
        )
        assert parse_page(page)[0].source == banner


def test_a_short_headline_ending_as_a_papers_name_is_not_a_banner():
    page = "第4版 区县新闻\n\n教育捷报\n\n今年高考，全区本科上线人数再创新高，其中农村考生占比超过四成，多所乡镇中学实现零的突破。\n"
    assert parse_page(page)[0].source == ""


def test_an_outlets_news_lead_or_reporter_names_the_source_before_the_papers_banner():
    banner = "第4版 区县新闻\n重庆日报 2025年6月18日 星期三\n\n"
    lead = "春节假期游客逾两千万\n\n香港文匯報訊（記者 孟冰）今年春節假期，重慶全市接待遊客超過2000萬人次，旅遊收入同比增長一成以上。\n"
    assert parse_page(banner + lead)[0].source == "香港文匯報"
    reporter = "高观镇蔬菜上市\n\n日前，高观镇有机蔬菜基地首批蔬菜上市，带动周边180余户农户种植，预计户均增收4000元以上。\n\n城口县融媒体中心 记者 李佳\n"
    assert parse_page(banner + reporter)[0].source == "城口县融媒体中心"
    wire = "长江上游生态保护见成效\n\n新华社重庆4月18日电（记者 周岷）记者从重庆市生态环境局获悉，长江干流重庆段水质连续多年保持优良。\n"
    assert parse_page(banner + wire)[0].source == "新华社"
    closing = (
        "大昌古镇夜游开放\n\n近日，大昌古镇夜游项目正式对外开放，每晚推出灯影戏、山歌对唱等演出。（巫山县融媒体中心）\n"
    )
    assert parse_page(banner + closing)[0].source == "巫山县融媒体中心"


def test_a_contributors_byline_line_leaves_the_source_to_the_paper():
    page = "重庆日报 2025年6月18日 星期三\n\n走村不漏户\n\n綦江区融媒体中心 吴长飞\n\n这些天，社区党总支书记穿行在干净整洁的小区里，看着居民们怡然自得的生活场景，心中很欣慰。\n"
    assert parse_page(page)[0].source == "重庆日报"


def test_a_web_pages_publisher_beside_its_time_stamp_or_as_a_parent_of_its_app_is_the_source():
    stamped = "花田乡梯田迎来丰收\n第1眼新闻  2023-09-18\n\n9月中旬，花田乡的万亩梯田迎来丰收，游客纷纷前来体验打谷子，村里的农家乐也住满了客人。\n"
    assert parse_page(stamped)[0].source == "第1眼新闻"
    app = "岚天乡避暑客订单排到8月\n2024-07-02 08:31:16 来源: 华龙网-新重庆客户端\n\n入伏以来，岚天乡的气温比山下低了七八度，避暑客的订单已经排到8月中旬，接待户门前停满了外地车牌。\n"
    assert parse_page(app)[0].source == "华龙网"


def test_a_district_papers_banner_is_not_evidence_of_what_its_articles_are_about():
    page = "第4版 区县新闻\n彭水县融媒体中心 2024年12月10日 星期二\n\n" + COLUMN_FILLER.replace(
        "江边的渔业码头", "永川区江边的渔业码头"
    )
    [article] = analyse_bytes(page.encode(), __import__("pathlib").Path("page.txt")).articles
    assert article.parsed.source == "彭水县融媒体中心"
    assert article.primary == ["永川区"]
