"""The database says what the index must hold: hidden articles leave search at once, a busy index
writer is waited for, and a crash at any point leaves a debt that the next run pays."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles import indexing
from articles.counts import recount
from articles.models import Article, IndexDebt
from tests.conftest import SEEDS
from tests.editor_forms import form_data


def hold_index_writer(engine: str, path: str):
    """Take the index's writer lock as another process (an import, rebuild_index) would; returns a release()."""
    if engine == "whoosh":
        from whoosh.index import open_dir

        writer = open_dir(path).writer()
        close = writer.cancel
    else:
        import xapian

        close = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OPEN).close
    released = threading.Lock()

    def release():
        if released.acquire(blocking=False):  # once, whichever thread gets there first
            close()

    return release


def search_titles(client, query):
    return [item["article"].title for item in client.get(reverse("search"), {"q": query}).context["items"]]


def test_an_article_hidden_while_the_index_writer_is_busy_leaves_search_at_once_and_the_index_when_free(
    admin_client, seeded, search_index, django_capture_on_commit_callbacks
):
    from haystack import connections

    search_index.refresh()
    article = Article.objects.get(title__startswith="保交楼")
    assert article.title in search_titles(admin_client, "保交楼")
    release = hold_index_writer(search_index.engine, connections["default"].options["PATH"])
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("admin:articles_article_change", args=[article.pk]), form_data(article, hidden="on")
            )
        assert response.status_code == 302
        # Gone from every public page at once, though the index still holds it.
        assert article.title not in search_titles(admin_client, "保交楼")
        assert admin_client.get(article.get_absolute_url()).status_code == 404
        assert article.pk in indexing.compare().extra
        # The drain waits for the writer instead of giving up, and removes it once the writer is free.
        threading.Timer(0.5, release).start()
        indexing.drain()
    finally:
        release()
    assert indexing.compare().in_step
    assert not IndexDebt.objects.exists()


def test_repair_finds_and_fixes_an_index_that_lost_documents(seeded, search_index):
    from haystack import connections

    search_index.refresh()
    article = Article.objects.published().first()
    connections["default"].get_backend().remove_many([f"articles.article.{article.pk}"])
    with pytest.raises(CommandError, match="out of step"):
        call_command("sync_index", check=True, verbosity=0)
    call_command("sync_index", repair=True, verbosity=0)
    assert indexing.compare().in_step


def test_every_change_to_an_article_records_a_debt_in_its_own_transaction(seeded):
    from articles.models import District

    article = Article.objects.first()
    IndexDebt.objects.all().delete()
    article.primary_districts.add(District.objects.get(name="城口县"))
    article.title = "新标题"
    article.save()
    pk = article.pk
    article.delete()
    assert set(IndexDebt.objects.values_list("article_id", flat=True)) == {pk}
    assert IndexDebt.objects.count() == 3


# A real import in a real process, killed with SIGKILL while its indexer cannot write.


def _environment(tmp_path: Path, engine: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cqportal.settings",
        "CQPORTAL_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'import.sqlite3'}",
        "SEARCH_URL": f"{engine}://{tmp_path / 'index'}",
        "CACHE_URL": "locmem://",
        "INDEX_LOCK_WAIT_SECONDS": "600",
    }
    env.pop("TEST_REDIS_URL", None)
    return env


def _manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def _descendants(pid: int) -> set[int]:
    children = {pid}
    for _ in range(3):  # the pool's workers and the indexer are children; nothing goes deeper
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) in children:
                    children.add(int(entry.name))
    return children - {pid}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("engine", ["whoosh", "xapian"])
def test_a_killed_import_leaves_no_process_behind_and_the_next_run_brings_the_index_to_the_database(tmp_path, engine):
    pages = tmp_path / "pages"
    for copy in range(30):  # 150 files, about 570 articles
        shutil.copytree(SEEDS, pages / f"issue-{copy:02d}")
    env = _environment(tmp_path, engine)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "rebuild_index", "--noinput", "-v0")
    release = hold_index_writer(engine, str(tmp_path / "index"))  # the indexer can index nothing meanwhile
    try:
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_articles", str(pages)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in importer.stdout:
            if line.startswith("[100/150]"):  # files are committed 64 at a time: the first batch is in
                break
        helpers = _descendants(importer.pid)
        assert helpers, "the import runs an indexer (and analysis workers) beside it"
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, helpers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, helpers)), "a helper process outlived the killed import"
    finally:
        release()

    checked = _manage(env, "sync_index", "--check", check=False)
    assert checked.returncode != 0 and "owed: 0" not in checked.stdout, checked.stdout + checked.stderr
    _manage(env, "import_articles", str(pages))  # nothing changed in the files: it finishes what the crash left
    checked = _manage(env, "sync_index", "--check")
    assert "missing: 0; extra: 0; owed: 0" in checked.stdout
    counts = _manage(
        env,
        "shell",
        "-c",
        "from articles.counts import recount; from articles.models import Article; print(recount(), Article.objects.count())",
    )
    stale, total = counts.stdout.split()[-2:]
    assert stale == "False" and int(total) > 500


def test_recount_says_whether_a_stored_count_was_stale(seeded):
    from articles.models import District

    assert recount() is False
    District.objects.filter(name="江北区").update(article_count=999)
    assert recount() is True
    assert District.objects.get(name="江北区").article_count != 999
