"""A reader walks the portal in a real browser; every page passes axe-core with no violation."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import axe_violations, click_and_wait, csp_violations, screenshot

pytestmark = pytest.mark.browser


def check_page(browser, name):
    assert browser.find_elements(By.TAG_NAME, "h1"), name
    assert axe_violations(browser) == [], name
    assert csp_violations(browser) == [], name
    screenshot(browser, name)


def test_reader_goes_from_home_to_an_article_and_its_original_page(browser, seeded_live):
    browser.get(seeded_live.url + "/")
    assert "重庆区县新闻" in browser.title
    check_page(browser, "home")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "主城新区"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "主城新区"
    check_page(browser, "region")

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main .district-list a[href='/districts/bishan/']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "璧山区"
    check_page(browser, "district")

    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "云巴营运难题"))
    assert "云巴" in browser.find_element(By.TAG_NAME, "h1").text
    assert len(browser.find_elements(By.CSS_SELECTOR, ".article-body p")) >= 4
    check_page(browser, "article")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "查看原始版面"))
    marked = browser.find_element(By.ID, "article-span").text
    assert marked.startswith("重庆市璧山区：各部门多跨协同解决云巴营运难题")
    check_page(browser, "original")


def test_reader_filters_the_list_and_pages_forward(browser, seeded_live):
    browser.get(seeded_live.url + "/articles/")
    Select(browser.find_element(By.ID, "id_topic")).select_by_visible_text("住房与城市更新")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]"))
    assert "topic=housing" in browser.current_url
    first_page = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".card-title")]
    assert len(first_page) == 3
    check_page(browser, "filtered")

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".pagination a[rel=next]"))
    assert "page=2" in browser.current_url and "topic=housing" in browser.current_url
    second_page = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".card-title")]
    assert second_page and not set(first_page) & set(second_page)


def test_search_page_in_the_browser(browser, seeded_live):
    from tests.conftest import rebuild_search_index

    rebuild_search_index()
    browser.get(seeded_live.url + "/")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("渝中區")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".search-form button"))
    assert browser.find_elements(By.CSS_SELECTOR, ".card mark")
    check_page(browser, "search")


def test_pages_work_without_javascript_and_fit_a_phone(browser, seeded_live):
    browser.set_window_size(390, 844)
    browser.get(seeded_live.url + "/districts/yuzhong/")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert browser.execute_script("return document.scripts.length") == 0
    browser.set_window_size(1280, 900)
