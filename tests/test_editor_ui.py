"""The editors' working aids: review queue, checked mark, correction badges and 恢复导入值, the form,
previews, dates typed the Chinese way, folded search, and the login pages kept to those who manage them."""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission, User
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from articles.models import Article, District, IndexDebt, SiteRevision, Topic
from tests.editor_forms import form_data

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article, **query):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return f"{url}?{urlencode(query)}" if query else url


def listed(client, **query):
    return {a.pk for a in client.get(CHANGELIST, query).context["cl"].result_list}


def test_the_queue_lists_what_the_importer_was_unsure_of_with_labelled_filters(staff_client, seeded):
    html = staff_client.get(CHANGELIST).content.decode()
    for label in ("待核对", "全部待核对", "标题取自正文", "无日期", "无所属区县", "正文过短", "已核对", "标题来源"):
        assert label in html, label
    assert re.search(r'href="\?primary_districts__isnull=True"[^>]*>无所属区县<', html)
    no_district = set(Article.objects.filter(primary_districts=None).values_list("pk", flat=True))
    assert no_district and listed(staff_client, review="no_district") == no_district
    derived = set(Article.objects.filter(title_derived=True).values_list("pk", flat=True))
    assert derived and listed(staff_client, review="title") == derived
    assert listed(staff_client, title_derived="yes") == derived
    assert "?review=all" in staff_client.get(reverse("admin:index")).content.decode()


def test_dates_far_from_the_page_and_bodies_too_short_are_queued(staff_client, seeded):
    page = Article.objects.values("page_id").annotate(n=Count("pk")).order_by("-n")[0]["page_id"]
    on_page = list(Article.objects.filter(page_id=page).order_by("pk"))
    assert len(on_page) >= 3
    Article.objects.filter(page_id=page).update(published=dt.date(2022, 2, 11))
    stray, short = on_page[0], on_page[1]
    Article.objects.filter(pk=stray.pk).update(published=dt.date(2019, 6, 1))
    Article.objects.filter(pk=short.pk).update(body="一段太短的正文。")
    far = listed(staff_client, review="far_date")
    assert stray.pk in far and not far & {a.pk for a in on_page[1:]}
    assert listed(staff_client, review="short") == {short.pk}


def test_checked_articles_leave_the_queue_and_the_history_says_so(staff_client, seeded, editor):
    article = Article.objects.get(title__startswith="保交楼")
    assert article.pk in listed(staff_client, review="all")
    staff_client.post(CHANGELIST, {"action": "check_articles", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.checked_by == editor and article.checked_at is not None
    assert article.pk not in listed(staff_client, review="all")
    assert listed(staff_client, review="checked") == {article.pk}
    assert article.history.first().history_change_reason == "核对"


def test_save_and_check_moves_on_to_the_next_article_of_the_queue(staff_client, seeded):
    queue = [a.pk for a in staff_client.get(CHANGELIST, {"review": "all"}).context["cl"].result_list]
    first = Article.objects.get(pk=queue[0])
    page = staff_client.get(change_url(first, _changelist_filters="review=all")).content.decode()
    assert "待核对：" in page and "保存并标记已核对" in page and "下一篇" in page
    response = staff_client.post(
        change_url(first, _changelist_filters="review=all"), {**form_data(first, title="核对后的标题"), "_checked": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:articles_article_change", args=[queue[1]]))
    first.refresh_from_db()
    assert first.title == "核对后的标题" and first.checked_at is not None
    reasons = list(first.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["核对", "后台更正"]


def test_a_corrected_field_shows_a_badge_and_the_importers_value(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    staff_client.post(change_url(article), form_data(article, title="编辑改的标题"))
    html = staff_client.get(change_url(article)).content.decode()
    assert html.count('class="correction-badge"') == 1
    assert "导入值：<q>保交楼！重庆上半年累计交付房屋20.3万套</q>" in html
    assert reverse("admin:articles_article_restore_field", args=[article.pk, "title"]) in html


def test_the_save_message_names_the_fields_corrected(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    yubei = District.objects.get(slug="yubei")
    response = staff_client.post(
        change_url(article), form_data(article, title="新标题", primary_districts=[yubei.pk]), follow=True
    )
    said = [str(m) for m in response.context["messages"]]
    assert said == ["已保存《新标题》，更正了：标题、所属区县。"]


def test_restoring_the_importers_value_acts_at_once_and_keeps_other_corrections(
    staff_client, seeded, django_capture_on_commit_callbacks
):
    article = Article.objects.get(title__startswith="保交楼")
    imported_title = article.title
    finance = Topic.objects.get(slug="finance")
    staff_client.post(change_url(article), form_data(article, title="编辑改的标题", topics=[finance.pk]))
    article.refresh_from_db()
    revision = SiteRevision.current().number
    IndexDebt.objects.all().delete()
    restore = reverse("admin:articles_article_restore_field", args=[article.pk, "title"])
    assert staff_client.get(restore).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(restore, form_data(article))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == imported_title
    assert article.corrected_fields == ["topics"]
    assert [t.slug for t in article.topics.all()] == ["finance"]
    assert IndexDebt.objects.filter(article_id=article.pk).exists()
    assert SiteRevision.current().number > revision
    assert article.history.first().history_change_reason == "交还"
    assert staff_client.get(article.get_absolute_url()).content.decode().count(imported_title) >= 1


def test_dates_typed_with_year_month_and_day_characters_are_accepted(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    response = staff_client.post(change_url(article), form_data(article, published="2024年7月12日"))
    assert response.status_code == 302, response.content.decode()[:1000]
    article.refresh_from_db()
    assert article.published == dt.date(2024, 7, 12)
    assert "published" in article.corrected_fields


def test_search_folds_traditional_and_finds_district_topic_and_source_names(staff_client, seeded):
    yunba = Article.objects.get(title="重庆市璧山区：各部门多跨协同解决云巴营运难题")
    assert yunba.pk in listed(staff_client, q="雲巴")
    article = Article.objects.get(title__startswith="保交楼")
    shapingba = District.objects.get(slug="shapingba")
    assert article.pk not in listed(staff_client, q="沙坪坝")
    staff_client.post(change_url(article), form_data(article, primary_districts=[shapingba.pk]))
    assert article.pk in listed(staff_client, q="沙坪坝")
    topic = article.topics.first()
    assert article.pk in listed(staff_client, q=topic.name)


def test_the_form_has_chips_and_no_related_object_links(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    html = staff_client.get(change_url(article)).content.decode()
    for name in ("primary_districts", "topics", "mentioned_districts", "source"):
        assert re.search(
            rf'<select[^>]+name="{name}"[^>]+admin-autocomplete|<select[^>]+admin-autocomplete[^>]+'
            rf'name="{name}"',
            html,
        ), name
        assert f'id="add_id_{name}"' not in html and f'id="change_id_{name}"' not in html
    assert 'class="selectfilter' not in html  # no dual lists
    assert html.count('name="_save"') == 2  # 保存 at the top too
    assert 'class="vLargeTextField editor-body"' in html
    assert "admin/cqportal/editor.js" in html


def test_preview_shows_a_hidden_article_and_unsaved_changes_to_staff_only(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    Article.objects.filter(pk=article.pk).update(hidden=True)
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    assert staff_client.get(article.get_absolute_url()).status_code == 404
    html = staff_client.get(preview).content.decode()
    assert article.title in html and "已隐藏" in html
    tongliang = District.objects.get(slug="tongliang")
    article.refresh_from_db()
    html = staff_client.post(preview, form_data(article, title="尚未保存的标题", primary_districts=[tongliang.pk]))
    html = html.content.decode()
    assert "尚未保存的标题" in html and "铜梁区" in html
    article.refresh_from_db()
    assert article.title.startswith("保交楼")  # nothing saved
    original = staff_client.get(reverse("admin:articles_article_original", args=[article.pk])).content.decode()
    assert 'id="article-span"' in original
    assert Client().get(preview).status_code == 302  # to the login page


@pytest.fixture
def newsroom_editor(db):
    """Staff with every article permission and view on the tags, not a superuser."""
    user = User.objects.create_user("writer", password="correct horse battery", is_staff=True)
    codenames = ["view_article", "change_article", "delete_article", "view_district", "view_topic", "view_source"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="axes"))
    return user


def test_login_records_are_for_superusers_only(client, newsroom_editor, editor, seeded):
    client.force_login(newsroom_editor)
    index = client.get(reverse("admin:index")).content.decode()
    assert "待核对" in index and "axes" not in index.lower()
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert client.get(reverse("admin:app_list", args=["axes"])).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_the_lockout_page_is_in_chinese_in_the_admins_look(db, settings):
    User.objects.create_user("alice", password="correct horse battery", is_staff=True)
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("admin:login"), {"username": "alice", "password": "wrong"})
    assert AccessAttempt.objects.exists()
    html = response.content.decode()
    assert response.status_code == 429
    assert "登录已被暂时锁定" in html and "60 分钟后可以再试" in html
    assert "admin/css/base.css" in html and 'lang="zh-hans"' in html


def test_history_revert_and_delete_pages_speak_chinese(staff_client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    staff_client.post(change_url(article), form_data(article, title="新标题"))
    record = article.history.last()
    pages = [
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_simple_history", args=[article.pk, record.pk]),
        reverse("admin:articles_article_delete", args=[article.pk]),
        change_url(article),
        reverse("admin:index"),
    ]
    for url in pages:
        html = staff_client.get(url).content.decode()
        text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
        english = set(re.findall(r"\b(?!Django\b)[A-Z][a-z]{2,}(?: [a-z]+)*\b", text))
        assert not english, (url, english)
