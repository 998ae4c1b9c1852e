"""One bad file never stops an import: it is reported with its reason and skipped, the rest import,
the summary prints and the command exits non-zero. Odd files (FIFOs, devices, huge files, links
out of the folder) are refused before they are read."""

import os
import signal
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.importer import Importer
from articles.models import Article, District, Page
from tests.conftest import SEEDS

ONE_ARTICLE_PAGE = "002_2c168bc24c4a06ad.txt"
TWO_ARTICLE_PAGE = "000_501c68980ab1efa4.txt"


def run_command(*args, **kwargs):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, **kwargs)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


@contextmanager
def deadline(seconds):
    """Fail instead of hanging for ever (the FIFO case)."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_file_name_that_is_not_utf8_is_reported_and_the_rest_import(pages):
    os.rename(pages / ONE_ARTICLE_PAGE, os.path.join(os.fsencode(pages), b"page-\xff\xfe.txt"))
    out, err, failed = run_command(pages)
    assert "1 of 5 files could not be imported" in str(failed)
    assert "page-\\xff\\xfe.txt: skipped: the file name is not valid UTF-8" in err
    assert "4 files imported, 1 failed" in out
    assert Page.objects.count() == 4


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
def test_a_page_printing_the_same_article_twice_imports_it_once(pages, dry_run):
    text = (pages / TWO_ARTICLE_PAGE).read_text(encoding="utf-8")
    (pages / TWO_ARTICLE_PAGE).write_text(text + "\n\n\n" + text, encoding="utf-8")
    out, err, failed = run_command(pages, dry_run=dry_run)
    assert failed is None, err
    assert "5 files imported, 0 failed" in out
    if not dry_run:
        assert Page.objects.get(path__endswith=TWO_ARTICLE_PAGE).articles.count() == 2


def test_an_import_after_an_editor_renamed_a_district_tags_it_by_its_slug(pages):
    district = District.objects.get(slug="yuzhong")
    district.name = "渝中区（示例）"
    district.save()
    _, err, failed = run_command(pages)
    assert failed is None, err
    article = Page.objects.get(path__endswith=ONE_ARTICLE_PAGE).articles.get()
    assert list(article.primary_districts.values_list("slug", flat=True)) == ["yuzhong"]


def test_a_path_longer_than_a_page_can_keep_is_refused_with_the_reason(pages):
    deep = pages / ("长" * 80) / ("路" * 80) / ("径" * 80) / ("深" * 80) / ("处" * 80) / ("的" * 80)
    deep.mkdir(parents=True)
    (deep / "page.txt").write_bytes((pages / ONE_ARTICLE_PAGE).read_bytes())
    (pages / ONE_ARTICLE_PAGE).unlink()
    report = Importer().run([pages])
    [failure] = report.failures
    assert "over the 500 a page can keep" in failure.error
    assert Page.objects.count() == 4
    assert all(len(path) <= 500 for path in Page.objects.values_list("path", flat=True))


def test_a_fifo_is_refused_without_waiting_for_a_writer(pages):
    os.mkfifo(pages / "pipe.txt")
    with deadline(60):
        report = Importer().run([pages])
    assert {f.path.rsplit("/", 1)[-1]: f.error for f in report.failures} == {"pipe.txt": "not a regular file (a FIFO)"}
    assert Page.objects.count() == 5


def test_a_device_is_refused_without_reading_it(db):
    report = Importer().run(["/dev/zero"])
    assert [f.error for f in report.failures] == ["not a regular file (a character device)"]


def test_a_file_over_the_size_limit_is_refused_with_the_limit(pages, settings):
    settings.IMPORT_MAX_FILE_BYTES = 10_000
    report = Importer().run([pages])
    too_big = {f.path.rsplit("/", 1)[-1]: f.error for f in report.failures}
    sizes = {p.name: p.stat().st_size for p in pages.iterdir()}
    assert set(too_big) == {name for name, size in sizes.items() if size > 10_000}
    assert all("over the limit of 10,000 (IMPORT_MAX_FILE_BYTES)" in reason for reason in too_big.values())
    assert Page.objects.count() == len(sizes) - len(too_big)


def test_a_symbolic_link_out_of_the_folder_is_not_followed_and_is_reported(pages, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(
        (SEEDS / ONE_ARTICLE_PAGE).read_bytes().replace("渝中".encode(), "江北".encode())
    )
    (pages / "link.txt").symlink_to(outside / "secret.txt")
    (pages / "folder-link").symlink_to(outside)
    _, err, failed = run_command(pages)
    assert "2 of 7 files could not be imported" in str(failed)
    assert err.count("a symbolic link out of the import folder (not followed)") == 2
    assert not Page.objects.filter(path__contains="secret").exists()


def test_a_symbolic_link_inside_the_folder_imports_its_page_once(pages):
    (pages / "again.txt").symlink_to(pages / ONE_ARTICLE_PAGE)
    report = Importer().run([pages])
    assert report.ok and len(report.files) == 5
    assert Article.objects.filter(page__path__endswith=ONE_ARTICLE_PAGE).count() == 1


def test_reading_a_small_file_sets_aside_its_size_not_the_limit(tmp_path):
    import tracemalloc

    from articles.text.pipeline import read_page_file

    page = tmp_path / "page.txt"
    page.write_text("重庆新闻" * 100, encoding="utf-8")
    tracemalloc.start()
    try:
        assert read_page_file(page, 50 * 2**20) == page.read_bytes()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20  # a re-import reads every file: a buffer of the limit each cost more than the hash


def test_a_file_that_grew_since_its_size_was_read_is_read_on_up_to_the_limit(tmp_path):
    from articles.text.pipeline import _read_up_to

    page = tmp_path / "page.txt"
    page.write_bytes(b"x" * 5000)
    fd = os.open(page, os.O_RDONLY)
    try:  # it held 100 bytes when asked: what it holds now is read, up to one byte past the limit
        assert len(_read_up_to(fd, 4001, 101)) == 4001
    finally:
        os.close(fd)


def test_a_file_is_keyed_relative_to_the_project_inside_it_and_by_its_whole_path_outside(tmp_path, settings):
    from articles.page_files import file_key, page_key

    project, outside = tmp_path / "project", tmp_path / "elsewhere"
    for folder in (project / "pages", outside):
        folder.mkdir(parents=True)
    settings.BASE_DIR = project
    files = [project / "top.txt", project / "pages" / "a.txt", outside / "b.txt"]
    for path in files:
        path.write_text("页", encoding="utf-8")
    folders: dict = {}
    assert [file_key(path, folders) for path in files] == ["top.txt", "pages/a.txt", str(outside.resolve() / "b.txt")]
    assert [file_key(path, folders) for path in files] == [page_key(path) for path in files]
