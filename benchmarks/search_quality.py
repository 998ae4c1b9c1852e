"""Search quality: a labelled set of reader queries, run on both our engines and on the stock way.

    .venv/bin/python benchmarks/search_quality.py [--write]

The collection is the labelled corpus articles (tests/fixtures/corpus/batch_*.json, every batch
there is) plus the seed pages' articles. Seeds go through the real import; corpus articles become
Article rows straight from their labelled fields (title, paragraphs joined by blank lines,
districts, topics), so that search is measured apart from the import's own quality.

The queries (tests/fixtures/search_queries.json) name the articles each should find: corpus ids,
or a seed article's exact title. Printed per engine, as a Markdown table: MRR@10 and recall@10 over
the queries that have relevant articles, the queries that put an article they must not match in
their first ten, and the nonsense queries (no relevant article) that return anything. Our engines
are queried through the search page itself (AND, then the fallback); the stock baseline is
haystack's Whoosh backend with jieba's ChineseAnalyzer and auto_query, as DjangoBlog does.
--write puts the table into benchmarks/SEARCH_QUALITY.md.
"""

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
QUERIES = ROOT / "tests" / "fixtures" / "search_queries.json"
SEEDS = ROOT / "seeds"
K = 10
ENGINES = {
    "whoosh": "articles.search_backends.whoosh.ChineseWhooshEngine",
    "xapian": "articles.search_backends.xapian.ChineseXapianEngine",
    "stock whoosh + jieba": "benchmarks.stock_whoosh_jieba.JiebaWhooshEngine",
}


def corpus_articles() -> list[dict]:
    articles = []
    for path in sorted(CORPUS.glob("batch_*.json")):
        articles.extend(json.loads(path.read_text(encoding="utf-8")))
    return articles


def build_collection() -> dict[str, list[int]]:
    """Create the collection in the current database; returns label → article ids (a corpus id or
    a seed title)."""
    from articles.importer import Importer
    from articles.models import Article, District, Page, Source, Topic
    from articles.text.chinese import fold

    report = Importer().run([SEEDS])
    assert report.ok, report.failures
    labels: dict[str, list[int]] = {}
    for article in Article.objects.all():
        labels.setdefault(article.title, []).append(article.pk)
    districts = {d.name: d for d in District.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    pages: dict[str, Page] = {}
    for position, item in enumerate(corpus_articles()):
        batch = item["id"].split("-", 1)[0]
        page = pages.get(batch) or Page.objects.create(
            path=f"corpus/{batch}", content_hash=batch, encoding="utf-8", raw_text=""
        )
        pages[batch] = page
        source = None
        if item.get("source"):  # one source for 萬州日報 and 万州日报, as the importer keeps them
            source = Source.objects.filter(key=fold(item["source"])).first() or Source.objects.create(
                name=item["source"]
            )
        body = "\n\n".join(part["text"] for part in item["body"])
        article = Article.objects.create(
            page=page,
            position=position,
            start=0,
            end=len(body),
            fingerprint=item["id"][:32],
            title=item["title"],
            kicker=item.get("kicker", ""),
            subtitle=item.get("subtitle", ""),
            byline=item.get("byline", ""),
            body=body,
            source=source,
            published=dt.date.fromisoformat(item["date"]) if item.get("date") else None,
        )
        article.primary_districts.set([districts[name] for name in item["districts"]])
        article.topics.set([topics[slug] for slug in item["topics"] if slug in topics])
        labels[item["id"]] = [article.pk]
    return labels


def load_queries() -> list[dict]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def use_engine(engine_path: str, index_path: Path) -> None:
    """Point haystack's default connection at a fresh index of this engine and fill it."""
    from haystack import connections

    from articles import indexing
    from articles.models import Article

    connections.connections_info["default"] = {"ENGINE": engine_path, "PATH": str(index_path)}
    connections.reload("default")
    connections["default"].get_backend().clear()
    indexing.update(Article.objects.values_list("pk", flat=True))


def page_results(client, query: str) -> list[int]:
    """The article ids of the search page's first page, in order."""
    response = client.get("/search/", {"q": query})
    return [item["article"].pk for item in response.context.get("items", [])]


def stock_results(query: str) -> list[int]:
    from haystack.query import SearchQuerySet

    return [int(r.pk) for r in SearchQuerySet().auto_query(query)[:K] if r is not None]


@dataclass
class Scores:
    reciprocal_ranks: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    traps: int = 0
    nonsense: int = 0
    nonsense_with_results: int = 0
    seconds: float = 0.0
    queries: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def mrr(self) -> float:
        return sum(self.reciprocal_ranks) / len(self.reciprocal_ranks)

    @property
    def recall(self) -> float:
        return sum(self.recalls) / len(self.recalls)


def ids_of(labels: dict[str, list[int]], names: list[str]) -> set[int]:
    missing = [name for name in names if name not in labels]
    if missing:
        raise KeyError(f"search_queries.json names unknown articles: {missing}")
    return {pk for name in names for pk in labels[name]}


def evaluate(search, labels: dict[str, list[int]], queries: list[dict]) -> Scores:
    """search(query) → article ids in rank order."""
    scores = Scores()
    for q in queries:
        began = time.perf_counter()
        found = search(q["query"])[:K]
        scores.seconds += time.perf_counter() - began
        scores.queries += 1
        relevant = ids_of(labels, q["relevant"])
        if set(found) & ids_of(labels, q.get("not", [])):
            scores.traps += 1
            scores.misses.append(f"{q['query']} (matches what it must not)")
        if not relevant:
            scores.nonsense += 1
            scores.nonsense_with_results += bool(found)
            if found:
                scores.misses.append(f"{q['query']} ({len(found)} results, none wanted)")
            continue
        rank = next((i for i, pk in enumerate(found, 1) if pk in relevant), None)
        scores.reciprocal_ranks.append(1 / rank if rank else 0.0)
        scores.recalls.append(len(relevant & set(found)) / len(relevant))
        if rank != 1:
            scores.misses.append(f"{q['query']} (rank {rank})")
    return scores


def table(results: dict[str, Scores], queries: int, articles: int) -> str:
    lines = [
        f"{queries} queries over {articles} articles; @10 on the first page of results.",
        "",
        "| engine | MRR@10 | recall@10 | trap queries matching what they must not | nonsense queries with results "
        "| ms per query |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} | {s.mrr:.3f} | {s.recall:.3f} | {s.traps} | {s.nonsense_with_results} of {s.nonsense} "
            f"| {1000 * s.seconds / s.queries:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/SEARCH_QUALITY.md")
    parser.add_argument("--misses", action="store_true", help="list the queries whose first result is not relevant")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cqportal-quality-"))
    os.environ["CQPORTAL_VAR_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    sys.path.insert(0, str(ROOT))
    import django
    import jieba

    jieba.setLogLevel("WARNING")  # the baseline's dictionary loading is not news
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    labels = build_collection()
    queries = load_queries()
    client = Client()
    results = {}
    for name, engine in ENGINES.items():
        use_engine(engine, workdir / name.replace(" ", "-"))
        search = stock_results if engine.startswith("benchmarks.") else (lambda q: page_results(client, q))
        results[name] = evaluate(search, labels, queries)
    report = table(results, len(queries), Article.objects.count())
    sys.stdout.write(report + "\n")
    if args.misses:
        for name, s in results.items():
            sys.stdout.write(f"\n{name}: " + "; ".join(s.misses) + "\n")
    if args.write:
        out = ROOT / "benchmarks" / "SEARCH_QUALITY.md"
        text = out.read_text(encoding="utf-8") if out.exists() else ""
        start, end = "<!-- figures -->", "<!-- /figures -->"
        if start in text:
            text = text[: text.index(start) + len(start)] + "\n" + report + "\n" + text[text.index(end) :]
        else:
            text += f"\n{start}\n{report}\n{end}\n"
        out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
