"""Fetch a council's meetings from its ModernGov site into the corpus (``plans fetch``).

* ``moderngov.py`` — the ``mgWebService.asmx`` client and its XML (committees, meetings, agendas);
* ``html.py`` — the public pages, for sites whose web service is off, and minutes markup as text;
* ``documents.py`` — which of a meeting's documents to fetch, their kind, title and file name;
* ``download.py`` — polite HTTP: pauses, retries with back-off, timeouts, conditional requests,
  temporary file then rename;
* ``manifest.py`` — the corpus manifest, the single record of what was fetched;
* ``fetcher.py`` — the run: committees → meetings → documents, and its summary.

The Python API mirrors the command::

    from council_plans.fetch import fetch
    summary = fetch("https://cms.wiltshire.gov.uk", ["Cabinet"], date(2017, 1, 1), date(2022, 12, 31), "corpus")
"""

from __future__ import annotations

from typing import Any

__all__ = ["FetchSummary", "fetch", "list_committees"]


def __getattr__(name: str) -> Any:
    # Imported on first use: urllib.request costs every `plans` command a tenth of a second.
    if name in __all__:
        from council_plans.fetch import fetcher

        return getattr(fetcher, name)
    raise AttributeError(name)
