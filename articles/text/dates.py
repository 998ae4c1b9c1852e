"""Publication dates: what a page prints, what an import is told, and what is only an event's date.

A page prints its date in many ways: a web metadata line (发布时间：2025年12月09日15:09, 时间:2024-04-12
14:43:36, 03-05 12:02:23 来源:…, 日期: 2024-11-11), a newspaper page header (2024年7月4日 星期四), a
dateline with a year at the start of a lead. A date without a year (03-05, 8月5日, 昨日) is read only
when the import knows the issue's date (`import_articles --date`, or a date in the folder or file
name): it is then the latest such day on or before the issue. A date the article narrates as its
event (a 党史 column's "1946年8月6日 中共四川省委……") is not a publication date.

Digits may be printed full-width (２０２４年７月４日) or as Chinese numerals (二〇二四年七月四日); both are
read as the same date.
"""

import datetime as dt
import re

from articles.text.chinese import HAN, fold

_FULL_RES = (
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
)
# A month and day with no year: 03-05 12:02, 3月5日, 12/09.
_PARTIAL_RES = (
    re.compile(r"(?<![\d年/.-])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?=\s+\d{1,2}:\d{2})"),
)
# Full-width digits and separators (typeset pages, some CMS templates) read as ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
_HAN_DIGIT = dict(zip("〇○零一二三四五六七八九", (0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_HAN_NUMBER = "〇○零一二三四五六七八九十廿卅"
# 二〇二四年七月四日 · 二○二四年十二月三十一日: a year digit by digit, month and day as numbers.
_HAN_DATE_RE = re.compile(
    rf"(?P<y>[{_HAN_NUMBER[:12]}]{{4}})\s*年\s*(?P<m>[{_HAN_NUMBER}]{{1,2}})\s*月\s*(?P<d>[{_HAN_NUMBER}]{{1,3}})\s*日"
)
_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
_RELATIVE_RE = re.compile("|".join(_RELATIVE))
# A date in a folder or file name: 2024-07-04/, 20240704.txt, cq_2024_07_04.txt (not inside a longer
# run of letters and digits, so a hash such as 501c68980ab1 is never read as one).
_PATH_RE = re.compile(r"(?<![0-9A-Za-z])(?P<y>(?:19|20)\d{2})[-_.]?(?P<m>\d{2})[-_.]?(?P<d>\d{2})(?![0-9A-Za-z])")


_DATE_FORM = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
_CLOCK = r"(?:T|\s*)\d{1,2}:\d{2}(?::\d{2})?"
_WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
# A publisher named beside its date on a web page (中国新闻网 2025-01-08 17:45, 2024-04-18 新华网): the
# endings of the publishers' names in the labelled corpus, so a headline (历史上的今天 1926年9月5日) is none.
_PUBLISHER = rf"[{HAN}A-Za-z0-9]{{1,16}}(?:网|报|社|台|中心|新闻|发布|客户端|频道|政府|局|委|TV)"
_SEPARATOR = r"[\s|｜丨]+"
_DATE_LINE_RE = re.compile(
    rf"^[（(【\[]?\s*(?:(?P<before>{_PUBLISHER}){_SEPARATOR})?(?P<date>{_DATE_FORM})(?:{_CLOCK})?"
    rf"(?P<weekday>\s*{_WEEKDAY})?(?:{_SEPARATOR}(?P<after>{_PUBLISHER}))?\s*[）)】\]]?$"
)


def date_line(line: str) -> dt.date | None:
    """The date of a line that prints nothing but a date: 2024年7月4日 星期四, （2024.07.04）, 2024-07-04T09:15,
    or a publisher and its date (中国新闻网 2025-01-08 17:45). A publisher with a weekday is a newspaper's
    page banner (重庆日报 2024年7月4日 星期四), which is page furniture, not an article's date line."""
    match = _DATE_LINE_RE.match(normalise_digits(fold(line.strip())))
    if not match or (match["weekday"] and (match["before"] or match["after"])):
        return None
    return full_date(match["date"])


def _make(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _han_number(text: str) -> int | None:
    """十二 → 12, 二十一 → 21, 廿一 → 21, 卅 → 30, 四 → 4 (a month's or a day's number)."""
    text = text.replace("廿", "二十").replace("卅", "三十")
    tens, _, units = text.rpartition("十")
    if "十" in text:
        if "十" in tens or len(tens) > 1 or len(units) > 1:
            return None
        return (_HAN_DIGIT[tens] if tens else 1) * 10 + (_HAN_DIGIT[units] if units else 0)
    return _HAN_DIGIT[text] if len(text) == 1 else None


def _han_date(match: re.Match) -> str:
    year = "".join(str(_HAN_DIGIT[c]) for c in match["y"])
    month, day = _han_number(match["m"]), _han_number(match["d"])
    if month is None or day is None:
        return match.group()
    return f"{year}年{month}月{day}日"


def normalise_digits(text: str) -> str:
    """Full-width digits and Chinese-numeral dates as ASCII digits, so one set of patterns reads them all."""
    text = text.translate(_FULL_WIDTH)
    return _HAN_DATE_RE.sub(_han_date, text) if "年" in text else text


def full_date(text: str) -> dt.date | None:
    """The first full calendar date (with a year) in the text."""
    text = normalise_digits(text)
    for rx in _FULL_RES:
        for match in rx.finditer(text):
            if found := _make(match["y"], match["m"], match["d"]):
                return found
    return None


def printed_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    """The date a line prints: a full date, else (given the issue's date) a month and day or 昨日."""
    text = normalise_digits(fold(text))
    if found := full_date(text):
        return found
    if reference is None:
        return None
    for rx in _PARTIAL_RES:
        for match in rx.finditer(text):
            if found := _latest_on_or_before(int(match["m"]), int(match["d"]), reference):
                return found
    if match := _RELATIVE_RE.search(text):
        return reference - dt.timedelta(days=_RELATIVE[match.group()])
    return None


def _latest_on_or_before(month: int, day: int, reference: dt.date) -> dt.date | None:
    for year in (reference.year, reference.year - 1):
        found = _make(year, month, day)
        if found and found <= reference:
            return found
    return None


def date_in_path(parts) -> dt.date | None:
    """An issue date named by the file or one of its folders, the nearest first."""
    for part in reversed(list(parts)):
        for match in _PATH_RE.finditer(part):
            if found := _make(match["y"], match["m"], match["d"]):
                return found
    return None


def narrated(date: dt.date, lead: str) -> bool:
    """True when the article's own first words tell that day as its event (a history column)."""
    return full_date(fold(lead)[:20]) == date
