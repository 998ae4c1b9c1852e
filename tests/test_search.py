"""Chinese search against a real Whoosh index: what must be found, how it is shown, and that nothing breaks it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import facets
from articles.highlight import mark, snippet
from articles.models import Article
from articles.search_analysis import index_terms, query_terms
from tests.conftest import titles

SEARCH = reverse("search")


def test_one_analyser_folds_traditional_and_finds_short_names_inside_long_ones():
    assert query_terms("渝中區") == ["渝中区"]
    assert query_terms("九龍坡") == ["九龙坡"]
    assert {"渝中", "渝中区"} <= set(index_terms("渝中区委书记调研"))
    assert "保交楼" in index_terms("全力以赴保交楼")
    assert query_terms("的 了 。，！") == []


def test_highlighting_escapes_the_text_and_marks_folded_matches():
    html = mark("<script>alert(1)</script>渝中區", ["渝中区"])
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>渝中區</mark>"
    assert "<mark>云巴</mark>" in snippet("很长的前文。" * 20 + "璧山云巴开通", ["云巴"])


TRADITIONAL = "渝中區專題研究部署重點項目建設工作"

# A small query set with the result each must put first (or among the first two).
QUERY_SET = [
    ("渝中", TRADITIONAL, 5),
    ("渝中區", TRADITIONAL, 5),
    ("保交楼", "保交楼！重庆上半年累计交付房屋20.3万套", 1),
    ("云巴", "重庆市璧山区：各部门多跨协同解决云巴营运难题", 1),
    ("趙世慶", TRADITIONAL, 1),
    ("察雅县 大学生", "渝藏情深 西藏昌都察雅县大学生组团来渝就业", 1),
    ("茶园夜话", "走村不漏户 户户见干部", 1),
    ("担保集团 巡视整改", None, 1),
]


@pytest.mark.parametrize(("query", "expected", "within"), QUERY_SET)
def test_the_query_set_finds_what_a_reader_means(client, indexed, query, expected, within):
    found = titles(client, query)
    assert found, query
    if expected:
        assert expected in found[:within], found


def test_traditional_and_simplified_district_names_find_the_same_article(client, indexed):
    assert TRADITIONAL in titles(client, "渝中")
    assert TRADITIONAL in titles(client, "渝中區")


def test_traditional_query_finds_simplified_articles(client, indexed):
    found = titles(client, "九龍坡")
    assert "重庆市九龙坡区：推行“党建+”工作模式 打造国家级模范宜居城乡" in found


def test_two_word_query_ranks_articles_with_both_words_first(client, indexed):
    response = client.get(SEARCH, {"q": "江北 保交楼"})
    items = response.context["items"]
    assert items and not response.context["partial"]
    for item in items:
        body = item["article"].title + item["article"].body
        assert "江北" in body and "保交楼" in body


def test_when_no_article_has_every_word_articles_with_most_of_them_are_shown(client, indexed):
    response = client.get(SEARCH, {"q": "保交楼 交付 房屋 火星"})
    assert response.context["partial"] is True
    assert "保交楼！重庆上半年累计交付房屋20.3万套" in [i["article"].title for i in response.context["items"]]


def test_results_show_marked_snippets_and_facets_that_narrow(client, indexed):
    response = client.get(SEARCH, {"q": "住房"})
    html = response.content.decode()
    assert "<mark>住房</mark>" in html
    facets = {f.field: f for f in response.context["facets"]}
    assert {"districts", "topics", "source"} <= set(facets)
    narrowed = client.get(SEARCH, {"q": "住房", "district": "chengkou"})
    assert [i["article"].title for i in narrowed.context["items"]] == ["城口 保障住房安全努力给群众一个幸福的家"]


def test_facet_counts_cover_every_match_not_just_the_page_and_agree_with_narrowing(client, indexed):
    response = client.get(SEARCH, {"q": "重庆", "page": 2})
    total = response.context["paginator"].count
    assert total > 10, "the query must match more articles than one page shows"
    facets = {f.field: f for f in response.context["facets"]}
    assert sum(value.count for value in facets["topics"].values) >= total  # every article has a topic
    for field in ("districts", "topics", "regions"):
        for value in facets[field].values:
            narrowed = client.get(SEARCH + value.url)
            assert narrowed.context["paginator"].count == value.count, (field, value.label)


def test_a_facet_link_adds_a_value_and_an_applied_value_links_to_its_removal(client, indexed):
    first = client.get(SEARCH, {"q": "重庆"})
    topics = {f.field: f for f in first.context["facets"]}["topics"].values
    narrowed = client.get(SEARCH + topics[0].url)
    applied = {f.field: f for f in narrowed.context["facets"]}["topics"].values
    assert applied[0].active and applied[0].label == topics[0].label  # the applied value comes first
    # A second topic is added to the first (articles about both), not put in its place.
    second = next(v for v in applied if not v.active)
    both = client.get(SEARCH + second.url)
    assert len(both.context["form"].filters["topic"]) == 2
    assert both.context["paginator"].count == second.count
    # The applied value's link takes it away again.
    removed = client.get(SEARCH + applied[0].url)
    assert removed.context["form"].filters["topic"] == []
    assert removed.context["paginator"].count == first.context["paginator"].count


def test_xapian_documents_hold_each_word_once_without_the_text(seeded, search_index):
    if search_index.engine != "xapian":
        pytest.skip("Xapian's document layout")
    import xapian
    from haystack import connections

    search_index.refresh()
    article = Article.objects.get(title__startswith="保交楼")
    database = xapian.Database(connections["default"].get_backend().path)
    docid = next(database.postlist(f"Qarticles.article.{article.pk}")).docid
    document = database.get_document(docid)
    terms = {t.term.decode(): t for t in document.termlist()}
    assert terms["保交楼"].wdf >= 2  # title (twice) and body
    assert not list(database.positionlist(docid, "保交楼"))
    assert "保交楼".encode() not in document.get_data()  # the pickled data keeps no text
    assert len(document.get_data()) < 2000


def test_indexed_word_counts_are_the_analysers_words_with_their_synonyms():
    from collections import Counter

    from articles.search_analysis import index_spans, is_indexable
    from articles.text.chinese import fold
    from tests.conftest import SEEDS

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + ["開縣 渝中区委 ABC 的"]
    for text in texts:
        expected = Counter(word.lower() for word, _, _ in index_spans(fold(text)) if is_indexable(word))
        assert index_terms(text) == expected


def test_facet_value_sets_count_each_member_and_derive_regions():
    assert facets.value_set(["yuzhong", "jiangbei", "yuzhong", None, ""]) == "jiangbei yuzhong"
    counts = facets.split_counts(
        {"facet_districts": [("jiangbei yuzhong", 3), (b"yuzhong", 2), ("", 4)], "facet_year": [("2021", 3)]},
        region_of={"yuzhong": "core", "jiangbei": "core"},
    )
    assert counts["districts"] == {"yuzhong": 5, "jiangbei": 3}
    assert counts["regions"] == {"core": 5}  # an article of two districts of one region counts once
    assert counts["year"] == {"2021": 3} and not counts["topics"]
    # Value sets are split once per process; a district moved to another region counts under its new one.
    moved = facets.split_counts({"facet_districts": [("jiangbei yuzhong", 3)]}, region_of={"yuzhong": "west"})
    assert moved["regions"] == {"west": 3}


def test_past_the_exact_limit_xapian_estimates_counts_and_says_so(client, indexed, settings):
    exact = client.get(SEARCH, {"q": "重庆"})
    assert "估计值" not in exact.content.decode()
    settings.SEARCH_EXACT_COUNTS_UP_TO = 3
    response = client.get(SEARCH, {"q": "重庆"})
    html = response.content.decode()
    if indexed.engine == "xapian":
        # A word is looked up whole and as a part of longer words: an OR, whose count Xapian estimates.
        assert f"共找到约 {response.context['paginator'].count} 篇" in html and "估计值" in html
        assert response.context["facets"]
    else:  # Whoosh always counts every match
        assert "估计值" not in html and response.context["facets"] == exact.context["facets"]


def test_sort_by_date_puts_dated_articles_first(client, indexed):
    response = client.get(SEARCH, {"q": "渝中", "sort": "date"})
    dates = [i["article"].published for i in response.context["items"]]
    assert dates[0] is not None


def test_html_in_an_article_is_escaped_in_results(client, indexed):
    article = Article.objects.get(title=TRADITIONAL)
    article.body = '渝中區專題<img src=x onerror="alert(1)">' + article.body
    article.save()
    indexed.refresh()
    html = client.get(SEARCH, {"q": "渝中區專題"}).content.decode()
    assert "<img src=x" not in html and "onerror=&quot;alert(1)&quot;" in html


def test_search_indexes_and_quotes_the_body_without_its_sub_head_and_caption_marks(client, indexed):
    article = Article.objects.get(title=TRADITIONAL)
    article.body = "【图】趙世慶在解放碑地下停車庫調研。\n\n【小标题】項目為王\n\n" + article.body
    article.save()
    indexed.refresh()
    assert "【图】" not in article.plain_body and "趙世慶在解放碑" in article.plain_body
    html = client.get(SEARCH, {"q": "趙世慶"}).content.decode()
    assert "<mark>趙世慶</mark>在解放碑" in html  # the snippet quotes the marked caption's words
    assert "【小标题】" not in html and "【图】" not in html
    assert titles(client, "小标题") == []  # the mark is not a word of any article


def test_empty_and_unsearchable_queries_get_a_helpful_message(client, indexed):
    assert "在页面顶部的搜索框输入关键词" in client.get(SEARCH).content.decode()
    assert "没有可以搜索的文字" in client.get(SEARCH, {"q": "。。。！！"}).content.decode()
    html = client.get(SEARCH, {"q": "<b>火星</b>"}).content.decode()
    assert "没有找到与“&lt;b&gt;火星&lt;/b&gt;”相关的文章" in html


def test_a_district_name_with_no_results_suggests_browsing_it(client, indexed):
    html = client.get(SEARCH, {"q": "大渡口 火星"}).content.decode()
    assert "/districts/dadukou/" in html


NASTY = [
    '"',
    "'",
    ":",
    "content:渝中",
    "渝中 AND",
    "OR 渝中 NOT",
    "AND OR NOT",
    "(渝中",
    "渝中)",
    "[",
    "{}",
    "渝*",
    "?",
    "*",
    "~2",
    "^3",
    "\\",
    "\x00\x01\x02",
    "渝中\x00",
    "😀🚀",
    "渝中😀",
    "a" * 10_000,
    "渝" * 10_000,
    "'; DROP TABLE articles_article; --",
    "<script>alert(1)</script>",
    "%00",
    "\u202e渝中",
    "重庆" * 50,
]


@pytest.mark.parametrize("query", NASTY)
def test_odd_queries_never_give_a_500(client, indexed, query):
    assert client.get(SEARCH, {"q": query}).status_code == 200


@pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999999999999", "1e9"])
def test_odd_page_numbers_give_a_page_of_results(client, indexed, page):
    response = client.get(SEARCH, {"q": "重庆", "page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300), page=st.one_of(st.none(), st.text(max_size=12)))
def test_any_query_and_page_gives_200(client, indexed, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    assert client.get(SEARCH, params).status_code == 200


def test_import_keeps_the_index_current_and_rebuild_index_works(db, search_index, client, tmp_path):
    from tests.conftest import SEEDS

    page = tmp_path / "page.txt"
    page.write_text((SEEDS / "002_2c168bc24c4a06ad.txt").read_text(encoding="utf-8"), encoding="utf-8")
    call_command("import_articles", str(page), verbosity=0)
    assert TRADITIONAL in titles(client, "渝中")
    page.write_text(page.read_text(encoding="utf-8").replace("珊瑚公園", "火星基地"), encoding="utf-8")
    call_command("import_articles", str(page), verbosity=0)
    assert TRADITIONAL in titles(client, "火星基地")
    search_index.refresh()  # clears, then indexes from the database
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert TRADITIONAL in titles(client, "火星基地")


def test_browse_date_range_narrows_a_search(client, indexed):
    assert titles(client, "渝中", date_from="2022-01-01", date_to="2022-12-31") == [TRADITIONAL]
    assert titles(client, "渝中", date_from="2023-01-01") == []
    assert client.get(SEARCH, {"q": "渝中", "date_from": "not-a-date"}).status_code == 200


def test_reads_never_fail_while_a_writer_holds_the_index_lock(client, indexed):
    from haystack import connections

    backend = connections["default"].get_backend()
    if indexed.engine == "whoosh":
        backend.setup()
        writer = backend.index.writer()  # holds Whoosh's write lock, as an import does
        release = writer.cancel
    else:
        writer = backend._database(writable=True)  # Xapian's single writer
        release = writer.close
    try:
        assert TRADITIONAL in titles(client, "渝中")
        assert client.get(SEARCH, {"q": "重庆", "sort": "date"}).status_code == 200
    finally:
        release()
    assert TRADITIONAL in titles(client, "渝中")


def test_an_unreadable_index_gives_a_clear_message_not_a_500(client, indexed, monkeypatch):
    from haystack.exceptions import SearchBackendError
    from haystack.query import SearchQuerySet

    def broken(self):
        raise SearchBackendError("index is gone")

    monkeypatch.setattr(SearchQuerySet, "count", broken)
    response = client.get(SEARCH, {"q": "渝中"})
    assert response.status_code == 503
    assert "搜索服务暂时不可用" in response.content.decode()
