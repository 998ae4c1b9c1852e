"""Project-wide guard rails: migrations, settings from the environment, lint-free prints."""

import ast
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from cqportal.env import env_bool, env_int, env_list
from cqportal.search_url import parse_search_url


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_environment_values_are_parsed_and_bad_ones_fail_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes")
    assert env_bool("DEBUG", False) is True
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)
    monkeypatch.setenv("ALLOWED_HOSTS", "news.example.cn, localhost")
    assert env_list("ALLOWED_HOSTS", []) == ["news.example.cn", "localhost"]
    monkeypatch.setenv("ALLOWED_HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured):
        env_list("ALLOWED_HOSTS", [])
    monkeypatch.setenv("CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured):
        env_int("CONN_MAX_AGE", 60)


def test_search_url_names_an_engine_and_a_path():
    base = Path("/srv/cqportal")
    assert parse_search_url("whoosh:///var/idx", base)["PATH"] == "/var/idx"
    assert parse_search_url("whoosh://var/idx", base)["PATH"] == "/srv/cqportal/var/idx"
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        parse_search_url("solr://localhost/", base)
    with pytest.raises(ImproperlyConfigured, match="no index path"):
        parse_search_url("whoosh://", base)


def test_no_source_file_grows_past_what_a_reader_takes_in_at_once():
    """At most 400 lines a file: past that, split it by role."""
    root = Path(__file__).resolve().parent.parent
    sources = [
        p
        for folder in ("articles", "cqportal", "benchmarks", "scripts", "tests")
        for p in (root / folder).rglob("*.py")
    ]
    sources = [p for p in sources if "migrations" not in p.parts]
    too_long = {str(p.relative_to(root)): n for p in sources if (n := len(p.read_text().splitlines())) > 400}
    assert not too_long, too_long


def test_the_text_functions_import_only_the_standard_library_text_and_its_two_word_libraries():
    """articles/text/ is the pure half of the import (ARCHITECTURE.md): no Django, no models, no
    process plumbing, so it runs in worker processes and in the benchmarks as it is."""
    root = Path(__file__).resolve().parent.parent
    allowed = set(sys.stdlib_module_names) | {"rjieba", "opencc"}
    outside = {}
    for path in (root / "articles" / "text").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] not in allowed and not name.startswith("articles.text"):
                    outside.setdefault(path.name, []).append(name)
    assert not outside, outside


@pytest.mark.django_db
def test_every_page_but_home_shows_one_breadcrumb_trail_ending_at_itself(client, seeded):
    import re

    from articles.models import Article

    article = Article.objects.published().first()
    for url in (
        article.get_absolute_url(),
        f"{article.get_absolute_url()}original/",
        "/districts/yuzhong/",
        "/regions/yudongbei/",
        "/topics/housing/",
        "/articles/",
        "/search/?q=重庆",
        "/sitemap/",
    ):
        html = client.get(url).content.decode()
        trails = re.findall(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
        assert len(trails) == 1, url
        assert trails[0].count('aria-current="page"') == 1 and trails[0].rstrip().endswith("</li>\n  </ol>\n</nav>"), (
            url
        )
