"""Each of the site's three users answers their question in at most three clicks from the home
page, following only links the pages show (the browser test walks the same paths in Chromium)."""

from __future__ import annotations

import html
import re

from conftest import fetch


class Visitor:
    """Follows links by their text, as a person clicks them, counting the clicks."""

    def __init__(self, site):
        self.site, self.clicks = site, 0
        self.page = fetch(site, "/")
        assert self.page.status_code == 200

    def click(self, text: str) -> None:
        for href, label in re.findall(r'<a [^>]*?href="([^"]+)"[^>]*>(.*?)</a>', self.page.text, re.S):
            if html.unescape(re.sub(r"<[^>]+>", "", label)).strip() == text:
                self.page = fetch(self.site, html.unescape(href).split("#")[0])
                assert self.page.status_code == 200, href
                self.clicks += 1
                return
        raise AssertionError(f"no link {text!r} on the page")

    @property
    def text(self) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", self.page.text)).split())


def test_what_was_resolved_about_adoption_and_why(site):
    visitor = Visitor(site)
    visitor.click("What was resolved about adoption, and why?")
    # The corpus holds no resolution about adoption (the decisions of 3 July 2017 are not in it):
    # the page says so and shows what officers put to Cabinet, and why.
    assert "No decisions mention “adoption”" in visitor.text
    visitor.click("Wiltshire Council Adoption Service: 2015-16 Year End Report")
    assert "It is recommended that the contents of this report are noted and accepted." in visitor.text
    assert "Purpose: This report provides a year-end report to Cabinet regarding the performance of the Adoption Service" in visitor.text
    assert visitor.clicks <= 3


def test_what_a_meeting_resolved_and_why_from_the_home_page(site):
    visitor = Visitor(site)
    visitor.click("Cabinet, 20 June 2017")
    visitor.click("Draft Statement of Accounts and Revenue Outturn 2016/17")
    assert "b) The unaudited Statement of Accounts for 2016/2017." in visitor.text
    assert "Why: Reason for Decision" in visitor.text
    assert visitor.clicks <= 3


def test_what_became_of_the_2017_theme_early_intervention(site):
    visitor = Visitor(site)
    visitor.click("Early Intervention (Prevention)")
    assert "In the next edition it became: We get the best start in life" in visitor.text
    assert visitor.clicks <= 3
    # the same answer from the picture
    visitor = Visitor(site)
    visitor.click("The editions side by side")
    visitor.click("Early Intervention (Prevention)")
    assert "In the next edition it became:" in visitor.text and visitor.clicks <= 3


def test_what_the_council_does_for_the_best_start_in_life_and_whether_it_works(site):
    visitor = Visitor(site)
    visitor.click("We get the best start in life")
    assert "Focus on the first 1001 days of a child's life" in visitor.text.replace("’", "'")  # what it will do
    assert "What services are doing for it" in visitor.text
    assert "Is it working?" in visitor.text and "16-17 NEET — latest 2.1% (June 22)" in visitor.text
    assert visitor.page.text.count("<polyline") >= 2
    assert visitor.clicks <= 3
