import argparse
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles import indexing
from articles.importer import FileResult, Importer


def _issue_date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Import newspaper-page text files into articles. A file is written whole or not at all: a file "
        "that cannot be read is reported and skipped, the others still import. Files unchanged since their "
        "last import are hashed and skipped. Running it again changes "
        "nothing; fields an editor corrected are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files or folders (default: seeds/)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, but write nothing")
        parser.add_argument(
            "--reread",
            action="store_true",
            help="analyse every file, also those unchanged since their last import (which are otherwise "
            "only hashed and skipped): after a change to the gazetteer or the topic rules",
        )
        parser.add_argument(
            "--date",
            type=_issue_date,
            help="the issue's date (YYYY-MM-DD): reads dates printed without a year and dates the articles "
            "that print none (marked as such); default: a date in each file's folder or name, if any",
        )

    def handle(self, *args, paths, dry_run, reread, date, verbosity, **options):
        paths = paths or [Path(settings.BASE_DIR) / "seeds"]
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(map(str, missing))}")
        self.verbosity = verbosity
        self.indexer = None
        if dry_run or connection.in_atomic_block:
            # Inside a transaction another process would not see the rows: index here, afterwards.
            importer = Importer(dry_run=dry_run, progress=self._progress, issue_date=date, skip_unchanged=not reread)
            report = importer.run(paths)
            indexed = 0 if dry_run else indexing.drain(progress=self._index_progress)
        else:
            try:
                with indexing.BackgroundIndexer(progress=self._index_progress) as self.indexer:
                    report = Importer(progress=self._progress, issue_date=date, skip_unchanged=not reread).run(paths)
            except indexing.IndexingFailed as exc:
                raise CommandError(
                    f"the articles were imported, but updating the search index failed; what it owes is "
                    f"kept in the database: run `manage.py sync_index` once the index can be written.\n{exc}"
                ) from exc
            indexed = self.indexer.indexed
        if verbosity >= 2 and not dry_run:
            self.stdout.write(f"search index: {indexed} articles updated, {len(report.removed_ids)} removed")
        self._summary(report, dry_run)
        if report.failures:
            raise CommandError(f"{len(report.failures)} of {len(report.files)} files could not be imported")

    def _progress(self, number: int, total: int, result: FileResult) -> None:
        if self.indexer:
            self.indexer.poll()
        if result.error:
            self.stderr.write(self.style.ERROR(f"[{number}/{total}] {result.path}: skipped: {result.error}"))
        elif self.verbosity >= 2 or (self.verbosity >= 1 and total > 1):
            self.stdout.write(
                f"[{number}/{total}] {result.path}: {result.articles} articles "
                f"({result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
                f"{result.deleted} deleted)"
            )

    def _index_progress(self, done: int) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"search index: {done} articles")

    def _summary(self, report, dry_run: bool) -> None:
        if self.verbosity < 1:
            return
        prefix = "Dry run, nothing written: " if dry_run else ""
        ok = len(report.files) - len(report.failures)
        line = (
            f"{prefix}{ok} files imported, {len(report.failures)} failed; articles: "
            f"{report.total('created')} created, {report.total('updated')} updated, "
            f"{report.total('unchanged')} unchanged, {report.total('deleted')} deleted"
        )
        if report.total("kept"):
            line += f", {report.total('kept')} kept because an editor corrected them"
        if not report.total("created") and not report.total("updated") and not report.total("deleted"):
            line += " (nothing changed)"
        self.stdout.write(self.style.SUCCESS(line) if report.ok else self.style.WARNING(line))
