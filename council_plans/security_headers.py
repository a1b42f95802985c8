"""The security headers the site sends with every response (site/plugins/security_headers.py).

The Content-Security-Policy is as strict as the pages allow. Scripts: the site's own templates
have none inline; Datasette's pages have three inline scripts (closing open menus, the SQL
editor, a table page's facet flag), each allowed by its SHA-256 hash, computed here from
Datasette's own templates so that an upgrade of Datasette cannot silently break (or widen)
the policy — the browser test fails on any violation. Styles: the site's own pages take them
from the site's origin only; Datasette's table, row, query and database pages (``/plans…``)
write a ``<style>`` per page from its column names (labels for narrow screens) and colour
headings with ``style=""``, so those pages also allow inline styles — styles cannot run
script, and nothing else is loosened. Images are the site's own or ``data:`` URIs (Datasette's
stylesheet draws icons with them); nothing is fetched from anywhere else, no plugin content,
no framing.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

# Datasette's inline scripts that are templates: the values their variables can take.
TEMPLATE_VALUES: dict[str, tuple[str, ...]] = {"datasette_allow_facet": ("true", "false")}

_INLINE_SCRIPT = re.compile(r"<script(?:\s+type=\"module\")?>(.*?)</script>", re.S)


def script_hashes(template_dirs: list[Path]) -> list[str]:
    """'sha256-…' sources for every inline script of the templates in ``template_dirs``."""
    env = jinja2.Environment(autoescape=True)
    hashes: set[str] = set()
    for folder in template_dirs:
        for template in sorted(folder.glob("*.html")):
            for body in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
                for text in _renderings(env, body):
                    digest = hashlib.sha256(text.encode("utf-8")).digest()
                    hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(hashes)


def _renderings(env: jinja2.Environment, body: str) -> list[str]:
    if "{{" not in body and "{%" not in body:
        return [body]
    names = [n for n in TEMPLATE_VALUES if n in body]
    template = env.from_string(body)
    return [template.render(dict(zip(names, values, strict=True)))
            for values in itertools.product(*(TEMPLATE_VALUES[n] for n in names))]


def content_security_policy(script_sources: list[str], inline_styles: bool = False) -> str:
    """The policy; ``inline_styles`` for Datasette's own pages (see DATASETTE_PAGES)."""
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *script_sources]),
        "style-src 'self' 'unsafe-inline'" if inline_styles else "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


@dataclass(frozen=True)
class Headers:
    """The headers added to every response: ``strict`` on the site's own pages (and its
    errors, PDFs, static files), ``datasette`` on Datasette's pages under /plans."""

    strict: list[tuple[bytes, bytes]]
    datasette: list[tuple[bytes, bytes]]

    def names(self) -> set[bytes]:
        return {name for name, _ in self.strict}


def security_headers(template_dirs: list[Path]) -> Headers:
    scripts = script_hashes(template_dirs)
    common = [
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        # Links to council sites and elsewhere send no address of the page they were on.
        (b"referrer-policy", b"same-origin"),
    ]
    return Headers(
        strict=[(b"content-security-policy", content_security_policy(scripts).encode()), *common],
        datasette=[(b"content-security-policy", content_security_policy(scripts, inline_styles=True).encode()), *common],
    )
