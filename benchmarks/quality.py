"""How well the importer's text pipeline reads pages it has never seen: one command, Markdown tables.

    .venv/bin/python benchmarks/quality.py [--split dev|test|both] [--layouts N] [--seed S] [--json out.json]
                                           [--corpus FILE_OR_DIR ...]

The labelled articles (tests/fixtures/corpus/*.json, FORMAT.md) are laid out as pages by
benchmarks/corpus_pages.py, each page goes through the importer's own pure analysis
(articles.text.pipeline.analyse_bytes: decode, parse, tag), and what comes out is scored against what the
page prints. An article's split is fixed by a hash of its id (70% dev, 30% test): rules are tuned
on dev only, and test says whether they carry over. No database.
"""

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.text import blocks  # noqa: E402
from articles.text.chinese import fold  # noqa: E402
from articles.text.pipeline import TaggedArticle, analyse_bytes  # noqa: E402
from benchmarks.corpus_pages import GeneratedPage, TruthArticle, byline_names, generate  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
DEV_SHARE = 0.7
SEED = 20240704
LAYOUTS = 3
# A predicted article "holds" a truth article when it has this much of its text (characters).
HOLD_CHARS = 12
HOLD_SHARE = 0.05
COLUMNS = ("all", "web", "epaper")


def load_corpus(paths: list[Path] | None = None) -> list[dict]:
    """Articles of the given JSON files (directories: their *.json), default tests/fixtures/corpus/."""
    files: list[Path] = []
    for path in paths or [CORPUS]:
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    articles, seen = [], {}
    for file in files:
        for record in json.loads(file.read_text(encoding="utf-8")):
            if record["id"] in seen:
                raise ValueError(f"article id {record['id']!r} is in both {seen[record['id']]} and {file}")
            seen[record["id"]] = file
            articles.append(record)
    return articles


def split_of(article_id: str) -> str:
    share = int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16) / 0x1_0000_0000
    return "dev" if share < DEV_SHARE else "test"


def squash(text: str) -> str:
    """For comparing text: Simplified, no whitespace (the page wrapped it, the importer re-flowed it)."""
    return re.sub(r"\s+", "", fold(text))


_CREDIT_END_RE = re.compile(r"(?:摄|摄影|供图)\s*[）)]?$")
_CREDIT_RE = re.compile(r"\s*[（(]?(?:\S{0,14}(?:记者|通讯员))?\s*\S{2,4}\s*(?:摄|摄影|供图)\s*[）)]?$")


def caption_core(caption: str) -> str:
    """A caption without the photographer's credit it ends with (…奔跑。新华社记者 黄伟 摄): the credit
    may go to the byline or be dropped, the caption itself must stay."""
    text = fold(caption).strip()
    if not _CREDIT_END_RE.search(text):
        return text
    stop = max(text.rfind(mark) for mark in "。！？")
    return text[: stop + 1] if stop >= 4 else _CREDIT_RE.sub("", text) or text


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，。！？；：、,!?;:“”「」（）()]", squash(text)) if len(c) >= 2]


@dataclass
class Prediction:
    title: str
    kicker: str
    subtitle: str
    byline: str
    source: str
    date: str | None
    body: str  # squashed, without the sub-head and caption marks
    primary: list[str]
    topics: list[str]
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (role, squashed text) of the body's blocks

    @classmethod
    def of(cls, tagged: TaggedArticle) -> "Prediction":
        item = tagged.parsed
        return cls(
            item.title,
            item.kicker,
            item.subtitle,
            item.byline,
            item.source,
            item.published.isoformat() if item.published else None,
            squash(blocks.plain(item.body_text)),
            list(tagged.primary),
            list(tagged.topics),
            [(b.role, squash(b.text)) for b in blocks.to_blocks(item.body_text)],
        )


def predict(page: GeneratedPage) -> list[Prediction]:
    analysed = analyse_bytes(page.data, Path(page.name))
    return [Prediction.of(a) for a in analysed.articles]


@dataclass
class Tally:
    """Numerators and denominators per metric."""

    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, metric: str, hit: int | bool, total: int = 1, why: str = "") -> None:
        self.counts[metric][0] += int(hit)
        self.counts[metric][1] += total
        if int(hit) < total and why:
            self.misses[metric].append(why)

    def value(self, metric: str) -> float | None:
        hit, total = self.counts.get(metric, (0, 0))
        return hit / total if total else None


def _ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


def score_page(page: GeneratedPage, predictions: list[Prediction], tally: Tally) -> None:
    best_of: dict[str, int | None] = {}
    held: set[int] = set()
    for truth in page.articles:
        clauses = _clauses(" ".join([*truth.paragraphs, *truth.captions]))
        total = sum(map(len, clauses))
        covered = [sum(len(c) for c in clauses if c in p.body) for p in predictions]
        holders = [i for i, n in enumerate(covered) if n >= min(HOLD_CHARS, total) and n >= HOLD_SHARE * total]
        best = max(holders, key=covered.__getitem__) if holders else None
        best_of[truth.id] = best
        held.update(holders)
        where = f"{page.name} {truth.id}"
        score_article(truth, predictions[best] if best is not None else None, len(holders), tally, where)
    for truth in page.articles:
        best = best_of[truth.id]
        alone = best is not None and sum(b == best for b in best_of.values()) == 1
        tally.add("not merged", alone, why=f"{page.name} {truth.id}")
    # Predicted articles holding no truth article's text: furniture read as an article.
    extra = [p.title for i, p in enumerate(predictions) if i not in held]
    tally.add("extra articles", len(extra), len(predictions))
    if extra:
        tally.misses["extra articles"].append(f"{page.name}: {extra}")


def score_article(truth: TruthArticle, pred: Prediction | None, holders: int, tally: Tally, where: str = "") -> None:
    pred = pred or Prediction("", "", "", "", "", None, "", [], [])
    body = pred.body
    tally.add("articles", 1)
    needed = [truth.first_sentence, truth.last_sentence, *truth.paragraphs, *map(caption_core, truth.captions)]
    missing = [t for t in needed if squash(t) not in body]
    tally.add("whole", bool(body) and not missing, why=f"{where}: lacks {missing[:1]}")
    tally.add("no wrong split", holders == 1, why=f"{where}: in {holders} articles")
    for metric, truth_value, predicted_value in [
        ("title", truth.title, pred.title),
        ("kicker/subtitle", (truth.kicker, truth.subtitle), (pred.kicker, pred.subtitle)),
    ]:
        same = _ws(str(truth_value)) == _ws(str(predicted_value))
        tally.add(metric, same, why=f"{where}: {truth_value!r} read as {predicted_value!r}")
    names = byline_names(truth.byline)
    found = pred.byline
    byline_ok = all(fold(n) in fold(found) for n in names) if names else not found.strip()
    tally.add("byline", byline_ok, why=f"{where}: {truth.byline!r} read as {found!r}")
    same_source = fold(pred.source) == fold(truth.source)
    tally.add("source", same_source, why=f"{where}: {truth.source!r} read as {pred.source!r}")
    why_date = f"{where}: {truth.date} read as {pred.date}"
    tally.add("date", pred.date == truth.date, why=why_date)
    if truth.date:
        tally.add("dated: date read", pred.date == truth.date, why=why_date)
    else:
        tally.add("undated: no date", pred.date is None, why=why_date)

    predicted = set(pred.primary)
    own, acceptable = set(truth.districts), set(truth.acceptable)
    why = f"{where}: {sorted(own)} read as {sorted(predicted)}"
    tally.add("district precision", len(predicted & own), len(predicted - (acceptable - own)), why=why)
    tally.add("district recall", len(predicted & own), len(own), why=why)
    topics, own_topics = set(pred.topics if pred else []), set(truth.topics)
    tally.add("topic precision", len(topics & own_topics), len(topics))
    tally.add("topic recall", len(topics & own_topics), len(own_topics))

    own_text = squash(" ".join([*truth.paragraphs, *truth.captions]))
    # The closing credit (…渠道。（华龙网-新重庆客户端 记者 黄宇）) stays in the body by design (parse.py): furniture
    # words found only inside it (新重庆客户端) are the article's own text, not a furniture line kept.
    credit = squash(truth.byline)
    outside = body.replace(credit, "") if credit else body
    noise = [f for f in truth.furniture if squash(f) and squash(f) not in own_text and squash(f) in outside]
    # Counted as a hit so that the table shows how many articles keep noise (lower is better).
    tally.add("noise kept", bool(noise))
    if noise:
        tally.misses["noise kept"].append(f"{where}: {noise}")
    # Kept as what they are: a caption's text inside a block marked caption, a sub-head as a sub-head block.
    captions = [text for role, text in pred.blocks if role == blocks.CAPTION]
    kept = sum(any(squash(caption_core(c)) in text for text in captions) for c in truth.captions)
    tally.add("captions kept", kept, len(truth.captions), why=f"{where}: {kept} of {truth.captions}")
    subheads = {text for role, text in pred.blocks if role == blocks.SUBHEAD}
    truth_subheads = [b["text"] for b in truth.record["body"] if b["role"] == "subhead"]
    kept = sum(squash(s) in subheads for s in truth_subheads)
    tally.add("sub-heads kept", kept, len(truth_subheads), why=f"{where}: {kept} of {truth_subheads}")


def run(articles: list[dict], split: str = "both", layouts: int = LAYOUTS, seed: int = SEED) -> dict:
    """{split: {column: Tally}} for the requested splits (dev, test, or both of them)."""
    splits = ["dev", "test"] if split == "both" else [split]
    results = {}
    for name in splits:
        chosen = [a for a in articles if split_of(a["id"]) == name]
        tallies = {column: Tally() for column in COLUMNS}
        for page in generate(chosen, seed, layouts_per_article=layouts):
            predictions = predict(page)
            for column in ("all", page.layout):
                score_page(page, predictions, tallies[column])
        results[name] = tallies
    return results


def _f1(tally: Tally, kind: str) -> float | None:
    precision, recall = tally.value(f"{kind} precision"), tally.value(f"{kind} recall")
    if precision is None or recall is None or precision + recall == 0:
        return None
    return 2 * precision * recall / (precision + recall)


ROWS = (
    "whole",
    "no wrong split",
    "not merged",
    "title",
    "kicker/subtitle",
    "byline",
    "source",
    "date",
    "dated: date read",
    "undated: no date",
    "district precision",
    "district recall",
    "district F1",
    "topic precision",
    "topic recall",
    "topic F1",
    "noise kept",
    "extra articles",
    "captions kept",
    "sub-heads kept",
)


def figures(tally: Tally) -> dict[str, dict]:
    out = {"articles": {"value": None, "count": tally.counts["articles"][1] if "articles" in tally.counts else 0}}
    for row in ROWS:
        if row.endswith(" F1"):
            out[row] = {"value": _f1(tally, row.split()[0])}
        else:
            hit, total = tally.counts.get(row, (0, 0))
            out[row] = {"value": tally.value(row), "hit": hit, "total": total}
    return out


def _cell(figure: dict) -> str:
    value = figure.get("value")
    if value is None:
        return "–"
    if "total" not in figure:
        return f"{value:.3f}"
    return f"{value:.3f} ({figure['hit']}/{figure['total']})"


def markdown(results: dict) -> str:
    parts = []
    for split, tallies in results.items():
        table = {column: figures(tally) for column, tally in tallies.items()}
        counts = " · ".join(f"{c}: {table[c]['articles']['count']}" for c in COLUMNS)
        parts.append(f"### {split}\n\nLayouts scored ({counts}); noise kept, extra articles: lower is better.\n")
        parts.append("| metric | " + " | ".join(COLUMNS) + " |")
        parts.append("|---|" + "---|" * len(COLUMNS))
        for row in ROWS:
            parts.append(f"| {row} | " + " | ".join(_cell(table[c][row]) for c in COLUMNS) + " |")
        parts.append("")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--layouts", type=int, default=LAYOUTS, help="layouts per article (default %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--corpus", type=Path, nargs="+", help="JSON files or folders (default tests/fixtures/corpus)")
    parser.add_argument("--explain", metavar="METRIC", help="list the misses of one metric (dev split only)")
    args = parser.parse_args(argv)
    articles = load_corpus(args.corpus)
    started = time.perf_counter()
    results = run(articles, args.split, args.layouts, args.seed)
    seconds = time.perf_counter() - started
    print(f"{len(articles)} labelled articles, {args.layouts} layouts each, seed {args.seed}, {seconds:.1f} s\n")
    print(markdown(results))
    if args.explain:
        for line in results.get("dev", {}).get("all", Tally()).misses.get(args.explain, []):
            print(line)
    if args.json:
        data = {split: {c: figures(t) for c, t in tallies.items()} for split, tallies in results.items()}
        settings = {"articles": len(articles), "layouts": args.layouts, "seed": args.seed, "seconds": round(seconds, 1)}
        args.json.write_text(json.dumps({"settings": settings, "results": data}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
