"""Headless Chromium through Selenium, against the live test server, with axe-core from node_modules."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}


def _missing():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if not AXE.exists():
        missing.append(str(AXE.relative_to(ROOT)) + " (run: npm ci)")
    return missing


def pytest_collection_modifyitems(config, items):
    missing = _missing()
    if not missing:
        return
    # On CI a missing browser is a failure, not a skip: the suite must really run these tests.
    mark = (pytest.mark.xfail(reason=f"missing {missing}", run=False, strict=True) if os.environ.get("CI")
            else pytest.mark.skip(reason=f"browser tests need {', '.join(missing)}"))  # fmt: skip
    for item in items:
        if "browser" in item.keywords:
            if os.environ.get("CI"):
                raise pytest.UsageError(f"browser tests cannot run on CI: missing {', '.join(missing)}")
            item.add_marker(mark)


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--lang=zh-CN"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def _clean_browser(request):
    """Each test starts with no cookies and an empty HTTP cache: the database is new for each test."""
    if "browser" not in request.fixturenames:
        yield
        return
    driver = request.getfixturevalue("browser")
    driver.delete_all_cookies()
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    yield


@pytest.fixture
def seeded_live(django_db_serialized_rollback, live_server, settings):
    from articles.importer import Importer

    settings.ARTICLES_PER_PAGE = 3
    report = Importer().run([ROOT / "seeds"])
    assert report.ok
    return live_server


def axe_violations(driver) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));"
    )
    return result


def browser_log(driver) -> list[dict]:
    """What the console has logged since the last call (reading the log empties it)."""
    return driver.get_log("browser")


def console_errors(entries: list[dict]) -> list[str]:
    """SEVERE console entries: script errors, failed loads (a 404 image or stylesheet), CSP refusals."""
    return [e["message"] for e in entries if e["level"] == "SEVERE"]


def csp_violations(driver) -> list[str]:
    """Console messages in which the browser refused something under the Content-Security-Policy."""
    return [e["message"] for e in browser_log(driver) if "Content Security Policy" in e["message"]]


def screenshot(driver, name: str, sizes=None) -> None:
    """The whole page, not just the first screen, as artifacts/screenshots/<name>-<width>.png at each size
    (both by default): what is below the fold is looked at too."""
    import base64

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = driver.get_window_size()
    for width, height in sizes or SIZES.values():
        driver.set_window_size(width, height)
        # Capturing beyond the viewport lays the page out as tall as it is, so with no vertical scrollbar:
        # the full window width (as on a phone, whose scrollbars overlay), not clientWidth, which would
        # cut the scrollbar's 15 px off the right edge.
        full = driver.execute_script("return [window.innerWidth, document.documentElement.scrollHeight]")
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": full[0], "height": full[1], "scale": 1}},
        )
        (SCREENSHOTS / f"{name}-{width}.png").write_bytes(base64.b64decode(shot["data"]))
    driver.set_window_size(before["width"], before["height"])


def page_replaced(old):
    """A wait condition: the page that held `old` is gone.

    Selenium's staleness_of asks the old element a question; while the page is being replaced,
    ChromeDriver may answer with an inspector error ("Node with given id does not belong to the
    document") instead of a stale-element error. Both mean the old page is gone."""
    from selenium.common.exceptions import WebDriverException

    def gone(driver) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    return gone


def wait_for_new_page(driver, old, timeout: float = 15) -> None:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(page_replaced(old))
    WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def click_and_wait(driver, element, timeout: float = 15) -> None:
    """Click something that loads a new page, and wait until the new page has replaced the old one."""
    old = driver.find_element("tag name", "html")
    element.click()
    wait_for_new_page(driver, old, timeout)
