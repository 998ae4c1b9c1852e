"""Keep the search index in step with the database, in batches, after transactions commit."""

import multiprocessing
import queue
import traceback

from django.db import connections as databases
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


class IndexingFailed(Exception):
    pass


class BackgroundIndexer:
    """Indexes committed articles in a second process while an import goes on writing the next ones.

    The import's main process is busy with the database and the index writer is single-threaded:
    in a process of its own, indexing runs on another core instead of after the import. It reads
    only committed rows, so it is used when the import commits file by file (not inside an outer
    transaction, as in tests).

        with BackgroundIndexer(progress) as indexer:
            ...  # indexer.submit(changed_ids, removed_ids) after each commit
        indexer.indexed  # articles indexed
    """

    def __init__(self, progress=None):
        self.progress = progress
        self.indexed = 0

    def __enter__(self):
        context = multiprocessing.get_context("fork")
        # Bounded, so that a slow index holds the import back instead of piling up ids in memory.
        self._queue = context.Queue(maxsize=200)
        self._results = context.Queue()
        databases.close_all()  # the child must open connections of its own, never share these
        self._process = context.Process(target=self._run, name="cqportal-indexer", daemon=True)
        self._process.start()
        return self

    def submit(self, changed_ids, removed_ids=()) -> None:
        if changed_ids or removed_ids:
            self._put((sorted(changed_ids), sorted(removed_ids)))
        while not self._results.empty():  # report progress here, in the process that owns the output
            self._handle(self._results.get())

    def __exit__(self, exc_type, exc, tb):
        self._put(None)
        self._queue.close()
        while self._handle(self._next_result()) == "progress":
            pass
        self._process.join()
        return False

    # Never wait on a process that has died (killed, out of memory): say so instead of hanging.
    def _put(self, item) -> None:
        while True:
            try:
                return self._queue.put(item, timeout=1)
            except queue.Full:
                self._check_alive()

    def _next_result(self):
        while True:
            try:
                return self._results.get(timeout=1)
            except queue.Empty:
                self._check_alive()

    def _check_alive(self) -> None:
        if not self._process.is_alive() and self._results.empty():
            raise IndexingFailed(f"the indexing process ended unexpectedly (exit code {self._process.exitcode})")

    def _handle(self, message) -> str:
        kind, value = message
        if kind == "failed":
            self._process.join()
            raise IndexingFailed(value)
        if kind == "progress" and self.progress:
            self.progress(value)
        self.indexed = value
        return kind

    def _run(self):
        try:
            self._results.put(("done", self._drain()))
        except BaseException:  # handed to the parent, which raises it: nothing is swallowed
            self._results.put(("failed", traceback.format_exc()))
        finally:
            databases.close_all()

    def _drain(self) -> int:
        changed, removed, indexed = [], [], 0
        while (item := self._queue.get()) is not None:
            changed += item[0]
            removed += item[1]
            if len(changed) >= BATCH:
                indexed += update(changed, removed)
                changed, removed = [], []
                self._results.put(("progress", indexed))
        if changed or removed:
            indexed += update(changed, removed)
        return indexed
