"""Which file a ``/corpus/…`` address names, and opening it safely (site/plugins/corpus_files.py).

Users drop anything into ``corpus/``: names with spaces, accents, ``#``, ``%`` or quotes,
symbolic links (to files elsewhere, or in a loop), a named pipe called ``x.pdf``. The site
serves a file only when

- the address, decoded once, is a file name the database's documents table lists (so neither
  manifest.json nor a half-downloaded ``.part`` nor anything else in the folder is served);
- the path, with every symbolic link resolved, is still inside the corpus folder;
- it is a regular file, checked on the open descriptor (``O_NONBLOCK``, so opening a named
  pipe does not wait for a writer; ``O_NOFOLLOW``, so a link swapped in after the check is
  refused).

Anything else is "not found", which is all a visitor needs to know.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kernel.names import is_utf8


class NotServed(Exception):
    """The address names no file the site serves (why, for the server's own use)."""


@dataclass(frozen=True)
class CorpusFile:
    fd: int
    size: int
    name: str


def file_name(raw: str) -> str:
    """The file name a ``/corpus/…`` address names: percent-escapes decoded once (as
    ``council_plans.publish.pdf_link`` made them), invalid UTF-8 refused."""
    try:
        name = unquote(raw, errors="strict")
    except UnicodeDecodeError as err:
        raise NotServed("not UTF-8") from err
    if not name or "\x00" in name:
        raise NotServed("empty or NUL")
    return name


def open_corpus_file(corpus: Path, name: str, listed: frozenset[str] | set[str]) -> CorpusFile:
    """An open descriptor on the regular file ``name`` of ``corpus`` (the caller closes it)."""
    if name not in listed:
        raise NotServed("not a document of the database")
    root = os.path.realpath(corpus)
    candidate = os.path.join(root, name)
    if not os.path.lexists(candidate):
        # A file whose real name is not valid UTF-8 is listed under its display name (E015).
        from council_plans.corpus import find_file

        found = find_file(root, name)
        candidate = os.path.join(root, found.name) if found is not None else candidate
    try:
        path = os.path.realpath(candidate, strict=True)  # ELOOP for a loop
    except (OSError, RuntimeError) as err:
        raise NotServed(f"cannot resolve: {err}") from err
    if os.path.commonpath([root, path]) != root or path == root:
        raise NotServed("outside the corpus folder")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise NotServed(f"cannot open: {err}") from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotServed("not a regular file")
    shown = os.path.basename(path)
    return CorpusFile(fd, info.st_size, shown if is_utf8(shown) else name)
