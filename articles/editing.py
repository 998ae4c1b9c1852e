"""What an editor's action changed, and its one history record.

Shared by the admin's form, its bulk actions, revert and restore, and by the importer's updates:
a field counts as changed only when its meaning changed, and each action writes exactly one
history record (simple-history would write one for the save and more for every tag change).
"""

import re
from contextlib import contextmanager

from articles.models import ARTICLE_HISTORY, Article

TEXT_FIELDS = ("title", "kicker", "subtitle", "byline", "body")
M2M_FIELDS = ("primary_districts", "mentioned_districts", "topics")

# The reasons a history record gives, one per kind of action.
IMPORT = "导入"
CORRECTION = "后台更正"
BULK = "批量"
REVERT = "还原"
RELEASE = "交还"
DELETE = "删除"
RESTORE = "恢复"

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def normalise_text(value: str) -> str:
    """Line endings as the importer stores them: browsers post a textarea's lines ending in CRLF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def text_meaning(value: str | None) -> tuple[str, ...]:
    """What a text says, whitespace aside: its paragraphs, each without spaces or line breaks.

    Line endings, spaces, indentation and the number of blank lines between paragraphs are not
    meaning; where one paragraph ends and the next begins is (the body keeps the page's structure).
    """
    paragraphs = _BLANK_LINE.split(normalise_text(value or ""))
    return tuple(text for text in ("".join(p.split()) for p in paragraphs) if text)


def comparable(name: str, value):
    """A field's value in a form that compares by meaning: ids for tags, text by what it says."""
    if name in M2M_FIELDS:
        return frozenset(getattr(obj, "pk", obj) for obj in value)
    if name in TEXT_FIELDS:
        return text_meaning(value)
    if name == "source":
        return getattr(value, "pk", value)
    return value


def stored_values(article: Article, names=Article.CORRECTABLE) -> dict:
    """The article's current values of the named correctable fields, comparable()."""
    values = {}
    for name in names:
        if name in M2M_FIELDS:
            values[name] = frozenset(getattr(article, name).values_list("pk", flat=True)) if article.pk else frozenset()
        elif name == "source":
            values[name] = article.source_id
        else:
            values[name] = comparable(name, getattr(article, name))
    return values


@contextmanager
def without_history(article: Article):
    """Save the article and change its tags without simple-history's record for each step."""
    article.skip_history_when_saving = True
    try:
        yield article
    finally:
        del article.skip_history_when_saving


def record_edit(article: Article, reason: str, user=None) -> None:
    """The one history record of an action, written once its fields and tags are all saved."""
    article._change_reason = reason
    if user is not None:
        article._history_user = user
    ARTICLE_HISTORY.create_historical_record(article, "~")


def same_text(a: str | None, b: str | None) -> bool:
    return text_meaning(a) == text_meaning(b)
