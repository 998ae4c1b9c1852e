"""The benchmark: one command, figures into benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py --sizes 1000 10000 100000 --engines whoosh xapian

For each size N a synthetic corpus of N articles is generated from the seeds; for each engine it
is imported into a fresh SQLite database and search index (throughput, peak memory), page and
search latency are measured through the views, and gunicorn is loaded with wrk from a second
process: the district page against the trivial /livez view of the same app, and the district page
again while an import runs. Nothing here asserts: the figures are written down.
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
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
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


def make_corpus(out: Path, size: int) -> Path:
    folder = out / f"corpus-{size}"
    if not folder.exists():
        env = env_for(out / "scratch", "whoosh")
        code = (
            "import django; django.setup();"
            "from pathlib import Path; from benchmarks.corpus import write_corpus;"
            f"write_corpus(Path({str(folder)!r}), {size}, Path({str(ROOT / 'seeds')!r}))"
        )
        run([PYTHON, "-c", code], env)
    return folder


def import_corpus(workdir: Path, engine: str, corpus: Path) -> dict:
    env = env_for(workdir, engine)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    done = run([PYTHON, "benchmarks/measure.py", "import_articles", str(corpus), "-v0"], env, capture_output=True)
    figures = json.loads(done.stderr.strip().splitlines()[-1])
    count_code = "from articles.models import Article; print(Article.objects.count())"
    count = run([PYTHON, "manage.py", "shell", "-c", count_code], env, capture_output=True).stdout.split()[-1]
    articles = int(count)
    return {"articles": articles, "seconds": round(figures["seconds"], 1),
            "per_second": round(articles / figures["seconds"]), "peak_mib": round(figures["peak_mib"])}  # fmt: skip


def latency(workdir: Path, engine: str, cache: str = "dummy://") -> dict:
    # By default the page cache is off: these are the costs of rendering, which a cache then hides.
    done = run([PYTHON, "benchmarks/latency.py"], env_for(workdir, engine, cache=cache), capture_output=True)
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return {"requests_per_second": round(rps), "requests": total, "errors": errors}


def load(workdir: Path, engine: str, seconds: int, extra_corpus: Path) -> dict:
    env = env_for(workdir, engine)
    port = free_port()
    server = subprocess.Popen([GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                               "--access-logfile", "/dev/null", "cqportal.wsgi"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
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
        importer = subprocess.Popen([PYTHON, "manage.py", "import_articles", str(extra_corpus), "-v0"], env=env,
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
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
        "Latencies are through the views with the page cache off (p50 / p95, ms), and for the district page",
        "also with it on (as served); load is gunicorn",
        f"({os.cpu_count() * 2 + 1} sync workers) under `wrk -t2 -c16` from a second process, page cache on.",
        "",
        "| engine | N | import + index (articles/s) | peak MiB | search p50/p95 | home | district | district cached "
        "| article | feed | district req/s | trivial req/s | ratio | errors (during import) |",
        "| --- | ---: | ---: | ---: | --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        p, s, w = r["latency"]["pages"], r["latency"]["search"]["all queries"], r["load"]
        fmt = lambda d: f"{d['p50_ms']} / {d['p95_ms']}"  # noqa: E731
        ratio = w["district"]["requests_per_second"] / max(1, w["trivial"]["requests_per_second"])
        cached = fmt(r["latency cached"]["district list"]) if "latency cached" in r else "–"
        errors = w["district"]["errors"] + w["trivial"]["errors"]
        lines.append(
            f"| {r['engine']} | {r['import']['articles']:,} | {r['import']['per_second']} | {r['import']['peak_mib']} "
            f"| {fmt(s)} | {fmt(p['home'])} | {fmt(p['district list'])} | {cached} | {fmt(p['article'])} "
            f"| {fmt(p['feed'])} "
            f"| {w['district']['requests_per_second']} | {w['trivial']['requests_per_second']} | {ratio:.0%} "
            f"| {errors} ({w['district during import']['errors']}) |"
        )
    lines += ["", "Raw figures: `benchmarks/results.json`.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--engines", nargs="+", default=["xapian", "whoosh"], choices=["xapian", "whoosh"])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    extra = make_corpus(args.out, 500)
    results_file = ROOT / "benchmarks" / "results.json"
    rows = json.loads(results_file.read_text()) if results_file.exists() else []
    for size in args.sizes:
        corpus = make_corpus(args.out, size)
        for engine in args.engines:
            workdir = args.out / f"{engine}-{size}"
            shutil.rmtree(workdir, ignore_errors=True)
            print(f"== {engine}, {size:,} articles", flush=True)
            row = {"engine": engine, "size": size, "import": import_corpus(workdir, engine, corpus)}
            print(f"   import: {row['import']}", flush=True)
            row["latency"] = latency(workdir, engine)
            row["latency cached"] = latency(workdir, engine, cache="locmem://")["pages"]
            print(f"   search: {row['latency']['search']['all queries']}", flush=True)
            row["load"] = load(workdir, engine, args.wrk_seconds, extra)
            print(f"   load: {row['load']}", flush=True)
            rows = [r for r in rows if (r["engine"], r["size"]) != (engine, size)] + [row]
            rows.sort(key=lambda r: (r["size"], r["engine"]))
            results_file.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
            write_results(rows, ROOT / "benchmarks" / "RESULTS.md")


if __name__ == "__main__":
    main()
