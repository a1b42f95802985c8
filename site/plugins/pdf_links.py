"""Datasette plugin: render the ``pdf`` column (``/corpus/<file>#page=N``) as a link."""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape


@hookimpl
def render_cell(value, column):
    if column == "pdf" and isinstance(value, str) and value.startswith("/corpus/"):
        page = value.rsplit("#page=", 1)[-1] if "#page=" in value else ""
        label = f"PDF page {page}" if page else "PDF"
        return Markup(f'<a href="{escape(value)}" target="_blank" rel="noopener">{escape(label)}</a>')
    return None
