"""Keep the search index in step with the database: work off the debt the database records.

Every change to an article writes an `IndexDebt` row in the same transaction (articles.signals, and
the importer for its bulk writes). Whatever writes the index calls `drain()`: it indexes the owed
articles that are published, removes the others, and deletes the rows only after the index has
them. A crash anywhere leaves rows behind, and the next drain (the next import, `manage.py
sync_index`, the worker that `make serve` runs beside the web server) finishes the work.

Only one process drains at a time (a file lock beside the index): two drainers could otherwise
write an article's older state after its newer one. A busy index writer is waited for, with
back-off, and never skipped.
"""

import contextlib
import fcntl
import logging
import multiprocessing
import os
import queue
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.db import connections as databases
from haystack import connections

from articles.models import Article, IndexDebt
from cqportal.processes import die_with_parent

logger = logging.getLogger(__name__)

BATCH = 500
PREFIX = "articles.article."


def _lock_errors() -> tuple[type[Exception], ...]:
    from whoosh.index import LockError

    errors: list[type[Exception]] = [LockError]
    with contextlib.suppress(ImportError):  # the Xapian wheel exists for Linux only
        import xapian

        errors.append(xapian.DatabaseLockError)
    return tuple(errors)


LOCK_ERRORS = _lock_errors()


def _index():
    return connections["default"].get_unified_index().get_index(Article)


def _retrying(action, *args):
    """Run an index write, waiting with back-off while another process holds the writer."""
    delay, deadline = 0.05, time.monotonic() + settings.INDEX_LOCK_WAIT_SECONDS
    while True:
        try:
            return action(*args)
        except LOCK_ERRORS:
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def update(article_ids, progress=None) -> int:
    """Bring these articles' index entries in line with the database: index the published ones,
    remove the rest (hidden, deleted). Returns how many were indexed.

    `progress(done, total)` is called after each batch."""
    index, backend = _index(), connections["default"].get_backend()
    ids = sorted(set(article_ids))
    indexed = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        shown = list(index.index_queryset().filter(pk__in=chunk))
        if shown:
            _retrying(backend.update, index, shown)
        gone = sorted(set(chunk) - {a.pk for a in shown})
        if gone:
            _retrying(backend.remove_many, [f"{PREFIX}{pk}" for pk in gone])
        indexed += len(shown)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return indexed


def _retrying_locked(action):
    """Run a database write, waiting while another process holds SQLite's write lock.

    An import holds it for a batch of files at a time and takes it again at once; SQLite's own busy
    timeout can miss the short moments between its transactions. The index already has what the rows
    owe, so deleting them a little later is harmless; giving up would fail the import's indexer."""
    delay, deadline = 0.05, time.monotonic() + settings.INDEX_LOCK_WAIT_SECONDS
    while True:
        try:
            return action()
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def _drain_lock(wait: bool):
    path = Path(connections["default"].options["PATH"])
    lock_file = path.with_name(path.name + ".drain-lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def owed() -> int:
    return IndexDebt.objects.count()


def drain(progress=None, wait: bool = True) -> int:
    """Work off the whole index debt; returns how many articles' entries were written.

    With wait=False it returns 0 at once when another process is draining."""
    if getattr(connections["default"].get_backend(), "read_only", False):
        raise ImproperlyConfigured("this host reads a copy of the search index: drain it on the index host")
    done = 0
    with _drain_lock(wait) as held:
        if not held:
            return 0
        while rows := list(IndexDebt.objects.order_by("pk").values_list("pk", "article_id")[:BATCH]):
            ids = {article_id for _, article_id in rows}
            update(ids)
            # Exactly the rows read: a change recorded meanwhile has rows of its own, drained next.
            _retrying_locked(IndexDebt.objects.filter(pk__in=[pk for pk, _ in rows]).delete)
            done += len(ids)
            if progress:
                progress(done)
    return done


@dataclass
class Comparison:
    published: int
    indexed: int
    missing: list[int]  # published, not in the index
    extra: list[int]  # in the index, not published

    @property
    def in_step(self) -> bool:
        return not self.missing and not self.extra


def compare() -> Comparison:
    """What the index holds against what the database publishes (for operators and tests)."""
    held = {int(i.removeprefix(PREFIX)) for i in connections["default"].get_backend().identifiers()}
    published = set(_index().index_queryset().values_list("pk", flat=True))
    return Comparison(len(published), len(held), sorted(published - held), sorted(held - published))


def stale_layout() -> str | None:
    """Why the index's documents are not what this code writes and its searches read, or None.

    Xapian's documents say which layout wrote them (articles.search_backends.xapian.SCHEMA_VERSION);
    an index written by an older one needs a full rebuild, not a drain."""
    backend = connections["default"].get_backend()
    if not hasattr(backend, "schema_version"):
        return None
    from articles.search_backends.xapian import SCHEMA_VERSION

    found = backend.schema_version()
    if found == SCHEMA_VERSION:
        return None
    return f"the search index was written with layout {found or 1}, this code writes and reads layout {SCHEMA_VERSION}"


class IndexingFailed(Exception):
    pass


class BackgroundIndexer:
    """Drains the index debt in a second process while an import goes on committing files.

    The import's main process is busy with the database and the index writer is single-threaded:
    in a process of its own, indexing runs on another core instead of after the import. It reads
    only committed rows, so it is used when the import commits file by file (not inside an outer
    transaction, as in tests). It dies with its parent; whatever it had not drained stays owed.

        with BackgroundIndexer(progress) as indexer:
            ...  # import; call indexer.poll() now and then to report progress
        indexer.indexed  # articles indexed
    """

    POLL_SECONDS = 0.2

    def __init__(self, progress=None):
        self.progress = progress
        self.indexed = 0
        self.failure: str | None = None
        self._next_poll = 0.0

    def __enter__(self):
        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._results = context.Queue()
        databases.close_all()  # the child must open connections of its own, never share these
        self._process = context.Process(target=self._run, args=(os.getpid(),), name="cqportal-indexer", daemon=True)
        self._process.start()
        return self

    def poll(self) -> None:
        """Report progress. A failed or dead indexer never stops the import (the database is the
        truth, and what the index owes stays recorded): it is raised when the import is done.

        Looks at most once a POLL_SECONDS: the importer calls it for every file, and asking the
        queue and the process cost more than skipping an unchanged file."""
        if (now := time.monotonic()) < self._next_poll:
            return
        self._next_poll = now + self.POLL_SECONDS
        while self.failure is None and not self._results.empty():  # output belongs to this process
            self._handle(self._results.get())
        if self.failure is None and not self._process.is_alive() and self._results.empty():
            self.failure = f"the indexing process ended unexpectedly (exit code {self._process.exitcode})"

    def __exit__(self, exc_type, exc, tb):
        self._stop.set()
        if exc_type is not None:
            self._process.join(timeout=0)
            return False
        while self.failure is None and self._handle(self._next_result()) == "progress":
            pass
        self._process.join()
        if self.failure is not None:
            raise IndexingFailed(self.failure)
        return False

    # Never wait on a process that has died (killed, out of memory): say so instead of hanging.
    def _next_result(self):
        while True:
            try:
                return self._results.get(timeout=1)
            except queue.Empty:
                if not self._process.is_alive() and self._results.empty():
                    return ("failed", f"the indexing process ended unexpectedly (exit code {self._process.exitcode})")

    def _handle(self, message) -> str:
        kind, value = message
        if kind == "failed":
            self.failure = value
        elif kind == "progress" and self.progress:
            self.progress(value)
        if kind != "failed":
            self.indexed = value
        return kind

    def _run(self, parent: int):
        die_with_parent()
        try:
            self._results.put(("done", self._drain_until_stopped(parent)))
        except BaseException:  # handed to the parent, which raises it: nothing is swallowed
            self._results.put(("failed", traceback.format_exc()))
        finally:
            databases.close_all()

    def _drain_until_stopped(self, parent: int) -> int:
        indexed = 0

        def report(done):
            self._results.put(("progress", indexed + done))

        while True:
            stopping = self._stop.is_set()  # read first: after the stop, one last drain picks up the rest
            indexed += drain(progress=report)
            if stopping or os.getppid() != parent:
                return indexed
            self._stop.wait(self.POLL_SECONDS)
