"""An editor logs in, moves an article to another district, and readers see it there."""

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from tests.browser.conftest import click_and_wait, csp_violations, screenshot

pytestmark = pytest.mark.browser


def test_editor_corrects_a_district_and_the_public_page_follows(browser, seeded_live):
    User.objects.create_superuser("editor", "editor@example.cn", "correct horse battery")
    article = Article.objects.get(title="重庆市璧山区：各部门多跨协同解决云巴营运难题")

    browser.get(seeded_live.url + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys("correct horse battery")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/admin/"))
    assert "/login/" not in browser.current_url, browser.page_source[:500]
    browser.get(f"{seeded_live.url}/admin/articles/article/{article.pk}/change/")

    # The districts are chips (the admin's autocomplete): take 璧山区 out, put 铜梁区 in.
    wait_for = WebDriverWait(browser, 10)
    wait_for.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#id_primary_districts + .select2"))
    )
    browser.find_element(By.CSS_SELECTOR, "#id_primary_districts + .select2 .select2-selection__choice__remove").click()
    browser.find_element(By.TAG_NAME, "h1").click()  # select2 opens its list on a removal: close it
    search = browser.find_element(By.CSS_SELECTOR, "#id_primary_districts + .select2 .select2-search__field")
    search.click()
    search.send_keys("铜梁")
    wait_for.until(
        expected_conditions.element_to_be_clickable(
            (By.XPATH, "//li[contains(@class,'select2-results__option') and normalize-space()='铜梁区']")
        )
    ).click()
    screenshot(browser, "admin-change")
    assert csp_violations(browser) == []
    click_and_wait(browser, browser.find_element(By.NAME, "_save"))
    assert browser.find_elements(By.CSS_SELECTOR, ".messagelist .success")

    article.refresh_from_db()
    assert [d.slug for d in article.primary_districts.all()] == ["tongliang"]
    assert "primary_districts" in article.corrected_fields

    browser.get(seeded_live.url + "/districts/tongliang/")
    assert "各部门多跨协同解决云巴营运难题" in browser.page_source
    browser.get(seeded_live.url + "/districts/bishan/")
    assert "各部门多跨协同解决云巴营运难题" not in browser.page_source


def test_saving_from_a_real_browser_changes_only_the_field_edited(browser, seeded_live):
    """Chromium posts the body's textarea with CRLF line endings: only the subtitle may change."""
    User.objects.create_superuser("editor", "editor@example.cn", "correct horse battery")
    article = Article.objects.get(title__startswith="保交楼")
    before = {name: getattr(article, name) for name in ("title", "kicker", "byline", "body", "published")}
    paragraphs = article.paragraphs
    assert len(paragraphs) > 3

    browser.get(seeded_live.url + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys("correct horse battery")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    browser.get(f"{seeded_live.url}/admin/articles/article/{article.pk}/change/")
    subtitle = WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located((By.ID, "id_subtitle")))
    subtitle.clear()
    subtitle.send_keys("一个新的副题")
    click_and_wait(browser, browser.find_element(By.NAME, "_save"))
    assert browser.find_elements(By.CSS_SELECTOR, ".messagelist .success"), browser.page_source[:2000]

    article.refresh_from_db()
    assert article.subtitle == "一个新的副题"
    assert article.corrected_fields == ["subtitle"]
    assert {name: getattr(article, name) for name in before} == before
    assert article.paragraphs == paragraphs
    browser.get(seeded_live.url + article.get_absolute_url())
    shown = browser.find_elements(By.CSS_SELECTOR, ".article-body p, .article-body .subhead, .article-body .caption")
    assert len(shown) == len(paragraphs)  # paragraphs, sub-heads and captions
