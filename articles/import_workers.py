"""The import's analysis in worker processes: text/pipeline.py's pure per-file functions, run in a pool
while the importer's one process writes the database."""

import datetime as dt
import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from articles.text.pipeline import MAX_FILE_BYTES, AnalysedFile, analyse_file
from articles.text.words import tokenizer
from cqportal.processes import die_with_parent

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 16


@contextmanager
def analysers(
    expected: int,
    workers: int | None = None,
    issue_date: dt.date | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[Callable[[Iterable[Path]], Iterator[AnalysedFile]]]:
    """A function that analyses files, yielding them in order: in worker processes when `expected`
    files are many and there is more than one core. One pool serves every call, so a caller can
    hand it the next batch of files while it still reads the results of the previous one."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    analyse = functools.partial(analyse_file, issue_date=issue_date, max_bytes=max_bytes)
    if workers <= 1 or expected < PARALLEL_FROM:
        yield lambda files: map(analyse, files)
        return
    pools = []

    def in_workers(files: Iterable[Path]) -> Iterator[AnalysedFile]:
        files = list(files)
        if not files:  # a re-import that skips every file never pays for jieba and the workers
            return iter(())
        if not pools:
            tokenizer()  # build jieba's dictionary once; forked workers share it
            pools.append(multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent))
        return pools[0].imap(analyse, files, chunksize=4)

    try:
        yield in_workers
    finally:
        for pool in pools:
            pool.terminate()  # what Pool's context manager does
