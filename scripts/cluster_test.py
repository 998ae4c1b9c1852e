"""`make cluster-test`: the scaled-out portal on this machine, checked end to end (docs/scaling-out.md).

Starts a PostgreSQL 15 primary and a streaming replica, Redis, the index host (the index writer
`sync_index --follow` and `xapian-replicate-server`) and two web hosts (gunicorn, each with its own
var dir and its own copy of the index kept by `xapian-replicate`), all on 127.0.0.1 with ports of
their own. Then it imports on the writer, hides an article as an editor, kills a web host and the
replica, and prints one line per check. Everything it started is stopped, whatever happens.
"""

import http.cookiejar
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster_admin import hide_article
from cluster_hosts import PG_BIN, PYTHON, ROOT, CheckFailed, Cluster, get, until

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
