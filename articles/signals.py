"""Receivers that keep what follows the database in step with it, however a change was made.

- Every change to an article records, in its own transaction, that the search index owes an
  update (articles.indexing drains it). The importer records its bulk writes itself (bulk_create
  sends no signals); these catch an editor's save, delete or tag change, a shell session, a data fix.
- Districts, regions, topics and sources appear on every list page, filter and feed: saving or
  deleting one outside the article admin (its own admin page, a shell) moves the site revision, so
  cached pages do not stay stale until PAGE_CACHE_SECONDS pass.
"""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models import Article, District, IndexDebt, Region, SiteRevision, Source, Topic

SHOWN_ON_PAGES = (District, Region, Source, Topic)
TAGS = (Article.primary_districts.through, Article.mentioned_districts.through, Article.topics.through)


def article_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        IndexDebt.record([instance.pk])


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    # Tags are changed from the article's side only: simple-history's m2m tracking cannot record a
    # change made from a district's or topic's side, so nothing here needs to cover it.
    if not reverse and action.startswith("post_"):
        IndexDebt.record([instance.pk])


def _bump() -> None:
    SiteRevision.bump()


def revision_moves(sender, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    # Once per transaction (or savepoint), after it commits: a file that brings several new
    # sources bumps once, not once each (a bump recounts every district and topic).
    level = set(connection.savepoint_ids)
    if not any(func is _bump and ids == level for ids, func, _ in connection.run_on_commit):
        transaction.on_commit(_bump)


def connect() -> None:
    post_save.connect(article_changed, sender=Article, dispatch_uid="index-debt-save")
    post_delete.connect(article_changed, sender=Article, dispatch_uid="index-debt-delete")
    for through in TAGS:
        m2m_changed.connect(tags_changed, sender=through, dispatch_uid=f"index-debt-{through.__name__}")
    for model in SHOWN_ON_PAGES:
        post_save.connect(revision_moves, sender=model, dispatch_uid=f"revision-{model.__name__}-save")
        post_delete.connect(revision_moves, sender=model, dispatch_uid=f"revision-{model.__name__}-delete")
