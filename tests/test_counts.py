"""Stored counts: every editor action keeps them equal to a fresh full count, in its own transaction,
recounting only the districts and topics it touched; a region counts an article once; the region
page counts nothing. The on-commit callbacks (the revision bump) are never run here: the counts must
be right before the transaction ends, whatever runs after it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import counts
from articles.models import Article, DeletedArticle, District, Region, SiteRevision, Topic
from tests.editor_forms import form_data
from tests.factories import make_article

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def stored() -> dict:
    """Every stored count, to compare with what a fresh full count stores."""
    return {
        "districts": list(District.objects.order_by("pk").values_list("pk", *counts.COUNTED)),
        "topics": list(Topic.objects.order_by("pk").values_list("pk", "article_count")),
        "regions": list(Region.objects.order_by("pk").values_list("pk", "article_count")),
    }


def assert_fresh():
    kept = stored()
    assert counts.recount(write=False) is False, "a stored count differs from a fresh count"
    counts.recount()
    assert stored() == kept


@pytest.fixture
def article(imported_pages):
    article = Article.objects.filter(hidden=False, published__isnull=False, primary_districts__isnull=False).first()
    assert_fresh()  # the import ended with a full recount
    # A hidden article beside it, in its districts, topics and region, which no count may include.
    beside = Article.objects.filter(primary_districts__in=article.primary_districts.all(), topics__isnull=False)
    Article.objects.filter(pk=beside.exclude(pk=article.pk).first().pk).update(hidden=True)
    counts.recount()
    return article


def elsewhere(article) -> District:
    """A district the article has neither as its own nor mentioned, with articles of its own."""
    return District.objects.exclude(articles=article).exclude(mentioned_in=article).order_by("-article_count")[0]


def test_a_save_that_moves_an_article_to_another_district_recounts_both(staff_client, article):
    old = list(article.primary_districts.all())
    response = staff_client.post(change_url(article), form_data(article, primary_districts=[elsewhere(article).pk]))
    assert response.status_code == 302
    assert_fresh()
    assert District.objects.get(pk=old[0].pk).article_count == old[0].article_count - 1


def test_a_save_that_changes_the_date_recounts_the_months(staff_client, article):
    staff_client.post(change_url(article), form_data(article, published="2001-02-03"))
    assert_fresh()
    assert "2001-02" in article.primary_districts.first().monthly_counts


def test_hiding_and_showing_again_recount(staff_client, article):
    staff_client.post(change_url(article), form_data(article, hidden="on"))
    assert_fresh()
    article.refresh_from_db()
    data = form_data(article)
    del data["hidden"]
    staff_client.post(change_url(article), data)
    assert_fresh()


def test_deleting_one_and_many_recounts(staff_client, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert staff_client.post(url, {"post": "yes", "delete_reason": "重复"}).status_code == 302
    assert_fresh()
    doomed = list(Article.objects.filter(primary_districts__isnull=False).values_list("pk", flat=True)[:4])
    data = {"action": "delete_selected", "_selected_action": doomed, "post": "yes", "delete_reason": "作废"}
    staff_client.post(CHANGELIST, data)
    assert not Article.objects.filter(pk__in=doomed).exists()
    assert_fresh()


def test_restoring_a_deleted_article_recounts(staff_client, article):
    staff_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    tombstone = DeletedArticle.objects.get()
    data = {"action": "restore_articles", "_selected_action": [tombstone.pk]}
    staff_client.post(reverse("admin:articles_deletedarticle_changelist"), data)
    assert Article.objects.filter(pk=article.pk).exists()
    assert_fresh()


def test_reverting_to_an_earlier_version_recounts(staff_client, article):
    old = [d.pk for d in article.primary_districts.all()]
    staff_client.post(change_url(article), form_data(article, primary_districts=[elsewhere(article).pk]))
    article.refresh_from_db()
    first = article.history.order_by("history_date").first()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    response = staff_client.post(revert_url, form_data(article, primary_districts=old))
    assert response.status_code == 302
    assert sorted(article.primary_districts.values_list("pk", flat=True)) == sorted(old)
    assert_fresh()


def test_giving_a_field_back_to_the_importer_recounts(staff_client, article):
    staff_client.post(change_url(article), form_data(article, primary_districts=[elsewhere(article).pk]))
    url = reverse("admin:articles_article_restore_field", args=[article.pk, "primary_districts"])
    assert staff_client.post(url).status_code == 302
    assert_fresh()


@pytest.mark.parametrize(("action", "model"), [("primary_districts", District), ("topics", Topic)])
def test_bulk_adding_and_removing_a_tag_recounts(staff_client, article, action, model):
    ids = list(Article.objects.values_list("pk", flat=True)[:6])
    choice = model.objects.order_by("-article_count")[0]
    for verb in ("add", "remove"):
        data = {"action": f"{verb}_{action}", "_selected_action": ids, "apply": "1", "choice": choice.pk}
        staff_client.post(CHANGELIST, data)
        assert_fresh()


def test_an_editor_save_recounts_only_what_the_article_has(staff_client, article):
    """Every other district's and topic's stored count is left as it was, stale on purpose here."""
    before_districts = set(article.primary_districts.values_list("pk", flat=True))
    before_districts |= set(article.mentioned_districts.values_list("pk", flat=True))
    moved_to = elsewhere(article)
    touched_own = {*article.primary_districts.values_list("pk", flat=True), moved_to.pk}
    touched_topics = set(article.topics.values_list("pk", flat=True))
    District.objects.update(article_count=9999)
    Topic.objects.update(article_count=9999)
    Region.objects.update(article_count=9999)
    staff_client.post(change_url(article), form_data(article, primary_districts=[moved_to.pk]))
    touched = before_districts | {moved_to.pk}
    recounted = set(District.objects.exclude(article_count=9999).values_list("pk", flat=True))
    assert recounted <= touched and moved_to.pk in recounted
    assert set(Topic.objects.exclude(article_count=9999).values_list("pk", flat=True)) <= touched_topics
    regions = set(District.objects.filter(pk__in=touched_own).values_list("region", flat=True))
    assert set(Region.objects.exclude(article_count=9999).values_list("pk", flat=True)) == regions


def _save_work(client, article) -> tuple[int, int]:
    """(queries, SQLite virtual machine steps) of one editor's save: work counted, never timed."""
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    article.refresh_from_db()
    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 100)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(change_url(article), form_data(article, title=f"{article.title}改"))
    finally:
        connection.connection.set_progress_handler(None, 100)
    assert response.status_code == 302
    return len(queries), steps[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual machine steps")
def test_the_work_of_an_editor_save_does_not_grow_with_unrelated_articles(staff_client, article):
    # Unrelated: of other regions (whose counts count an article once however many of their districts it
    # has) and another month (the districts' chart cells an edit recounts are those of its own months).
    regions = article.primary_districts.values_list("region", flat=True)
    others = [d.slug for d in District.objects.exclude(region__in=regions).exclude(mentioned_in=article)[:6]]
    topics = set(article.topics.values_list("pk", flat=True))
    other_topics = [t.slug for t in Topic.objects.exclude(pk__in=topics)[:3]]
    _save_work(staff_client, article)  # the first correction of the title does more (it marks it corrected)
    queries, steps = _save_work(staff_client, article)
    for n in range(400):
        make_article(title=f"无关稿{n}", published="1999-01-01", districts=[others[n % 6]], topics=other_topics)
    SiteRevision.bump()
    more_queries, more_steps = _save_work(staff_client, article)
    assert more_queries == queries, (queries, more_queries)
    # A full recount reads every article a few times over: 400 more made it ~3x the work here.
    assert more_steps < steps * 1.1, (steps, more_steps)


def test_a_region_counts_an_article_of_two_of_its_districts_once(seeded):
    region = Region.objects.get(slug="yudongbei")
    first, second = District.objects.filter(region=region)[:2]
    make_article(title="两区县合写", districts=[first.slug, second.slug])
    counts.recount()
    region.refresh_from_db()
    assert region.article_count == Article.objects.published().in_region(region).count()
    assert region.article_count < sum(d.article_count for d in District.objects.filter(region=region))


def test_the_full_recount_matches_a_count_of_the_tag_rows(seeded):
    hidden = Article.objects.filter(primary_districts__isnull=False).first()
    Article.objects.filter(pk=hidden.pk).update(hidden=True)
    counts.recount()
    for district in District.objects.all():
        shown = Article.objects.filter(hidden=False)
        assert district.article_count == shown.filter(primary_districts=district).count()
        assert district.mention_count == shown.filter(mentioned_districts=district).count()
        assert district.undated_count == shown.filter(primary_districts=district, published__isnull=True).count()
        assert sum(district.monthly_counts.values()) + district.undated_count == district.article_count
    for topic in Topic.objects.all():
        assert topic.article_count == Article.objects.filter(hidden=False, topics=topic).count()
    for region in Region.objects.all():
        assert region.article_count == Article.objects.published().in_region(region).count()


def test_the_region_page_counts_no_articles(client, seeded, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    region = Region.objects.get(slug="zhongxin-chengqu")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(region.get_absolute_url())
    assert response.status_code == 200
    assert response.context["paginator"].count == region.article_count > 0
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_sync_index_check_finds_stale_counts_and_repair_counts_again(seeded, search_index):
    from django.core.management import CommandError, call_command

    search_index.refresh()
    article = Article.objects.published().filter(primary_districts__isnull=False).first()
    Article.objects.filter(pk=article.pk).update(hidden=True)  # a shell's write: no editor action recounted
    search_index.refresh()
    with pytest.raises(CommandError, match="stored article counts"):
        call_command("sync_index", check=True, verbosity=0)
    call_command("sync_index", repair=True, verbosity=0)
    call_command("sync_index", check=True, verbosity=0)
    assert_fresh()
