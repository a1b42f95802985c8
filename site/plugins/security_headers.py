"""Datasette plugin: the security headers (``council_plans.security_headers``) on every response
— pages, errors, JSON, CSV, feeds, PDFs and static files alike — added around the whole
application (``asgi_wrapper``), replacing any a view set itself. Datasette's pages under
``/plans`` get the policy that allows their inline styles; every other address the strict one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import datasette as datasette_package
from datasette import hookimpl

from council_plans.security_headers import security_headers
from council_plans.site import DATABASE, SITE


@hookimpl
def asgi_wrapper(datasette):
    headers = security_headers([SITE / "templates", Path(datasette_package.__file__).parent / "templates"])
    names = headers.names()
    datasette_pages = f"/{DATABASE}"

    def wrap(app: Any) -> Any:
        async def with_headers(scope: dict, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                return await app(scope, receive, send)

            path = scope.get("path", "")
            added = headers.datasette if path == datasette_pages or path.startswith(datasette_pages + "/") \
                or path.startswith(datasette_pages + ".") else headers.strict

            async def send_with_headers(message: dict) -> None:
                if message["type"] == "http.response.start":
                    kept = [(k, v) for k, v in message.get("headers", []) if bytes(k).lower() not in names]
                    message = {**message, "headers": kept + added}
                await send(message)

            return await app(scope, receive, send_with_headers)

        return with_headers

    return wrap
