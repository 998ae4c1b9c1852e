"""Analysing a page costs work in proportion to its size: a big page is slow, never hopeless.

Work is counted as Python function calls (the profiler's count, not a clock), for an input and
for the same input doubled: linear work doubles, quadratic work quadruples.
"""

import cProfile
import pstats

import pytest

from articles.text.parse import parse_page
from tests.conftest import SEEDS

SEED_TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
PROSE = "重庆市渝中区今天召开会议，研究部署重点项目建设工作，会议要求各部门加强协调，确保项目按期推进。"


def calls(text: str) -> int:
    profiler = cProfile.Profile()
    profiler.runcall(parse_page, text)
    return pstats.Stats(profiler).total_calls


PAGES = {
    # Many articles with headlines and furniture: headline assignment compared every pair.
    "the seeds printed again and again": lambda n: (SEED_TEXT + "\n\n") * n,
    # One long article with a sub-head every few paragraphs: each re-read the whole article so far.
    "one article with many sub-heads": lambda n: "\n\n".join(f"小标题{i}\n\n{PROSE * 3}" for i in range(300 * n)),
}


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_doubling_a_page_at_most_doubles_the_work_of_analysing_it(page):
    build = PAGES[page]
    single, double = calls(build(3)), calls(build(6))
    assert double <= 2.3 * single, f"{double / single:.2f}x the work for twice the page"


def test_splitting_the_seeds_repeated_finds_every_article_of_every_copy():
    once = parse_page(SEED_TEXT)
    assert len(parse_page((SEED_TEXT + "\n\n") * 3)) == 3 * len(once)


def test_reading_a_page_folds_each_distinct_text_once(monkeypatch):
    from articles.text import chinese
    from articles.text.pipeline import analyse_bytes

    converter, folded = chinese._converter(), []

    def counting(text):
        folded.append(text)
        return type(converter).convert(converter, text)

    monkeypatch.setattr(converter, "convert", counting)
    chinese.fold.cache_clear()
    page = sorted(SEEDS.glob("*.txt"))[0]
    assert analyse_bytes(page.read_bytes(), page).articles
    # Each line is tested for a dozen kinds of furniture, each zone of an article read for places:
    # OpenCC is asked once a text, not once a test.
    assert folded and len(folded) == len(set(folded))
