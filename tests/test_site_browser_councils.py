"""Several councils in a real browser (Debian's Chromium through playwright, as
tests/test_site_browser.py): from the home page's list of councils to one council's page, then
to the comparison of the councils' priorities and of the measure they share, by the links a
user clicks. Saves docs/screenshots/home-councils.png, council.png and compare.png for the
README's tour. Skipped, saying why, without Chromium or playwright.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from test_site_browser import browser, save  # noqa: F401  (the browser fixture)
from test_site_councils import councils_db  # noqa: F401  (the several-councils database fixture)


@pytest.fixture(scope="module")
def councils_url(councils_db):  # noqa: F811
    import uvicorn

    from council_plans.site import make_datasette

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    site = make_datasette(councils_db, councils_db.parent / "corpus")
    server = uvicorn.Server(uvicorn.Config(site.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the site did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_from_the_councils_to_one_council_and_a_comparison_in_chromium(browser, councils_url):  # noqa: F811
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(councils_url + "/")
    rows = page.locator("table.councils tbody tr")
    assert rows.count() == 5  # Harrow, Mole Valley, Surrey Heath, Woking and Westwood Parish Council
    save(page, "home-councils.png")

    page.get_by_role("link", name="London Borough of Harrow").click()
    page.wait_for_load_state()
    assert page.url.endswith("/-/council/harrow")
    assert page.locator("h1").inner_text() == "London Borough of Harrow"
    assert page.get_by_text("1 with minutes or decisions read").is_visible()
    save(page, "council.png")

    page.get_by_role("link", name="Waste Strategy").click()
    page.wait_for_load_state()
    assert "/-/decision/" in page.url
    assert "Council: London Borough of Harrow" in page.locator("p.record-council").inner_text()
    assert "That the waste strategy be adopted." in page.content()

    page.goto(councils_url + "/-/council/harrow")
    page.get_by_role("link", name="compare with others").click()
    page.wait_for_load_state()
    page.get_by_label("Mole Valley").check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    headers = page.locator("table.compare-priorities thead th").all_inner_texts()
    assert any(h.startswith("Harrow") for h in headers) and any(h.startswith("Mole Valley") for h in headers)
    assert page.get_by_role("link", name="Homes are warm and affordable").is_visible()
    assert page.get_by_role("link", name="Good homes for local people").is_visible()

    page.get_by_role("link", name="recycling").click()
    page.wait_for_load_state()
    charts = page.locator("figure.indicator-chart svg")
    assert charts.count() == 1 and page.locator("p.compare-warning").count() == 0
    legend = charts.first.locator("text").all_text_contents()  # a legend entry holds its name twice (<title>)
    assert "HarrowHarrow" in legend and "Mole ValleyMole Valley" in legend
    page.locator("figure.indicator-chart").first.scroll_into_view_if_needed()
    save(page, "compare.png")

    page.goto(councils_url + "/-/compare?council=harrow&council=surrey-heath&indicator=recycling")
    assert page.locator("figure.indicator-chart").count() == 2
    assert "different units" in page.locator("p.compare-warning").first.inner_text()
    page.close()
