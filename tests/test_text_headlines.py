"""Headline lines sorted into kicker, title and subtitle, and headline blocks given to the right article."""

from articles.text.headline import arrange, is_label
from articles.text.parse import parse_page

BODY = "近日，山城区新建的三座人行天桥投用，附近居民过街不再绕行。天桥配有电梯，老人和推婴儿车的家长上下方便。"


def test_a_short_column_name_over_a_long_title_is_the_kicker():
    # The title has a comma and runs long, which alone would make it read as a lead-in.
    headline = arrange(["城市细节", "山城区三座人行天桥投用，居民过街不再绕行也不再等待红灯"], BODY)
    assert (headline.kicker, headline.title, headline.subtitle) == (
        "城市细节",
        "山城区三座人行天桥投用，居民过街不再绕行也不再等待红灯",
        "",
    )


def test_a_column_name_is_the_kicker_even_when_the_text_repeats_it():
    headline = arrange(["人行天桥", "山城区过街不再绕行"], BODY + "人行天桥人行天桥")
    assert (headline.kicker, headline.title) == ("人行天桥", "山城区过街不再绕行")


def test_labels_are_short_names_without_a_clause():
    assert is_label("对话") and is_label("城市 细节")
    assert not is_label("山城区：天桥投用") and not is_label("山城区三座人行天桥投用了")


def test_a_subject_named_before_a_colon_is_the_title_over_a_subtitle_that_repeats_the_text():
    # The second line is a fact the text repeats word for word; the first names its subject, then what it did.
    body = "山城区新建的三座人行天桥投用，附近居民过街不再绕行。三座天桥配有电梯，老人上下方便。"
    headline = arrange(["山城区：天桥修到家门口", "三座人行天桥投用 居民过街不再绕行"], body)
    assert (headline.kicker, headline.title, headline.subtitle) == (
        "",
        "山城区：天桥修到家门口",
        "三座人行天桥投用 居民过街不再绕行",
    )


def titles(page: str) -> list[str]:
    return [article.title for article in parse_page(page)]


BRIDGE = "山城区新建的三座人行天桥昨日投用，附近居民过街不再绕行。天桥配有电梯，老人和推婴儿车的家长上下都方便。"
MARKET = "山城区南坪菜市场改造完工，摊位重新划分，地面铺上了防滑砖，还增设了公平秤和休息区。摊主说生意比以前好了。"
LIBRARY = "山城区图书馆新开夜间阅览室，每晚开放到十点，周末还有亲子读书会。不少上班族下班后来这里看书。"


def test_a_headline_printed_after_its_text_and_before_its_byline_is_its_title():
    page = f"{BRIDGE}\n\n三座人行天桥投用\n记者 王小明\n\n\n菜市场改造完工\n\n{MARKET}\n"
    assert titles(page) == ["三座人行天桥投用", "菜市场改造完工"]


def test_a_headline_goes_to_the_text_it_is_printed_closer_to():
    # The first text says both headlines word for word; each stands nearer its own text.
    first = BRIDGE + "天桥下面，菜市场改造完工，图书馆新开夜间阅览室。"
    page = f"{first}\n记者 王小明\n\n\n菜市场改造完工\n\n{MARKET}\n记者 李大力\n\n\n图书馆新开夜间阅览室\n\n{LIBRARY}\n"
    assert titles(page)[1:] == ["菜市场改造完工", "图书馆新开夜间阅览室"]


def test_a_line_over_a_text_whose_headline_is_printed_after_it_is_that_headlines_kicker():
    # The page prints the headline after the text, and a short line straight over the text: a sub-head
    # divides a body and never opens it, so that line is the headline's kicker (dropped, it would vanish).
    page = (
        f"{MARKET}\n记者 王小明\n\n夜读点亮“下班后”\n\n{LIBRARY}\n\n图书馆夜间阅览室受欢迎\n\n"
        "本报讯（记者 李华）山城区新建的三座人行天桥昨日投用，附近居民过街不再绕行。天桥配有电梯，上下方便。\n"
    )
    library = parse_page(page)[1]
    assert (library.kicker, library.title) == ("夜读点亮“下班后”", "图书馆夜间阅览室受欢迎")
    assert library.plain_text.startswith("山城区图书馆新开夜间阅览室")


def column(*paragraphs: str, width: int = 12, indent: str = "　　") -> str:
    """Paragraphs hard-wrapped in a column of `width` characters, each first line set in by `indent`."""
    lines = []
    for paragraph in paragraphs:
        text = indent + paragraph
        lines += [text[i : i + width] for i in range(0, len(text), width)] + [""]
    return "\n".join(lines)


TEAHOUSE = [
    "山城区南坪老街的茶馆开了四十多年，竹椅、盖碗和老虎灶都还是老样子。七十岁的掌柜每天清晨五点生火。",
    "掌柜说，茶馆不图赚钱，图的是老邻居有个说话的地方。年轻人也常来拍照打卡，老街因此热闹了不少。",
    "街道打算把老街的几家老店连成一条步行线路，请掌柜给游客讲讲老茶馆的故事。",
]


def test_a_line_over_an_indented_paragraph_is_a_headline_not_its_first_line():
    # Wider than the column and with a comma in it, as a headline over several columns is.
    page = "专访老茶馆“掌柜”：一壶盖碗茶，守了四十年\n\n" + column(*TEAHOUSE)
    (article,) = parse_page(page)
    assert article.title == "专访老茶馆“掌柜”：一壶盖碗茶，守了四十年"
    assert article.plain_text.startswith("山城区南坪老街的茶馆开了四十多年")


MARKET_COLUMN = [
    "山城区南坪菜市场改造完工，摊位重新划分，地面铺上了防滑砖，还增设了公平秤和休息区。",
    "摊主说，改造后顾客多了，生意比以前好做，周末一早就有人排队买菜。",
]


def test_a_headline_two_blank_lines_above_another_is_not_wrapped_into_it():
    # A column jump leaves one blank line at most: two set the headline printed after its text apart.
    page = (
        column(*TEAHOUSE, indent="")
        + "记者 王小明\n\n老街茶馆四十年，掌柜每天生火\n\n\n山城区南坪菜市场改造完工了\n\n"
        + column(*MARKET_COLUMN, indent="")
    )
    assert titles(page) == ["老街茶馆四十年，掌柜每天生火", "山城区南坪菜市场改造完工了"]


def test_a_lone_line_wider_than_the_column_over_a_blank_is_a_headline():
    # Wider than the column (a headline over several columns), with a question mark inside.
    page = "第3版 区县新闻\n\n老茶馆怎么留住年轻人？掌柜答记者问\n\n" + column(*TEAHOUSE, indent="")
    (article,) = parse_page(page)
    assert article.title == "老茶馆怎么留住年轻人？掌柜答记者问"
    assert article.plain_text.startswith("山城区南坪老街的茶馆开了四十多年")


def test_a_column_name_before_a_bar_does_not_keep_a_headline_from_its_text():
    # 对话丨 names the column, not the story: weighed without it, the line printed after the text is its headline.
    page = (
        column(*TEAHOUSE, indent="")
        + "记者 王小明\n\n对话丨守着老茶馆四十年的人\n\n\n山城区南坪菜市场改造完工了\n\n"
        + column(*MARKET_COLUMN, indent="")
    )
    assert titles(page)[0] == "对话丨守着老茶馆四十年的人"


def test_a_headline_under_a_closing_byline_is_that_articles_whatever_words_it_shares():
    # Printed after the text and its byline, nearer to them than to the next article: a question shares few words.
    page = (
        "第3版 区县新闻\n\n"
        + column(*TEAHOUSE, indent="")
        + "记者 王小明\n\n老手艺怎样传下去？\n\n\n"
        + "本报讯（记者 李华）山城区南坪菜市场改造完工，摊位重新划分，地面铺上了防滑砖，还增设了公平秤。\n"
    )
    assert titles(page)[0] == "老手艺怎样传下去？"


def test_a_headline_straight_under_a_bylined_interviews_text_or_its_onward_mark_is_that_articles():
    # The byline leads the text (□记者), so none stands between the text and its headline printed after it.
    for mark in ["", "（下转第4版）\n"]:
        page = (
            "第3版 区县新闻\n\n□记者 王小明\n"
            + column(*TEAHOUSE, indent="")
            + mark
            + "\n对话老掌柜：一壶茶里的旧时光\n\n\n"
            + "本报讯（记者 李华）山城区南坪菜市场改造完工，摊位重新划分，地面铺上了防滑砖，还增设了公平秤。\n"
        )
        assert titles(page)[0] == "对话老掌柜：一壶茶里的旧时光", mark


def test_a_line_opening_with_a_column_name_before_a_bar_is_a_headline_not_a_paragraphs_first_line():
    # As wide as the column and with a comma in it, it would otherwise carry on across the blank into the text.
    page = (
        "第3版 区县新闻\n\n\n对话丨守了四十年茶馆，他想把老街的故事讲下去\n\n"
        + column(*TEAHOUSE, width=25, indent="")
        + "记者 王小明\n"
    )
    assert titles(page) == ["对话丨守了四十年茶馆，他想把老街的故事讲下去"]
