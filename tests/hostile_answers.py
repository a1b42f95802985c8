"""Answers a hostile meeting-system site gives, for ``ModernGovSite.custom`` (tests only).

Each factory returns ``answer(handler) -> status`` that writes its own bytes to the socket.
Endless answers stop after ``stop_after`` bytes or seconds so that a fetcher without caps or
deadlines (the code before them) still comes to an end and fails its test rather than
hanging it; ``Sent`` records how much went out and the largest temporary file seen.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path


@dataclass
class Sent:
    bytes: int = 0
    requests: int = 0


def _head(handler: BaseHTTPRequestHandler, status: int, headers: list[tuple[str, str]]) -> None:
    lines = [f"HTTP/1.0 {status} Hostile"] + [f"{k}: {v}" for k, v in headers] + ["", ""]
    handler.wfile.write("\r\n".join(lines).encode("latin-1"))  # as HTTP reads headers: "²" is one byte, 0xB2


def endless(first: bytes, *, content_type: str = "application/pdf", stop_after: int = 24 << 20,
            chunk: int = 1 << 16, sent: Sent | None = None, length: str | None = None):
    """``first``, then filler for ever (until ``stop_after`` bytes), no Content-Length unless
    ``length`` is given."""
    sent = sent if sent is not None else Sent()

    def answer(handler: BaseHTTPRequestHandler) -> int:
        sent.requests += 1
        headers = [("Content-Type", content_type)] + ([("Content-Length", length)] if length else [])
        try:
            _head(handler, 200, headers)
            handler.wfile.write(first)
            sent.bytes += len(first)
            filler = b"0" * chunk
            while sent.bytes < stop_after:
                handler.wfile.write(filler)
                sent.bytes += len(filler)
        except OSError:
            pass  # the client stopped reading: what a cap is for
        return 200

    return answer


def trickle(body: bytes, *, every: float, headers_too: bool = False, content_type: str = "application/pdf",
            stop_after: float = 30.0, sent: Sent | None = None):
    """One byte every ``every`` seconds: of the body (headers sent at once), or of the whole
    answer from the status line on (``headers_too``). Gives up after ``stop_after`` seconds."""
    sent = sent if sent is not None else Sent()

    def answer(handler: BaseHTTPRequestHandler) -> int:
        sent.requests += 1
        head = f"HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        slow = head + body if headers_too else body
        started = time.monotonic()
        try:
            if not headers_too:
                handler.wfile.write(head)
            for i in range(len(slow)):
                if time.monotonic() - started > stop_after:
                    break
                handler.wfile.write(slow[i:i + 1])
                sent.bytes += 1
                time.sleep(every)
        except OSError:
            pass
        return 200

    return answer


def redirect(location: str, status: int = 302):
    def answer(handler: BaseHTTPRequestHandler) -> int:
        try:
            _head(handler, status, [("Location", location), ("Content-Length", "0")])
        except OSError:
            pass
        return status

    return answer


def raw(status: int, headers: list[tuple[str, str]], body: bytes = b""):
    """An answer with exactly these headers (a Content-Length of "²", a bogus charset ...)."""

    def answer(handler: BaseHTTPRequestHandler) -> int:
        try:
            _head(handler, status, headers)
            handler.wfile.write(body)
        except OSError:
            pass
        return status

    return answer


@dataclass
class LargestPart:
    """Watches a folder while a fetch runs and keeps the size of the largest temporary
    download file seen (a cap enforced only at the end lets it grow past the cap)."""

    folder: Path
    largest: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> LargestPart:
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            for path in self.folder.glob(".*.part") if self.folder.is_dir() else ():
                try:
                    self.largest = max(self.largest, path.stat().st_size)
                except OSError:
                    pass
            time.sleep(0.002)
