"""Editors correct articles in the admin; corrections survive re-imports and are recorded."""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.importer import Importer
from articles.models import Article, District, Topic
from tests.editor_forms import form_data

CHANGELIST = reverse("admin:articles_article_changelist")


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
    staff_client, imported_pages, django_capture_on_commit_callbacks
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

    pages = imported_pages
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


def test_an_editor_can_release_a_field_back_to_the_importer(staff_client, imported_pages):
    pages = imported_pages
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


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_a_browser_save_with_crlf_line_endings_corrects_only_the_field_edited(staff_client, imported_pages):
    article = Article.objects.get(title__startswith="保交楼")
    paragraphs = article.paragraphs
    assert len(paragraphs) > 3
    data = form_data(article, subtitle="新的副题")
    data["body"] = article.body.replace("\n", "\r\n")  # what a browser posts from a textarea
    assert staff_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.corrected_fields == ["subtitle"]
    assert article.paragraphs == paragraphs and "\r" not in article.body
    page_file = imported_pages / "000_501c68980ab1efa4.txt"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("刘先生", "刘女士"), encoding="utf-8")
    Importer().run([imported_pages])
    article.refresh_from_db()
    assert "刘女士" in article.body  # the body still follows its page
    assert article.subtitle == "新的副题"


def test_a_change_of_spacing_only_is_no_correction(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    records, updated, body = article.history.count(), article.updated_at, article.body
    data = form_data(
        article,
        title=f" {article.title}  ",
        byline=article.byline.replace(" ", "\u3000 "),
        body="\r\n\r\n\r\n".join(p + "  " for p in article.body.split("\n\n")),  # marks and all
    )
    assert staff_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.corrected_fields == [] and article.body == body
    assert (article.history.count(), article.updated_at) == (records, updated)


def bulk(client, action, articles, choice):
    ids = [str(a.pk) for a in articles]
    return client.post(CHANGELIST, {"action": action, "_selected_action": ids, "apply": "1", "choice": choice.pk})


def test_a_bulk_action_changes_corrects_and_counts_only_the_articles_it_really_changes(staff_client, seeded):
    tongliang = District.objects.get(slug="tongliang")
    has_it = Article.objects.filter(primary_districts=tongliang).first()
    others = list(Article.objects.exclude(primary_districts=tongliang)[:2])
    before = {a.pk: (a.history.count(), a.updated_at) for a in others}
    response = bulk(staff_client, "remove_primary_districts", [has_it, *others], tongliang)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "已为 1 篇文章移除区县“铜梁区”；另 2 篇本来就没有，未改动。"
    ]
    for article in others:
        article.refresh_from_db()
        assert article.corrected_fields == []
        assert (article.history.count(), article.updated_at) == before[article.pk]
    has_it.refresh_from_db()
    assert has_it.corrected_fields == ["primary_districts"]
    assert not has_it.primary_districts.filter(pk=tongliang.pk).exists()
    record = has_it.history.first()
    assert record.history_change_reason == "批量" and record.history_user.username == "editor"
    entry = LogEntry.objects.get(object_id=str(has_it.pk))
    assert entry.get_change_message() == "批量：移除区县“铜梁区”" and entry.user.username == "editor"
    assert not LogEntry.objects.filter(object_id__in=[str(a.pk) for a in others]).exists()


def test_releasing_corrections_is_in_the_history_and_the_recent_actions(staff_client, seeded, editor):
    article = Article.objects.get(title__startswith="保交楼")
    staff_client.post(change_url(article), form_data(article, title="临时标题"))
    staff_client.post(CHANGELIST, {"action": "release_corrections", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.corrected_fields == []
    record = article.history.first()
    assert (record.history_change_reason, record.history_user) == ("交还", editor)
    assert record.corrected_fields == [] and record.prev_record.corrected_fields == ["title"]
    messages = [e.get_change_message() for e in LogEntry.objects.filter(object_id=str(article.pk))]
    assert messages == ["交还：标题", "后台更正：标题"]


def test_the_history_page_shows_one_labelled_record_per_save_with_the_changed_words_marked(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    # A body stored with CRLF line endings (as a browser's save used to leave it) differs only in spacing.
    Article.objects.filter(pk=article.pk).update(body=article.body.replace("\n", "\r\n"))
    article.refresh_from_db()
    records = article.history.count()
    yubei = District.objects.get(slug="yubei")
    data = form_data(article, title="保交楼！重庆上半年交付房屋20.3万套", primary_districts=[yubei.pk])
    staff_client.post(change_url(article), data)
    assert article.history.count() == records + 1  # one record for the fields and the tags together
    html = staff_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "<dt>标题</dt>" in html and "<dt>所属区县</dt>" in html
    assert "<dt>正文</dt>" not in html  # the CRLF body is the same text
    assert "累计<" in html and "<del>累计</del>" in html and "<ins>渝北区</ins>" in html
    assert "primary_districts" not in html
    reasons = set(article.history.values_list("history_change_reason", flat=True))
    assert reasons == {"导入", "后台更正"}
