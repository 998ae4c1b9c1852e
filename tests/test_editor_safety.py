"""Editors' decisions hold: deletes survive imports, stale forms are refused, revert restores it all,
and a hidden article stays hidden on its page's original text."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db.models import ProtectedError
from django.urls import reverse

from articles.importer import Importer
from articles.models import Article, DeletedArticle, District, SiteRevision
from tests.editor_forms import form_data

TITLE = "保交楼！重庆上半年累计交付房屋20.3万套"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def article(imported_pages):
    return Article.objects.get(title=TITLE)


def delete(client, article, reason, capture):
    with capture(execute=True):
        response = client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes", "delete_reason": reason}
        )
    assert response.status_code == 302, response.content.decode()[:1000]


def test_a_deleted_article_never_comes_back_with_an_import(
    staff_client, editor, imported_pages, article, django_capture_on_commit_callbacks
):
    jiangbei = District.objects.get(slug="jiangbei")
    assert article.primary_districts.filter(pk=jiangbei.pk).exists()
    count, revision = jiangbei.article_count, SiteRevision.current().number
    delete(staff_client, article, "重复稿件", django_capture_on_commit_callbacks)

    tombstone = DeletedArticle.objects.get()
    assert (tombstone.article_id, tombstone.deleted_by, tombstone.reason) == (article.pk, editor, "重复稿件")
    jiangbei.refresh_from_db()
    assert jiangbei.article_count == count - 1 and SiteRevision.current().number > revision
    assert article.history.first().history_change_reason == "删除：重复稿件"
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert (entry.is_deletion(), entry.user, entry.get_change_message()) == (True, editor, "删除：重复稿件")

    page_file = imported_pages / "000_501c68980ab1efa4.txt"
    report = Importer().run([imported_pages])  # the file is unchanged: hashed and skipped
    assert report.total("created") == 0
    assert Importer(skip_unchanged=False).run([imported_pages]).total("suppressed") == 1
    # The page's text changed, so the article's fingerprint too: its title still knows it.
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("刘先生", "刘女士"), encoding="utf-8")
    report = Importer().run([imported_pages])
    assert report.total("created") == 0 and report.total("suppressed") == 1
    assert not Article.objects.filter(title=TITLE).exists()
    assert staff_client.get(reverse("articles:detail", args=[article.pk])).status_code == 404


def test_restoring_a_deleted_article_brings_it_back_with_its_id_and_corrections(
    staff_client, imported_pages, article, django_capture_on_commit_callbacks
):
    staff_client.post(change_url(article), form_data(article, title="编辑改过的标题"))
    delete(staff_client, article, "误删", django_capture_on_commit_callbacks)
    tombstone = DeletedArticle.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:articles_deletedarticle_changelist"),
            {"action": "restore_articles", "_selected_action": [tombstone.pk]},
        )
    assert response.status_code == 302
    assert not DeletedArticle.objects.exists()
    restored = Article.objects.get(pk=article.pk)
    assert restored.title == "编辑改过的标题" and restored.corrected_fields == ["title"]
    assert {d.slug for d in restored.primary_districts.all()} == {d.slug for d in article.primary_districts.all()}
    assert restored.history.filter(history_change_reason="恢复：误删").exists()
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message__startswith="恢复").exists()
    assert staff_client.get(reverse("articles:detail", args=[article.pk])).status_code == 200
    assert Importer().run([imported_pages]).total("created") == 0  # no second copy


def test_bulk_deletes_leave_tombstones_too(staff_client, imported_pages, django_capture_on_commit_callbacks):
    doomed = list(Article.objects.filter(page__path__endswith="000_501c68980ab1efa4.txt"))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:articles_article_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [a.pk for a in doomed],
                "post": "yes",
                "delete_reason": "版面作废",
            },
        )
    assert DeletedArticle.objects.filter(reason="版面作废").count() == len(doomed)
    Importer().run([imported_pages])
    assert not Article.objects.filter(pk__in=[a.pk for a in doomed]).exists()
    assert not Article.objects.filter(page__path__endswith="000_501c68980ab1efa4.txt").exists()


def test_a_page_cannot_be_deleted_from_under_its_articles(staff_client, article):
    page = article.page
    assert staff_client.get(reverse("admin:articles_page_delete", args=[page.pk])).status_code == 403
    with pytest.raises(ProtectedError):
        page.delete()


def test_a_form_opened_before_another_editors_save_is_refused_and_says_what_changed(staff_client, article):
    stale = form_data(article, subtitle="乙编辑的副题")  # editor B opens the form
    staff_client.post(change_url(article), form_data(article, title="甲编辑的标题"))  # editor A saves first
    response = staff_client.post(change_url(article), stale)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert f"标题：{TITLE} → 甲编辑的标题" in errors
    article.refresh_from_db()
    assert article.title == "甲编辑的标题" and article.subtitle == ""
    assert article.corrected_fields == ["title"]


def test_revert_restores_the_tags_keeps_them_corrected_and_publishes(
    staff_client, article, django_capture_on_commit_callbacks
):
    tongliang, yubei = District.objects.get(slug="tongliang"), District.objects.get(slug="yubei")
    staff_client.post(change_url(article), form_data(article, primary_districts=[tongliang.pk]))
    good = article.history.first()
    article.refresh_from_db()
    staff_client.post(change_url(article), form_data(article, primary_districts=[yubei.pk]))  # a mistake
    article.refresh_from_db()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, good.history_id])
    form = staff_client.get(revert_url).context["adminform"].form
    assert list(form.initial["primary_districts"]) == [tongliang.pk]  # the old tags, not today's
    revision = SiteRevision.current().number
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(article, primary_districts=form.initial["primary_districts"])
        response = staff_client.post(revert_url, {**data, "opened_version": form.initial["opened_version"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert [d.slug for d in article.primary_districts.all()] == ["tongliang"]
    assert article.corrected_fields == ["primary_districts"]
    assert article.history.first().history_change_reason == "还原"
    assert SiteRevision.current().number > revision
    assert TITLE in staff_client.get(reverse("articles:district", args=["tongliang"])).content.decode()
    assert TITLE not in staff_client.get(reverse("articles:district", args=["yubei"])).content.decode()


def test_reverting_to_the_imported_version_gives_the_field_back_to_the_importer(staff_client, article):
    imported = article.history.last()
    staff_client.post(change_url(article), form_data(article, title="错误标题"))
    article.refresh_from_db()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, imported.history_id])
    form = staff_client.get(revert_url).context["adminform"].form
    assert form.initial["title"] == TITLE
    staff_client.post(revert_url, form_data(article, title=form.initial["title"]))
    article.refresh_from_db()
    assert article.title == TITLE and article.corrected_fields == []


def test_the_original_page_masks_the_articles_an_editor_hid(client, staff_client, article):
    sibling = Article.objects.filter(page=article.page).exclude(pk=article.pk).first()
    hidden_text = article.page.raw_text[article.start : article.end]
    staff_client.post(change_url(article), form_data(article, hidden="on"))
    html = client.get(reverse("articles:original", args=[sibling.pk])).content.decode()
    assert "（此处文章已隐藏）" in html
    assert hidden_text[:40] not in html and "刘先生" not in html
    assert sibling.page.raw_text[sibling.start : sibling.start + 40] in html


def test_a_form_stays_valid_when_an_import_only_moved_the_article_on_its_page(staff_client, imported_pages, article):
    opened = form_data(article, subtitle="副题")
    page_file = imported_pages / "000_501c68980ab1efa4.txt"
    page_file.write_text("\n\n" + page_file.read_text(encoding="utf-8"), encoding="utf-8")
    Importer().run([imported_pages])
    moved = Article.objects.get(pk=article.pk)
    assert moved.version > article.version and moved.start == article.start + 2
    assert staff_client.post(change_url(article), opened).status_code == 302
    moved.refresh_from_db()
    assert moved.subtitle == "副题" and moved.corrected_fields == ["subtitle"]
