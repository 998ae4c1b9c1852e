"""import_articles: idempotent, one transaction per file, bad files reported, corrections kept."""

import os
import re
import signal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importer import Importer
from articles.models import Article, District, Page, Topic
from tests.conftest import FIXTURES, SEEDS


def run_command(*args, **kwargs):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_migrations_load_38_districts_and_the_topics(db):
    assert District.objects.count() == 38
    assert District.objects.get(slug="yuzhong").region.name == "中心城区"
    assert Topic.objects.filter(slug="general").exists()


def test_seeds_import_into_tagged_articles_with_their_pages_kept_verbatim(seeded):
    assert Article.objects.count() == seeded.total("created") >= 18
    assert all(a.topics.exists() for a in Article.objects.all())
    page = Page.objects.get(path="seeds/002_2c168bc24c4a06ad.txt")
    assert page.raw_text == (SEEDS / "002_2c168bc24c4a06ad.txt").read_text(encoding="utf-8")
    article = page.articles.get()
    assert article.title == "渝中區專題研究部署重點項目建設工作"
    assert list(article.primary_districts.values_list("name", flat=True)) == ["渝中区"]
    assert page.raw_text[article.start : article.end].startswith("渝中區專題研究")


def test_a_second_run_changes_nothing_and_says_so(seeded):
    before = {a.pk: a.updated_at for a in Article.objects.all()}
    out, _ = run_command(SEEDS)
    assert "0 created, 0 updated" in out and "(nothing changed)" in out
    assert {a.pk: a.updated_at for a in Article.objects.all()} == before


def test_dry_run_reports_but_writes_nothing(db):
    out, _ = run_command(SEEDS, dry_run=True)
    assert "Dry run" in out and "created" in out
    assert not Article.objects.exists() and not Page.objects.exists()


def test_progress_lines_name_each_file(db):
    out, _ = run_command(SEEDS)
    assert "[1/5] seeds/000_501c68980ab1efa4.txt" in out
    assert "[5/5]" in out


def test_indexing_reports_progress_in_batches(db, monkeypatch):
    from articles import indexing

    monkeypatch.setattr(indexing, "BATCH", 5)
    out, _ = run_command(SEEDS)
    total = Article.objects.count()
    assert "search index: 5 articles" in out
    assert f"search index: {total} articles" in out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committing_import_is_indexed_by_a_second_process_as_it_goes(search_index, monkeypatch):
    from haystack.query import SearchQuerySet

    from articles import indexing

    monkeypatch.setattr(indexing, "BATCH", 5)  # the forked indexer inherits it
    out, _ = run_command(SEEDS)
    total = Article.objects.count()
    reported = [int(n) for n in re.findall(r"search index: (\d+) articles", out)]
    assert len(reported) >= 2 and reported[-1] == total and reported == sorted(reported)
    assert SearchQuerySet().models(Article).count() == total
    assert SearchQuerySet().models(Article).filter(content="保交楼").count() >= 1
    assert indexing.owed() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_index_that_cannot_be_written_fails_the_command_but_keeps_the_articles_and_the_debt(search_index):
    from haystack import connections

    from articles import indexing

    Path(connections["default"].options["PATH"]).write_text("not an index")
    with pytest.raises(CommandError, match="sync_index"):
        run_command(SEEDS)
    assert Article.objects.count() >= 18
    assert indexing.owed() >= 18  # what the index owes is still recorded, for the next run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_indexer_that_dies_is_reported_instead_of_waited_for(search_index):
    from articles.indexing import BackgroundIndexer, IndexingFailed

    with pytest.raises(IndexingFailed, match="ended unexpectedly"), BackgroundIndexer() as indexer:
        os.kill(indexer._process.pid, signal.SIGKILL)
        indexer._process.join()
        indexer.poll()  # noticed, but the import goes on: it is raised at the end


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_polling_the_indexer_for_every_file_looks_at_its_process_once_an_interval(search_index, monkeypatch):
    from articles.indexing import BackgroundIndexer

    looked = []
    with BackgroundIndexer() as indexer:
        alive = indexer._process.is_alive
        monkeypatch.setattr(indexer._process, "is_alive", lambda: looked.append(1) or alive())
        indexer.POLL_SECONDS = 3600
        for _ in range(1000):  # the importer polls after each file, and skips thousands a second
            indexer.poll()
        polled = len(looked)
    assert polled == 1


def test_bad_files_are_reported_and_skipped_while_the_rest_import(pages):
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (pages / "broken.txt").write_bytes("重庆新闻".encode() + b"\x80\xff\x80")
    with pytest.raises(CommandError, match="3 of 8 files could not be imported"):
        run_command(pages)
    assert Page.objects.count() == 5
    assert Article.objects.count() >= 18


def test_bad_file_reasons_are_clear(pages, capsys):
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(b"\x00\x01\x02")
    report = Importer().run([pages / "empty.txt", pages / "binary.txt", pages / "missing.txt"])
    reasons = {f.path.split("/")[-1]: f.error for f in report.failures}
    assert reasons["empty.txt"] == "the file is empty"
    assert "binary" in reasons["binary.txt"]
    assert "cannot read" in reasons["missing.txt"]


def test_a_missing_path_is_a_command_error(db):
    with pytest.raises(CommandError, match="no such file"):
        run_command("/no/such/folder")


def test_gb18030_and_utf8_copies_of_a_page_give_the_same_articles(db):
    report = Importer().run([FIXTURES / "pages" / "web_simplified.txt", FIXTURES / "pages" / "web_gb18030.txt"])
    assert report.ok
    utf8, gb = (Page.objects.get(path__endswith=name) for name in ("web_simplified.txt", "web_gb18030.txt"))
    assert gb.encoding == "gb18030"
    assert [a.title for a in utf8.articles.all()] == [a.title for a in gb.articles.all()]
    assert utf8.articles.get().published.isoformat() == "2023-12-28"


def test_a_changed_file_updates_its_articles_without_duplicates(pages):
    Importer().run([pages])
    count = Article.objects.count()
    page_file = pages / "000_501c68980ab1efa4.txt"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(text.replace("居民刘先生高兴地说", "居民刘女士高兴地说"), encoding="utf-8")
    report = Importer().run([pages])
    assert report.total("updated") == 1 and report.total("created") == 0
    assert Article.objects.count() == count
    assert "刘女士" in Article.objects.get(title__startswith="保交楼").body


def test_corrected_fields_survive_a_reimport_while_the_others_follow_the_file(pages):
    Importer().run([pages])
    article = Article.objects.get(title__startswith="保交楼")
    article.title = "编辑改过的标题"
    article.save()
    article.primary_districts.set([District.objects.get(slug="yubei")])
    article.topics.set([Topic.objects.get(slug="finance")])
    article.mark_corrected(["title", "primary_districts", "topics"])
    article.save()

    page_file = pages / "000_501c68980ab1efa4.txt"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(
        text.replace("新重庆-重庆晨报记者 杨新宇", "新重庆-重庆晨报记者 杨新宇 王小二").replace("刘先生", "刘女士"),
        encoding="utf-8",
    )
    Importer().run([pages])

    article.refresh_from_db()
    assert article.title == "编辑改过的标题"
    assert [d.slug for d in article.primary_districts.all()] == ["yubei"]
    assert [t.slug for t in article.topics.all()] == ["finance"]
    assert article.byline == "新重庆-重庆晨报记者 杨新宇 王小二"
    assert "刘女士" in article.body


def test_a_released_field_goes_back_to_the_importer(pages):
    Importer().run([pages])
    article = Article.objects.get(title__startswith="保交楼")
    article.title = "编辑改过的标题"
    article.mark_corrected(["title"])
    article.save()
    article.corrected_fields = []
    article.save()
    Importer().run([pages])
    article.refresh_from_db()
    assert article.title.startswith("保交楼！")


def test_an_article_gone_from_its_file_is_deleted_unless_an_editor_corrected_it(pages):
    Importer().run([pages])
    _, second = Page.objects.get(path__endswith="000_501c68980ab1efa4.txt").articles.order_by("position")
    second.title = "编辑保留"
    second.mark_corrected(["title"])
    second.save()
    page_file = pages / "000_501c68980ab1efa4.txt"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(text[: text.index("“这边工作环境好")], encoding="utf-8")
    report = Importer().run([page_file])
    assert report.total("kept") == 1
    assert Article.objects.filter(pk=second.pk).exists()


def test_an_issue_date_dates_the_articles_that_print_none_and_says_so(pages):
    import datetime as dt

    run_command(pages / "000_501c68980ab1efa4.txt", "--date", "2024-07-04")
    assert set(Article.objects.values_list("published", "date_basis")) == {(dt.date(2024, 7, 4), "issue")}


def test_a_date_in_the_folder_name_is_the_issue_date(pages):
    import datetime as dt

    dated = pages / "2022-05-06"
    dated.mkdir()
    (pages / "000_501c68980ab1efa4.txt").rename(dated / "a01.txt")
    run_command(dated)
    assert set(Article.objects.values_list("published", "date_basis")) == {(dt.date(2022, 5, 6), "issue")}


def test_a_malformed_issue_date_is_refused_before_anything_is_read(pages):
    with pytest.raises(CommandError, match="not a date"):
        run_command(pages, "--date", "2024-13-01")
    assert not Article.objects.exists()
