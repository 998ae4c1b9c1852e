"""The pure half of an import: a file's bytes in, its articles with their tags out.

No database here, so many files can be analysed in worker processes while the importer writes.
"""

import hashlib
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from articles.text.decode import PageError, decode_page
from articles.text.parse import ParsedArticle, parse_page
from articles.text.tagging import tag_districts
from articles.text.topics import tag_topics
from articles.text.words import tokenizer

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


def analyse_file(path: Path) -> AnalysedFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return AnalysedFile(path, error=f"cannot read the file: {exc.strerror or exc}")
    return analyse_bytes(data, path)


def analyse_bytes(data: bytes, path: Path) -> AnalysedFile:
    """What analyse_file does once the file is read: the quality benchmark calls it on generated pages."""
    try:
        text, encoding = decode_page(data)
    except PageError as exc:
        return AnalysedFile(path, error=str(exc))
    articles = []
    for item in parse_page(text):
        headline = " ".join([item.kicker, item.title, item.subtitle])
        districts = tag_districts(headline, item.body_text, item.byline)
        articles.append(
            TaggedArticle(item, districts.primary, districts.mentioned, tag_topics(headline, item.body_text))
        )
    if not articles:
        return AnalysedFile(path, error="no article found in the page")
    return AnalysedFile(path, digest=hashlib.sha256(data).hexdigest(), text=text, encoding=encoding, articles=articles)


def analyse_files(files: list[Path], workers: int | None = None) -> Iterator[AnalysedFile]:
    """Analyses in file order; in worker processes when there are many files and more than one core."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(files) < PARALLEL_FROM:
        yield from map(analyse_file, files)
        return
    tokenizer()  # build jieba's dictionary once; forked workers share it
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(analyse_file, files, chunksize=4)
