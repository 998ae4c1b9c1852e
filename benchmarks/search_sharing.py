"""How should web hosts share the search index? Xapian's replication against its remote backend, measured.

    python benchmarks/search_sharing.py --articles 10000

A corpus is imported into a fresh database and a Xapian index (the "index host"), then served
three ways to the search view, each in its own process: the index itself (one machine, the
baseline), a copy kept by `xapian-replicate` (SEARCH_URL=xapian+replica://), and the index through
`xapian-tcpsrv` (SEARCH_URL=xapian+remote://). A counting TCP relay in front of xapian-tcpsrv says
how many request/response exchanges one search makes: on a real network each costs a round trip,
which loopback hides. Then the time a replica takes to take in one batch of changes. Figures go to
stdout as JSON and are copied into docs/scaling-out.md by hand. Needs Debian's xapian-tools.
"""

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.latency import QUERIES, percentiles  # noqa: E402

RUNS = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(workdir: Path, search_url: str) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "cqportal.settings",
        "CQPORTAL_VAR_DIR": str(workdir),
        "SEARCH_URL": search_url,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "CACHE_URL": "dummy://",
        "LOCAL_HTTP": "1",
        "LOG_LEVEL": "ERROR",
        # Writers keep changesets, so that a replica takes in a batch instead of copying the whole index.
        "XAPIAN_MAX_CHANGESETS": "10",
    }


def manage(workdir: Path, search_url: str, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env_for(workdir, search_url), cwd=ROOT, check=True)


def search_latency(workdir: Path, search_url: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=env_for(workdir, search_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def measure_in_this_process() -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client()
    every = []
    for query in QUERIES:
        for _ in range(3):
            assert client.get("/search/", {"q": query}).status_code == 200
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get("/search/", {"q": query})
            every.append(time.perf_counter() - started)
    json.dump(every, sys.stdout)


class CountingRelay(threading.Thread):
    """Forwards one port to another and counts the client's requests (bursts of bytes)."""

    def __init__(self, target_port: int):
        super().__init__(daemon=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.target_port = target_port
        self.connections = self.requests = 0

    def run(self):
        while True:
            client, _ = self.listener.accept()
            self.connections += 1
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source, sink, counts):
        while data := source.recv(65536):
            if counts:
                self.requests += 1
            sink.sendall(data)
        # Pass the end on; the far side may have gone already, which ends this relay just the same.
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="the three ways take turns, this many times each")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure_in_this_process()
    out = Path(tempfile.mkdtemp(prefix="cqportal-sharing-"))
    # Each server in a session of its own: on SIGTERM they signal their whole process group.
    processes = []
    try:
        corpus = out / "corpus"
        code = (
            "import django; django.setup(); from pathlib import Path; from benchmarks.corpus import write_corpus;"
            f"write_corpus(Path({str(corpus)!r}), {args.articles}, Path({str(ROOT / 'seeds')!r}))"
        )
        scratch = env_for(out / "scratch", "whoosh://scratch")
        subprocess.run([sys.executable, "-c", code], env=scratch, cwd=ROOT, check=True)
        master, copy = out / "master", out / "copy"
        local = f"xapian://{master / 'index'}"
        manage(out, local, "migrate", "-v0")
        manage(out, local, "collectstatic", "--noinput", "-v0")
        manage(out, local, "import_articles", str(corpus), "-v0")
        replicate_port, tcpsrv_port = free_port(), free_port()
        servers = [
            ["xapian-replicate-server", "-I", "127.0.0.1", "-p", str(replicate_port), str(master)],
            ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(tcpsrv_port), "--quiet", str(master / "index")],
        ]
        for server in servers:
            processes.append(subprocess.Popen(server, stdout=subprocess.DEVNULL, start_new_session=True))
        time.sleep(0.5)
        from_server = ("-h", "127.0.0.1", "-p", str(replicate_port), "-m", "index")
        replicate = ["xapian-replicate", *from_server, "-o", "-q", str(copy / "index")]
        copy.mkdir()
        started = time.perf_counter()
        subprocess.run(replicate, check=True)
        first_copy = time.perf_counter() - started
        relay = CountingRelay(tcpsrv_port)
        relay.start()
        ways = {
            "local": local,
            "replica": f"xapian+replica://{copy / 'index'}",
            "remote": f"xapian+remote://127.0.0.1:{tcpsrv_port}",
        }
        samples = {way: [] for way in ways}
        for _ in range(args.rounds):  # in turns, so that a busy moment on a shared machine hits all three
            for way, url in ways.items():
                samples[way] += search_latency(out, url)
        glass = sum(f.stat().st_size for f in (master / "index").glob("*.glass"))
        result = {
            "articles": args.articles,
            "index MiB": round(glass / 2**20, 1),
            "first full copy s": round(first_copy, 2),
            **{f"search {way}": percentiles(found) for way, found in samples.items()},
        }
        before = relay.requests, relay.connections
        search_latency(out, f"xapian+remote://127.0.0.1:{relay.port}")
        searches = len(QUERIES) * (RUNS + 3)
        result["remote exchanges per search"] = round((relay.requests - before[0]) / searches, 1)
        result["remote connections per search"] = round((relay.connections - before[1]) / searches, 1)
        # One batch of changes: 500 articles re-indexed (what one drain writes at most), then taken in.
        code = (
            "import django; django.setup(); from articles.models import Article, IndexDebt;"
            "from articles import indexing;"
            "IndexDebt.record(Article.objects.values_list('pk', flat=True)[:500]); indexing.drain()"
        )
        subprocess.run([sys.executable, "-c", code], env=env_for(out, local), cwd=ROOT, check=True)
        started = time.perf_counter()
        subprocess.run(replicate, check=True)
        result["replica takes in 500 changed articles s"] = round(time.perf_counter() - started, 2)
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
