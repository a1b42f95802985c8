"""The site in a real browser: Debian's Chromium, driven by playwright (no browser download).

Walks the three users' paths — the home page, a search for "adoption", a decision and its PDF
page, a mission page with its charts, the lineage picture — and saves a screenshot of each to
docs/screenshots/ (the README's tour shows them). Skipped, saying why, when no Chromium or no
playwright is installed: `apt-get install chromium` (and `make test` installs playwright).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def save(page, name: str) -> None:
    """A screenshot to docs/screenshots/, rewritten only when it changed visibly (a blinking
    caret is not a change worth a new file in the repository)."""
    from io import BytesIO

    from PIL import Image, ImageChops

    shot, path = page.screenshot(), SHOTS / name
    if path.exists():
        old, new = Image.open(path).convert("RGB"), Image.open(BytesIO(shot)).convert("RGB")
        if old.size == new.size:
            changed = sum(ImageChops.difference(old, new).convert("L").histogram()[17:])  # pixels off by > 16
            if changed < 50:
                return
    path.write_bytes(shot)


def chromium() -> str | None:
    for candidate in ("chromium", "chromium-browser"):
        if path := shutil.which(candidate):
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get install chromium): the browser test was skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: the browser test was skipped")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(built_db):
    """The site served over HTTP (uvicorn in a thread), as `plans serve` serves it."""
    import uvicorn

    from council_plans.site import make_datasette

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_datasette(built_db, CORPUS).app(), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the site did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def watch_errors(page) -> list[str]:
    """The console errors and uncaught exceptions of a page (a CSP violation is one: "Refused
    to execute inline script…"), as they happen."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors


def test_the_three_journeys_in_chromium(browser, base_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_errors(page)
    response = page.goto(base_url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.title().startswith("council-plans")
    save(page, "home.png")

    # A scrutiny officer searches "adoption" from the home page's search box.
    page.fill("form.site-search.big input[name=q]", "adoption")
    page.click("form.site-search.big button")
    page.wait_for_url("**/-/search?q=adoption")
    assert page.locator("#reports li.hit").count() >= 1
    assert page.locator("#recommendations mark, #reports mark, #pages mark").count() >= 3
    save(page, "search-adoption.png")

    # No resolution of the corpus mentions adoption; a decision is opened from a search that finds one.
    page.fill("header form.site-search input[name=q]", "accounts")
    page.press("header form.site-search input[name=q]", "Enter")
    page.wait_for_url("**/-/search?q=accounts")
    page.locator("#decisions a.hit-title").first.click()
    page.wait_for_url("**/-/decision/*")
    assert page.locator("ul.points li").count() >= 2
    save(page, "decision.png")

    # Its PDF link opens the PDF at the page.
    href = page.locator("p.summary a.pdf").get_attribute("href")
    assert href and "#page=" in href
    pdf = page.request.get(base_url + href.split("#")[0])
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"

    # The public: what the council does for the best start in life, and whether it works.
    page.goto(base_url + "/")
    page.click("text=We get the best start in life")
    page.wait_for_url("**/-/mission/*")
    assert page.locator("h1").inner_text() == "We get the best start in life"
    chart = page.locator("figure.indicator-chart svg").first
    assert chart.is_visible() and chart.bounding_box()["width"] > 300
    save(page, "mission.png")
    page.locator("h2", has_text="Is it working?").evaluate("heading => heading.scrollIntoView()")
    save(page, "mission-charts.png")

    # Researchers: how the plan changed.
    page.click("header >> text=How the plan changed")
    page.wait_for_url("**/-/lineage")
    flows = page.locator("svg.lineage path.flow")
    assert flows.count() >= 10
    page.locator("svg.lineage a:has(path.flow)").last.click()  # the flow drawn last lies on top
    assert page.url.split("#")[1].startswith("link-")
    page.goto(base_url + "/-/lineage")
    save(page, "lineage.png")
    page.close()
    assert errors == []


def test_datasette_pages_run_under_the_sites_csp(browser, base_url):
    """Datasette's own pages (a table with its facets and menus, a canned query, a row, the
    database) work under the site's Content-Security-Policy: no script or style refused."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_errors(page)
    for path in ("/plans/decisions", "/plans/decisions?_facet=status", "/plans/decisions_about?topic=plan",
                 "/plans", "/plans/meetings.json", "/-/search?q=adoption"):
        response = page.goto(base_url + path)
        assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    page.goto(base_url + "/plans/decisions")
    page.click("th.col-title .dropdown-menu-icon, th.col-title svg", timeout=5000)  # table.js: the column menu
    assert page.locator(".dropdown-menu").first.is_visible()
    page.close()
    assert errors == [], "\n".join(errors)


def test_a_very_long_word_does_not_widen_the_page(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "/-/search?q=" + "x" * 5000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.close()
