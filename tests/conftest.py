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
def search_index(db):
    """A real, empty Whoosh index; call refresh() to index what the test has in the database."""
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.clear()

    class Index:
        refresh = staticmethod(rebuild_search_index)

    yield Index
    backend.clear()


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
