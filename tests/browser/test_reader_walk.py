"""A reader walks the portal in a real browser; every page passes axe-core with no violation."""

import json

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import (
    SIZES,
    axe_violations,
    browser_log,
    click_and_wait,
    console_errors,
    screenshot,
    wait_for_new_page,
)

pytestmark = pytest.mark.browser


def check_page(browser, name):
    """One <h1>, no axe-core violation at a phone's and a desktop's width, no console error; screenshots of both."""
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, name
    screenshot(browser, name)
    for width, height in SIZES.values():
        browser.set_window_size(width, height)
        assert axe_violations(browser) == [], (name, width)
    assert console_errors(browser_log(browser)) == [], name


def on_screen(driver, element) -> bool:
    """The element is what a pointer at its centre hits, once scrolled to: what a reader sees and can click.

    (WebDriver's is_displayed() calls everything in a closed <details> hidden, even where the stylesheet
    shows it on a wide screen.)
    """
    return driver.execute_script(
        "const e = arguments[0]; e.scrollIntoView({block: 'center'});"
        "const r = e.getBoundingClientRect();"
        "if (!r.width || !r.height) return false;"
        "const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        "return hit === e || e.contains(hit) || (hit && hit.control === e) || (hit && hit.contains(e));",
        element,
    )


def pointer_click(driver, element) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    assert on_screen(driver, element), element.get_attribute("outerHTML")[:200]
    ActionChains(driver).move_to_element(element).click().perform()


def pointer_click_and_wait(driver, element, timeout: float = 15) -> None:
    """A pointer click on what is on screen that loads a new page; waits until it has replaced the old one."""
    old = driver.find_element(By.TAG_NAME, "html")
    pointer_click(driver, element)
    wait_for_new_page(driver, old, timeout)


class Walk:
    """One window size: each page is screenshotted as <page>-<width>.png, then has one <h1>, no axe-core
    violation and nothing SEVERE in the console (read after each page, so an error names its page)."""

    def __init__(self, browser, width):
        self.browser, self.width = browser, width
        self.errors = {}

    def check(self, name):
        browser = self.browser
        assert browser.execute_script("return window.innerWidth") == self.width, name
        screenshot(browser, name, sizes=[(self.width, SIZES_BY_WIDTH[self.width])])
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1, name
        assert axe_violations(browser) == [], (name, self.width)
        # The page never scrolls sideways: only the map scrolls, inside its own box.
        assert browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth") <= 0, name
        if errors := console_errors(browser_log(browser)):
            self.errors[name] = errors


SIZES_BY_WIDTH = dict(SIZES.values())


@pytest.mark.parametrize("width", SIZES_BY_WIDTH)
def test_reader_walk(browser, seeded_live, width):
    """home → district → filtered list → a Traditional article in Simplified, then as written → its
    original page → search, clicking as a reader does (a pointer on what is on screen)."""
    from tests.conftest import rebuild_search_index

    rebuild_search_index()
    browser.set_window_size(width, SIZES_BY_WIDTH[width])
    browser_log(browser)  # what earlier tests left in the log is theirs
    walk = Walk(browser, width)
    try:
        browser.get(seeded_live.url + "/")
        assert "重庆区县新闻" in browser.title
        walk.check("home")
        if width >= 960:  # beside the map, the history box's heading lines up with the map's
            tops = [browser.find_element(By.CSS_SELECTOR, s).rect["y"] for s in ("#map-heading", "#history-heading")]
            assert abs(tops[0] - tops[1]) <= 2, tops

        # The map's tile, as a reader taps it; on a phone the map scrolls sideways to it.
        pointer_click_and_wait(
            browser, browser.find_element(By.CSS_SELECTOR, ".tile-map a[href='/districts/yuzhong/']")
        )
        assert browser.find_element(By.TAG_NAME, "h1").text == "渝中区"
        walk.check("district")

        panel = browser.find_element(By.CSS_SELECTOR, "details.filter-panel")
        if width < 960:  # below the 60rem breakpoint the filters are folded above the results
            pointer_click(browser, panel.find_element(By.TAG_NAME, "summary"))
        pointer_click(browser, browser.find_element(By.XPATH, "//label[normalize-space()='党建与政务']"))
        pointer_click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]"))
        assert "topic=governance" in browser.current_url
        assert browser.find_element(By.TAG_NAME, "h1").text == "渝中区 · 党建与政务"
        walk.check("list")

        pointer_click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "專題研究部署重點項目"))
        article = browser.find_element(By.CSS_SELECTOR, "article.article")
        assert browser.find_element(By.TAG_NAME, "h1").text == "渝中区专题研究部署重点项目建设工作"
        assert article.get_attribute("lang") == "zh-Hans"
        ld = browser.find_element(By.CSS_SELECTOR, "script[type='application/ld+json']").get_attribute("textContent")
        assert json.loads(ld)["@type"] == "NewsArticle"
        walk.check("article")

        pointer_click_and_wait(browser, browser.find_element(By.LINK_TEXT, "阅读繁体原文"))
        assert browser.current_url.endswith("?script=original")
        assert browser.find_element(By.TAG_NAME, "h1").text == "渝中區專題研究部署重點項目建設工作"
        assert browser.find_element(By.CSS_SELECTOR, "article.article").get_attribute("lang") == "zh-Hant"
        # The site's own labels in it (district and topic tags, the footer) stay Simplified, and say so.
        for label in browser.find_elements(By.CSS_SELECTOR, "article .meta a, .article-footer a"):
            assert browser.execute_script("return arguments[0].closest('[lang]').lang", label) == "zh-Hans"
        walk.check("article-original")

        pointer_click_and_wait(browser, browser.find_element(By.LINK_TEXT, "查看原版面"))
        assert "渝中區專題研究部署重點項目建設工作" in browser.find_element(By.ID, "article-span").text
        # The article's bounds are said in words, not by colour alone, and no box is drawn around each line.
        marks = browser.execute_script(
            "const m = document.getElementById('article-span'), style = p => getComputedStyle(m, p);"
            "return [style(null).outlineStyle, style('::before').content, style('::after').content];"
        )
        assert marks[0] == "none" and "本文开始" in marks[1] and "本文结束" in marks[2], marks
        walk.check("original-page")

        box = browser.find_element(By.ID, "site-search")
        pointer_click(browser, box)
        box.send_keys("渝中區")
        pointer_click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".search-form button"))
        assert browser.find_elements(By.CSS_SELECTOR, ".card mark")
        walk.check("search")
    finally:
        browser.set_window_size(*SIZES["desktop"])
    assert walk.errors == {}


def test_reader_goes_from_a_region_to_an_article_and_its_original_page(browser, seeded_live):
    browser.get(seeded_live.url + "/")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "主城新区"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "主城新区"
    check_page(browser, "region")

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main .district-list a[href='/districts/bishan/']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "璧山区"

    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "云巴营运难题"))
    assert "云巴" in browser.find_element(By.TAG_NAME, "h1").text
    assert len(browser.find_elements(By.CSS_SELECTOR, ".article-body p")) >= 4
    check_page(browser, "article-bishan")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "查看原版面"))
    marked = browser.find_element(By.ID, "article-span").text
    assert marked.startswith("重庆市璧山区：各部门多跨协同解决云巴营运难题")


def test_reader_filters_the_list_and_pages_forward(browser, seeded_live):
    browser.get(seeded_live.url + "/articles/")
    pointer_click(browser, browser.find_element(By.XPATH, "//label[normalize-space()='住房与城市更新']"))
    old = browser.find_element(By.TAG_NAME, "html")
    pointer_click(browser, browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]"))
    wait_for_new_page(browser, old)
    assert "topic=housing" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "住房与城市更新"
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


def test_every_map_tile_is_a_touch_target_on_a_phone(browser, seeded_live):
    browser.set_window_size(390, 844)
    try:
        browser.get(seeded_live.url + "/")
        tiles = browser.find_elements(By.CSS_SELECTOR, ".tile-map a")
        assert len(tiles) == 38
        for tile in tiles:
            box = tile.rect
            assert box["width"] >= 44 and box["height"] >= 44, (tile.get_attribute("aria-label"), box)
            label = tile.find_element(By.CSS_SELECTOR, ".tile-name")
            assert float(label.value_of_css_property("font-size").removesuffix("px")) >= 12
        # The map scrolls inside its own box; the page itself never scrolls sideways.
        assert browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth") <= 0
        scroller = browser.find_element(By.CSS_SELECTOR, ".map-scroll")
        assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", scroller)
        # Filters come before the results, folded, on a phone.
        browser.get(seeded_live.url + "/articles/")
        panel = browser.find_element(By.CSS_SELECTOR, "details.filter-panel")
        first_card = browser.find_element(By.CSS_SELECTOR, ".results .card")
        assert panel.rect["y"] < first_card.rect["y"]
        submit = browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]")
        assert not on_screen(browser, submit)
        panel.find_element(By.TAG_NAME, "summary").click()
        assert on_screen(browser, submit)
    finally:
        browser.set_window_size(1366, 900)


def test_filters_sit_beside_the_results_on_a_desktop(browser, seeded_live):
    browser.set_window_size(1366, 900)
    browser.get(seeded_live.url + "/articles/")
    assert on_screen(browser, browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]"))
    panel = browser.find_element(By.CSS_SELECTOR, "details.filter-panel").rect
    results = browser.find_element(By.CSS_SELECTOR, ".results").rect
    assert panel["x"] > results["x"] + results["width"] - 1


def test_small_pages_pass_axe_and_the_favicon_loads(browser, seeded_live):
    from articles.models import Article, District, SiteRevision

    bishan = District.objects.get(slug="bishan")
    template = Article.objects.filter(primary_districts=bishan).first()
    for n, date in enumerate(["2023-01-05", "2023-03-02", "2023-03-20", "2023-06-11"]):
        clone = Article.objects.create(page=template.page, position=300 + n, start=0, end=1, fingerprint=f"b{n}",
                                       title=f"璧山测试稿{n}", body="正文。", published=date)  # fmt: skip
        clone.primary_districts.add(bishan)
    SiteRevision.bump()
    browser.get(seeded_live.url + "/districts/bishan/")
    assert browser.find_element(By.CSS_SELECTOR, "svg.coverage-chart")
    check_page(browser, "district-chart")
    browser.get(
        seeded_live.url + "/articles/?district=yuzhong&topic=governance&date_from=2022-01-01&date_to=2022-12-31"
    )
    assert browser.find_element(By.TAG_NAME, "h1").text == "渝中区 · 党建与政务 · 2022年"
    check_page(browser, "filtered-heading")
    browser.get(seeded_live.url + "/sitemap/")
    check_page(browser, "site-map")
    browser.get(seeded_live.url + "/regions/yudongbei/")
    check_page(browser, "region-feeds")
    loaded = browser.execute_script(
        "return fetch('/favicon.ico').then(r => r.status + ' ' + r.headers.get('content-type'))"
    )
    assert loaded == "200 image/svg+xml"
