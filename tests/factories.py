"""Rows a test needs but does not care about the details of: an article (and its page) with sensible
defaults, tagged with districts and topics by slug. Pass whatever field the test is about."""

import itertools

from django.db.models import Max

from articles.models import Article, District, Page, Topic

_serial = itertools.count(1)


def make_page(**fields) -> Page:
    n = next(_serial)
    defaults = {"path": f"tests/page-{n}.txt", "content_hash": f"page-{n}", "encoding": "utf-8", "raw_text": ""}
    return Page.objects.create(**{**defaults, **fields})


def make_article(*, districts=(), mentioned=(), topics=(), **fields) -> Article:
    """An article of `page` (a new page when none is given), placed after the page's other articles.

    districts, mentioned and topics are slugs: its primary and mentioned districts and its topics."""
    n = next(_serial)
    page = fields.pop("page", None) or make_page()
    last = page.articles.aggregate(last=Max("position"))["last"]
    defaults = {
        "position": 0 if last is None else last + 1,
        "start": 0,
        "end": 1,
        "fingerprint": f"test-article-{n}",
        "title": f"测试稿{n}",
        "body": "正文。",
    }
    article = Article.objects.create(page=page, **{**defaults, **fields})
    for name, model, slugs in (
        ("primary_districts", District, districts),
        ("mentioned_districts", District, mentioned),
        ("topics", Topic, topics),
    ):
        if slugs:
            getattr(article, name).add(*_by_slug(model, slugs))
    return article


def _by_slug(model, slugs) -> list:
    found = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValueError(f"no {model.__name__} with the slug {', '.join(missing)}")
    return [found[slug] for slug in slugs]
