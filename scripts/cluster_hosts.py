"""The processes of scripts/cluster_test.py: PostgreSQL primary and replica, Redis, the index host
and two web hosts on 127.0.0.1, each with ports, a var dir and a log of its own; started, waited for,
killed, and checked for leftovers. What the cluster must do is checked in cluster_test.py.
"""

import contextlib
import os
import pwd
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


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
