"""The researcher's question "where did Wiltshire's attention move between 2017 and 2022?" in
Chromium: one click from the home page to /-/topics, the editions side by side with their bars
drawn, a bar followed to the elements behind it. Saves docs/screenshots/topics.png for the
README's tour. Skipped, saying why, without Chromium or playwright (as test_site_browser.py)."""

from __future__ import annotations

from test_site_browser import SHOTS, base_url, browser, save

__all__ = ["base_url", "browser"]  # fixtures, shared with the site's other browser test


def test_where_the_councils_attention_went_in_chromium(browser, base_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base_url + "/")
    page.click("text=Where the council's attention went")
    page.wait_for_url("**/-/topics")
    assert page.locator("h1").inner_text() == "Where the council's attention went"
    headers = page.locator("table.topic-shares thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in headers[1:4]] == [
        "Wiltshire Council Business Plan 2013/17", "Wiltshire Council Business Plan 2017-2027",
        "Wiltshire Council Business Plan 2022 to 2032"]
    bars = page.locator("table.topic-shares a.topic-bar .bar")
    assert bars.count() > 15
    widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
    assert max(widths) > 3 * min(widths) > 0  # widths follow the shares, with no inline style
    page.locator("p.topic-moves").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    save(page, "topics.png")

    # Follow the 2022 plan's bar for the environment: its elements, each coded to it.
    row = page.locator("table.topic-shares tr", has=page.locator("th", has_text="Environment, waste and climate"))
    row.locator("td.topic-cell").nth(2).locator("a.topic-bar").click()
    page.wait_for_url("**/plans/topic_elements?*")
    names = page.locator("td.col-topic_name").all_inner_texts()
    assert names and set(names) == {"Environment, waste and climate"}
    assert "We are on the path to carbon neutral (net zero)" in page.content()
    page.close()
