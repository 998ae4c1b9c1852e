"""Whatever a page shows moves the site revision when it changes, however it was changed.

Districts, regions, topics and sources appear on every list page, filter and feed: saving or
deleting one outside the article admin (its own admin page, a shell) must not leave cached pages
stale until PAGE_CACHE_SECONDS pass.
"""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from articles.models import District, Region, SiteRevision, Source, Topic

SHOWN_ON_PAGES = (District, Region, Source, Topic)


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
    for model in SHOWN_ON_PAGES:
        post_save.connect(revision_moves, sender=model, dispatch_uid=f"revision-{model.__name__}-save")
        post_delete.connect(revision_moves, sender=model, dispatch_uid=f"revision-{model.__name__}-delete")
