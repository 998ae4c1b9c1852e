"""Reads from the replica, writes and editors on the primary, and the primary when the replica is gone.

The replica here is a second, real database alias: the same test database (routing is what is
tested), or, for the lost replica, a PostgreSQL address where nothing listens. The cluster test
(scripts/cluster_test.py) runs the real primary, streaming replica and lag.
"""

import copy
import socket
import time

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from cqportal.db_replica import base as replica_backend
from cqportal.db_router import PIN_COOKIE, REPLICA

# Committed rows, so that the replica alias's own connection sees them; the districts and topics of
# the data migration are put back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the fallback connects to a PostgreSQL primary (run by make test's PostgreSQL pass)",
)


def _add_replica(**changes):
    settings_dict = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        settings_dict["ENGINE"] = "cqportal.db_replica"
        settings_dict["OPTIONS"]["connect_timeout"] = 2
    settings_dict.update(changes)
    connections.settings[REPLICA] = settings_dict
    replica_backend.forget_failures()
    # Connected here: Django's test case refuses to let a request open an alias added after the test
    # database was set up. The connection is made exactly as a request would make it.
    connections[REPLICA].connect()
    return connections[REPLICA]


@pytest.fixture
def replica():
    """A replica alias on the test database; the rows a test commits are visible through it."""
    yield _add_replica()
    _remove_replica()


def _remove_replica():
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]
    replica_backend.forget_failures()


def _queries(client, url, **kwargs):
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("editor", password="pw", is_staff=True, is_superuser=True)


def test_an_anonymous_reader_reads_every_page_from_the_replica(replica, seeded, client):
    article = Article.objects.published().first()
    for url in ("/", article.get_absolute_url(), "/districts/yuzhong/", "/feeds/latest/rss/"):
        primary, from_replica = _queries(client, url)
        assert from_replica, url
        assert primary == [], (url, primary)
    assert client.get("/healthz").json()["reads"] == "replica"


def test_a_logged_in_editor_reads_from_the_primary(replica, seeded, staff, client):
    client.force_login(staff)
    for url in ("/", "/admin/articles/article/"):
        primary, from_replica = _queries(client, url)
        assert primary
        assert from_replica == [], (url, from_replica)


def test_after_a_write_the_writer_reads_the_primary_for_a_while(replica, seeded, client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    cookie = response.cookies[PIN_COOKIE]
    assert int(cookie["max-age"]) == settings.REPLICA_PIN_SECONDS
    assert cookie["httponly"]
    assert "sessionid" not in client.cookies  # a failed login: only the pin keeps this reader on the primary
    primary, from_replica = _queries(client, "/")
    assert primary and from_replica == []


def test_writes_and_everything_outside_a_request_use_the_primary(replica, seeded):
    # The import, sync_index and shells read what they are about to write.
    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
    assert not router.allow_migrate(REPLICA, "articles")


def test_without_a_replica_every_request_reads_the_primary(seeded, client):
    assert REPLICA not in connections.settings
    response = client.get("/")
    assert response.status_code == 200
    assert PIN_COOKIE not in client.post("/admin/login/", {"username": "x", "password": "y"}).cookies


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed when the socket is: nothing listens there


@pytest.fixture
def lost_replica():
    yield _add_replica(HOST="127.0.0.1", PORT=str(_closed_port()))
    _remove_replica()


@on_postgresql
def test_a_lost_replica_falls_back_to_the_primary(lost_replica, seeded, client):
    article = Article.objects.published().first()
    for url in ("/", article.get_absolute_url(), "/search/?q=重庆"):
        _, from_replica = _queries(client, url)
        assert from_replica, url  # the replica alias answered …
        assert lost_replica.serving == "primary"  # … from the primary
    health = client.get("/healthz")
    assert health.status_code == 200  # the host still serves
    assert health.json()["reads"] == "primary (replica unreachable)"
    # The failure is remembered: the next connections do not try the replica again at once.
    assert replica_backend._down_until > time.monotonic()


@on_postgresql
def test_a_replica_that_comes_back_is_used_again(lost_replica, seeded, client):
    client.get("/")
    assert lost_replica.serving == "primary"
    lost_replica.close()
    lost_replica.settings_dict["PORT"] = connections[DEFAULT_DB_ALIAS].settings_dict["PORT"]
    replica_backend.forget_failures()  # the retry delay has passed
    lost_replica.connect()
    client.get("/")
    assert lost_replica.serving == "replica"
