"""Hand weights or a learned model for own districts? Cross-validation on the dev split.

    .venv/bin/python benchmarks/district_model.py [--folds 5]

Each district an article names (by name, town or landmark) is a candidate; its features are the
evidence articles.text.tagging reads (where and how it is named, and how often in passing). A
logistic regression (L2, fitted by Newton's method: a dozen features need no library) is trained
on the dev split's labelled articles only, folds by article, and scored against the hand weights
(aboutness ≥ OWN_SCORE) on the same held-out folds. Nothing here runs at import time.
"""

import argparse
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.text.tagging import (  # noqa: E402
    BODY,
    BYLINE,
    HEADLINE,
    LANDMARK,
    LEAD,
    NAME,
    OWN_SCORE,
    TOWN,
    aboutness,
    article_mentions,
)
from benchmarks.quality import load_corpus, split_of  # noqa: E402

FEATURES = (
    "bias",
    "name headline",
    "name lead",
    "name body full",
    "name body short",
    "byline organisation",
    "town headline",
    "town lead",
    "town body",
    "landmark headline",
    "landmark elsewhere",
    "located",
    "placed",
    "in passing",
    "other candidates",
)


def candidates(article: dict) -> list[tuple[str, list[float], float, bool]]:
    """(district, features, hand score, own) for each district the article names."""
    headline = " ".join([article["kicker"], article["title"], article["subtitle"]])
    body = "\n".join(b["text"] for b in article["body"])
    mentions = article_mentions(headline, body, article["byline"], article["source"])
    scores = aboutness(mentions)
    districts = sorted({d for m in mentions for d in m.districts})
    rows = []
    for district in districts:
        f = dict.fromkeys(FEATURES, 0.0)
        f["bias"] = 1.0
        for m in mentions:
            if district not in m.districts:
                continue
            if m.passing:
                f["in passing"] += 1
                continue
            if m.zone == BYLINE:
                f["byline organisation"] += m.kind == NAME and (m.full or m.placed > 0)
            elif m.kind == NAME:
                key = {HEADLINE: "name headline", LEAD: "name lead"}.get(m.zone)
                f[key or ("name body full" if m.full else "name body short")] += 1
            elif m.kind == TOWN:
                f[{HEADLINE: "town headline", LEAD: "town lead", BODY: "town body"}[m.zone]] += 1
            elif m.kind == LANDMARK:
                f["landmark headline" if m.zone == HEADLINE else "landmark elsewhere"] += 1
            f["located"] += m.placed >= 1.0
            f["placed"] += 0 < m.placed < 1.0
        f["other candidates"] = len(districts) - 1
        own = district in article["districts"]
        if district in article["acceptable"] and not own:
            continue
        # Counts enter as log(1 + n): the second mention adds less than the first.
        rows.append((district, [math.log1p(f[k]) for k in FEATURES], scores[district], own))
    return rows


def fit(rows: list[tuple[list[float], bool]], l2: float = 1.0, steps: int = 25) -> list[float]:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    n = len(FEATURES)
    w = [0.0] * n
    for _ in range(steps):
        grad = [l2 * w[i] * (i > 0) for i in range(n)]
        hess = [[l2 * (i == j and i > 0) for j in range(n)] for i in range(n)]
        for x, y in rows:
            p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x, strict=True))))
            for i in range(n):
                grad[i] += (p - y) * x[i]
                for j in range(n):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
    return w


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small ridge keeps it regular)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for i in range(n):
        m[i][i] += 1e-9
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                factor = m[r][col] / m[col][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def f1(pairs: list[tuple[bool, bool]], missed_own: int) -> tuple[float, float, float]:
    tp = sum(p and y for p, y in pairs)
    fp = sum(p and not y for p, y in pairs)
    fn = sum(y and not p for p, y in pairs) + missed_own
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    articles = [a for a in load_corpus() if split_of(a["id"]) == "dev"]
    random.Random(args.seed).shuffle(articles)
    per_article = [(a, candidates(a)) for a in articles]
    hand, learned, missed = [], [], 0
    for fold in range(args.folds):
        train = [r for i, (_, rows) in enumerate(per_article) if i % args.folds != fold for r in rows]
        w = fit([(x, own) for _, x, _, own in train])
        for i, (article, rows) in enumerate(per_article):
            if i % args.folds != fold:
                continue
            missed += len(set(article["districts"]) - {d for d, *_ in rows})
            for _, x, score, own in rows:
                hand.append((score >= OWN_SCORE, own))
                learned.append((sum(a * b for a, b in zip(w, x, strict=True)) > 0, own))
    out = sys.stdout
    out.write(f"{len(per_article)} dev articles, {len(hand)} candidates, {args.folds} folds by article\n")
    for name, pairs in (("hand weights", hand), ("logistic regression", learned)):
        precision, recall, score = f1(pairs, missed)
        out.write(f"{name:20} P {precision:.3f}  R {recall:.3f}  F1 {score:.3f}\n")
    weights = fit([(x, own) for _, rows in per_article for _, x, _, own in rows])
    listed = ", ".join(f"{k} {v:+.2f}" for k, v in zip(FEATURES, weights, strict=True))
    out.write(f"weights on all dev: {listed}\n")


if __name__ == "__main__":
    main()
