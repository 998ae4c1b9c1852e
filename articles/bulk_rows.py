"""New articles written in a handful of queries: the articles and their history through the ORM,
their tag rows and the tags' history as plain rows."""

import functools

from django.db import connection

from articles.editing import IMPORT, M2M_FIELDS
from articles.models import Article


def create_articles(pairs: list[tuple[Article, dict]]) -> list[int]:
    """Create new articles, their tags and their first history records in a handful of queries.

    The articles and their history records go through the ORM (one of each per article); the tag
    rows and their history, about fifteen per article, are written as plain rows: building a model
    instance for each cost more than the rest of the file's writes."""
    if not pairs:
        return []
    articles = Article.objects.bulk_create([article for article, _ in pairs])
    manager = _history()
    history = manager.bulk_history_create(articles, default_change_reason=IMPORT)
    history_of = {h.id: h.pk for h in history}
    historical_m2m = manager.model._meta
    for name in M2M_FIELDS:
        through = getattr(Article, name).through
        target = next(f for f in through._meta.fields if f.is_relation and f.related_model is not Article)
        rows = [
            (article.pk, obj.pk)
            for article, (_, relations) in zip(articles, pairs, strict=True)
            for obj in relations[name]
        ]
        if not rows:
            continue
        ids = _insert_returning_ids(through, ["article", target.name], rows)
        if history:
            m2m_history = historical_m2m.get_field(f"historicalarticle_{name}").related_model
            records = [
                (pk, article_id, history_of[article_id], obj_id)
                for pk, (article_id, obj_id) in zip(ids, rows, strict=True)
            ]
            _insert(m2m_history, ["id", "article", "history", target.name], records)
    return [article.pk for article in articles]


@functools.cache
def _history():
    """Article.history: simple-history builds a new manager class on every access (~1 ms)."""
    return Article.history


ROWS_PER_INSERT = 300  # well under SQLite's limit of variables in one statement


def _columns(model, names: list[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    return quote(model._meta.db_table), columns


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    table, columns = _columns(model, names)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _insert_returning_ids(model, names: list[str], rows: list[tuple]) -> list[int]:
    """Insert the rows and return their new ids in order, as bulk_create does (RETURNING, in SQLite
    since 3.35 and in PostgreSQL; Django relies on the same order of the returned rows)."""
    if not connection.features.can_return_rows_from_bulk_insert:
        objects = model.objects.bulk_create(
            [model(**{f"{n}_id": v for n, v in zip(names, row, strict=True)}) for row in rows]
        )
        return [obj.pk for obj in objects]
    table, columns = _columns(model, names)
    row_marks = "(" + ", ".join(["%s"] * len(names)) + ")"
    pk = connection.ops.quote_name(model._meta.pk.column)
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start : start + ROWS_PER_INSERT]
            values = ", ".join([row_marks] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}",
                [value for row in chunk for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids
