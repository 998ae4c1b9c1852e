"""Publication dates: every date a page prints is read; an event's date is not a publication date."""

import datetime as dt
from pathlib import Path

import pytest

from articles.text import dates
from articles.text.decode import decode_page
from articles.text.parse import ISSUE, PRINTED, parse_page

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ISSUE_DAY = dt.date(2024, 7, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("發佈時間:2022-02-11 16:57:04", "2022-02-11"),
        ("发布时间：2025年12月09日15:09", "2025-12-09"),
        ("时间:2024-04-12 14:43:36", "2024-04-12"),
        ("发布日期:2019-11-20", "2019-11-20"),
        ("日期: 2024-11-11", "2024-11-11"),
        ("2023年05月06日 10:20", "2023-05-06"),
        ("8月5日，风正巴渝网", None),
        ("2023年2月30日", None),
    ],
)
def test_printed_dates_need_a_year_unless_the_issue_date_is_known(text, expected):
    found = dates.printed_date(text)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-05 12:02:23 来源:渝北发布", "2024-03-05"),
        ("8月5日，记者从区里获悉", "2023-08-05"),  # after the issue's day this year: last year's
        ("7月4日电", "2024-07-04"),
        ("７月３日电", "2024-07-03"),  # full-width digits
        ("昨日，记者在现场看到", "2024-07-03"),
        ("前天下午", "2024-07-02"),
        ("没有日期的一行", None),
    ],
)
def test_an_issue_date_reads_dates_printed_without_a_year(text, expected):
    found = dates.printed_date(text, ISSUE_DAY)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("pages/2024-07-04/a01.txt", "2024-07-04"),
        ("pages/cq_20240704.txt", "2024-07-04"),
        ("2023/2024_07_04/page.txt", "2024-07-04"),
        ("seeds/000_501c68980ab1efa4.txt", None),  # digits inside a hash are no date
        ("pages/20241304.txt", None),
    ],
)
def test_a_date_in_the_folder_or_file_name_is_the_issue_date(path, expected):
    found = dates.date_in_path(Path(path).parts)
    assert (found.isoformat() if found else None) == expected


def test_a_history_columns_event_day_is_not_the_publication_date():
    text, _ = decode_page((SEEDS / "004_2dc130b566ac99f6.txt").read_bytes())
    history = next(a for a in parse_page(text) if "劳协" in a.title)
    assert history.published is None
    assert all(a.published is None or a.published.year > 2000 for a in parse_page(text))


WEB_PAGE = """首页 > 区县新闻

渝北这个老旧小区完成改造 居民出行更方便

03-05 12:02:23 来源:渝北发布

本报讯（记者 张敏）近日，渝北区双龙湖街道一个建成二十多年的老旧小区完成改造，新增停车位八十余个，
加装电梯六部，社区还在小区入口修建了便民服务站，居民办事不用再跑远路。

改造过程中，街道先后组织了十余次居民议事会，把群众最关心的问题列入清单，逐项落实，
改造完成后小区环境焕然一新，居民满意度明显提升。

责任编辑：李华
"""


def test_an_import_told_the_issue_date_reads_a_year_less_metadata_line():
    (article,) = parse_page(WEB_PAGE, issue_date=dt.date(2024, 3, 6))
    assert (article.published, article.date_basis) == (dt.date(2024, 3, 5), PRINTED)
    (undated,) = parse_page(WEB_PAGE)
    assert (undated.published, undated.date_basis) == (None, "")


def test_articles_that_print_no_date_take_the_issue_date_marked_as_such():
    text, _ = decode_page((SEEDS / "000_501c68980ab1efa4.txt").read_bytes())
    articles = parse_page(text, issue_date=ISSUE_DAY)
    assert {(a.published, a.date_basis) for a in articles} == {(ISSUE_DAY, ISSUE)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２０２４年７月４日", "2024-07-04"),  # full-width digits
        ("发布时间：２０２４－０７－０４ ０９：１５", "2024-07-04"),
        ("二〇二四年七月四日", "2024-07-04"),  # Chinese numerals
        ("二○二四年十二月三十一日 星期二", "2024-12-31"),
        ("二〇二四年十月廿一日", "2024-10-21"),
        ("二〇二四年二月三十日", None),  # no such day
    ],
)
def test_full_width_and_chinese_numeral_dates_are_read(text, expected):
    found = dates.printed_date(text)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("中国新闻网  2025年01月08日 17:45", "2025-01-08"),
        ("丰都县融媒体中心 2023-07-21 09:26", "2023-07-21"),
        ("中國新聞網 2024-04-15", "2024-04-15"),
        ("2024-04-18 16:05 新华网", "2024-04-18"),
        ("2024-07-04T09:15:00", "2024-07-04"),
        ("（2024年7月4日）", "2024-07-04"),
        ("二〇二四年七月四日 星期四", "2024-07-04"),
        ("重庆日报 2024年7月4日 星期四", None),  # a paper's page banner: furniture, not an article's date line
        ("历史上的今天 1926年9月5日", None),  # a history column's headline, not a publisher
        ("1898年3月10日：杨闇公诞生于四川潼南县", None),
    ],
)
def test_a_line_printing_only_a_date_perhaps_beside_its_publisher_is_a_date_line(line, expected):
    found = dates.date_line(line)
    assert (found.isoformat() if found else None) == expected


LEAD = "区里新建的社区食堂正式开门营业，老人凭卡就餐可享受八折优惠，每天供应早中晚三餐，菜品二十余种。"
MORE = "食堂由街道提供场地，引入专业餐饮企业运营，价格由社区居民议事会商定，开业首周已接待老人两千余人次。"


def test_a_publisher_and_date_line_under_the_headline_dates_the_article_and_stays_out_of_the_title():
    page = f"首页 > 区县新闻\n\n社区食堂开进老小区 老人吃饭不用愁\n华龙网  2024-07-04 09:15\n\n{LEAD}\n\n{MORE}\n"
    (article,) = parse_page(page)
    assert (article.title, article.published, article.date_basis) == (
        "社区食堂开进老小区 老人吃饭不用愁",
        ISSUE_DAY,
        PRINTED,
    )


def test_a_date_line_printed_below_the_body_dates_the_article():
    page = f"社区食堂开进老小区 老人吃饭不用愁\n\n{LEAD}\n\n{MORE}\n\n（记者 张敏）\n2024.07.04\n\n责任编辑：李华\n"
    (article,) = parse_page(page)
    assert (article.published, article.date_basis) == (ISSUE_DAY, PRINTED)


PAPER_PAGE = """第3版 区县新闻
{banner}

长寿湖畔建起渔文化馆

长寿区首个渔文化展示馆日前在长寿湖畔开馆，馆内陈列传统渔具三百余件，
讲述湖区渔民世代以湖为生的故事，开馆当天吸引了不少市民和游客前来参观。

记者 王静


綦江农民版画走进校园

綦江区把农民版画课程引入二十余所中小学校，由版画传承人每周到校授课，
学生们用刻刀描绘家乡的山水和农事，作品还将在区文化馆集中展出。

记者 李明
"""


@pytest.mark.parametrize(
    "banner", ["2024年7月4日 星期四", "二〇二四年七月四日 星期四", "重庆日报 ２０２４年７月４日 星期四 第3版"]
)
def test_a_page_banner_without_or_with_the_papers_name_dates_every_article_on_the_page(banner):
    articles = parse_page(PAPER_PAGE.format(banner=banner))
    assert [(a.published, a.date_basis) for a in articles] == [(ISSUE_DAY, PRINTED)] * 2


def test_a_dateline_with_a_year_is_printed_and_goes_before_the_issue_date():
    page = f"社区食堂开进老小区 老人吃饭不用愁\n\n新华社重庆2024年7月3日电 {LEAD}\n\n{MORE}\n"
    (article,) = parse_page(page, issue_date=ISSUE_DAY)
    assert (article.published, article.date_basis) == (dt.date(2024, 7, 3), PRINTED)
