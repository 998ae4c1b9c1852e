"""Wire the text pipeline to the models: never a half-written file, natural keys, corrections kept.

Files are written a batch at a time, one transaction per batch and a savepoint per file: a file
that fails rolls back to its savepoint (nothing of it is kept) and the others of the batch commit.
A file whose bytes are those of its last import, and whose articles nobody changed since, is
neither analysed nor written: re-importing a collection reads and hashes it, and skips.

The importer never renders and never parses by itself: articles.text does the reading,
this module decides what to create, update, leave alone or delete, and says how many. Which files
and under which key: page_files.py; new articles' rows in a few queries: bulk_rows.py.
"""

import datetime as dt
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from articles import editing
from articles.bulk_rows import create_articles
from articles.import_workers import analysers
from articles.models import Article, DeletedArticle, District, IndexDebt, Page, SiteRevision, Source, Topic
from articles.page_files import collect_files, file_key, key_problem, printable
from articles.text.chinese import fold
from articles.text.gazetteer import DISTRICT_BY_NAME
from articles.text.pipeline import AnalysedFile, TaggedArticle, file_digest
from articles.text.segment import similarity

logger = logging.getLogger(__name__)

M2M_FIELDS = ("primary_districts", "mentioned_districts", "topics")
CHANGE_REASON = editing.IMPORT
# Files per transaction. A commit costs more than writing a small file's rows; the background
# indexer sees a batch once it commits, so a batch stays well under a second of work.
BATCH_FILES = 64


@dataclass
class FileResult:
    path: str
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: int = 0  # gone from the file, but kept because an editor corrected them
    suppressed: int = 0  # in the file, but deleted by an editor: not brought back
    error: str = ""


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    changed_ids: set[int] = field(default_factory=set)
    removed_ids: set[int] = field(default_factory=set)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files if not f.error)

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def ok(self) -> bool:
        return not self.failures


class ImportAborted(Exception):
    """Raised inside a dry run's transaction so that nothing it did is kept."""


def _written_since_revision() -> bool:
    latest = Page.objects.aggregate(latest=Max("imported_at"))["latest"]
    return latest is not None and latest > SiteRevision.current().changed_at


class Importer:
    def __init__(
        self,
        dry_run: bool = False,
        progress: Callable[[int, int, FileResult], None] | None = None,
        workers: int | None = None,
        issue_date: dt.date | None = None,
        skip_unchanged: bool = True,
        recount: bool = True,
    ):
        self.dry_run = dry_run
        # False when an editor's action imports files within its own transaction and recounts what it touched.
        self.recount = recount
        self.issue_date = issue_date
        self.progress = progress
        self.workers = workers
        # Keyed by slug, which the gazetteer and the URLs share: editors may rename a district.
        self.districts = {d.slug: d for d in District.objects.all()}
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.sources: dict[str, Source] = {}
        self.skip_unchanged = skip_unchanged

    def run(self, paths: Iterable[str | Path]) -> ImportReport:
        report = ImportReport()
        files, skipped = collect_files(paths)
        total = len(files) + len(skipped)
        for number, (path, reason) in enumerate(skipped, start=1):
            report.files.append(result := FileResult(printable(path), error=reason))
            if self.progress:
                self.progress(number, total, result)
        self._number, self._total = len(skipped), total
        folders: dict[str, str] = {}
        max_bytes = settings.IMPORT_MAX_FILE_BYTES
        with analysers(len(files), self.workers, self.issue_date, max_bytes) as analyse:
            # The next batch is handed to the workers before this one is written: they keep analysing
            # while the database is written.
            pending: deque = deque()
            for start in range(0, len(files), BATCH_FILES):
                batch = [(path, file_key(path, folders)) for path in files[start : start + BATCH_FILES]]
                unchanged = self._unchanged(batch)
                pending.append((batch, unchanged, analyse([p for p, key in batch if key not in unchanged])))
                if len(pending) > 1:
                    self._write_batch(*pending.popleft(), report)
            while pending:
                self._write_batch(*pending.popleft(), report)
        # A new revision recounts the stored district and topic counts. Also when nothing changed this
        # time but a file was written after the last revision: an earlier import ended (crashed) before
        # recounting. Recounting every time would cost seconds at a million articles.
        if not self.dry_run and (report.changed_ids or report.removed_ids or _written_since_revision()):
            SiteRevision.bump(recount=self.recount)
        return report

    def _unchanged(self, batch: list[tuple[Path, str]]) -> dict[str, FileResult]:
        """The files of the batch that need nothing: the same bytes as at their last import, and no
        article of theirs changed since (an editor's save or released correction must be re-applied).

        An editor's deletion needs nothing (the tombstone keeps the article out), nor does a changed
        gazetteer (`import_articles --reread` re-analyses every file). A given issue date re-reads
        every file: the dates it gives are not in the stored hash."""
        if not self.skip_unchanged or self.issue_date is not None:
            return {}
        stored = (
            Page.objects.filter(path__in=[printable(key) for _, key in batch])
            .values("path")  # grouped by the page's columns asked for, not all of them (its whole text)
            .annotate(articles_count=Count("articles"), last_change=Max("articles__updated_at"))
            .filter(Q(last_change__isnull=True) | Q(last_change__lte=F("imported_at")))
        )
        # Plain rows, and no dates to convert: a model instance a page cost more than the query.
        pages = {path: row for path, *row in stored.values_list("path", "content_hash", "articles_count")}
        max_bytes = settings.IMPORT_MAX_FILE_BYTES
        unchanged = {}
        for path, key in batch:
            page = pages.get(printable(key))
            if page is not None and file_digest(path, max_bytes) == page[0]:
                unchanged[key] = FileResult(printable(key), articles=page[1], unchanged=page[1])
        return unchanged

    def _write_batch(self, batch, unchanged: dict, analysed: Iterator[AnalysedFile], report: ImportReport) -> None:
        with transaction.atomic():
            todo = {key: next(analysed) for _, key in batch if key not in unchanged}
            written = self._write_new_pages(todo, report)
            for _, key in batch:
                result = unchanged.get(key) or written.get(key) or self.import_file(todo[key], report, key)
                report.files.append(result)
                self._number += 1
                if self.progress:
                    self.progress(self._number, self._total, result)

    def _write_new_pages(self, todo: dict[str, AnalysedFile], report: ImportReport) -> dict[str, FileResult]:
        """Write the files of a batch that no import has stored yet all together, in one savepoint: a
        page and its articles cost a dozen queries, the same for one article as for five, and most
        files of a first import are new. Should anything of it fail, it is rolled back and the caller
        writes each file on its own, so that the file at fault is the only one left out and says why."""
        new = {key: item for key, item in todo.items() if not item.error and not key_problem(key)}
        if self.dry_run or not new:
            return {}
        stored = _stored_pages(list(new))
        new = {key: item for key, item in new.items() if key not in stored}
        results = {key: FileResult(key) for key in new}
        try:
            with transaction.atomic():
                pages = Page.objects.bulk_create(
                    Page(path=k, content_hash=a.digest, raw_text=a.text, encoding=a.encoding) for k, a in new.items()
                )
                deleted = _Tombstones.of_pages(list(new))
                to_create = []
                for page, (key, item) in zip(pages, new.items(), strict=True):
                    result, tombstones = results[key], deleted[key]
                    to_create += self._sync_articles(page, True, item.articles, result, set(), set(), tombstones)
                changed = create_articles(to_create)
                Page.objects.filter(pk__in=[page.pk for page in pages]).update(imported_at=timezone.now())
                IndexDebt.record(changed)
        except Exception as exc:  # not lost: each file is written again on its own, and a fault there is reported
            logger.info("writing %d new files together failed (%s); writing them one by one", len(new), exc)
            self.sources.clear()  # rolled back with the rest
            return {}
        report.changed_ids.update(changed)
        return results

    def import_file(self, analysed: AnalysedFile, report: ImportReport, key: str | None = None) -> FileResult:
        """Write one analysed file in a transaction of its own, or a savepoint of the caller's."""
        key = key or file_key(analysed.path)
        result = FileResult(printable(key), error=analysed.error or key_problem(key))
        if result.error:
            return result
        changed: set[int] = set()
        removed: set[int] = set()
        try:
            with transaction.atomic():
                page, created = self._save_page(result.path, analysed)
                # Read in the file's transaction (an indexed lookup): an editor may delete during a long import.
                deleted = _Tombstones.of_pages([page.path])[page.path]
                to_create = self._sync_articles(page, created, analysed.articles, result, changed, removed, deleted)
                changed.update(create_articles(to_create))
                # Stamped after its articles: an article changed later than this was changed by someone
                # else, and the file is read again next time even though its bytes are the same.
                Page.objects.filter(pk=page.pk).update(imported_at=timezone.now())
                # The index owes these changes from the moment they commit, and not before.
                IndexDebt.record(changed | removed)
                if self.dry_run:
                    raise ImportAborted
        except ImportAborted:
            self.sources.clear()  # rolled back with the rest
            return result
        except Exception as exc:  # one file's fault must not stop the others; it is reported, not hidden
            logger.exception("importing %s failed", result.path)
            self.sources.clear()
            return FileResult(result.path, error=f"could not be saved ({exc.__class__.__name__}: {exc})")
        report.changed_ids |= changed
        report.removed_ids |= removed
        return result

    def _save_page(self, key: str, analysed: AnalysedFile) -> tuple[Page, bool]:
        page, created = Page.objects.get_or_create(
            path=key,
            defaults={"content_hash": analysed.digest, "raw_text": analysed.text, "encoding": analysed.encoding},
        )
        if not created and page.content_hash != analysed.digest:
            page.content_hash, page.raw_text, page.encoding = analysed.digest, analysed.text, analysed.encoding
            page.save()
        return page, created

    def _sync_articles(self, page, created, tagged, result, changed, removed, deleted) -> list:
        """Update and delete the page's stored articles; returns the new ones, for create_articles."""
        existing = [] if created else list(page.articles.prefetch_related(*M2M_FIELDS))
        # A page may print the same article twice (a repeat, a teaser of the full text): the
        # copies have one fingerprint, and are one article.
        unique = {item.fingerprint: item for item in reversed(tagged)}
        tagged = [item for item in tagged if unique.get(item.fingerprint) is item]
        matched: set[int] = set()
        to_create = []
        result.articles = len(tagged)
        for position, item in enumerate(tagged):
            if deleted.covers(item):
                result.suppressed += 1
                continue
            article = _match(item, position, [a for a in existing if a.pk not in matched])
            values, relations = self._values(item, position)
            if article is None:
                to_create.append((Article(page=page, **values), relations))
            else:
                matched.add(article.pk)
                if _apply(article, values, relations):
                    result.updated += 1
                    changed.add(article.pk)
                else:
                    result.unchanged += 1
        for article in existing:
            if article.pk in matched:
                continue
            if article.corrected_fields:
                result.kept += 1
                continue
            removed.add(article.pk)
            article._change_reason = CHANGE_REASON
            article.delete()
            result.deleted += 1
        result.created = len(to_create)
        return to_create

    def _values(self, item: TaggedArticle, position: int) -> tuple[dict, dict]:
        parsed = item.parsed
        values = {
            "position": position,
            "start": parsed.start,
            "end": parsed.end,
            "fingerprint": item.fingerprint,
            "title": parsed.title[:200],
            "kicker": parsed.kicker[:200],
            "subtitle": parsed.subtitle[:300],
            "byline": parsed.byline[:200],
            "body": parsed.body_text,
            "published": parsed.published,
            "date_basis": parsed.date_basis,
            "source": self._source(parsed.source),
            "title_derived": parsed.title_derived,
        }
        relations = {
            "primary_districts": [self.districts[DISTRICT_BY_NAME[n].slug] for n in item.primary],
            "mentioned_districts": [self.districts[DISTRICT_BY_NAME[n].slug] for n in item.mentioned],
            "topics": [self.topics[s] for s in item.topics],
        }
        return values, relations

    def _source(self, name: str) -> Source | None:
        if not name:
            return None
        if name not in self.sources:  # keyed by the name as printed too: folding costs more than the lookup
            key = fold(name)
            if key not in self.sources:
                self.sources[key], _ = Source.objects.get_or_create(key=key, defaults={"name": name})
            self.sources[name] = self.sources[key]
        return self.sources[name]


def _stored_pages(keys: list[str]) -> set[str]:
    return set(Page.objects.filter(path__in=keys).values_list("path", flat=True))


def _match(tagged: TaggedArticle, position: int, candidates: list[Article]) -> Article | None:
    """The stored article this parsed one is: same fingerprint, else same title, else same place and text."""
    item = tagged.parsed
    for article in candidates:
        if article.fingerprint == tagged.fingerprint:
            return article
    if not item.title_derived:
        for article in candidates:
            if fold(article.title) == fold(item.title) and not article.title_derived:
                return article
    for article in candidates:
        if article.position == position and similarity(article.body, item.body_text) >= 0.5:
            return article
    return None


class _Tombstones:
    """The articles of one page that editors deleted: matched on fingerprint, or on the title when
    the page's text has changed since (a derived title is only the first sentence, so not that)."""

    def __init__(self, rows: list[tuple[str, str, bool]]):
        self.fingerprints = {fingerprint for fingerprint, _, _ in rows}
        self.titles = {fold(title) for _, title, derived in rows if not derived}

    @classmethod
    def of_pages(cls, page_paths: list[str]) -> dict[str, "_Tombstones"]:
        """Each page's tombstones, in one query."""
        rows: dict[str, list] = {path: [] for path in page_paths}
        found = DeletedArticle.objects.filter(page_path__in=page_paths)
        for path, *row in found.values_list("page_path", "fingerprint", "title", "title_derived"):
            rows[path].append(row)
        return {path: cls(page_rows) for path, page_rows in rows.items()}

    def covers(self, tagged: TaggedArticle) -> bool:
        if tagged.fingerprint in self.fingerprints:
            return True
        item = tagged.parsed
        return bool(self.titles) and not item.title_derived and fold(item.title[:200]) in self.titles


def _apply(article: Article, values: dict, relations: dict) -> bool:
    """Bring the article up to date, leaving alone every field an editor corrected.

    One save, one history record and one new version for the fields and the tags together."""
    fields = [n for n, v in values.items() if n not in article.corrected_fields and getattr(article, n) != v]
    tags = {
        name: objects
        for name, objects in relations.items()
        if name not in article.corrected_fields
        and {o.pk for o in getattr(article, name).all()} != {o.pk for o in objects}
    }
    if not fields and not tags:
        return False
    for name in fields:
        setattr(article, name, values[name])
    with editing.without_history(article):
        article.save()
        for name, objects in tags.items():
            getattr(article, name).set(objects)
    editing.record_edit(article, CHANGE_REASON)
    return True
