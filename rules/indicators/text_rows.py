"""KPI tables printed as text: a header that names the columns ("Ref Performance indicator
Frequency Direction of travel 2023/2024 Outturn 2024/2025 Outturn RAG"), then the rows run on,
each its reference (perhaps), its measure, its word cells (frequency, direction) and its value
cells, ending in its status. What a web page's table becomes when its cells are stored without
separators ("FC_01Percentage of invoices paid ... dateMonthlyincrease89.02%91.21%Amber"), and
what a PDF's table without rulings gives as lines of text.

The header is read as a run of column names (the pack's `text_rows.columns`, glued or spaced);
the columns after the measure's say what each row ends with, in order. A row is the shortest
measure followed by exactly those cells: as many values as the header has value columns (a
row with a cell left empty cannot be aligned and is left out), the word cells and the status
where printed. Each value takes its column's period ("2023/2024 Outturn"); a target column's
value is the row's target; status, direction and target go onto the latest value (as in a
ruled KPI table). The words are the pack's (``text_rows`` in ``rules/packs/indicators.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.model import Document
from rules.indicators.records import Found, locate, normalise
from rules.indicators.tables import TableContext, column_period, numeric
from rules.periods import Period, find_periods, previous_period
from rules.quantities import pack as indicator_pack
from rules.scorecards import assess, is_pending, name_unit

TEXT_ROWS_RULE = "indicators.text_rows.v1"
VALUE_ROLES = ("value", "previous", "last_year", "target")  # columns whose cells are values

# Where a crude export glued two cells: a word's lower-case end before a capital ("dateMonthly",
# "OutturnRAG"), a word before a number ("travel2023/2024"), a number or % before a word
# ("FC_01Percentage", "91.21%Amber") or % before a number ("89.02%91.21%").
_GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z])|(?<=[a-z]{2})(?=\d)|(?<=\d)(?=[A-Z][a-z])|(?<=%)(?=[\w£])")


def deglue(text: str) -> str:
    """Text with a space wherever two cells were glued together."""
    return _GLUE.sub(" ", text)


@dataclass
class Column:
    role: str  # ref, name, frequency, direction, status, target, value, not_values
    text: str


def header_columns(text: str, start: int = 0, shortest: bool = False) -> tuple[list[Column], int] | None:
    """The columns a header names from ``start`` on (deglued text), and where it ends: column
    names one after the other, nothing else between them. None when the run is not a KPI
    header (no measure column, no value column, or fewer than the pack's minimum). Where two
    names can be one ("Q3 Target": the third quarter's target, or a Q3 column and a Target
    column) the longest is read, or with ``shortest`` the shortest (the rows tell which)."""
    rules = indicator_pack().text_rows
    assert rules is not None
    patterns = _column_patterns(tuple(rules.columns.items()), rules.period)
    cols: list[Column] = []
    pos = start
    while True:
        best: tuple[str, re.Match[str]] | None = None
        for role, pattern in patterns:
            m = pattern.match(text, pos)
            if m and (best is None or (m.end() < best[1].end() if shortest else m.end() > best[1].end())):
                best = (role, m)
        if best is None:
            break
        cols.append(Column(best[0], normalise(best[1].group(0))))
        pos = best[1].end()
    roles = [c.role for c in cols]
    if "name" not in roles or not set(VALUE_ROLES) & set(roles) or len(cols) < rules.min_columns:
        return None
    if "not_values" in roles[roles.index("name"):]:
        return None  # commentary after the measure: its words cannot be told from the next row's
    return cols, pos


@lru_cache(maxsize=8)
def _column_patterns(columns: tuple[tuple[str, str], ...], period: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(role, re.compile(rf"\s*(?:{p.replace('{period}', f'(?:{period})')})(?![\w/])", re.IGNORECASE))
            for role, p in columns]


def _row_pattern(after_name: list[Column]) -> re.Pattern[str]:
    """A row: the shortest measure, then each column's cell in order (word cells and the
    status may be missing, a value may not)."""
    rules = indicator_pack().text_rows
    assert rules is not None
    parts = [rf"(?P<name>(?:(?P<ref>{rules.reference})\s*)?[^\s\d].{{2,{rules.max_name_chars}}}?)"]
    for k, col in enumerate(after_name):
        if col.role in VALUE_ROLES:
            parts.append(rf"\s*(?<![\d.,])(?P<v{k}>{rules.value}|{rules.pending})(?![\d.,]?\d)")
        elif col.role in rules.cells:
            parts.append(rf"(?:\s*(?P<w{k}>{rules.cells[col.role]}))?")
        else:
            return re.compile(r"(?!)")  # a column whose cells cannot be told from words: not read
    parts.append(r"(?=\s|$)")
    return re.compile("".join(parts), re.IGNORECASE)


def text_row_values(document: Document, report_period: Period | None = None,
                    skip: set[tuple[int, int, int]] | frozenset[tuple[int, int, int]] = frozenset()
                    ) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """Values of KPI tables printed as text, and the (page, block, line) of every line read.
    A block with a line in ``skip`` (read by another reader) is no part of one."""
    rules = indicator_pack().text_rows
    if rules is None:
        return [], set()
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    for page in document.pages:
        section: str | None = None
        blocks = list(enumerate(page.blocks))
        for n, (b, block) in enumerate(blocks):
            if block.kind == "heading":
                section = normalise(block.text.split("\n")[0])
                continue
            if block.kind == "table" or _touches(skip, page.number, b, block.text):
                continue
            text = deglue(" ".join(block.text.split("\n")))
            start = next((m.start() for m in re.finditer(r"(?:^|(?<=\s))\S", text) if header_columns(text, m.start())),
                         None)
            if start is None:
                continue
            # the rows run on in this block and the next ones, up to the next heading; a block
            # is the table's when a row was read from it
            rest, offsets = "", [(-1, b, block)]
            for b2, nxt in blocks[n + 1:]:
                if nxt.kind in ("heading", "table") or _touches(skip, page.number, b2, nxt.text):
                    break
                offsets.append((len(rest), b2, nxt))
                rest += " " + deglue(" ".join(nxt.text.split("\n")))
            rows: list[list[Found]] = []
            end = 0
            for shortest in (False, True):
                header = header_columns(text, start, shortest)
                if header is not None:
                    head = text[header[1]:]
                    got, stop = _rows(head + rest, header[0], page.number, section, document, report_period)
                    if len(got) > len(rows):
                        rows, end = got, stop - len(head)
            if len(rows) >= rules.min_rows:
                found += [f for row in rows for f in row]
                used |= {(page.number, b2, k) for at, b2, blk in offsets if at < max(end, 0)
                         for k in range(blk.text.count("\n") + 1)}
    return found, used


def _touches(skip: set[tuple[int, int, int]] | frozenset[tuple[int, int, int]], page: int, b: int, text: str) -> bool:
    return bool(skip) and any((page, b, k) in skip for k in range(text.count("\n") + 1))


def _rows(stream: str, cols: list[Column], page: int, section: str | None, document: Document,
          report_period: Period | None) -> tuple[list[list[Found]], int]:
    """The rows read from ``stream``, and where the last one ends."""
    rules = indicator_pack().text_rows
    assert rules is not None
    scorecard = indicator_pack().scorecard
    after = cols[[c.role for c in cols].index("name") + 1:]
    pattern = _row_pattern(after)
    context = TableContext(report_period)
    out: list[list[Found]] = []
    pos = end = 0
    while pos < len(stream) and stream[pos].isspace():
        pos += 1
    while pos < len(stream):
        m = pattern.match(stream, pos)
        if m is None:
            break
        name = normalise(m.group("name")[len(m.group("ref") or ""):]).strip(" :;,-–")
        pos = m.end()
        while pos < len(stream) and stream[pos].isspace():
            pos += 1
        if len(name.split()) > rules.max_name_words or re.search(r"[.!?]\s+[A-Z]", name) \
                or not re.search(r"[A-Za-z]{3,}", name):
            break  # prose, not a row: the table has ended
        quote = normalise(m.group(0))
        unit_hint = name_unit(name, scorecard)
        row: list[Found] = []
        target = status = direction = None
        for col, cell in _matched_cells(m, after):
            if col.role == "status":
                status = cell
            elif col.role == "direction":
                direction = cell
            if col.role not in VALUE_ROLES:
                continue
            parsed = _cell_number(cell, unit_hint)
            if parsed is None:
                continue
            value, unit = parsed
            period = _period_of(col, context)
            kind = "target" if col.role == "target" else "actual"
            if kind == "target" and target is None:
                target = value
            where = locate(document, [page, page + 1], [name[:40], cell], (page, None))
            row.append(Found(name, value, unit, period, kind, quote, "table", where[0], where[1], section,
                             TEXT_ROWS_RULE))
        assess(row, target, status, direction, None)
        if row:
            out.append(row)
            end = m.end()
    return out, end


# ------------------------------------------------------------------ value lines


def _year_before(period: Period | None) -> Period | None:
    """The same period a year earlier ("Same qtr last year")."""
    if period is None or period.start is None or period.end is None:
        return None
    try:
        start, end = period.start.replace(year=period.start.year - 1), period.end.replace(year=period.end.year - 1)
    except ValueError:  # 29 February
        return None
    return Period(f"{period.text} (a year earlier)", start, end, period.means)


def value_line_values(document: Document, report_period: Period | None
                      ) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """KPI rows whose cells are printed as one line of values under their measure's name, the
    header's words scattered over the lines above (a report pack transcribed page by page:
    "This Qtr Target Against Target" / "Previous qtr" / "Perf. v previous qtr" ..., then
    "FOI requests – number of new requests" / "166 N/A N/A 199 ☺ 113 ����"). The header is read
    across lines, passing the pack's `fillers` (a footnote mark, a heading over two columns);
    a row is a line that is exactly the cells of the columns after the measure's, and its
    measure the lines just above it (at most `max_name_lines`, back to the previous row, a
    comment or the header; the first row's measure is printed before the header)."""
    rules = indicator_pack().text_rows
    if rules is None or rules.value_lines is None:
        return [], set()
    vl = rules.value_lines
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    for page in document.pages:
        lines: list[tuple[tuple[int, int, int], str, bool]] = []  # key, text, opens a heading block
        for b, block in enumerate(page.blocks):
            if block.kind == "table":
                continue
            for k, text in enumerate(x for x in block.text.split("\n")):
                if text.strip():
                    lines.append(((page.number, b, k), normalise(text), block.kind == "heading" and k == 0))
        joined = " ".join(t for _k, t, _h in lines)
        starts = [0]
        for _k, t, _h in lines:
            starts.append(starts[-1] + len(t) + 1)
        header = None
        for m in re.finditer(r"(?:^|(?<=\s))\S", joined):
            header = _scattered_header(joined, m.start(), vl.fillers)
            if header:
                break
        if header is None:
            continue
        cols, head_start, head_end = header
        after = cols[[c.role for c in cols].index("name") + 1:]
        cell = re.compile(_cells_pattern(after, vl.glyphs), re.IGNORECASE)
        first = next(i for i in range(len(lines)) if starts[i + 1] > head_start)
        last = next(i for i in range(len(lines)) if starts[i + 1] > head_end - 1)
        boundary = last
        in_comment = False
        for i in range(last + 1, len(lines)):
            key, text, opens = lines[i]
            if opens:
                in_comment = False
            if re.match(vl.comment, text, re.IGNORECASE):
                in_comment = True
            m = None if in_comment else cell.fullmatch(text)
            if m is None:
                continue
            if boundary == last:  # the first row: its measure is printed before the header
                back = [j for j in range(first - 1, max(-1, first - 1 - vl.max_name_lines), -1)]
            else:
                back = [j for j in range(i - 1, max(boundary, i - 1 - vl.max_name_lines), -1)]
            name_lines: list[int] = []
            for j in back:
                if re.match(vl.comment, lines[j][1], re.IGNORECASE) or cell.fullmatch(lines[j][1]):
                    break
                name_lines.insert(0, j)
                if lines[j][2]:
                    break  # a heading's first line opens the measure
            # a heading block over the table and its first measure: its first line is the table's title
            if len(name_lines) > 1 and lines[name_lines[0]][2] and boundary == last:
                name_lines = name_lines[1:]
            boundary = i
            in_comment = False
            name = " ".join(lines[j][1] for j in name_lines).strip(" :;,-–")
            if not re.search(r"[A-Za-z]{3,}", name) or len(name.split()) > rules.max_name_words:
                continue
            row = _line_row(name, m, after, page.number, key, text, document, report_period)
            if row:
                found += row
                used |= {key, *(lines[j][0] for j in name_lines)}
    return found, used


def _scattered_header(text: str, start: int, fillers: str) -> tuple[list[Column], int, int] | None:
    """A header whose column names may have fillers between them; (columns, start, end)."""
    rules = indicator_pack().text_rows
    assert rules is not None
    patterns = _column_patterns(tuple(rules.columns.items()), rules.period)
    filler = re.compile(rf"\s*(?:{fillers})(?![\w/])", re.IGNORECASE)
    cols: list[Column] = []
    pos = start
    while True:
        best: tuple[str, re.Match[str]] | None = None
        for role, pattern in patterns:
            m = pattern.match(text, pos)
            if m and (best is None or m.end() > best[1].end()):
                best = (role, m)
        if best is None:
            f = filler.match(text, pos)
            if f and cols:
                pos = f.end()
                continue
            break
        cols.append(Column(best[0], normalise(best[1].group(0))))
        pos = best[1].end()
    roles = [c.role for c in cols]
    if not cols or (roles[0] != "value" and "name" not in roles):
        return None
    if "name" not in roles:
        # the measure's column has no name of its own: the columns must be a KPI table's (a
        # target, a comparison or a status beside the values, not only years: "Legal status
        # 2014/15 2015/16 2016/17" is a data table's header)
        if len(cols) < rules.min_columns or not {"target", "previous", "last_year", "status"} & set(roles):
            return None
        cols.insert(0, Column("name", ""))
    if sum(r in VALUE_ROLES for r in roles) < 2 or len(cols) < rules.min_columns:
        return None
    return cols, start, pos


def _cells_pattern(after: list[Column], glyphs: str) -> str:
    rules = indicator_pack().text_rows
    assert rules is not None
    parts = []
    for k, col in enumerate(after):
        if col.role in VALUE_ROLES:
            parts.append(rf"(?P<v{k}>{rules.value}|{rules.pending})")
        else:
            words = rules.cells.get(col.role, r"(?!)")
            parts.append(rf"(?P<w{k}>{words}|{glyphs}|{rules.pending})")
    return r"\s*" + r"\s+".join(parts) + r"\s*"


def _line_row(name: str, m: re.Match[str], after: list[Column], page: int, key: tuple[int, int, int], text: str,
              document: Document, report_period: Period | None) -> list[Found]:
    scorecard = indicator_pack().scorecard
    unit_hint = name_unit(name, scorecard)
    context = TableContext(report_period)
    row: list[Found] = []
    current: list[Found] = []
    target = status = direction = None
    for col, cell in _matched_cells(m, after):
        if col.role == "status" and not is_pending(cell, scorecard):
            status = status or cell
        elif col.role == "direction" and not is_pending(cell, scorecard):
            direction = direction or cell
        if col.role not in VALUE_ROLES:
            continue
        parsed = _cell_number(cell, unit_hint)
        if parsed is None:
            continue
        value, unit = parsed
        kind = "target" if col.role == "target" else "actual"
        if kind == "target" and target is None:
            target = value
        where = locate(document, [page], [text], (page, None))
        f = Found(name, value, unit, _period_of(col, context), kind, f"{name} | {text}", "table", where[0], where[1],
                  None, TEXT_ROWS_RULE)
        row.append(f)
        if col.role == "value":
            current.append(f)
    # the assessment is of the period's own value, not of the comparisons beside it
    assess(current, target, status, direction, None)
    return row


def _matched_cells(m: re.Match[str], after: list[Column]) -> list[tuple[Column, str]]:
    """The cells a row's match filled (``_cells_pattern``/``_row_pattern`` groups v<k>, w<k>),
    with their columns, in order."""
    cells = ((col, m.groupdict().get(f"v{k}") or m.groupdict().get(f"w{k}")) for k, col in enumerate(after))
    return [(col, cell) for col, cell in cells if cell]


def _cell_number(cell: str, unit_hint: str | None) -> tuple[float, str] | None:
    """A cell's number and unit; a bare count takes the unit the measure's name gives ("% of
    ..."), as in every reader of KPI rows."""
    parsed = numeric(cell)
    if parsed is None:
        return None
    value, unit = parsed
    return value, (unit_hint if unit == "count" and unit_hint else unit)


def _period_of(col: Column, context: TableContext) -> Period | None:
    """A value column's period: its own ("2023/2024 Outturn", "Q3" of the report's year), the
    one before the report's ("Previous qtr"), the report's a year earlier ("Same qtr last year"),
    else the report's."""
    if col.role == "previous":
        # a column that names its own period ("Previous performance up to Quarter 3 2013/14")
        own = next((p.period for p in find_periods(col.text)), None)
        return own or (previous_period(context.period) if context.period else None)
    if col.role == "last_year":
        return _year_before(context.period)
    return column_period(col.text, None, context) or context.period


# ------------------------------------------------------------------ one cell per line


def stacked_cell_values(document: Document, report_period: Period | None
                        ) -> tuple[list[Found], set[tuple[int, int, int]]]:
    """KPI tables stored one cell per line with no separators (an HTML table flattened to text,
    a Word table read cell by cell): a header of N column names, one a line, the measure's
    first ("Indicator" / "Performance up to Quarter 3 2014/15" / "Target up to Quarter 3" /
    "Previous performance up to Quarter 3 2013/14"), then each row its measure (at most the
    pack's ``stacked.max_name_lines``) and N-1 cell lines, each of its column's kind; a row
    short of cells before the next measure (or the end) left its last cells empty, as a web
    page's table drops a trailing empty cell. The lines run on across blocks
    and pages, as the extractor parts such a page into headings and paragraphs."""
    rules = indicator_pack().text_rows
    if rules is None or rules.stacked is None:
        return [], set()
    lines: list[tuple[tuple[int, int, int], str, bool]] = []  # key, text, opens a heading block
    for page in document.pages:
        if page.is_contents:
            continue
        for b, block in enumerate(page.blocks):
            if block.kind == "table":
                continue
            for k, text in enumerate(block.text.split("\n")):
                if text.strip():
                    lines.append(((page.number, b, k), normalise(text), block.kind == "heading" and k == 0))
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    section: str | None = None
    i = 0
    while i < len(lines):
        cols = _stacked_header([t for _k, t, _h in lines[i:i + 12]])
        if cols is None:
            if lines[i][2]:
                section = lines[i][1]
            i += 1
            continue
        rows, keys, end = _stacked_rows(lines, i + len(cols), cols, section, document, report_period)
        if len(rows) < rules.min_rows:
            i += 1
            continue
        found += [f for row in rows for f in row]
        used |= keys | {k for k, _t, _h in lines[i:i + len(cols)]}
        i = end
    return found, used


def _stacked_header(texts: list[str]) -> list[Column] | None:
    """The columns named one a line from the first of ``texts``: the measure's column first,
    then only columns whose cells can be told apart (values, targets, status or direction words)."""
    rules = indicator_pack().text_rows
    assert rules is not None
    patterns = _column_patterns(tuple(rules.columns.items()), rules.period)
    cols: list[Column] = []
    for text in texts:
        role = next((r for r, p in patterns if p.fullmatch(text)), None)
        if role is None:
            break
        cols.append(Column(role, text))
    roles = [c.role for c in cols]
    if len(cols) < rules.min_columns or roles[0] != "name" or "name" in roles[1:] \
            or ({"value", "target"} - set(roles) and {"value", "previous"} - set(roles)):
        return None
    if any(r not in VALUE_ROLES and r not in rules.cells for r in roles[1:]):
        return None  # a column whose cells cannot be told from the next row's measure
    return cols


def _stacked_cell(col: Column) -> re.Pattern[str]:
    rules = indicator_pack().text_rows
    assert rules is not None and rules.stacked is not None
    st = rules.stacked
    if col.role in VALUE_ROLES:
        body = rf"(?:(?P<sign>{st.sign})\s*)?(?P<cell>{rules.value}(?:\s?(?:{_unit_words()}))?)|(?P<pending>{rules.pending})"
    else:
        body = rf"(?P<cell>{rules.cells[col.role]})|(?P<pending>{rules.pending})"
    return re.compile(rf"\s*(?:{body})(?:{st.note})?\s*", re.IGNORECASE)


def _unit_words() -> str:
    units = indicator_pack().scorecard.cell_units
    return "|".join(sorted((re.escape(u) for u in units), key=len, reverse=True)) + r"(?![\w])"


def _stacked_rows(lines: list[tuple[tuple[int, int, int], str, bool]], start: int, cols: list[Column],
                  section: str | None, document: Document, report_period: Period | None
                  ) -> tuple[list[list[Found]], set[tuple[int, int, int]], int]:
    rules = indicator_pack().text_rows
    assert rules is not None and rules.stacked is not None
    scorecard = indicator_pack().scorecard
    after = cols[1:]
    cells = [_stacked_cell(c) for c in after]
    context = TableContext(report_period)
    out: list[list[Found]] = []
    keys: set[tuple[int, int, int]] = set()
    pos = end = start
    while pos < len(lines):
        name_at = pos
        while pos < len(lines) and cells[0].fullmatch(lines[pos][1]) is None \
                and pos - name_at < rules.stacked.max_name_lines:
            pos += 1
        name = " ".join(t for _k, t, _h in lines[name_at:pos]).strip(" :;,-–")
        if pos == name_at or not re.search(r"[A-Za-z]{3,}", name) or len(name.split()) > rules.max_name_words:
            break
        got: list[re.Match[str]] = []
        while len(got) < len(after) and pos + len(got) < len(lines) \
                and (m := cells[len(got)].fullmatch(lines[pos + len(got)][1])) is not None:
            got.append(m)
        if not got or (len(got) < len(after) and pos + len(got) < len(lines)
                       and not re.search(r"[A-Za-z]{3,}", lines[pos + len(got)][1])):
            break  # no cell, or a short row not followed by a measure: the table has ended
        # a row short of cells before the next measure (or the end) left its last ones empty
        row: list[Found] = []
        current: list[Found] = []
        target = status = direction = None
        unit_hint = name_unit(name, scorecard)
        for n, (col, m) in enumerate(zip(after, got, strict=False)):
            key, text, _h = lines[pos + n]
            if m.group("pending"):
                continue
            if col.role == "status":
                status = m.group("cell")
                continue
            if col.role == "direction":
                direction = m.group("cell")
                continue
            parsed = _cell_number(m.group("cell"), unit_hint)
            if parsed is None:
                continue
            value, unit = parsed
            if m.group("sign") == "-":
                value = -value
            kind = "target" if col.role == "target" else "actual"
            if kind == "target" and target is None:
                target = value
            f = Found(name, value, unit, _period_of(col, context), kind, f"{name} | {text}", "table", key[0],
                      locate(document, [key[0]], [text], (key[0], None))[1], section, TEXT_ROWS_RULE)
            row.append(f)
            if col.role == "value":
                current.append(f)
        assess(current, target, status, direction, None)
        keys |= {k for k, _t, _h in lines[name_at:pos + len(got)]}
        pos += len(got)
        end = pos
        if row:
            out.append(row)
    return out, keys, end
