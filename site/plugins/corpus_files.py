"""Datasette plugin: the PDFs under ``/corpus/<file>`` — only the documents the database lists,
only regular files inside the corpus folder (``council_plans.corpus_files`` says why), read in
a worker thread a chunk at a time. Anything else gets the site's 404 page.

This replaces a Datasette static mount, which looked for the percent-encoded name on disk (a
file called "Annual report.pdf" was a 404), served whatever else was in the folder, followed
a symbolic link loop into a 500 and waited for ever on a named pipe.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
from typing import Any
from urllib.parse import quote

from datasette import hookimpl

from council_plans.corpus_files import NotServed, file_name, open_corpus_file
from council_plans.site import cached, has, not_found, plans_database, query_rows, site_options

CHUNK = 256 * 1024


async def listed_files(db: Any) -> frozenset[str]:
    async def compute() -> frozenset[str]:
        if not await has(db, "documents", "file"):
            return frozenset()
        return frozenset(r["file"] for r in await query_rows(db, "select file from documents where file is not null"))

    return await cached(db, "corpus-files", compute)


async def corpus_file(datasette: Any, request: Any, send: Any) -> Any:
    name = request.url_vars["path"]
    try:
        name = file_name(name)
        found = open_corpus_file(site_options(datasette).corpus, name, await listed_files(plans_database(datasette)))
    except NotServed:
        return await not_found(datasette, request, f"There is no document “{name}” on this site.")
    try:
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        headers = [(b"content-type", content_type.encode()), (b"content-length", str(found.size).encode()),
                   (b"content-disposition", f"inline; filename*=UTF-8''{quote(found.name)}".encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        left = 0 if request.method == "HEAD" else found.size
        while left > 0:
            chunk = await asyncio.to_thread(os.read, found.fd, min(CHUNK, left))
            if not chunk:  # the file shrank while it was sent
                break
            left -= len(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": left > 0})
        if left != 0 or request.method == "HEAD" or found.size == 0:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        os.close(found.fd)
    return None


@hookimpl
def register_routes():
    return [(r"^/corpus/(?P<path>.+)$", corpus_file)]
