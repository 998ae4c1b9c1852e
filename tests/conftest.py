import shutil
from pathlib import Path

import pytest
from django.conf import settings

SEEDS = Path(settings.BASE_DIR) / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def seeded(db):
    """The five seed pages imported, as the README's serve command does."""
    from articles.importer import Importer

    report = Importer().run([SEEDS])
    assert report.ok, report.failures
    return report


@pytest.fixture
def pages(tmp_path, db):
    """A copy of the seed pages that a test may change."""
    folder = tmp_path / "pages"
    shutil.copytree(SEEDS, folder)
    return folder


ENGINES = ["whoosh", "xapian"]


@pytest.fixture(params=ENGINES)
def search_index(request, db, tmp_path_factory):
    """A real, empty index of each engine in turn; call refresh() to index what the database holds."""
    from haystack import connections

    from cqportal.search_url import parse_search_url

    path = tmp_path_factory.mktemp(request.param) / "index"
    previous = connections.connections_info["default"]
    connections.connections_info["default"] = parse_search_url(f"{request.param}://{path}", Path(settings.BASE_DIR))
    connections.reload("default")

    class Index:
        engine = request.param
        refresh = staticmethod(rebuild_search_index)

    try:
        yield Index
    finally:
        connections.connections_info["default"] = previous
        connections.reload("default")


@pytest.fixture
def indexed(seeded, search_index):
    """The seeds imported and indexed, on each engine in turn."""
    search_index.refresh()
    return search_index


def titles(client, query, **params):
    """The titles a search page lists, in its order."""
    from django.urls import reverse

    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return [item["article"].title for item in response.context.get("items", [])]


def rebuild_search_index():
    from haystack import connections

    from articles import indexing
    from articles.models import Article

    connections["default"].get_backend().clear()
    indexing.update(Article.objects.values_list("pk", flat=True))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty page cache: the revision row is rolled back between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The admin's tests: an editor, a logged-in client, the seed pages imported from a copy.
@pytest.fixture
def editor(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("editor", "editor@example.cn", "correct horse battery")


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def imported_pages(pages):
    """The copied seed pages, imported."""
    from articles.importer import Importer

    Importer().run([pages])
    return pages
