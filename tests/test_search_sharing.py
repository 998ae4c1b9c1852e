"""Web hosts read the index that the index host writes: a local copy kept by xapian-replicate, or the
index itself through xapian-tcpsrv (docs/scaling-out.md). Both are read-only to the portal."""

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from haystack import connections

from articles import indexing
from articles.models import Article
from cqportal.search_url import parse_search_url

BASE = Path(settings.BASE_DIR)
needs_tools = pytest.mark.skipif(
    not (shutil.which("xapian-replicate") and shutil.which("xapian-tcpsrv")),
    reason="needs Debian's xapian-tools (scripts/cluster-deps.sh installs them)",
)


def test_search_urls_for_copies_of_the_index():
    assert parse_search_url("xapian+replica:///srv/copy/index", BASE) == {
        "ENGINE": "articles.search_backends.xapian.ReplicaXapianEngine",
        "PATH": "/srv/copy/index",
    }
    remote = parse_search_url("xapian+remote://index-host:7001", BASE)
    assert remote["ENGINE"] == "articles.search_backends.xapian.RemoteXapianEngine"
    assert (remote["HOST"], remote["PORT"]) == ("index-host", 7001)
    for bad in ("xapian+remote://index-host", "xapian+remote://index-host:x", "xapian+remote://h:1/some/path"):
        with pytest.raises(ImproperlyConfigured):
            parse_search_url(bad, BASE)


class _Engine:
    def __init__(self, url):
        self.url = url

    def __enter__(self):
        self.previous = connections.connections_info["default"]
        connections.connections_info["default"] = parse_search_url(self.url, BASE)
        connections.reload("default")
        return connections["default"].get_backend()

    def __exit__(self, *exc):
        connections.connections_info["default"] = self.previous
        connections.reload("default")


def _results(client, query="重庆") -> list[str]:
    page = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<h3 class="card-title"><a href="(/articles/\d+/)"', page)


def test_a_replica_copy_is_never_created_written_or_cleared_by_the_portal(tmp_path, seeded):
    copy = tmp_path / "copy" / "index"
    with _Engine(f"xapian+replica://{copy}") as backend:
        # xapian-replicate refuses a folder that exists and is not a copy: the portal must not make one.
        assert not copy.exists()
        article = Article.objects.first()
        for write in (
            lambda: backend.update(indexing._index(), [article]),
            lambda: backend.remove(article),
            lambda: backend.clear(),
            lambda: indexing.drain(),
        ):
            with pytest.raises(ImproperlyConfigured, match="index host"):
                write()
        assert not copy.exists()


def test_a_web_host_whose_copy_has_not_arrived_is_unhealthy(tmp_path, db, client):
    # The load balancer must not send readers to it: every search would fail.
    with _Engine(f"xapian+replica://{tmp_path / 'not-yet' / 'index'}"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search"].startswith("error")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def index_host(tmp_path, seeded):
    """The seeds indexed by the writer, served by xapian-replicate-server and xapian-tcpsrv."""
    master = tmp_path / "master" / "index"
    with _Engine(f"xapian://{master}"):
        indexing.update(Article.objects.values_list("pk", flat=True))
    replication, remote = _free_port(), _free_port()
    # Sessions of their own: on SIGTERM these servers signal their whole process group (their forked
    # children), which would otherwise include pytest.
    servers = [
        subprocess.Popen(
            ["xapian-replicate-server", "-I", "127.0.0.1", "-p", str(replication), str(master.parent)],
            start_new_session=True,
        ),
        subprocess.Popen(
            ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(remote), "--quiet", str(master)],
            start_new_session=True,
        ),
    ]
    try:
        for port in (replication, remote):
            deadline = time.monotonic() + 10
            while socket.socket().connect_ex(("127.0.0.1", port)) and time.monotonic() < deadline:
                time.sleep(0.05)
        yield master, replication, remote
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@needs_tools
def test_web_hosts_find_what_the_index_host_wrote(index_host, tmp_path, client):
    master, replication, remote = index_host
    copy = tmp_path / "web" / "index"
    copy.parent.mkdir()
    subprocess.run(
        ["xapian-replicate", "-h", "127.0.0.1", "-p", str(replication), "-m", "index", "-o", "-q", str(copy)],
        check=True,
    )
    with _Engine(f"xapian://{master}"):
        expected = _results(client)
        facets = client.get("/search/", {"q": "重庆"}).content.decode().count('class="count"')
    assert len(expected) > 3
    for url in (f"xapian+replica://{copy}", f"xapian+remote://127.0.0.1:{remote}"):
        with _Engine(url):
            assert _results(client) == expected, url
            assert client.get("/search/", {"q": "重庆"}).content.decode().count('class="count"') == facets
            assert indexing.compare().in_step, url
