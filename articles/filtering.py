"""What a filtered list says about its filters: a heading naming them, and a remove link for each."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.http import QueryDict

from articles.querystring import removing

# The heading names places first, then topics, the source and the time: "渝中区 · 住房与城市更新 · 2022年".
HEADING_ORDER = ("district", "region", "topic", "source")


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_query: str  # the query string without this filter (and without a page number)


def day(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def date_phrase(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return f"{start.year}年"
        return f"{day(start)}至{day(end)}"
    if start:
        return f"{day(start)}以后"
    return f"{day(end)}以前" if end else ""


def _names(value) -> list[str]:
    """A model instance (region, source) or several (a queryset or list of districts or topics)."""
    if value is None:
        return []
    if isinstance(value, models.Model):
        return [str(value)]
    return [str(v) for v in value]


def heading(filters: dict, fixed: dict | None = None) -> str:
    """The page's fixed place or topic and the query string's filters, in one line."""
    combined = {**filters, **(fixed or {})}
    parts = ["、".join(_names(combined.get(field))) for field in HEADING_ORDER]
    parts.append(date_phrase(combined.get("date_from"), combined.get("date_to")))
    return " · ".join(p for p in parts if p) or "全部文章"


def active_filters(filters: dict, query: QueryDict) -> list[ActiveFilter]:
    """One entry per value in use, each with the query string that drops just it."""
    active = []
    for district in filters.get("district", []):
        active.append(ActiveFilter(district.name, removing(query, "district", district.slug)))
    if region := filters.get("region"):
        active.append(ActiveFilter(region.name, removing(query, "region")))
    for topic in filters.get("topic", []):
        active.append(ActiveFilter(topic.name, removing(query, "topic", topic.slug)))
    if source := filters.get("source"):
        active.append(ActiveFilter(f"来源：{source.name}", removing(query, "source")))
    if start := filters.get("date_from"):
        active.append(ActiveFilter(f"{day(start)}起", removing(query, "date_from")))
    if end := filters.get("date_to"):
        active.append(ActiveFilter(f"至{day(end)}", removing(query, "date_to")))
    return active
