"""Editors correct articles in the admin; corrections survive re-imports and are recorded."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.importer import Importer
from articles.models import Article, District, Topic

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.cn", "correct horse battery")


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def pages(pages):
    """The copied seed pages, imported."""
    Importer().run([pages])
    return pages


def form_data(article, **changes):
    data = {
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else "",
        "source": article.source_id or "",
        "body": article.body,
        "primary_districts": [d.pk for d in article.primary_districts.all()],
        "mentioned_districts": [d.pk for d in article.mentioned_districts.all()],
        "topics": [t.pk for t in article.topics.all()],
        "corrected_fields": list(article.corrected_fields),
    }
    if article.hidden:
        data["hidden"] = "on"
    data.update(changes)
    return data


def test_changelist_shows_columns_filters_and_searches(staff_client, seeded):
    html = staff_client.get(CHANGELIST).content.decode()
    for column in ("所属区县", "主题", "已更正", "公开页面", "原始版面"):
        assert column in html
    found = staff_client.get(CHANGELIST, {"q": "保交楼"}).context["cl"].result_list
    assert [a.title for a in found] == ["保交楼！重庆上半年累计交付房屋20.3万套"]
    bishan = District.objects.get(slug="bishan")
    by_district = staff_client.get(CHANGELIST, {"primary_districts__id__exact": bishan.pk}).context["cl"].result_list
    assert by_district and all(a.primary_districts.filter(pk=bishan.pk).exists() for a in by_district)
    by_region = staff_client.get(CHANGELIST, {"region": "yudongnan"}).context["cl"].result_list
    assert all(a.primary_districts.filter(region__slug="yudongnan").exists() for a in by_region)
    assert staff_client.get(CHANGELIST, {"corrected": "yes"}).context["cl"].result_count == 0


def test_other_admin_pages_render(staff_client, seeded):
    article = Article.objects.first()
    for url in (
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_district_changelist"),
        reverse("admin:articles_topic_changelist"),
        reverse("admin:articles_source_changelist"),
        reverse("admin:articles_page_changelist"),
        reverse("admin:articles_page_change", args=[article.page_id]),
    ):
        assert staff_client.get(url).status_code == 200, url


def test_an_edit_marks_the_changed_fields_corrected_and_survives_reimport(
    staff_client, pages, django_capture_on_commit_callbacks
):
    article = Article.objects.get(title__startswith="保交楼")
    yubei, finance = District.objects.get(slug="yubei"), Topic.objects.get(slug="finance")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(
        article, title="重庆上半年交付保交楼房屋20.3万套", primary_districts=[yubei.pk], topics=[finance.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert set(article.corrected_fields) == {"title", "primary_districts", "topics"}

    page_file = pages / "000_501c68980ab1efa4.txt"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(
        text.replace("刘先生", "刘女士").replace("记者 杨新宇", "记者 杨新宇 王小二"), encoding="utf-8"
    )
    Importer().run([pages])

    article.refresh_from_db()
    assert article.title == "重庆上半年交付保交楼房屋20.3万套"
    assert [d.slug for d in article.primary_districts.all()] == ["yubei"]
    assert [t.slug for t in article.topics.all()] == ["finance"]
    assert "刘女士" in article.body and article.byline.endswith("王小二")


def test_an_editor_can_release_a_field_back_to_the_importer(staff_client, pages):
    article = Article.objects.get(title__startswith="保交楼")
    url = reverse("admin:articles_article_change", args=[article.pk])
    staff_client.post(url, form_data(article, title="临时标题"))
    article.refresh_from_db()
    assert article.corrected_fields == ["title"]
    staff_client.post(url, form_data(article, corrected_fields=[]))
    article.refresh_from_db()
    assert article.corrected_fields == []
    Importer().run([pages])
    article.refresh_from_db()
    assert article.title == "保交楼！重庆上半年累计交付房屋20.3万套"


def test_history_records_who_changed_what_from_and_to(staff_client, seeded, editor):
    article = Article.objects.get(title__startswith="保交楼")
    url = reverse("admin:articles_article_change", args=[article.pk])
    staff_client.post(url, form_data(article, title="新标题", byline="记者 某某"))
    record = article.history.first()
    assert record.history_user == editor
    assert record.history_change_reason == "后台更正"
    delta = record.diff_against(record.prev_record)
    changes = {c.field: (c.old, c.new) for c in delta.changes}
    assert changes["title"] == ("保交楼！重庆上半年累计交付房屋20.3万套", "新标题")
    html = staff_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "新标题" in html and "editor" in html


def test_bulk_actions_add_and_remove_districts_and_topics(staff_client, seeded):
    articles = list(Article.objects.filter(primary_districts__slug="bishan"))
    ids = [str(a.pk) for a in articles]
    yubei = District.objects.get(slug="yubei")
    confirm = staff_client.post(CHANGELIST, {"action": "add_primary_districts", "_selected_action": ids})
    assert confirm.status_code == 200 and "批量添加区县" in confirm.content.decode()
    staff_client.post(
        CHANGELIST, {"action": "add_primary_districts", "_selected_action": ids, "apply": "1", "choice": yubei.pk}
    )
    for a in articles:
        a.refresh_from_db()
        assert a.primary_districts.filter(pk=yubei.pk).exists()
        assert "primary_districts" in a.corrected_fields
    staff_client.post(
        CHANGELIST, {"action": "remove_primary_districts", "_selected_action": ids, "apply": "1", "choice": yubei.pk}
    )
    assert not Article.objects.filter(pk__in=ids, primary_districts=yubei).exists()
    history = Topic.objects.get(slug="history")
    staff_client.post(CHANGELIST, {"action": "add_topics", "_selected_action": ids, "apply": "1", "choice": history.pk})
    assert Article.objects.filter(pk__in=ids, topics=history).count() == len(ids)
    staff_client.post(
        CHANGELIST, {"action": "remove_topics", "_selected_action": ids, "apply": "1", "choice": history.pk}
    )
    assert not Article.objects.filter(pk__in=ids, topics=history).exists()
    staff_client.post(CHANGELIST, {"action": "release_corrections", "_selected_action": ids})
    assert not Article.objects.filter(pk__in=ids).exclude(corrected_fields=[]).exists()


def test_an_admin_save_records_what_the_index_owes_and_the_worker_writes_it(
    staff_client, seeded, search_index, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from articles.models import IndexDebt

    search_index.refresh()
    article = Article.objects.get(title__startswith="保交楼")
    url = reverse("admin:articles_article_change", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, form_data(article, title="火星基地交付新房"))
    # The request wrote no index: it recorded the debt, in its own transaction.
    assert IndexDebt.objects.filter(article_id=article.pk).exists()
    before = staff_client.get(reverse("search"), {"q": "火星基地"}).context["items"]
    assert article.pk not in [i["article"].pk for i in before]
    call_command("sync_index", verbosity=0)
    response = staff_client.get(reverse("search"), {"q": "火星基地"})
    assert [i["article"].pk for i in response.context["items"]] == [article.pk]
    assert not IndexDebt.objects.exists()


def test_non_staff_users_are_sent_to_the_login_page(client, seeded):
    user = User.objects.create_user("reader", password="just a reader pw")
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    client.logout()
    assert client.get(CHANGELIST).status_code == 302


def test_repeated_failed_logins_are_locked_out(client, editor, settings):
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "editor", "password": "wrong"})
    response = client.post(login, {"username": "editor", "password": "correct horse battery"})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_login_form_requires_csrf(editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("admin:login"), {"username": "editor", "password": "correct horse battery"})
    assert response.status_code == 403
