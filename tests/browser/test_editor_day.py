"""An editor's day in real Chromium: from the review queue to a corrected, previewed, public article, one
field given back to the importer, and the whole article reverted, with nothing else changed on the way."""

import base64

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles import history
from articles.models import Article
from tests.browser.conftest import SCREENSHOTS, click_and_wait, csp_violations, wait_for_new_page

pytestmark = pytest.mark.browser

TITLE = "重庆市璧山区：各部门多跨协同解决云巴营运难题"
UNTOUCHED = ("kicker", "subtitle", "byline", "body", "source", "mentioned_districts", "hidden")


def wait_for(driver, css: str, timeout: float = 10):
    return WebDriverWait(driver, timeout).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def log_in(driver, url: str) -> None:
    driver.get(url + "/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys("editor")
    driver.find_element(By.ID, "id_password").send_keys("correct horse battery")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert "/login/" not in driver.current_url


def shoot_form(driver, width: int) -> None:
    """The whole form at one width, as editors get it on a desktop and on a phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 900)
    # Every field keeps a margin from the screen's right edge, as from its left (the admin hides what would
    # stick out, so the page's scrollWidth cannot tell); measured before the capture, which widens the viewport.
    wide = driver.execute_script(
        "const edge = document.documentElement.clientWidth - 10;"
        "return [...document.querySelectorAll('#content input, #content textarea, #content .select2, #content fieldset')]"
        ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > edge)"
        ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)"
    )
    assert wide == [], (width, wide)
    size = driver.execute_script("return [document.documentElement.clientWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}},
    )
    (SCREENSHOTS / f"editor-form-{width}.png").write_bytes(base64.b64decode(shot["data"]))


def choose(driver, field: str, typed: str, name: str) -> None:
    """Add a chip to an autocomplete field: type into its search box, pick the result."""
    box = driver.find_element(By.CSS_SELECTOR, f"#id_{field} + .select2 .select2-search__field")
    box.click()
    box.send_keys(typed)
    option = WebDriverWait(driver, 10).until(
        expected_conditions.element_to_be_clickable(
            (By.XPATH, f"//li[contains(@class,'select2-results__option') and normalize-space()='{name}']")
        )
    )
    option.click()


def chips(driver, field: str) -> list[str]:
    return [
        e.get_attribute("title") or e.text.strip("×\n ")
        for e in driver.find_elements(By.CSS_SELECTOR, f"#id_{field} + .select2 .select2-selection__choice")
    ]


def test_an_editors_day(browser, seeded_live):
    User.objects.create_superuser("editor", "editor@example.cn", "correct horse battery")
    article = Article.objects.get(title=TITLE)
    imported = history.values_of(article)
    assert [d.slug for d in article.primary_districts.all()] == ["bishan"] and article.published is None
    url = seeded_live.url
    log_in(browser, url)

    # The queue, from the admin's front page, and the article in it.
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "待核对列表"))
    assert "review=all" in browser.current_url
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, TITLE))
    wait_for(browser, "#id_primary_districts + .select2")
    assert "待核对：" in browser.find_element(By.CSS_SELECTOR, ".review-box").text
    assert browser.find_elements(By.CSS_SELECTOR, ".editor-links a[rel=next], .editor-links a[rel=prev]")
    assert browser.find_elements(By.CSS_SELECTOR, ".submit-row input[name=_save]")[0].location["y"] < 400
    shoot_form(browser, 1366)
    shoot_form(browser, 390)
    browser.set_window_size(1366, 900)

    # Title, date (typed as the page prints it), districts and topics.
    title = browser.find_element(By.ID, "id_title")
    title.clear()
    title.send_keys("璧山云巴：多部门协同解决营运难题")
    date = browser.find_element(By.ID, "id_published")
    date.clear()
    date.send_keys("2024年7月12日")
    browser.find_element(By.CSS_SELECTOR, "#id_primary_districts + .select2 .select2-selection__choice__remove").click()
    browser.find_element(By.TAG_NAME, "h1").click()  # close the dropdown select2 opens on removal
    choose(browser, "primary_districts", "铜梁", "铜梁区")
    choose(browser, "topics", "教育", "教育")
    assert chips(browser, "primary_districts") == ["铜梁区"]
    assert "教育" in chips(browser, "topics")

    # The calendar jumps a year at a time.
    browser.find_element(By.CSS_SELECTOR, "#id_published ~ .datetimeshortcuts a[id^=calendarlink]").click()
    caption = wait_for(browser, "#calendarin0 caption")
    year = int("".join(c for c in caption.text if c.isdigit())[-4:])
    assert "月" in caption.text and "今天" in browser.find_element(By.ID, "calendarbox0").text  # in Chinese
    browser.find_element(By.CSS_SELECTOR, "#calendarbox0 .calendarnav-previous-year").click()
    assert str(year - 1) in browser.find_element(By.CSS_SELECTOR, "#calendarin0 caption").text
    browser.find_element(By.CSS_SELECTOR, "#calendarbox0 .calendar-cancel a").click()

    # Preview before saving: the public page, with what is not yet saved.
    form_window = browser.current_window_handle
    browser.find_element(By.CSS_SELECTOR, "button[name=_preview]").click()
    WebDriverWait(browser, 10).until(lambda d: len(d.window_handles) == 2)
    browser.switch_to.window(next(h for h in browser.window_handles if h != form_window))
    wait_for(browser, "article h1")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "璧山云巴：多部门协同解决营运难题"
    meta = browser.find_element(By.CSS_SELECTOR, "article header").text
    assert "2024年7月12日" in meta and "铜梁区" in meta and "教育" in meta
    browser.close()
    browser.switch_to.window(form_window)
    article.refresh_from_db()
    assert article.title == TITLE  # a preview saves nothing

    # Ctrl+S saves and stays on the form; the message names what was corrected.
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "id_title").send_keys(Keys.CONTROL, "s")
    wait_for_new_page(browser, old)
    message = wait_for(browser, ".messagelist .success").text
    assert "更正了：标题、日期、所属区县、主题" in message, message
    article.refresh_from_db()
    assert sorted(article.corrected_fields) == ["primary_districts", "published", "title", "topics"]

    # Public at once, in its new district.
    browser.get(url + article.get_absolute_url())
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "璧山云巴：多部门协同解决营运难题"
    assert "2024年7月12日" in browser.find_element(By.CSS_SELECTOR, "article .byline").text
    browser.get(url + "/districts/tongliang/")
    assert "璧山云巴：多部门协同解决营运难题" in browser.page_source

    # One field back to the importer: the title, at once and on the public page too.
    browser.get(f"{url}/admin/articles/article/{article.pk}/change/")
    title_help = wait_for(browser, "#id_title_helptext")
    assert "已更正" in title_help.text and TITLE in title_help.text
    click_and_wait(browser, title_help.find_element(By.CSS_SELECTOR, "button.restore-field"))
    assert "已恢复为导入值" in wait_for(browser, ".messagelist .success").text
    assert browser.find_element(By.ID, "id_title").get_attribute("value") == TITLE
    browser.get(url + article.get_absolute_url())
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == TITLE
    article.refresh_from_db()
    assert sorted(article.corrected_fields) == ["primary_districts", "published", "topics"]

    # Revert the whole article to what the import gave.
    browser.get(f"{url}/admin/articles/article/{article.pk}/history/")
    links = browser.find_elements(By.PARTIAL_LINK_TEXT, "还原到此版本")
    click_and_wait(browser, links[-1])  # the oldest record: the import
    assert "还原" in browser.find_element(By.CSS_SELECTOR, ".breadcrumbs").text
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".submit-row input[name=_save]"))
    assert "已还原" in wait_for(browser, ".messagelist .success").text

    article.refresh_from_db()
    now = history.values_of(article)
    assert now == imported, {k: (imported[k], now[k]) for k in now if now[k] != imported[k]}
    assert article.corrected_fields == []
    assert article.body == Article.history.filter(id=article.pk).last().body  # byte for byte, no CRLF
    reasons = list(Article.history.filter(id=article.pk).values_list("history_change_reason", flat=True))
    assert reasons == ["还原", "交还", "后台更正", "导入"]
    assert all(now[name] == imported[name] for name in UNTOUCHED)
    browser.get(url + "/districts/bishan/")
    assert TITLE in browser.page_source
    assert csp_violations(browser) == []
