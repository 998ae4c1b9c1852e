"""Lighthouse (mobile) on the reader pages, into benchmarks/LIGHTHOUSE.md.

    .venv/bin/python benchmarks/lighthouse.py [--port 8123] [--runs 1]

Sets up a throw-away portal the way `make serve` does (migrate, import seeds/, build the search index,
collect static, gunicorn with LOCAL_HTTP=1) in a var dir of its own, then runs Lighthouse from
node_modules (`npm ci`) with Debian's Chromium, its default mobile preset (a Moto G Power's screen,
simulated slow 4G and a 4x slower CPU), on home, a district, a filtered list, an article and a
search. It prints a Markdown table of the four category scores and writes it, with every audit that
is not passed, to benchmarks/LIGHTHOUSE.md; the JSON reports go to benchmarks/out/lighthouse/.

Not part of `make test`: about 12 s a page, and scores move with the machine's load. Nothing here
asserts; the README says what the scores must be.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
# The Traditional article of seed 002: read in Simplified by default, the hardest article page to get right.
ARTICLE_TITLE = "渝中區專題研究部署重點項目建設工作"
PAGES = {
    "home": "/",
    "district": "/districts/yuzhong/",
    "list": "/articles/?district=yuzhong&topic=governance",
    "article": None,  # found in the database once the seeds are imported
    "search": "/search/?q=%E6%B8%9D%E4%B8%AD%E5%8C%BA",  # 渝中区
}


def portal_env(var_dir: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "cqportal.settings",
        "CQPORTAL_VAR_DIR": str(var_dir),
        "LOCAL_HTTP": "1",
        "LOG_LEVEL": "ERROR",
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True, text=True, capture_output=True
    )
    return done.stdout


def set_up(env: dict) -> str:
    """What `make setup` does, in this var dir; returns the article's path."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "import_articles")
    manage(env, "rebuild_index", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    code = (
        "from articles.models import Article;"
        f"print(Article.objects.published().filter(title__contains={ARTICLE_TITLE!r}).get().get_absolute_url())"
    )
    # The shell says how many objects it imported before the code's own output: the path is the last line.
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


@contextlib.contextmanager
def gunicorn(env: dict, port: int):
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--access-logfile", "/dev/null", "--no-control-socket", "cqportal.wsgi"],
        env={**env, "INDEX_WORKER": "0"}, cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start on port {port}") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


# Audits a page fails on purpose, and why: said next to the score rather than "fixed".
DELIBERATE = {
    ("search", "is-crawlable"): 'search results carry `<meta name="robots" content="noindex">` (and robots.txt '
    "disallows `/search/`) on purpose: result pages are endless thin recombinations of the articles, which search "
    "engines ask sites to keep out of their index. Lighthouse scores any noindex page 0 on this audit, worth 0.37 of "
    "the SEO category; every other SEO audit passes.",
}


def lighthouse(url: str, report: Path, attempts: int = 3) -> dict:
    """One Lighthouse run. A run whose trace Chromium failed to record (NO_NAVSTART, NO_FCP: it happens on a
    loaded machine) is run again, up to `attempts` times; any other failure stops the benchmark."""
    for attempt in range(1, attempts + 1):
        done = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode == 0:
            return json.loads(report.read_text(encoding="utf-8"))
        flaky = any(code in done.stderr for code in ("NO_NAVSTART", "NO_FCP", "NO_TRACING_STARTED"))
        if not flaky or attempt == attempts:
            raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        sys.stderr.write(f"lighthouse: no trace recorded on {url} (attempt {attempt}), running it again\n")
    raise AssertionError("unreachable")


def scores(result: dict) -> dict:
    return {name: result["categories"][name]["score"] for name in CATEGORIES}


def not_passed(result: dict) -> list[str]:
    """Audits that count towards a category score and did not score 1, with what Lighthouse measured."""
    lines = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"{name}: `{ref['id']}` {audit['score']:.2f}{shown}")
    return lines


def deliberate(page: str, lines: list[str]) -> list[str]:
    return [why for (where, audit), why in DELIBERATE.items() if where == page and any(audit in x for x in lines)]


def table(rows: dict) -> str:
    out = ["| page | path | " + " | ".join(CATEGORIES) + " |", "|---|---|" + "---:|" * len(CATEGORIES)]
    for page, (path, values) in rows.items():
        out.append(f"| {page} | `{path}` | " + " | ".join(f"{values[c]:.2f}" for c in CATEGORIES) + " |")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--runs", type=int, default=1, help="runs a page; the median score of each category is kept")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES), help="a subset of the pages")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "LIGHTHOUSE.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("node_modules/.bin/lighthouse is missing: run npm ci")
    reports = ROOT / "benchmarks" / "out" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix="cqportal-lighthouse-"))
    rows, failing = {}, {}
    try:
        env = portal_env(var_dir)
        article = set_up(env)
        pages = {page: path or article for page, path in PAGES.items() if page in args.pages}
        with gunicorn(env, args.port) as base:
            for page, path in pages.items():
                runs = [lighthouse(base + path, reports / f"{page}-{n}.json") for n in range(args.runs)]
                per_category = {c: sorted(scores(r)[c] for r in runs) for c in CATEGORIES}
                rows[page] = (path, {c: v[len(v) // 2] for c, v in per_category.items()})
                median_run = sorted(runs, key=lambda r: scores(r)["performance"])[len(runs) // 2]
                failing[page] = not_passed(median_run)
        version = runs[0]["lighthouseVersion"]
        agent = runs[0]["environment"]["hostUserAgent"]
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    markdown = table(rows)
    sys.stdout.write(markdown + "\n")
    details = "\n".join(
        f"- **{page}**: "
        + ("; ".join(lines) if lines else "every scored audit passed")
        + "".join(f"\n  - {why}" for why in deliberate(page, lines))
        for page, lines in failing.items()
    )
    args.out.write_text(
        f"# Lighthouse (mobile)\n\nWritten by `benchmarks/lighthouse.py` on {datetime.now():%Y-%m-%d %H:%M}: "
        f"Lighthouse {version}, default mobile preset (simulated slow 4G, 4x CPU slowdown), {agent.split(') ')[-1]}, "
        f"gunicorn on 127.0.0.1 with the seeds imported; median of {args.runs} run(s) a page. Total blocking time, "
        "the only performance audit not always passed, is the browser's own style and layout work (the pages have "
        "no script) scaled by the simulated 4x slower CPU, so it moves with this machine's load; the audits listed "
        "are the median run's.\n\n"
        f"{markdown}\n\n## Audits not passed\n\n{details}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
