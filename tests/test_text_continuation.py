"""E-paper articles kept whole: news leads, pieces continued down the page, sub-heads between a lead and its
signature, prose lines that hold furniture words. Hand-written page snippets."""

from articles.text.continuation import is_onward_mark, is_rest_mark
from articles.text.parse import parse_page


def _holding(articles, text):
    holders = [a for a in articles if text in a.plain_text]
    assert len(holders) == 1, f"{text!r} is in {len(holders)} articles"
    return holders[0]


# A lead hard-wrapped in a narrow column: its first line is short and names a reporter.
NARROW_LEAD = """第3版 区县新闻

青杠街道新修三座便民桥
本报讯（记者 龙江 通讯
员 何丽）汛期前，青杠街道
在三条溪沟上新修了三座便
民桥，附近村民出行不再绕
道。街道负责人介绍，便民桥
由村民议事会选址，全部按
照防洪标准建设。

村民张大爷说，以前雨天只
能绕行五六里路，现在几分
钟就能过河，方便多了。街
道还在桥头装了路灯和护栏
夜里过桥也不用再摸黑了。
"""


def test_a_news_leads_first_line_is_prose_not_a_headline_or_a_byline():
    articles = parse_page(NARROW_LEAD)
    assert len(articles) == 1
    assert articles[0].plain_text.startswith("本报讯（记者 龙江 通讯员 何丽）汛期前")
    assert articles[0].title == "青杠街道新修三座便民桥"


# The rest of an article printed at the foot of the page, after another article.
CONTINUED = """梨花村办起乡村夜市
本报讯（记者 唐琳）入夏以来，梨花村每到周末傍晚便热闹起来，村里利用闲置的晒坝办起了乡村夜市。

夜市由村集体统一规划摊位，村民可以免费摆摊，出售自家种的水果、蔬菜和手工点心。

（下转第5版）


城南小学新建塑胶操场
城南小学的新塑胶操场日前投入使用，学生们终于告别了下雨天满脚泥的日子。

学校还在操场边修建了风雨长廊，方便学生在雨天开展课间活动。

（上接第3版）

如今夜市每晚吸引游客上千人，摊主们每月能增收两三千元，梨花村的名气也越来越响。

记者 唐琳
"""


def test_the_rest_after_a_continuation_mark_joins_the_piece_broken_off_and_stays_in_reading_order():
    articles = parse_page(CONTINUED)
    assert len(articles) == 2
    market = _holding(articles, "梨花村每到周末傍晚")
    assert "如今夜市每晚吸引游客上千人" in market.plain_text
    assert market.plain_text.index("夜市由村集体统一规划") < market.plain_text.index("如今夜市每晚")
    assert market.title == "梨花村办起乡村夜市"
    assert "唐琳" in market.byline
    school = _holding(articles, "新塑胶操场")
    assert "夜市" not in school.plain_text


def test_continuation_marks_are_read_in_their_printed_forms():
    assert all(is_onward_mark(m) for m in ["（下转第5版）", "(下转5版)", "下轉第12版"])
    assert all(is_rest_mark(m) for m in ["（上接第3版）", "（上接1版）", "上接第2版"])
    assert not is_onward_mark("上接第3版") and not is_rest_mark("（下转第5版）")


# Two long sections with few words in common, a lone sub-head between: the lead and the signature
# below name the same reporter, so it is one article.
SIGNED = """温泉小镇迎来冬季旅游旺季
本报讯（记者 冯雪）入冬以来，北山温泉小镇的酒店入住率一直保持在九成以上，周末更是一房难求。镇上新修的步道串起了五家温泉酒店和两处古寺，游客可以一路泡汤一路赏景。今年小镇还推出了温泉加民宿的套票，吸引了不少外地家庭。


老茶馆里听评书

老街上的茶馆保留着说评书的老传统，每天下午两点开场，台下坐满了喝盖碗茶的老人。茶馆老板说，这门手艺传了三代人，现在年轻人也爱来听，有时还要提前占座。

本报记者 冯雪
"""


def test_a_sub_head_between_a_lead_and_a_signature_naming_the_same_reporter_splits_nothing():
    articles = parse_page(SIGNED)
    assert len(articles) == 1
    assert "老茶馆里听评书" in articles[0].plain_text


# A wrapped prose line that holds an advert's word (定价) and one that finishes a bracket (the byline's
# last character) belong to their paragraphs.
PROSE_WITH_AD_WORDS = """果农自己定价卖脐橙
本报讯（记者 夏雨）今年果农不再等收购商上门，而是自己分级、
自己定价，好果子能卖出好价钱，果农也更愿意在品质上下功
夫了。（开州区融媒体中心 记者 邓永
强）


另一则短讯的标题
另一则短讯说的是城北新开了一家社区食堂，老人吃饭每餐只要八元，每天中午都坐满了人。
"""


def test_prose_lines_holding_furniture_words_or_a_brackets_end_stay_in_their_paragraph():
    articles = parse_page(PROSE_WITH_AD_WORDS)
    assert len(articles) == 2
    oranges = _holding(articles, "自己分级")
    assert "好果子能卖出好价钱" in oranges.plain_text
    assert "社区食堂" not in oranges.plain_text


def test_a_closing_byline_broken_over_lines_stays_with_its_paragraph():
    # The column wrap breaks the bracketed byline twice; its middle line alone reads as a byline, its last as a heading.
    page = """温泉镇老街修缮完工

近日，温泉镇老街风貌修
缮工程完工，沿街七十多
栋民居完成屋面翻修和木
作加固，春节期间计划举
办年俗活动。（开州区
融媒体中心 记者 邓永
强）


大昌古镇夜游项目开放

近日，大昌古镇夜游项目
正式对外开放，古镇城门
和老街沿线增设了景观照
明，每晚推出灯影戏。
（巫山县融媒体中心）
"""
    first, second = parse_page(page)
    assert first.byline == "开州区融媒体中心 记者 邓永强"
    assert first.plain_text.endswith("春节期间计划举办年俗活动。（开州区融媒体中心 记者 邓永强）")  # kept as printed
    assert second.title == "大昌古镇夜游项目开放"
    assert "（巫山县融媒体中心）" in second.plain_text  # a credit the page prints never vanishes


def test_a_headline_printed_under_a_pieces_onward_mark_is_that_pieces_headline():
    # The onward mark is the piece's last line, not furniture between the text and the headline set under it.
    page = """本报讯（记者 周立）5月8日，巴南区木
洞镇第五届河鲜美食节在长江边开幕，
二十多家餐馆摆出河鲜宴，吸引上万名
游客品尝。

（下转第6版）

木洞河鲜节开幕 万人江边尝鲜


界石镇新建三座口袋公园

近日，界石镇三座口袋公园建成开放，
园内设有健身步道和儿童游乐设施，方
便周边居民休闲。
"""
    filler = "\n".join(["另一篇文章的正文每一行都一样宽直到", "这里结束了它的最后一句话的收尾。", ""] * 6)
    articles = parse_page(filler + "\n" + page)
    fair = _holding(articles, "河鲜宴")
    assert fair.title == "木洞河鲜节开幕 万人江边尝鲜"
    assert _holding(articles, "口袋公园建成").title == "界石镇新建三座口袋公园"
