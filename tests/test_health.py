"""/healthz costs about what /livez costs, whatever the size of the index: it opens the index,
it never counts or searches the documents."""

import pytest
from haystack import connections
from haystack.query import SearchQuerySet


@pytest.fixture
def engine_calls(search_index, monkeypatch):
    """Every search and count that reaches the real engine, counted (and still run)."""
    calls = []
    backend_class = type(connections["default"].get_backend())
    for cls, name in ((backend_class, "search"), (SearchQuerySet, "count")):
        real = getattr(cls, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(cls, name, counted)
    return calls


def test_healthz_runs_no_search_and_no_count(client, seeded, search_index, engine_calls):
    search_index.refresh()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["search"] == "ok"
    assert engine_calls == []
    client.get("/search/", {"q": "重庆"})
    assert "search" in engine_calls  # the counting sees a real search


def test_healthz_answers_on_an_index_nobody_has_written_yet(client, db, search_index):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "search": "ok"}
