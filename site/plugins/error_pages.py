"""Datasette plugin: the site's own page for every error, and nothing about the server in it.

- A 404 says what is missing in words a visitor reads ("There is no page at /-/no-such-page",
  not Datasette's "Database not found": the site has one database), with the search box.
- A 500 says something went wrong on the site's side; the exception (which can hold SQL and
  paths) goes to the server's log only.
- A 403 for SQL typed in says that the site does not run it, and what to use instead.
- JSON requests keep Datasette's JSON errors.
- Datasette prints a rich traceback with every local variable for each error, 404s included:
  0.3–0.9 s of CPU per request for a crawler probing addresses that do not exist, and a log
  flooded with request internals. The site prints a one-line note instead (a traceback for 500s).
- ``/-/databases``, ``/-/threads`` and ``/-/plugins`` (the server's file paths and threads)
  are not served.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import datasette.handle_exception as datasette_errors
from datasette import hookimpl
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from council_plans.site import error_response, not_found

datasette_errors.rich = None  # see above: Datasette's rich traceback only when rich is importable

HIDDEN = r"^/-/(databases|threads|plugins)(\.json)?$"
WHAT_NOT_FOUND = ("Database not found", "404")


def describe(exception: Exception, path: str) -> tuple[int, str | None, Any]:
    """(status, title, message) a visitor is shown for ``exception``."""
    if isinstance(exception, Base400):
        message = exception.args[0] if exception.args else ""
        if exception.status == 404 and (not message or str(message).startswith(WHAT_NOT_FOUND)):
            message = f"There is no page at {path}."  # escaped by the template
        return exception.status, None, message
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return exception.status, exception.title, message
    return 500, "Something went wrong", ("The site could not make this page. The error has been logged; "
                                         "try again later, or start again from the home page.")


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    if request.path.split("?")[0].endswith(".json"):
        return None  # Datasette's JSON error

    async def inner() -> Response:
        status, title, message = describe(exception, request.path)
        if not isinstance(exception, (Base400, DatasetteError)):
            print(f"error {status} on {request.method} {request.path}:", file=sys.stderr)
            traceback.print_exception(exception, file=sys.stderr)
        return await error_response(datasette, request, status, message, title)

    return inner


@hookimpl(tryfirst=True)
def forbidden(datasette, request, message):
    if message != "execute-sql":
        return None

    async def inner() -> Response:
        return await error_response(
            datasette, request, 403,
            "This site does not run SQL typed in. The canned queries (on the home page), the filters and "
            "facets of every table and the search box answer most questions; to query the data freely, "
            "download the database and open it with Datasette or SQLite.",
            title="SQL is switched off on this site")

    return inner


async def hidden(datasette: Any, request: Any) -> Response:
    return await not_found(datasette, request)


@hookimpl
def register_routes():
    return [(HIDDEN, hidden)]
