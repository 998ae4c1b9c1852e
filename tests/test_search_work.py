"""The work one search page does, counted (never timed): database queries that stay the same whatever
the number of results, the query string copied once however many
facet links (and the links the same as from a copy each), and only the matches a snippet shows checked word by word."""

from unittest import mock

from django.db import connection
from django.http import QueryDict
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import highlight, querystring
from articles.models import Article
from articles.search_views import Facet, FacetValue, facets_html

SEARCH = reverse("search")


def page(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response, len(queries)


def test_a_search_page_makes_as_many_queries_for_one_result_as_for_a_full_page(client, indexed):
    full, many = page(client, q="重庆")
    one, few = page(client, q="茶园夜话")
    assert len(full.context["items"]) == 10 and len(one.context["items"]) < 10
    assert many == few
    # The results' articles with their sources, their districts, their topics; the districts (with their
    # regions) and the topics the facets name; the site's revision.
    assert many <= 6


def _copied(query: QueryDict, key: str, values) -> str:
    """What a link is: the query string copied, without its page number, `key` set (None: dropped)."""
    changed = query.copy()
    changed.pop("page", None)
    if values is None:
        changed.pop(key, None)
    else:
        changed.setlist(key, values)
    return changed.urlencode()


KEYS = st.sampled_from(["q", "page", "district", "sort", "年份", "a b&c"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(KEYS, st.text(max_size=4)), max_size=6), KEYS, st.text(max_size=4))
def test_links_from_one_encoding_write_what_a_copied_query_string_writes(pairs, key, value):
    query = QueryDict(mutable=True)
    for k, v in pairs:
        query.appendlist(k, v)
    links = querystring.Links(query)
    others = [v for v in query.getlist(key) if v != value] if key != "page" else []
    assert links.adding(key, value) == _copied(query, key, [*others, value])
    assert links.removing(key, value) == _copied(query, key, others)
    assert links.removing(key) == _copied(query, key, None)
    assert links.replacing(**{key: value}) == _copied(query, key, [value])
    assert links.replacing() == _copied(query, "page", None)


def test_facet_links_are_made_from_one_copy_of_the_query_string(client, indexed):
    copies = mock.patch.object(QueryDict, "copy", autospec=True, side_effect=QueryDict.copy)
    with copies as copy:
        response = client.get(SEARCH, {"q": "重庆", "sort": "date"})
    links = [value.url for facet in response.context["facets"] for value in facet.values]
    assert len(links) > 10
    assert copy.call_count == 1


def test_a_snippet_checks_only_the_matches_it_shows():
    text = "渝中区召开会议。" + "会议强调，重庆要抓好落实工作。" * 200
    with mock.patch.object(highlight, "_is_word_at", wraps=highlight._is_word_at) as checked:
        html = highlight.snippet(text, ["重庆"])
    assert html.count("<mark>重庆</mark>") == 7
    assert checked.call_count < 10


def test_an_article_hidden_before_the_index_catches_up_leaves_a_full_page(client, indexed):
    response, _ = page(client, q="重庆")
    count, first = response.context["paginator"].count, response.context["items"][0]["article"]
    # As if hidden by another process whose index update has not run yet: the index still holds it.
    Article.objects.filter(pk=first.pk).update(hidden=True)
    response, _ = page(client, q="重庆")
    shown = [item["article"].pk for item in response.context["items"]]
    assert first.pk not in shown and len(shown) == 10
    assert response.context["paginator"].count == count - 1


# The loop search.html ran for each facet before search_views.facets_html wrote the sections.
FACET_LOOP = """{% for facet in facets %}
          <section>
            <h2>{{ facet.label }}</h2>
            <ul>{% for value in facet.values %}<li>{% if value.active %}<a class="facet-active" \
href="{{ value.url }}" aria-label="取消筛选：{{ value.label }}">{{ value.label }} <span aria-hidden="true">✕</span></a>\
{% else %}<a href="{{ value.url }}">{{ value.label }}</a>{% endif %} <span class="count">{{ value.count }}</span></li>\
{% endfor %}</ul>
          </section>
        {% endfor %}"""


def test_facet_sections_are_the_markup_the_template_loop_wrote():
    values = [
        FacetValue("渝中区", 12345, "?q=%E6%B8%9D&district=yuzhong", True),
        FacetValue("<b>A&B</b>", 2, '?q=x&topic="t"', False),
    ]
    facets = [Facet("districts", "区县", values), Facet("year", "年份", [FacetValue("2023", 1, "?year=2023", False)])]
    assert facets_html(facets) == Template(FACET_LOOP).render(Context({"facets": facets}))
