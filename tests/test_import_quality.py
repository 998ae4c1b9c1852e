"""The quality benchmark's page generator (benchmarks/corpus_pages.py) and its scoring (benchmarks/quality.py)."""

import codecs
import json
import re
from collections import Counter

from articles.text.decode import decode_page
from benchmarks.corpus_pages import generate
from tests.conftest import FIXTURES

SAMPLE = json.loads((FIXTURES / "corpus" / "sample.json").read_text(encoding="utf-8"))


def _squashed(text):
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- the generator


def test_same_seed_gives_the_same_pages_and_another_seed_other_pages():
    first = generate(SAMPLE, seed=11, layouts_per_article=2)
    again = generate(SAMPLE, seed=11, layouts_per_article=2)
    other = generate(SAMPLE, seed=12, layouts_per_article=2)
    assert [(p.name, p.encoding, p.data) for p in first] == [(p.name, p.encoding, p.data) for p in again]
    assert [p.data for p in first] != [p.data for p in other]


def test_every_article_is_laid_out_as_often_as_asked():
    pages = generate(SAMPLE, seed=3, layouts_per_article=3)
    laid_out = Counter(truth.id for page in pages for truth in page.articles)
    assert laid_out == {article["id"]: 3 for article in SAMPLE}


def test_each_articles_text_is_on_its_page_up_to_wrapping():
    for page in generate(SAMPLE, seed=5, layouts_per_article=3):
        text = _squashed(page.text)
        for truth in page.articles:
            for piece in [*truth.paragraphs, *truth.captions, truth.title, truth.kicker, truth.subtitle]:
                assert _squashed(piece) in text, (page.name, piece)


def test_page_bytes_decode_to_the_page_text_in_the_encoding_named():
    pages = generate(SAMPLE, seed=5, layouts_per_article=4)
    for page in pages:
        decoded, _ = decode_page(page.data)
        assert decoded == page.text, page.name
        if page.encoding.startswith("utf-16"):
            assert page.data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if page.encoding == "utf-8-sig":
            assert page.data.startswith(codecs.BOM_UTF8)
    assert {p.encoding for p in pages} == {"utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-be"}


def test_traditional_articles_stay_traditional_with_traditional_furniture():
    pages = [p for p in generate(SAMPLE, seed=9, layouts_per_article=3) if p.articles[0].script == "traditional"]
    assert pages
    for page in pages:
        assert all(t.script == "traditional" for t in page.articles)
        for simplified in ("来源", "责任编辑", "区县新闻", "区县"):
            assert simplified not in page.text, (page.name, simplified)


def test_epaper_pages_hold_several_hard_wrapped_articles_and_web_pages_one():
    pages = generate(SAMPLE, seed=2, layouts_per_article=3)
    epaper = [p for p in pages if p.layout == "epaper" and p.articles[0].script == "simplified"]
    assert epaper and all(3 <= len(p.articles) <= 8 for p in epaper)
    for page in epaper:
        widths = Counter(len(line) for line in page.text.splitlines() if len(line) >= 10)
        column, _ = widths.most_common(1)[0]
        assert 10 <= column <= 27  # a wrapped line may carry one closing mark past the column
    assert all(len(p.articles) == 1 for p in pages if p.layout == "web")


def test_page_truth_names_what_the_page_prints():
    for page in generate(SAMPLE, seed=4, layouts_per_article=3):
        for truth in page.articles:
            if truth.date:
                day = truth.date.split("-")
                printed = [truth.date, f"{day[0]}年{day[1]}月{day[2]}日", f"{day[0]}年{int(day[1])}月{int(day[2])}日"]
                assert any(form in page.text for form in printed), (page.name, truth.id)
            if truth.source:
                assert truth.source in page.text, (page.name, truth.id)
            for furniture in truth.furniture:
                assert furniture in page.text
