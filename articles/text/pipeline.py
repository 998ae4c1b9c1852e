"""The pure half of an import: a file's bytes in, its articles with their tags out.

No database here, so many files can be analysed in worker processes while the importer writes
(articles/import_workers.py starts them).
"""

import datetime as dt
import hashlib
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from articles.text.dates import date_in_path
from articles.text.decode import PageError, decode_page
from articles.text.parse import ParsedArticle, parse_page
from articles.text.tagging import tag_districts
from articles.text.topics import tag_topics

logger = logging.getLogger(__name__)

# A page dump is tens of kilobytes; settings.IMPORT_MAX_FILE_BYTES overrides this default.
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class TaggedArticle:
    parsed: ParsedArticle
    primary: list[str]
    mentioned: list[str]
    topics: list[str]
    # ParsedArticle.fingerprint folds and hashes the whole body each time it is read: computed
    # once here, in the worker, instead of four times in the importer's one process.
    fingerprint: str = ""

    def __post_init__(self):
        self.fingerprint = self.fingerprint or self.parsed.fingerprint


@dataclass
class AnalysedFile:
    path: Path
    error: str = ""
    digest: str = ""
    text: str = ""
    encoding: str = ""
    articles: list[TaggedArticle] = field(default_factory=list)


def analyse_file(path: Path, issue_date: dt.date | None = None, max_bytes: int = MAX_FILE_BYTES) -> AnalysedFile:
    """`issue_date`: the date the import was given (--date), else one named by the file's path."""
    try:
        data = read_page_file(path, max_bytes)
    except PageError as exc:
        return AnalysedFile(path, error=str(exc))
    except OSError as exc:
        return AnalysedFile(path, error=f"cannot read the file: {exc.strerror or exc}")
    return analyse_bytes(data, path, issue_date)


def analyse_bytes(data: bytes, path: Path, issue_date: dt.date | None = None) -> AnalysedFile:
    """What analyse_file does once the file is read: the quality benchmark calls it on generated pages."""
    try:
        text, encoding = decode_page(data)
    except PageError as exc:
        return AnalysedFile(path, error=str(exc))
    try:
        articles = [_tagged(item) for item in parse_page(text, issue_date or date_in_path(path.parts))]
    except Exception as exc:  # a fault on one page must not stop the import of the others (it says why)
        logger.exception("analysing %s failed", path)
        return AnalysedFile(path, error=f"the page could not be analysed ({exc.__class__.__name__}: {exc})")
    if not articles:
        return AnalysedFile(path, error="no article found in the page")
    return AnalysedFile(path, digest=hashlib.sha256(data).hexdigest(), text=text, encoding=encoding, articles=articles)


def _tagged(item: ParsedArticle) -> TaggedArticle:
    headline = " ".join([item.kicker, item.title, item.subtitle])
    districts = tag_districts(headline, item.body_text, item.byline, "" if item.source_from_page else item.source)
    return TaggedArticle(item, districts.primary, districts.mentioned, tag_topics(headline, item.body_text))


def read_page_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing what is not a regular file or is bigger than max_bytes.

    The file is opened without blocking and checked on the open descriptor: a FIFO would
    otherwise wait for a writer forever, and /dev/zero would be read until memory runs out.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise PageError(f"not a regular file ({_file_type(status.st_mode)})")
        size = status.st_size
        if size > max_bytes:
            raise PageError(f"the file is {size:,} bytes, over the limit of {max_bytes:,} (IMPORT_MAX_FILE_BYTES)")
        data = _read_up_to(fd, max_bytes + 1, size + 1)  # it may have grown since
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise PageError(f"the file is over the limit of {max_bytes:,} bytes (IMPORT_MAX_FILE_BYTES)")
    return data


def _read_up_to(fd: int, limit: int, expected: int) -> bytes:
    """At most `limit` bytes, asking first for the size the file had: a buffered read of `limit`
    bytes set aside the whole limit (megabytes) for every small file."""
    parts, total = [], 0
    while total < limit and (chunk := os.read(fd, min(limit - total, max(expected - total, 1 << 16)))):
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def file_digest(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """The SHA-256 of the file's bytes, as analyse_file stores it; None when it cannot be read
    (analyse_file then says why)."""
    try:
        return hashlib.sha256(read_page_file(path, max_bytes)).hexdigest()
    except (PageError, OSError):
        return None
