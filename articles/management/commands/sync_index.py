import signal
import time

from django.core.management.base import BaseCommand, CommandError

from articles import counts, indexing
from articles.models import IndexDebt, SiteRevision


class Command(BaseCommand):
    help = (
        "Bring the search index in step with the database: work off what the index owes (changes "
        "recorded with every save, import and delete, including those a crash left), then compare."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--follow", action="store_true", help="keep working off new changes (the worker beside the web server)"
        )
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks with --follow")
        parser.add_argument(
            "--repair",
            action="store_true",
            help="also compare every article with the index and fix what differs (reads the whole index), "
            "and count every region's, district's and topic's articles again",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only compare (the index and the stored counts); exit non-zero when out of step",
        )

    def handle(self, *args, follow, interval, repair, check, verbosity, **options):
        self.verbosity = verbosity
        if check:
            return self._check()
        if repair:
            found = indexing.compare()
            IndexDebt.record([*found.missing, *found.extra])
            self._say(f"repair: {len(found.missing)} missing and {len(found.extra)} extra articles owed", 1)
            # An article changed where no editor's action recounted (a shell, a data fix) leaves counts stale.
            self._say(f"repair: stored counts {'were stale, counted again' if counts.recount() else 'right'}", 1)
        if follow:
            return self._follow(interval)
        done = indexing.drain(progress=lambda n: self._say(f"search index: {n} articles", 2))
        if done:
            SiteRevision.bump(recount=False)  # writing the index changes no stored count
        self._say(f"search index: {done} owed articles written", 1)
        if repair:
            self._check()

    def _follow(self, interval: float) -> None:
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self._say(f"following index changes every {interval:g} s", 1)
        while not stopping:
            # Another process draining (an import) is left to it: look again next time.
            if done := indexing.drain(wait=False):
                SiteRevision.bump(recount=False)  # cached pages follow what readers can find
                self._say(f"search index: {done} articles written", 1)
            time.sleep(interval)

    def _check(self) -> None:
        if stale := indexing.stale_layout():
            raise CommandError(f"{stale}: run `manage.py rebuild_index`")
        found = indexing.compare()
        owed = indexing.owed()
        self._say(
            f"published: {found.published}; indexed: {found.indexed}; missing: {len(found.missing)}; "
            f"extra: {len(found.extra)}; owed: {owed}",
            1,
        )
        stale = counts.recount(write=False)
        self._say(f"stored counts: {'stale' if stale else 'right'}", 1)
        if stale:
            raise CommandError("stored article counts differ from a fresh count; run `manage.py sync_index --repair`")
        if not found.in_step:
            raise CommandError(
                f"the index is out of step with the database (missing {found.missing[:10]}, extra "
                f"{found.extra[:10]}); run `manage.py sync_index --repair`"
            )

    def _say(self, line: str, level: int) -> None:
        if self.verbosity >= level:
            self.stdout.write(line)
