"""The seeds against their hand-labelled truth (tests/fixtures/seed_truth.json), without a database."""

import json

import pytest

from articles.text.blocks import Block, to_blocks
from articles.text.decode import decode_page
from articles.text.parse import parse_page
from articles.text.tagging import tag_districts
from tests.conftest import FIXTURES, SEEDS

TRUTH = json.loads((FIXTURES / "seed_truth.json").read_text(encoding="utf-8"))
FILES = TRUTH["files"]


def parsed(name):
    text, _ = decode_page((SEEDS / name).read_bytes())
    return parse_page(text)


def cases():
    for name, page in FILES.items():
        for number, article in enumerate(page["articles"]):
            marks = [pytest.mark.xfail(reason=article["known_gap"], strict=True)] if "known_gap" in article else []
            yield pytest.param(name, article, id=f"{name[:3]}-{number}", marks=marks)


def counts():
    for name, page in FILES.items():
        marks = [pytest.mark.xfail(reason=page["known_gap"], strict=True)] if "known_gap" in page else []
        yield pytest.param(name, page["count"], id=name[:3], marks=marks)


def _one_article_holding(articles, text):
    holders = [a for a in articles if text in a.plain_text]
    assert len(holders) == 1, f"{text!r} is in {len(holders)} articles"
    return holders[0]


@pytest.mark.parametrize(("name", "expected"), list(counts()))
def test_each_page_splits_into_its_real_articles(name, expected):
    assert len(parsed(name)) == expected


@pytest.mark.parametrize(("name", "truth"), list(cases()))
def test_article_comes_out_whole_with_its_headline_and_metadata(name, truth):
    article = _one_article_holding(parsed(name), truth["starts"])
    body = article.plain_text  # the words; the sub-head and caption marks are checked below
    assert body.startswith(truth["starts"])
    assert body.endswith(truth["ends"])
    for text in truth.get("contains", []):
        assert text in body, text
    for text in [*TRUTH["excluded_everywhere"], *truth.get("excludes", [])]:
        assert text not in body, text
    structure = to_blocks(article.body_text)
    for text in truth.get("captions", []):
        assert Block("caption", text) in structure, text
    for text in truth.get("subheads", []):
        assert Block("subhead", text) in structure, text
    if truth["titles"] is not None:
        assert article.title in truth["titles"]
    else:
        assert article.title and article.title_derived
    if "kicker" in truth:
        assert truth["kicker"] in article.kicker
    if "subtitle" in truth:
        assert truth["subtitle"] in article.subtitle
    if "byline" in truth:
        assert truth["byline"] in article.byline
    if "source" in truth:
        sources = truth["source"] if isinstance(truth["source"], list) else [truth["source"]]
        assert article.source in sources
    if "published" in truth:
        assert (article.published.isoformat() if article.published else None) == truth["published"]
    headline = " ".join([article.kicker, article.title, article.subtitle])
    tags = tag_districts(headline, body, article.byline)
    if "districts" in truth:
        assert tags.primary == truth["districts"]
    for name_ in truth.get("mentioned", []):
        assert name_ in tags.mentioned


@pytest.mark.parametrize("name", FILES)
def test_no_text_lands_in_two_articles(name):
    articles = parsed(name)
    for truth in FILES[name]["articles"]:
        if "known_gap" not in truth:
            _one_article_holding(articles, truth["starts"])
