"""Text helpers every rule set and the graph share: cleaning printed text, dates, names,
similarity and label matching. One home for each, so two rule sets never read the same
printed date or label two ways."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9

# A printed date: "3 July 2017", "Monday 3rd July, 2017", "20 JUNE 2017", "19 th July 2017".
_DATE = re.compile(r"\b(\d{1,2})\s?(?i:st|nd|rd|th)?\s+(?i:of\s+)?([A-Za-z]+)\.?,?\s+(\d{4})\b")  # "6th of March 2025" too
# "July 3, 2017" (a US-style date some sites print).
# "July 3, 2017", "May 21st, 2009", and with an ordinal the comma may go: "May 21st 2009"
_DATE_MONTH_FIRST = re.compile(r"\b([A-Za-z]+)\s+(\d{1,2})(?:(?i:st|nd|rd|th)?,|(?i:st|nd|rd|th))\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Bullet glyphs a list item or a table cell may start with (private-use U+F0B7 from Symbol fonts).
BULLETS = "\uf0b7•●▪◦‣–-"
_LEADING_BULLET = re.compile(r"^\s*[\uf0b7•●▪◦‣]\s*")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
# Words kept lower case inside a title when restoring the case of a title printed in capitals.
SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def clean(text: str | None) -> str:
    """Printed text as one line: line wraps joined (a word broken after a real hyphen,
    "well-" + "connected", keeps its hyphen), glyph bullets from symbol fonts dropped, white
    space single."""
    if not text:
        return ""
    text = _PRIVATE_USE.sub("", text).replace("\u202f", " ").replace("\u00a0", " ")
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out.endswith("-") and not out.endswith(" -") and line[:1].isalnum():
            out += line  # hyphen at a line end: the word goes on (year- / on-year)
        else:
            out = f"{out} {line}" if out else line
    return re.sub(r"\s+", " ", out).strip()


def clean_item(text: str | None) -> str:
    """A list item or table cell as one line, with the bullet each printed line starts with removed."""
    if not text:
        return ""
    return clean("\n".join(_LEADING_BULLET.sub("", line) for line in text.split("\n")))


def join(lines: Iterable[str]) -> str:
    """Lines (or blocks) of one passage as a single clean line."""
    return clean(" ".join(lines))


def iso_date(text: str | None) -> str | None:
    """The first real date printed in ``text`` as ISO: "Monday 3 July 2017", "20 JUNE 2017",
    "3rd July, 2017", "July 3, 2017", "20/06/2017" (UK order) and "2017-06-20" all read."""
    if not text:
        return None
    candidates: list[tuple[int, int, int, int]] = []  # (position, year, month, day)
    for m in _DATE.finditer(text):
        month = MONTHS.get(m.group(2).lower())
        if month:
            candidates.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for m in _DATE_MONTH_FIRST.finditer(text):
        month = MONTHS.get(m.group(1).lower())
        if month:
            candidates.append((m.start(), int(m.group(3)), month, int(m.group(2))))
    for m in _NUMERIC_DATE.finditer(text):
        candidates.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _ISO_DATE.finditer(text):
        candidates.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for _, year, month, day in sorted(candidates):
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def printed_date(iso: str) -> str:
    """An ISO date as a UK council prints it in a title: "3 July 2017"."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def nice_case(text: str) -> str:
    """'CABINET' → 'Cabinet'; text already in mixed case is kept."""
    if text.upper() != text:
        return text
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def smart_title(text: str) -> str:
    """Title case that keeps small words small: "COUNCIL BUSINESS PLAN" → "Council Business Plan"."""
    words = text.lower().split()
    return " ".join(
        w if (i and w in SMALL_WORDS) or not w[:1].isalpha() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def normalise_name(text: str) -> str:
    """A body or title as one clean line: single spaces, straight apostrophes, and the case
    restored where the page prints it in capitals (minutes headings, plan covers)."""
    text = " ".join(text.replace("’", "'").split()).strip(" .,:;")
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if words and sum(w.isupper() for w in words) / len(words) >= 0.6:
        text = smart_title(text)
    return text


def words(text: str | None, stopwords: Iterable[str] = ()) -> set[str]:
    """Content words of a name, lower case: what two spellings of a name share."""
    stop = set(stopwords)
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in stop}


def containment(part: set[str], whole: set[str]) -> float:
    """Share of ``part``'s words found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


def similarity(a: str | None, b: str | None) -> float:
    """How alike two strings read (0..1), ignoring case and punctuation."""
    x = re.sub(r"[^a-z0-9]+", " ", (a or "").lower()).strip()
    y = re.sub(r"[^a-z0-9]+", " ", (b or "").lower()).strip()
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() if x and y else 0.0


def alike(a: str | None, b: str | None, at_least: float) -> bool:
    """``similarity(a, b) >= at_least``, sooner: difflib's cheap upper bounds of the ratio (from
    the lengths, then from the letters shared) rule most pairs out before the full comparison."""
    x = re.sub(r"[^a-z0-9]+", " ", (a or "").lower()).strip()
    y = re.sub(r"[^a-z0-9]+", " ", (b or "").lower()).strip()
    if not (x and y):
        return 0.0 >= at_least
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return matcher.real_quick_ratio() >= at_least and matcher.quick_ratio() >= at_least and matcher.ratio() >= at_least


# The re module keeps the last 512 patterns it compiled (Python 3.11), dropping the oldest
# first. The rule packs and rules hold more than that, so a build cycled through them and
# parsed patterns again on every document, and a worker forked for a document parsed again
# whatever the parent had dropped (a third of a worker's time on small PDFs). Room for all of
# them: compiled once, before the workers are forked. Only a cache size; nothing reads
# differently (a Python without this attribute just keeps its own size).
if getattr(re, "_MAXCACHE", 0) < 4096:
    re._MAXCACHE = 4096  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=8192)
def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, kept: the rule packs hold more patterns than the re module's own cache
    (512 in Python 3.11), which it empties in order of use, so a pattern asked for with
    ``re.search(text, ...)`` was parsed again on every document (about 8 a document, a fifth
    of the rules' time on small PDFs)."""
    return re.compile(pattern, flags)


def any_match(patterns: Iterable[str], text: str, *, ignore_case: bool = False) -> re.Match[str] | None:
    """The first match of the first pattern (searched anywhere in ``text``) that matches."""
    flags = re.IGNORECASE if ignore_case else 0
    for pattern in patterns:
        m = regex(pattern, flags).search(text)
        if m:
            return m
    return None


def label_value(labels: Iterable[str], text: str) -> str | None:
    """The value after 'Label:' (or 'Label?:') when ``text`` starts with one of ``labels``,
    case-insensitive; None when it starts with none of them."""
    for pattern in _label_patterns(tuple(labels)):
        m = pattern.match(text)
        if m:
            return m.group(1).strip()
    return None


@functools.lru_cache(maxsize=256)
def _label_patterns(labels: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    # Compiled once per list of labels: rules call this for every line they read.
    return tuple(re.compile(rf"\s*{re.escape(label)}\s*\??\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
                 for label in labels)


def fill_placeholders(pattern: str, **values: str) -> str:
    """A pack pattern with its ``{NAME}`` placeholders (e.g. {DATE}, {BODY}) replaced by
    non-capturing groups of the given patterns, so packs stay readable."""
    for name, value in values.items():
        pattern = pattern.replace("{" + name + "}", f"(?:{value})")
    return pattern
