"""Page and search latency through the real views, in this process (run by benchmarks/run.py)."""

import json
import statistics
import sys
import time

import django

PAGE_RUNS = 40
DEEP = 2000
SEARCH_RUNS = 15
QUERIES = [
    "重庆",
    "保交楼",
    "渝中",
    "九龍坡",
    "老旧小区 改造",
    "云巴",
    "轨道交通 站点",
    "茶园夜话",
    "脱贫攻坚",
    "巡視整改",
]


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def timed(client, url, params=None, runs=PAGE_RUNS):
    for _ in range(3):
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, params or {})
        samples.append(time.perf_counter() - started)
    return samples


def main():
    django.setup()
    from django.test import Client

    from articles.models import Article, District
    from articles.views import cursor_of

    client = Client()
    article = Article.objects.published().first()
    district = District.objects.get(slug="yuzhong")
    listed = Article.objects.published().in_districts([district])
    # Where a reader following 更早 links arrives 2,000 articles back (found once, with an OFFSET).
    deep = listed[min(DEEP, max(0, listed.count() - 1))]
    pages = {
        "home": "/",
        "district list": "/districts/yuzhong/",
        "district deep": f"/districts/yuzhong/?before={cursor_of(deep)}",
        "article": article.get_absolute_url(),
        "feed": "/feeds/latest/rss/",
    }
    result = {"pages": {}, "search": {}}
    for name, url in pages.items():
        result["pages"][name] = percentiles(timed(client, url))
    every = []
    for query in QUERIES:
        samples = timed(client, "/search/", {"q": query}, runs=SEARCH_RUNS)
        every.extend(samples)
        result["search"][query] = percentiles(samples)
    result["search"]["all queries"] = percentiles(every)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
