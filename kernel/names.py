"""File names that are not valid UTF-8.

Linux names are bytes. A PDF unzipped from a Windows archive is often named in Windows-1252
(``caf\\xe9.pdf``), which Python reads with each undecodable byte as a lone surrogate
(``os.fsdecode``: ``'caf\\udce9.pdf'``). Such a string opens the file, but cannot be written to
SQLite, JSON or a terminal as UTF-8. The build keeps the real name to open the file and
publishes a *display name*: each undecodable byte read as Windows-1252, which is what it most
likely was (``café.pdf``), or as Latin-1 for the five bytes Windows-1252 leaves undefined.
The mapping is one to one, so the site finds the file on disk again from its published name
(:func:`council_plans.corpus.find_file`).
"""

from __future__ import annotations

SURROGATES = range(0xDC80, 0xDD00)  # os.fsdecode's stand-ins for the bytes 0x80-0xff


def is_utf8(name: str) -> bool:
    """True when ``name`` came from valid UTF-8 bytes (it holds no lone surrogate)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_name(name: str) -> str:
    """``name`` with every undecodable byte (a lone surrogate) read as Windows-1252."""
    if is_utf8(name):
        return name
    return "".join(_byte_char(ord(c) - 0xDC00) if ord(c) in SURROGATES else
                   ("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c) for c in name)


def _byte_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d
        return bytes([byte]).decode("latin-1")
