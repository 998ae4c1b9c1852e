"""The pure half of an import: a file's bytes in, its articles with their tags out.

No database here, so many files can be analysed in worker processes while the importer writes.
"""

import datetime as dt
import functools
import hashlib
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from articles.text.dates import date_in_path
from articles.text.decode import PageError, decode_page
from articles.text.parse import ParsedArticle, parse_page
from articles.text.tagging import tag_districts
from articles.text.topics import tag_topics
from articles.text.words import tokenizer
from cqportal.processes import die_with_parent

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 16


@dataclass
class TaggedArticle:
    parsed: ParsedArticle
    primary: list[str]
    mentioned: list[str]
    topics: list[str]


@dataclass
class AnalysedFile:
    path: Path
    error: str = ""
    digest: str = ""
    text: str = ""
    encoding: str = ""
    articles: list[TaggedArticle] = field(default_factory=list)


def analyse_file(path: Path, issue_date: dt.date | None = None) -> AnalysedFile:
    """`issue_date`: the date the import was given (--date), else one named by the file's path."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return AnalysedFile(path, error=f"cannot read the file: {exc.strerror or exc}")
    return analyse_bytes(data, path, issue_date)


def analyse_bytes(data: bytes, path: Path, issue_date: dt.date | None = None) -> AnalysedFile:
    """What analyse_file does once the file is read: the quality benchmark calls it on generated pages."""
    try:
        text, encoding = decode_page(data)
    except PageError as exc:
        return AnalysedFile(path, error=str(exc))
    articles = []
    for item in parse_page(text, issue_date or date_in_path(path.parts)):
        headline = " ".join([item.kicker, item.title, item.subtitle])
        districts = tag_districts(headline, item.body_text, item.byline)
        articles.append(
            TaggedArticle(item, districts.primary, districts.mentioned, tag_topics(headline, item.body_text))
        )
    if not articles:
        return AnalysedFile(path, error="no article found in the page")
    return AnalysedFile(path, digest=hashlib.sha256(data).hexdigest(), text=text, encoding=encoding, articles=articles)


def analyse_files(
    files: list[Path], workers: int | None = None, issue_date: dt.date | None = None
) -> Iterator[AnalysedFile]:
    """Analyses in file order; in worker processes when there are many files and more than one core."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(files) < PARALLEL_FROM:
        yield from (analyse_file(path, issue_date) for path in files)
        return
    tokenizer()  # build jieba's dictionary once; forked workers share it
    with multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent) as pool:
        yield from pool.imap(functools.partial(analyse_file, issue_date=issue_date), files, chunksize=4)
