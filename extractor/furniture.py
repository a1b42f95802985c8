"""Page furniture: running headers and footers, page numbers, "blank page" notices.

Furniture is found by repetition and position, not by a list of phrases:

* a line in the top or bottom margin whose text, with digits folded to ``#``, recurs on
  several pages ("Page 7", "Page 8" → "page #"; a bare "12" → "#") is a running header or
  footer;
* a line that is the only body text of several pages and reads the same on each ("This page
  is intentionally left blank") is a blank-page notice;
* a page number in the top or bottom margin ("Page 3", "Page 1 of 1", "- 2 -", a bare "7")
  is furniture even on a one-page document, where nothing can repeat.

Furniture lines stay on the page (``Line.furniture``) so rules can still read a running
header such as "Agenda Item 9", but they are left out of body text and blocks.
"""

from __future__ import annotations

import re
from collections import defaultdict

from extractor.model import Page

MARGIN = 0.09  # fraction of page height treated as header/footer zone
MIN_REPEATS = 3  # pages a header/footer must recur on (2 for very short documents)


# A folded page number: "page #", "page # of #", "#/#", "- # -", "#".
PAGE_NUMBER = re.compile(r"^(?:page\s*)?#(?:\s*(?:of|/)\s*#)?$|^[-–]\s*#\s*[-–]$")


def _years(text: str) -> bool:
    """A line whose numbers are all years ("2023 / 2024", "2024"): a title's period printed in
    the margin, not a page number (even alone on one page, where nothing can repeat)."""
    numbers = re.findall(r"\d+", text)
    return bool(numbers) and all(len(n) == 4 and n[:2] in ("19", "20") for n in numbers)


def fold(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def zone(page: Page, bbox: tuple[float, float, float, float]) -> str | None:
    if bbox[3] < page.height * MARGIN:
        return "top"
    if bbox[1] > page.height * (1 - MARGIN):
        return "bottom"
    return None


def mark_furniture(pages: list[Page]) -> set[str]:
    """Flag furniture lines in place; return the folded texts recognised as furniture."""
    repeats = MIN_REPEATS if len(pages) >= 6 else 2
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            z = zone(page, line.bbox)
            if z:
                seen[(z, fold(line.text))].add(page.number)
    # Blank-page notices: the sole body line of a page, repeated verbatim on other pages.
    sole: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        body = [line for line in page.lines if not zone(page, line.bbox)]
        if len(body) == 1:
            sole[fold(body[0].text)].add(page.number)
    running = {key for key, pages_ in seen.items() if len(pages_) >= repeats}
    notices = {text for text, pages_ in sole.items() if len(pages_) >= 2}
    for page in pages:
        for line in page.lines:
            z = zone(page, line.bbox)
            key = fold(line.text)
            if (z and ((z, key) in running or (PAGE_NUMBER.match(key) and not _years(line.text)))) or key in notices:
                line.furniture = True
    return {key for _, key in running} | notices

