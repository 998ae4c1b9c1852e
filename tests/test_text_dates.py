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
