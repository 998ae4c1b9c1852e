"""Keep the search index in step with the database, in batches, after transactions commit."""

from haystack import connections
from haystack.exceptions import NotHandled

from articles.models import Article

BATCH = 500


def _index():
    try:
        return connections["default"].get_unified_index().get_index(Article)
    except NotHandled:  # pragma: no cover - only when the index is not registered
        return None


def update(changed_ids, removed_ids=(), progress=None) -> int:
    """Index the changed articles and drop the removed or hidden ones: one writer per batch.

    `progress(done, total)` is called after each batch."""
    index = _index()
    if index is None:
        return 0
    backend = connections["default"].get_backend()
    changed_ids = sorted(set(changed_ids))
    visible = index.index_queryset().filter(pk__in=changed_ids)
    shown = set(visible.values_list("pk", flat=True))
    for start in range(0, len(changed_ids), BATCH):
        chunk = [pk for pk in changed_ids[start : start + BATCH] if pk in shown]
        if chunk:
            backend.update(index, list(visible.filter(pk__in=chunk)))
            if progress:
                progress(min(start + BATCH, len(changed_ids)), len(changed_ids))
    gone = set(removed_ids) | (set(changed_ids) - shown)
    for pk in sorted(gone):
        backend.remove(f"articles.article.{pk}")
    return len(shown)
