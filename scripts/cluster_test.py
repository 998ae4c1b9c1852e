"""`make cluster-test`: the scaled-out portal on this machine, checked end to end (docs/scaling-out.md).

Starts a PostgreSQL 15 primary and a streaming replica, Redis, the index host (the index writer
`sync_index --follow` and `xapian-replicate-server`) and two web hosts (gunicorn, each with its own
var dir and its own copy of the index kept by `xapian-replicate`), all on 127.0.0.1 with ports of
their own. Then it imports on the writer, hides an article as an editor, kills a web host and the
replica, and prints one line per check. Everything it started is stopped, whatever happens.
"""

import contextlib
import http.cookiejar
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster_admin import hide_article

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
# What the README promises: a change on the writer is on every web host within this many seconds.
WITHIN_SECONDS = 15
PROBE_TITLE = "渝中区解放碑步行街启用cqprobe智慧导览系统"
PROBE_PAGE = f"""来源：重庆日报　2026-11-20

{PROBE_TITLE}

本报讯（记者 张三）昨日，渝中区解放碑步行街正式启用cqprobe智慧导览系统，市民和游客扫码即可查看商圈地图、\
停车位和公共厕所位置。

据渝中区商务委介绍，该系统覆盖解放碑商圈主要街道，接入了商圈内三百余家商户的信息，并将根据市民意见持续完善。

“以前找停车位要绕好几圈，现在手机上一看就知道哪里有空位。”市民李女士说。
"""


class CheckFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, jar=None, data=None) -> tuple[int, str]:
    """One HTTP request; redirects are answers, not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    handlers = [NoRedirect()] + ([urllib.request.HTTPCookieProcessor(jar)] if jar is not None else [])
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    try:
        with urllib.request.build_opener(*handlers).open(url, body, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def until(condition, seconds: float, what: str) -> float:
    """Wait for condition() to hold; return how long it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise CheckFailed(f"not within {seconds:g} s: {what}")
        time.sleep(0.1)
    return time.monotonic() - started


class Cluster:
    def __init__(self, work: Path):
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.pg_dirs: list[Path] = []
        self.ports = {name: free_port() for name in ("primary", "replica", "redis", "replication", "web1", "web2")}
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        self.secret = os.urandom(32).hex()

    # -- processes -------------------------------------------------------------------------------
    def spawn(self, name: str, args: list[str], env=None) -> None:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (the child keeps it)
        self.processes[name] = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError):  # whatever the leader left in its group
            os.killpg(process.pid, signal.SIGKILL)

    def run(self, args: list[str], env=None, quiet=True) -> str:
        done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            raise CheckFailed(f"{' '.join(args[:4])} … exited {done.returncode}: {done.stderr.strip()[-800:]}")
        return done.stdout

    # -- PostgreSQL ------------------------------------------------------------------------------
    def pg(self, tool: str, *args) -> str:
        return self.run([*self.as_postgres, str(PG_BIN / tool), *args])

    def pg_dir(self, name: str) -> Path:
        path = self.work / "pg" / name
        path.parent.mkdir(exist_ok=True)
        if os.getuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(path.parent, user.pw_uid, user.pw_gid)
        self.pg_dirs.append(path)
        return path

    def pg_start(self, data: Path, port: int) -> None:
        options = f"-h 127.0.0.1 -p {port} -k {data.parent} -c fsync=off -c full_page_writes=off"
        self.pg("pg_ctl", "-D", str(data), "-l", str(data.parent / f"{data.name}.log"), "-w", "-o", options, "start")

    def psql(self, port: int, sql: str) -> str:
        return self.pg("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "cqportal", "-Atc", sql)

    def start_databases(self) -> None:
        primary = self.pg_dir("primary")
        self.pg("initdb", "-D", str(primary), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.pg_start(primary, self.ports["primary"])
        self.pg("createdb", "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres", "cqportal")
        replica = self.pg_dir("replica")
        # A streaming replica in one command: a copy of the primary plus the settings to follow it (-R).
        primary = ("-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres")
        self.pg("pg_basebackup", *primary, "-D", str(replica), "-R", "-X", "stream", "-c", "fast")
        self.pg_start(replica, self.ports["replica"])

    def stop_databases(self) -> None:
        for data in reversed(self.pg_dirs):
            if (data / "postmaster.pid").exists():
                subprocess.run(
                    [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                    capture_output=True,
                )

    # -- the portal's hosts ------------------------------------------------------------------------
    def env(self, host: str, **extra) -> dict:
        return {
            **os.environ,
            "CQPORTAL_VAR_DIR": str(self.work / host),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['primary']}/cqportal",
            "CACHE_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "SECRET_KEY": self.secret,  # one key for all hosts: an editor's session is valid on each
            "LOCAL_HTTP": "1",
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    def index_host_env(self) -> dict:
        # Writers keep changesets: a web host's copy then takes in a batch, not the whole index again.
        index = self.work / "index-host" / "xapian" / "index"
        return self.env("index-host", SEARCH_URL=f"xapian://{index}", XAPIAN_MAX_CHANGESETS="10")

    def web_env(self, host: str) -> dict:
        return self.env(
            host,
            DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{self.ports['replica']}/cqportal",
            SEARCH_URL=f"xapian+replica://{self.work / host / 'xapian' / 'index'}",
            INDEX_WORKER="0",
            WEB_CONCURRENCY="2",
            BIND=f"127.0.0.1:{self.ports[host]}",
        )

    def manage(self, env: dict, *args) -> str:
        return self.run([PYTHON, "manage.py", *args], env=env)

    def start(self) -> None:
        self.start_databases()
        address = ("--port", str(self.ports["redis"]), "--bind", "127.0.0.1")
        self.spawn("redis", ["redis-server", *address, "--save", "", "--appendonly", "no", "--dir", str(self.work)])
        writer = self.index_host_env()
        self.manage(writer, "migrate", "--noinput", "-v0")
        self.manage(writer, "import_articles", "-v0")
        editor = {**writer, "DJANGO_SUPERUSER_PASSWORD": "cluster-editor-pw"}
        self.manage(editor, "createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.cn")
        self.spawn("index-worker", [PYTHON, "manage.py", "sync_index", "--follow", "--interval", "0.5"], writer)
        replication = ["-I", "127.0.0.1", "-p", str(self.ports["replication"])]
        served = str(self.work / "index-host" / "xapian")  # the folder holding the index, named "index" to clients
        self.spawn("replication-server", ["xapian-replicate-server", *replication, served])
        for host in ("web1", "web2"):
            env = self.web_env(host)
            self.manage(env, "collectstatic", "--noinput", "-v0")
            (self.work / host / "xapian").mkdir(parents=True)
            copy = self.work / host / "xapian" / "index"
            # Every second: take in what the index host committed (a changeset, or a full copy when far behind).
            master = ["-h", "127.0.0.1", "-p", str(self.ports["replication"]), "-m", "index"]
            self.spawn(f"{host}-replicate", ["xapian-replicate", *master, "-i", "1", "-r", "1", "-q", str(copy)])
            until(lambda c=copy: (c / "XAPIANDB").exists(), 30, f"{host}'s first copy of the index")
            # One machine: each gunicorn needs a control socket of its own (the default is per user).
            control = str(self.work / host / "gunicorn.ctl")
            gunicorn = [GUNICORN, "--config", "gunicorn.conf.py", "--control-socket", control, "cqportal.wsgi"]
            self.spawn(host, gunicorn, env)
        for host in ("web1", "web2"):
            until(lambda h=host: self.up(h), 60, f"{host} answering")

    def url(self, host: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[host]}{path}"

    def up(self, host: str) -> bool:
        try:
            return get(self.url(host, "/livez"))[0] == 200
        except OSError:
            return False

    def stop(self) -> None:
        for name in reversed(list(self.processes)):
            self.kill(name)
        self.stop_databases()

    def leftovers(self) -> list[str]:
        left = []
        for name, process in self.processes.items():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 0)
                left.append(name)
        left += [str(d) for d in self.pg_dirs if (d / "postmaster.pid").exists()]
        for name, port in self.ports.items():
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    left.append(f"port {port} ({name})")
        return left


def shell(cluster: Cluster, code: str):
    return json.loads(cluster.manage(cluster.index_host_env(), "shell", "-c", code).strip().splitlines()[-1])


def run_checks(cluster: Cluster, report) -> None:
    hosts = ("web1", "web2")
    facts = shell(
        cluster,
        "import json; from articles.models import *; a = Article.objects.published().first();"
        "print(json.dumps({'pk': a.pk, 'region': Region.objects.first().slug,"
        "'topic': a.topics.first().slug}))",
    )

    def health(host):
        return json.loads(get(cluster.url(host, "/healthz"))[1])

    def check_seeds():
        for host in hosts:
            found = health(host)
            if found.get("status") != "ok" or found.get("reads") != "replica":
                raise CheckFailed(f"{host} /healthz: {found}")
            if get(cluster.url(host, f"/articles/{facts['pk']}/"))[0] != 200:
                raise CheckFailed(f"{host} does not serve article {facts['pk']}")
        return "both answer /healthz ok, reads: replica"

    report("both web hosts serve the seeds, reading the replica", check_seeds)

    probe = cluster.work / "new-pages"
    probe.mkdir()
    (probe / "probe.txt").write_text(PROBE_PAGE)

    def listed(host):
        return all(PROBE_TITLE in get(cluster.url(host, path))[1] for path in ("/", "/districts/yuzhong/"))

    cluster.manage(cluster.index_host_env(), "import_articles", str(probe), "-v0")
    imported = time.monotonic()
    pk = shell(cluster, f"from articles.models import Article; print(Article.objects.get(title={PROBE_TITLE!r}).pk)")
    detail = f"/articles/{pk}/"

    def found(host):
        # The title is marked up in the results: look for the link.
        return f'href="{detail}"' in get(cluster.url(host, "/search/?q=cqprobe"))[1]

    report(
        f"a new article imported on the writer is listed on both web hosts within {WITHIN_SECONDS} s",
        lambda: (
            "after "
            + ", ".join(f"{h} {until(lambda h=h: listed(h), WITHIN_SECONDS, h + ' lists it'):.1f} s" for h in hosts)
        ),
    )

    def searchable():
        for host in hosts:
            until(lambda h=host: found(h), WITHIN_SECONDS - (time.monotonic() - imported), f"{host} finds it")
        return f"found on both {time.monotonic() - imported:.1f} s after the import"

    report(f"… and searchable on both web hosts within {WITHIN_SECONDS} s", searchable)

    def editor_sees_own_save():
        # Readers' replica is held still, so only a read from the primary can show the editor the change.
        cluster.psql(cluster.ports["replica"], "SELECT pg_wal_replay_pause()")
        editor = http.cookiejar.CookieJar()
        hide_article(
            lambda path, data=None: get(cluster.url("web1", path), editor, data), pk, "editor", "cluster-editor-pw"
        )
        status = get(cluster.url("web1", detail), editor)[0]
        if status != 404:
            raise CheckFailed(f"the editor still sees the hidden article (HTTP {status})")
        status = get(cluster.url("web1", detail))[0]
        if status != 200:
            raise CheckFailed(f"a reader did not read the paused replica (HTTP {status}): routing is not proven")
        return "editor: 404 at once; readers (replica paused): still 200"

    report("an editor hides it on web1 and sees the save at once, from the primary", editor_sees_own_save)

    def gone_everywhere():
        cluster.psql(cluster.ports["replica"], "SELECT pg_wal_replay_resume()")
        resumed = time.monotonic()
        for host in hosts:
            until(
                lambda h=host: get(cluster.url(h, detail))[0] == 404 and not listed(h) and not found(h),
                WITHIN_SECONDS,
                f"{host} hides it",
            )
        return f"page 404, not listed, not found on both {time.monotonic() - resumed:.1f} s after the replica resumed"

    report(f"the hidden article is gone from every page of both web hosts within {WITHIN_SECONDS} s", gone_everywhere)

    def copies_in_step():
        until(
            lambda: "owed: 0" in cluster.manage(cluster.index_host_env(), "sync_index", "--check"),
            WITHIN_SECONDS,
            "the writer's index holds the published articles",
        )

        def in_step(host):
            check = [PYTHON, "manage.py", "sync_index", "--check"]
            return subprocess.run(check, env=cluster.web_env(host), cwd=ROOT, capture_output=True).returncode == 0

        for host in hosts:
            until(lambda h=host: in_step(h), WITHIN_SECONDS, f"{host}'s index copy in step")
        return "sync_index --check passes on the index host, web1 and web2"

    report("the index and both web hosts' copies hold exactly the published articles", copies_in_step)

    pages = [
        "/",
        "/articles/",
        f"/articles/{facts['pk']}/",
        f"/articles/{facts['pk']}/original/",
        "/districts/yuzhong/",
        f"/regions/{facts['region']}/",
        f"/topics/{facts['topic']}/",
        "/feeds/latest/rss/",
        "/feeds/latest/atom/",
        "/feeds/districts/yuzhong/rss/",
        f"/feeds/topics/{facts['topic']}/atom/",
        "/sitemap.xml",
        "/robots.txt",
        "/search/?q=%E9%87%8D%E5%BA%86",
        "/search/?q=cqprobe",
        "/healthz",
        "/admin/login/",
    ]

    def survives():
        cluster.kill("web2", signal.SIGKILL)
        cluster.kill("web2-replicate", signal.SIGKILL)
        cluster.run(
            [*cluster.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(cluster.pg_dirs[1]), "-m", "immediate", "stop"]
        )
        if cluster.up("web2"):
            raise CheckFailed("web2 still answers")
        failed = [(p, s) for p in pages if (s := get(cluster.url("web1", p))[0]) != 200]
        if failed:
            raise CheckFailed(f"web1 failed {failed}")
        reads = health("web1").get("reads")
        if reads != "primary (replica unreachable)":
            raise CheckFailed(f"web1 /healthz reads: {reads}")
        return f"{len(pages)} pages 200 on web1; /healthz reads: {reads}"

    report("with web2 and the replica killed, web1 still serves every page", survives)

    def stopped():
        cluster.stop()
        # Killed helpers can take a moment to be reaped by init (their parent died first).
        deadline = time.monotonic() + 10
        while (left := cluster.leftovers()) and time.monotonic() < deadline:
            time.sleep(0.2)
        if left:
            raise CheckFailed(f"still running: {left}")
        return f"{len(cluster.processes)} processes, 2 PostgreSQL servers, {len(cluster.ports)} ports"

    report("everything the test started has stopped", stopped)


CHECKS = 8


def main() -> int:
    tools = ("redis-server", "xapian-replicate", "xapian-replicate-server")
    missing = [tool for tool in tools if not shutil.which(tool)]
    if not (PG_BIN / "initdb").exists():
        missing.append(str(PG_BIN / "initdb"))
    if missing:
        print(f"cluster test needs: {', '.join(missing)}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cqportal-cluster-"))
    work.chmod(0o755)
    cluster = Cluster(work)
    passed = 0

    def report(name, check):
        nonlocal passed
        started = time.monotonic()
        try:
            detail = check()
        except Exception as exc:
            print(f"FAIL {name}: {exc}", flush=True)
            exc.reported = True
            raise
        passed += 1
        print(f"ok   {name} — {detail} [{time.monotonic() - started:.1f} s]", flush=True)

    try:
        cluster.start()
        run_checks(cluster, report)
    except Exception as exc:
        if not getattr(exc, "reported", False):
            print(f"FAIL starting the cluster: {exc}", flush=True)
        traceback.print_exc()
        for log in sorted(cluster.logs.iterdir()):
            tail = log.read_text(errors="replace").splitlines()[-15:]
            print(f"--- {log.name}\n" + "\n".join(tail), file=sys.stderr)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed}/{CHECKS} cluster checks passed")
    return 0 if passed == CHECKS else 1


if __name__ == "__main__":
    sys.exit(main())
