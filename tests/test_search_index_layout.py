"""What a search index document holds: what our searches read and nothing else, on both engines alike."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Region
from tests.conftest import titles


def _xapian_document(article):
    import xapian
    from haystack import connections

    database = xapian.Database(connections["default"].get_backend().path)
    docid = next(database.postlist(f"Qarticles.article.{article.pk}")).docid
    return database, database.get_document(docid)


def test_xapian_documents_hold_one_weightless_term_per_narrowing_value_and_only_the_texts_words(indexed):
    if indexed.engine != "xapian":
        pytest.skip("Xapian's document layout")
    article = Article.objects.get(title__startswith="城口 保障住房")
    database, document = _xapian_document(article)
    terms = {t.term.decode(): t.wdf for t in document.termlist()}
    assert terms["XDISTRICTSchengkou"] == 0
    topics = [topic.slug for topic in article.topics.all()]
    assert topics and all(terms[f"XTOPICS{slug}"] == 0 for slug in topics)
    # The tags are not words of the text: none of xapian-haystack's bare, stemmed or bounded copies.
    assert not {"chengkou", "Zchengkou", "^", "$", "XDISTRICTS^", *topics} & set(terms)
    assert not list(database.positionlist(document.get_docid(), "XDISTRICTSchengkou"))
    # Only the text's words count towards the document's length (what BM25 normalises by).
    assert database.get_doclength(document.get_docid()) == sum(terms.values())
    assert all(not term.startswith("X") or wdf == 0 or term.startswith("XPARTS") for term, wdf in terms.items())


def test_a_pinyin_tag_is_no_word_of_the_text_on_either_engine(client, indexed):
    # Xapian used to index each tag as a bare word too: a search for chengkou found 城口's articles.
    assert titles(client, "chengkou") == []
    assert titles(client, "住房", district="chengkou") == ["城口 保障住房安全努力给群众一个幸福的家"]


def test_narrowing_by_a_hyphenated_region_keeps_the_order_of_the_unnarrowed_results(client, indexed):
    region = Region.objects.get(slug="zhucheng-xinqu")
    inside = set(Article.objects.filter(primary_districts__region=region).values_list("title", flat=True))
    everything = titles(client, "重庆")
    narrowed = titles(client, "重庆", region=region.slug)
    assert narrowed and set(narrowed) <= inside
    # Narrowing only takes articles away; it never reorders what is left (as far as page one shows).
    expected = [title for title in everything if title in inside]
    assert len(expected) > 1 and narrowed[: len(expected)] == expected


def test_sync_index_check_asks_for_a_rebuild_of_an_index_written_with_an_older_layout(indexed):
    if indexed.engine != "xapian":
        pytest.skip("Xapian's documents say which layout wrote them")
    import xapian
    from haystack import connections

    call_command("sync_index", check=True, verbosity=0)
    database = xapian.WritableDatabase(connections["default"].get_backend().path, xapian.DB_OPEN)
    database.set_metadata("cqportal.schema", "")  # as the index written before layout versions
    database.close()
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("sync_index", check=True, verbosity=0)
    # Writing more documents into the old index does not make it look new.
    call_command("sync_index", repair=False, verbosity=0)
    Article.objects.first().save()
    call_command("sync_index", verbosity=0)
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("sync_index", check=True, verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)
    call_command("sync_index", check=True, verbosity=0)


def test_a_batch_of_documents_is_read_in_three_queries_and_holds_every_part_of_the_article(seeded, search_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.html import escape
    from haystack import connections

    article = Article.objects.filter(primary_districts__isnull=False).first()
    Article.objects.filter(pk=article.pk).update(kicker="引题 A&B", subtitle="副题", byline="记者 张三")
    index = connections["default"].get_unified_index().get_index(Article)
    with CaptureQueriesContext(connection) as queries:
        documents = {a.pk: index.full_prepare(a) for a in index.index_queryset()}
    assert len(queries) == 3  # the articles, their districts with regions, their topics
    article.refresh_from_db()
    names = "".join(f"{d.name} " for d in article.primary_districts.all())
    title, body = escape(article.title), escape(article.plain_body)
    lines = [title, title, "引题 A&amp;B", "副题", body, "记者 张三", names]  # escaped, as the template did
    assert documents[article.pk]["text"] == "\n".join(lines) + "\n"
    assert documents[article.pk]["regions"] == sorted({d.region.slug for d in article.primary_districts.all()})
