"""The benchmark: one command, figures into benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py --sizes 1000 10000 100000 --engines whoosh xapian
    .venv/bin/python benchmarks/run.py --sizes 100000 --engines xapian --per-page 1   # single-article files
    .venv/bin/python benchmarks/run.py --sizes 1000000 --engines xapian               # make benchmark-1m

For each size N a synthetic corpus of N articles is generated from the seeds (five articles a file,
or --per-page); for each engine it is imported into a fresh SQLite database and search index
(throughput, CPU time, peak memory), imported again unchanged (files skipped per second), its
database and index measured on disk, page and search latency measured through the views, and
gunicorn loaded with wrk from a second process: the district page against the trivial /livez view
of the same app, and the district page again while an import runs. Nothing here asserts: the
figures are written down.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The interpreter this runs under, and the gunicorn beside it: the project's .venv or any other.
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
sys.path.insert(0, str(ROOT))


def env_for(workdir: Path, engine: str, cache: str = "locmem://") -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "cqportal.settings",
        "CQPORTAL_VAR_DIR": str(workdir),
        "SEARCH_URL": f"{engine}://{workdir / 'index'}",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "CACHE_URL": cache,
        "LOCAL_HTTP": "1",
        "LOG_LEVEL": "ERROR",
    }


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def make_corpus(out: Path, size: int, per_page: int = 5) -> Path:
    folder = out / (f"corpus-{size}" if per_page == 5 else f"corpus-{size}-{per_page}a")
    done = folder / ".complete"  # an interrupted generation is started again, not half used
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        env = env_for(out / "scratch", "whoosh")
        code = (
            "import django; django.setup();"
            "from pathlib import Path; from benchmarks.corpus import write_corpus;"
            f"write_corpus(Path({str(folder)!r}), {size}, Path({str(ROOT / 'seeds')!r}), per_page={per_page})"
        )
        run([PYTHON, "-c", code], env)
        done.touch()
    return folder


def disk_mib(*paths: Path) -> int:
    total = 0
    for path in paths:
        files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()] if path.exists() else []
        total += sum(f.stat().st_size for f in files)
    return round(total / 2**20)


def import_corpus(workdir: Path, engine: str, corpus: Path) -> dict:
    env = env_for(workdir, engine)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    figures = measure_import(env, corpus)
    count_code = "from articles.models import Article; print(Article.objects.count())"
    count = run([PYTHON, "manage.py", "shell", "-c", count_code], env, capture_output=True).stdout.split()[-1]
    articles = int(count)
    files = sum(1 for _ in corpus.rglob("*.txt"))
    again = measure_import(env, corpus)  # nothing changed: every file is read, hashed and skipped
    return {
        "articles": articles,
        "files": files,
        "seconds": round(figures["seconds"], 1),
        "per_second": round(articles / figures["seconds"]),
        "peak_mib": round(figures["peak_mib"]),
        "cpu_ms_per_article": round(figures["cpu_seconds"] * 1000 / articles, 2),
        "reimport_seconds": round(again["seconds"], 1),
        "reimport_files_per_second": round(files / again["seconds"]),
        "reimport_peak_mib": round(again["peak_mib"]),
        "database_mib": disk_mib(*workdir.glob("db.sqlite3*")),
        "index_mib": disk_mib(workdir / "index"),
    }


def measure_import(env: dict, corpus: Path) -> dict:
    done = run([PYTHON, "benchmarks/measure.py", "import_articles", str(corpus), "-v0"], env, capture_output=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


def latency(workdir: Path, engine: str, cache: str = "dummy://") -> dict:
    # By default the page cache is off: these are the costs of rendering, which a cache then hides.
    done = run([PYTHON, "benchmarks/latency.py"], env_for(workdir, engine, cache=cache), capture_output=True)
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return {"requests_per_second": round(rps), "requests": total, "errors": errors}


def load(workdir: Path, engine: str, seconds: int, extra_corpus: Path) -> dict:
    env = env_for(workdir, engine)
    port = free_port()
    gunicorn = [
        GUNICORN,
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
    ]
    server = subprocess.Popen(
        [*gunicorn, "cqportal.wsgi"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/livez", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        result = {
            "trivial": wrk(base + "/livez", seconds),
            "district": wrk(base + "/districts/yuzhong/", seconds),
        }
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import_articles", str(extra_corpus), "-v0"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        result["district during import"] = wrk(base + "/districts/yuzhong/", seconds)
        importer.wait(timeout=600)
        result["import during load ok"] = importer.returncode == 0
        return result
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, AttributeError):
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, SQLite"


def write_results(rows: list[dict], path: Path) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}. Written by `benchmarks/run.py` on {datetime.now():%Y-%m-%d %H:%M}.",
        "Import: articles a second (wall time), CPU ms an article (the whole process tree: on a shared machine",
        "the wall time follows the neighbours' load, the CPU time much less), peak memory (PSS of the tree),",
        "a second run over the unchanged files (files a second), database and index on disk.",
        "Latencies are through the views with the page cache off (p50 / p95, ms), and for the district page",
        'also with it on (as served); "deep" is a district page 2,000 articles back, by its 更早 link;',
        f"load is gunicorn ({os.cpu_count() * 2 + 1} sync workers) under `wrk -t2 -c16` from a second process,",
        "page cache on. Rows measured before a column existed show –.",
        "",
        "| engine | N | a file | import /s | CPU ms | peak MiB | re-import files/s | DB MiB | index MiB "
        "| search p50/p95 | home | district | deep | district cached | article | feed | district req/s "
        "| trivial req/s | ratio | errors (during import) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- | --- | --- "
        "| ---: | ---: | ---: | --- |",
    ]
    fmt = lambda d: f"{d['p50_ms']} / {d['p95_ms']}" if d else "–"  # noqa: E731
    for r in rows:
        p, s, w, i = r["latency"]["pages"], r["latency"]["search"]["all queries"], r["load"], r["import"]
        cached = fmt(r["latency cached"]["district list"]) if "latency cached" in r else "–"
        if w:
            ratio = w["district"]["requests_per_second"] / max(1, w["trivial"]["requests_per_second"])
            errors = w["district"]["errors"] + w["trivial"]["errors"]
            loaded = (
                f"| {w['district']['requests_per_second']} | {w['trivial']['requests_per_second']} | {ratio:.0%} "
                f"| {errors} ({w['district during import']['errors']}) |"
            )
        else:
            loaded = "| – | – | – | – |"
        lines.append(
            f"| {r['engine']} | {i['articles']:,} | {r.get('per_page', 5)} | {i['per_second']} "
            f"| {i.get('cpu_ms_per_article', '–')} | {i['peak_mib']} | {i.get('reimport_files_per_second', '–')} "
            f"| {i.get('database_mib', '–')} | {i.get('index_mib', '–')} "
            f"| {fmt(s)} | {fmt(p['home'])} | {fmt(p['district list'])} | {fmt(p.get('district deep'))} | {cached} "
            f"| {fmt(p['article'])} | {fmt(p['feed'])} {loaded}"
        )
    lines += ["", "Raw figures: `benchmarks/results.json`.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--engines", nargs="+", default=["xapian", "whoosh"], choices=["xapian", "whoosh"])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--per-page", type=int, default=5, help="articles a file (1: single-article files)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    extra = make_corpus(args.out, 500)
    results_file = ROOT / "benchmarks" / "results.json"
    rows = json.loads(results_file.read_text()) if results_file.exists() else []
    for size in args.sizes:
        # Measured at 10,000 articles: ~4 KB of corpus, ~14 KB of database and ~9 KB of index an article.
        needed, free = size * len(args.engines) * 30_000, shutil.disk_usage(args.out).free
        if needed > free:
            sys.exit(f"{size:,} articles need ~{needed / 2**30:.0f} GiB in {args.out}; {free / 2**30:.0f} GiB free")
        corpus = make_corpus(args.out, size, args.per_page)
        for engine in args.engines:
            workdir = args.out / f"{engine}-{size}-{args.per_page}a"
            shutil.rmtree(workdir, ignore_errors=True)
            print(f"== {engine}, {size:,} articles, {args.per_page} a file", flush=True)
            row = {
                "engine": engine,
                "size": size,
                "per_page": args.per_page,
                "import": import_corpus(workdir, engine, corpus),
            }
            print(f"   import: {row['import']}", flush=True)
            row["latency"] = latency(workdir, engine)
            row["latency cached"] = latency(workdir, engine, cache="locmem://")["pages"]
            print(f"   search: {row['latency']['search']['all queries']}", flush=True)
            # Without wrk (not every machine has it) the load columns stay empty.
            row["load"] = load(workdir, engine, args.wrk_seconds, extra) if shutil.which("wrk") else None
            print(f"   load: {row['load']}", flush=True)
            key = (engine, size, args.per_page)
            rows = [r for r in rows if (r["engine"], r["size"], r.get("per_page", 5)) != key] + [row]
            rows.sort(key=lambda r: (r["size"], r.get("per_page", 5), r["engine"]))
            results_file.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
            write_results(rows, ROOT / "benchmarks" / "RESULTS.md")


if __name__ == "__main__":
    main()
