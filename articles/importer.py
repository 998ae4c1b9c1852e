"""Wire the text pipeline to the models: one transaction per file, natural keys, corrections kept.

The importer never renders and never parses by itself: articles.text does the reading,
this module decides what to create, update, leave alone or delete, and says how many.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from articles.models import Article, District, Page, SiteRevision, Source, Topic
from articles.text.chinese import fold
from articles.text.decode import PageError, decode_page
from articles.text.parse import ParsedArticle, parse_page
from articles.text.segment import similarity
from articles.text.tagging import tag_districts
from articles.text.topics import tag_topics

M2M_FIELDS = ("primary_districts", "mentioned_districts", "topics")
CHANGE_REASON = "导入"


@dataclass
class FileResult:
    path: str
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: int = 0  # gone from the file, but kept because an editor corrected them
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


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and every non-hidden file below the folders named, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.parts)
            )
        else:
            files.append(path)
    return files


def page_key(path: Path) -> str:
    """How a file is named in the database: relative to the project when it lies inside it."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(resolved)


class Importer:
    def __init__(self, dry_run: bool = False, progress: Callable[[int, int, FileResult], None] | None = None):
        self.dry_run = dry_run
        self.progress = progress
        self.districts = {d.name: d for d in District.objects.all()}
        self.topics = {t.slug: t for t in Topic.objects.all()}

    def run(self, paths: Iterable[str | Path]) -> ImportReport:
        report = ImportReport()
        files = collect_files(paths)
        for number, path in enumerate(files, start=1):
            result = self.import_file(path, report)
            report.files.append(result)
            if self.progress:
                self.progress(number, len(files), result)
        if report.changed_ids or report.removed_ids:
            SiteRevision.bump()
        return report

    def import_file(self, path: Path, report: ImportReport) -> FileResult:
        result = FileResult(page_key(path) if path.exists() else str(path))
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.error = f"cannot read the file: {exc.strerror or exc}"
            return result
        try:
            text, encoding = decode_page(data)
        except PageError as exc:
            result.error = str(exc)
            return result
        parsed = parse_page(text)
        if not parsed:
            result.error = "no article found in the page"
            return result
        changed: set[int] = set()
        removed: set[int] = set()
        try:
            with transaction.atomic():
                page = self._save_page(result.path, data, text, encoding)
                self._sync_articles(page, parsed, result, changed, removed)
                if self.dry_run:
                    raise ImportAborted
        except ImportAborted:
            return result
        report.changed_ids |= changed
        report.removed_ids |= removed
        return result

    def _save_page(self, key: str, data: bytes, text: str, encoding: str) -> Page:
        digest = hashlib.sha256(data).hexdigest()
        page, created = Page.objects.get_or_create(
            path=key, defaults={"content_hash": digest, "raw_text": text, "encoding": encoding}
        )
        if not created and page.content_hash != digest:
            page.content_hash, page.raw_text, page.encoding = digest, text, encoding
            page.save()
        return page

    def _sync_articles(self, page, parsed, result, changed, removed) -> None:
        existing = list(page.articles.prefetch_related(*M2M_FIELDS))
        matched: set[int] = set()
        result.articles = len(parsed)
        for position, item in enumerate(parsed):
            article = _match(item, position, [a for a in existing if a.pk not in matched])
            values, relations = self._values(item, position)
            if article is None:
                article = Article(page=page, **values)
                article._change_reason = CHANGE_REASON
                article.save()
                for name, objects in relations.items():
                    getattr(article, name).set(objects)
                result.created += 1
                changed.add(article.pk)
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
            article.delete()
            result.deleted += 1

    def _values(self, item: ParsedArticle, position: int) -> tuple[dict, dict]:
        headline = " ".join([item.kicker, item.title, item.subtitle])
        districts = tag_districts(headline, item.body_text, item.byline)
        values = {
            "position": position,
            "start": item.start,
            "end": item.end,
            "fingerprint": item.fingerprint,
            "title": item.title[:200],
            "kicker": item.kicker[:200],
            "subtitle": item.subtitle[:300],
            "byline": item.byline[:200],
            "body": item.body_text,
            "published": item.published,
            "source": self._source(item.source),
            "title_derived": item.title_derived,
        }
        relations = {
            "primary_districts": [self.districts[n] for n in districts.primary],
            "mentioned_districts": [self.districts[n] for n in districts.mentioned],
            "topics": [self.topics[s] for s in tag_topics(headline, item.body_text)],
        }
        return values, relations

    def _source(self, name: str) -> Source | None:
        if not name:
            return None
        source, _ = Source.objects.get_or_create(key=fold(name), defaults={"name": name})
        return source


def _match(item: ParsedArticle, position: int, candidates: list[Article]) -> Article | None:
    """The stored article this parsed one is: same fingerprint, else same title, else same place and text."""
    for article in candidates:
        if article.fingerprint == item.fingerprint:
            return article
    if not item.title_derived:
        for article in candidates:
            if fold(article.title) == fold(item.title) and not article.title_derived:
                return article
    for article in candidates:
        if article.position == position and similarity(article.body, item.body_text) >= 0.5:
            return article
    return None


def _apply(article: Article, values: dict, relations: dict) -> bool:
    """Bring the article up to date, leaving alone every field an editor corrected."""
    changed = False
    for name, value in values.items():
        if name in article.corrected_fields:
            continue
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed = True
    if changed:
        article._change_reason = CHANGE_REASON
        article.save()
    for name, objects in relations.items():
        if name in article.corrected_fields:
            continue
        manager = getattr(article, name)
        if {o.pk for o in manager.all()} != {o.pk for o in objects}:
            manager.set(objects)
            changed = True
    return changed
