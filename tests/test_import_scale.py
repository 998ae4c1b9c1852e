"""The importer at scale: unchanged files are hashed and skipped, files are written a batch per
transaction with a savepoint each, so one file that fails to save leaves the rest of its batch."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles import import_workers
from articles.importer import Importer
from articles.models import Article, Page

TWO_ARTICLE_PAGE = "000_501c68980ab1efa4.txt"


@pytest.fixture
def analysed(monkeypatch):
    """The files the importer analyses, in order (the real analysis runs)."""
    seen = []
    real = import_workers.analyse_file

    def counting(path, *args, **kwargs):
        seen.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(import_workers, "analyse_file", counting)
    return seen


def test_a_reimport_of_unchanged_files_analyses_none_and_reports_their_articles_unchanged(pages, analysed):
    first = Importer().run([pages])
    assert len(analysed) == 5
    analysed.clear()
    again = Importer().run([pages])
    assert analysed == []
    assert again.ok and again.total("unchanged") == first.total("created") and again.total("created") == 0


def test_only_the_changed_file_is_analysed_again(pages, analysed):
    Importer().run([pages])
    analysed.clear()
    page_file = pages / TWO_ARTICLE_PAGE
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("刘先生", "刘女士"), encoding="utf-8")
    report = Importer().run([pages])
    assert analysed == [TWO_ARTICLE_PAGE]
    assert report.total("updated") == 1


def test_an_article_changed_since_the_import_has_its_unchanged_file_read_again(pages, analysed):
    Importer().run([pages])
    analysed.clear()
    article = Page.objects.get(path__endswith=TWO_ARTICLE_PAGE).articles.first()
    article.title = "编辑改过的标题"
    article.save()  # not marked corrected: the file's title comes back
    Importer().run([pages])
    assert analysed == [TWO_ARTICLE_PAGE]
    article.refresh_from_db()
    assert article.title != "编辑改过的标题"
    analysed.clear()
    Importer().run([pages])
    assert analysed == []  # read once, then skipped again


def test_reread_and_an_issue_date_analyse_every_file(pages, analysed):
    Importer().run([pages])
    analysed.clear()
    call_command("import_articles", str(pages), "--reread", stdout=StringIO())
    assert len(analysed) == 5
    analysed.clear()
    call_command("import_articles", str(pages / TWO_ARTICLE_PAGE), "--date", "2024-07-04", stdout=StringIO())
    assert analysed == [TWO_ARTICLE_PAGE]


@pytest.fixture
def refuse_title(db):
    """The database itself refuses an article with this title (a constraint the importer cannot foresee)."""
    word = "保交楼"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TEMP TRIGGER refuse BEFORE INSERT ON articles_article "
                f"WHEN NEW.title LIKE '%{word}%' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.title LIKE '%%{word}%%' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON articles_article FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    yield word
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS refuse" + ("" if connection.vendor == "sqlite" else " ON articles_article")
        )


def test_a_file_that_fails_to_save_leaves_nothing_and_the_rest_of_its_batch_commits(pages, refuse_title):
    report = Importer().run([pages])
    assert [f.path.rsplit("/", 1)[-1] for f in report.failures] == [TWO_ARTICLE_PAGE]
    assert "could not be saved" in report.failures[0].error
    # Rolled back to its savepoint: not its page, nor its other article.
    assert not Page.objects.filter(path__endswith=TWO_ARTICLE_PAGE).exists()
    assert Page.objects.count() == 4
    assert not Article.objects.filter(title__contains=refuse_title).exists()
    assert Article.objects.count() == report.total("created") > 0


def test_a_reimport_that_changes_nothing_keeps_the_revision(pages):
    from articles.models import SiteRevision

    Importer().run([pages])
    revision = SiteRevision.current().number
    Importer().run([pages])
    assert SiteRevision.current().number == revision


def test_counts_left_behind_by_an_import_that_ended_early_are_put_right_by_the_next(pages):
    from django.utils import timezone

    from articles.models import District

    Importer().run([pages])
    yuzhong = District.objects.get(slug="yuzhong")
    right = yuzhong.article_count
    # What a crash between a committed batch and the end of the import leaves: a page written after
    # the last revision, and counts from before it.
    District.objects.filter(pk=yuzhong.pk).update(article_count=right + 7)
    Page.objects.filter(pk=Page.objects.first().pk).update(imported_at=timezone.now())
    Importer().run([pages])
    yuzhong.refresh_from_db()
    assert yuzhong.article_count == right


def test_a_reimport_of_unchanged_files_reads_no_article_rows_or_tags(pages):
    from django.test.utils import CaptureQueriesContext

    Importer().run([pages])
    with CaptureQueriesContext(connection) as queries:
        Importer().run([pages])
    # Pages with their counts only: no recount over every article's tags (seconds at a million articles).
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    assert "articles_article_topics" not in touched and "articles_article_primary_districts" not in touched


def _copies(folder, page_file, names):
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(page_file.read_bytes())
    return folder


def test_the_new_files_of_a_batch_are_written_together_in_as_many_queries_as_one(pages, tmp_path):
    from django.test.utils import CaptureQueriesContext

    page_file = pages / TWO_ARTICLE_PAGE
    Importer().run([page_file])  # its sources exist from now on: each run below looks them up once
    one = _copies(tmp_path / "one", page_file, ["a.txt"])
    four = _copies(tmp_path / "four", page_file, ["a.txt", "b.txt", "c.txt", "d.txt"])
    with CaptureQueriesContext(connection) as for_one:
        assert Importer().run([one]).total("created") == 2
    with CaptureQueriesContext(connection) as for_four:
        assert Importer().run([four]).total("created") == 8
    # A file on its own costs a dozen queries (its page, tombstones, articles, tags, history, the debt).
    assert len(for_four.captured_queries) == len(for_one.captured_queries)
    assert Page.objects.count() == 6 and Article.objects.count() == 12


def test_a_new_file_written_with_others_keeps_out_the_articles_an_editor_deleted(pages, tmp_path):
    from articles.models import DeletedArticle
    from articles.page_files import page_key

    page_file = pages / TWO_ARTICLE_PAGE
    Importer().run([page_file])
    doomed = Page.objects.get().articles.first()
    copies = _copies(tmp_path / "copies", page_file, ["a.txt", "b.txt"])
    # What deleting the article from b.txt leaves, had it been imported before (its article id aside).
    DeletedArticle.objects.create(
        page_path=page_key(copies / "b.txt"), fingerprint=doomed.fingerprint, title=doomed.title, article_id=doomed.pk
    )
    report = Importer().run([copies])
    assert report.ok and report.total("created") == 3 and report.total("suppressed") == 1
    assert not Page.objects.get(path=page_key(copies / "b.txt")).articles.filter(title=doomed.title).exists()
