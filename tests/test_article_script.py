"""A Traditional article reads in Simplified by default, with its original script one link away."""

import pytest

from articles.importer import Importer
from articles.models import Article
from articles.text.chinese import is_traditional
from tests.conftest import FIXTURES


@pytest.fixture
def traditional(db):
    Importer().run([FIXTURES / "pages" / "web_traditional.txt"])
    return Article.objects.get()


def test_a_traditional_article_reads_in_simplified_by_default(client, traditional):
    page = client.get(traditional.get_absolute_url()).content.decode()
    assert "开州区：汉丰湖畔举办文化旅游节" in page
    assert "開州區：漢豐湖畔" not in page
    assert 'lang="zh-Hans"' in page and "阅读繁体原文" in page


def test_its_original_script_is_one_link_away_and_nothing_stored_changes(client, traditional):
    page = client.get(traditional.get_absolute_url(), {"script": "original"}).content.decode()
    assert "開州區：漢豐湖畔舉辦文化旅遊節" in page
    assert 'lang="zh-Hant"' in page and "改为简体阅读" in page
    # The site's labels inside the Traditional article (tags, footer) are Simplified and marked so.
    assert '<p class="meta" lang="zh-Hans">' in page and '<footer class="article-footer" lang="zh-Hans">' in page
    traditional.refresh_from_db()
    assert traditional.title == "開州區：漢豐湖畔舉辦文化旅遊節"


def test_a_simplified_article_offers_no_script_switch(client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    assert "阅读繁体原文" not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("開州區：漢豐湖畔舉辦文化旅遊節", True),
        ("开州区：汉丰湖畔举办文化旅游节", False),
        ("重慶", False),
        ("九龙坡区" * 300 + "九龍坡" * 3, False),  # a Simplified article quoting a Traditional name
    ],
)
def test_traditional_text_is_recognised(text, expected):
    assert is_traditional(text) is expected
