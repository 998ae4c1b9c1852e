"""Publication dates: what a page prints, what an import is told, and what is only an event's date.

A page prints its date in many ways: a web metadata line (发布时间：2025年12月09日15:09, 时间:2024-04-12
14:43:36, 03-05 12:02:23 来源:…, 日期: 2024-11-11), a newspaper page header (2024年7月4日 星期四), a
dateline with a year at the start of a lead. A date without a year (03-05, 8月5日, 昨日) is read only
when the import knows the issue's date (`import_articles --date`, or a date in the folder or file
name): it is then the latest such day on or before the issue. A date the article narrates as its
event (a 党史 column's "1946年8月6日 中共四川省委……") is not a publication date.
"""

import datetime as dt
import re

from articles.text.chinese import fold

_FULL_RES = (
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
)
# A month and day with no year: 03-05 12:02, 3月5日, 12/09.
_PARTIAL_RES = (
    re.compile(r"(?<![\d年/.-])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?=\s+\d{1,2}:\d{2})"),
)
_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
_RELATIVE_RE = re.compile("|".join(_RELATIVE))
# A date in a folder or file name: 2024-07-04/, 20240704.txt, cq_2024_07_04.txt (not inside a longer
# run of letters and digits, so a hash such as 501c68980ab1 is never read as one).
_PATH_RE = re.compile(r"(?<![0-9A-Za-z])(?P<y>(?:19|20)\d{2})[-_.]?(?P<m>\d{2})[-_.]?(?P<d>\d{2})(?![0-9A-Za-z])")


def _make(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def full_date(text: str) -> dt.date | None:
    """The first full calendar date (with a year) in the text."""
    for rx in _FULL_RES:
        for match in rx.finditer(text):
            if found := _make(match["y"], match["m"], match["d"]):
                return found
    return None


def printed_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    """The date a line prints: a full date, else (given the issue's date) a month and day or 昨日."""
    text = fold(text)
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
