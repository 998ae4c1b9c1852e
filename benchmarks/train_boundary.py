"""Compare, on the dev split, three ways to tell a sub-head from an article boundary (articles/text/segment.py).

    .venv/bin/python benchmarks/train_boundary.py [--folds 5]

Every short line between two runs of prose on the dev split's generated pages is one example: its
features (segment.boundary_features) and whether the prose on both sides belongs to one labelled
article. A logistic regression is fitted by plain batch gradient descent (no randomness, no library),
so the same corpus always gives the same weights. Cross-validation over pages compares it with the
similarity rule alone (SAME_ARTICLE) and with segment.is_boundary, the rule kept (its docstring says why).
Only the dev split is read: the test split stays unseen.
"""

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.text.decode import decode_page  # noqa: E402
from articles.text.layout import units  # noqa: E402
from articles.text.segment import SAME_ARTICLE, SAME_ARTICLE_SAME_PLACE, is_boundary, segment  # noqa: E402
from benchmarks.corpus_pages import generate  # noqa: E402
from benchmarks.quality import LAYOUTS, SEED, load_corpus, split_of, squash  # noqa: E402

L2 = 0.01
STEPS = 3000
RATE = 0.5


def _owner(piece: str, truths: list[tuple[str, str]]) -> str | None:
    key = squash(piece)
    if len(key) < 8:
        return None
    owners = [tid for tid, text in truths if key in text]
    return owners[0] if len(owners) == 1 else None


def examples() -> list[tuple[int, list[float], int]]:
    """(page number, features, 1 when the short lines stand between two articles)."""
    chosen = [a for a in load_corpus() if split_of(a["id"]) == "dev"]
    rows = []
    for number, page in enumerate(generate(chosen, SEED, layouts_per_article=LAYOUTS)):
        truths = [(t.id, squash(" ".join([*t.paragraphs, *t.captions]))) for t in page.articles]
        record: list = []
        text, _ = decode_page(page.data)
        segment(units(text), record)
        for features, unit, before in record:
            left, right = _owner(before[-24:], truths), _owner(unit.text[:24], truths)
            if left and right:
                rows.append((number, features, int(left != right)))
    return rows


def fit(rows: list[tuple[int, list[float], int]]) -> tuple[float, list[float]]:
    size = len(rows[0][1])
    bias, weights = 0.0, [0.0] * size
    for _ in range(STEPS):
        grad_b, grad_w = 0.0, [0.0] * size
        for _, x, y in rows:
            p = 1 / (1 + math.exp(-(bias + sum(w * v for w, v in zip(weights, x, strict=True)))))
            grad_b += p - y
            for i, v in enumerate(x):
                grad_w[i] += (p - y) * v
        bias -= RATE * grad_b / len(rows)
        weights = [w - RATE * (g / len(rows) + L2 * w) for w, g in zip(weights, grad_w, strict=True)]
    return bias, weights


def model_says(bias: float, weights: list[float], x: list[float]) -> int:
    return int(bias + sum(w * v for w, v in zip(weights, x, strict=True)) > 0)


def rule_says(x: list[float]) -> int:
    similarity, shared_place = x[0] / 10, x[1]
    return int(similarity < (SAME_ARTICLE_SAME_PLACE if shared_place else SAME_ARTICLE))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    rows = examples()
    out = sys.stdout
    out.write(f"{len(rows)} decisions, {sum(y for *_, y in rows)} of them boundaries\n")
    rule_wrong = model_wrong = 0
    kept_wrong = sum(int(is_boundary(x)) != y for _, x, y in rows)
    for fold in range(args.folds):
        train = [r for r in rows if r[0] % args.folds != fold]
        held = [r for r in rows if r[0] % args.folds == fold]
        bias, weights = fit(train)
        model_wrong += sum(model_says(bias, weights, x) != y for _, x, y in held)
        rule_wrong += sum(rule_says(x) != y for _, x, y in held)
    out.write(f"wrong decisions: similarity alone {rule_wrong}, logistic regression {model_wrong} (cross-validated),")
    out.write(f" segment.is_boundary {kept_wrong} (nothing fitted), of {len(rows)}\n")
    bias, weights = fit(rows)
    out.write(f"logistic regression on all of dev: bias {bias:.3f}, weights {[round(w, 3) for w in weights]}\n")


if __name__ == "__main__":
    main()
