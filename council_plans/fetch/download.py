"""Polite, resumable HTTP: one request at a time, a pause between requests, retries with
back-off, timeouts, conditional re-fetch, and files that are never half-written.

Council web sites are small servers shared with the public, so :class:`Http` waits ``delay``
seconds between the end of one request and the start of the next, and honours
``Retry-After``. A request that times out, cannot connect, breaks off mid-body or gets a
429/5xx answer is tried again up to ``retries`` times, waiting ``backoff * 2**attempt``
seconds; a 4xx answer is final (asking again will not help).

:meth:`Http.download` writes the body to a temporary file beside the target and renames it
over the target only when the whole body has arrived and looks like what was asked for, so
an interrupted run leaves either the old file or the new one, never part of one. With the
``ETag`` / ``Last-Modified`` validators of the copy already held, the server can answer
``304 Not Modified`` and nothing is transferred again.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal

from kernel.errors import PlansError

USER_AGENT = "council-plans/0.1 (ModernGov fetcher; one request at a time)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0  # seconds: a server asking for longer is treated as down for this run
CHUNK = 1 << 16


@dataclass(frozen=True)
class Validators:
    """What the server said identifies the copy held; sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass
class Downloaded:
    """One download: ``new`` (no copy before), ``changed`` (the copy was replaced) or
    ``unchanged`` (the server said 304, or sent the same bytes again)."""

    status: Literal["new", "changed", "unchanged"]
    path: Path
    sha256: str | None
    size: int | None
    validators: Validators
    content_type: str | None = None


class _Retry(Exception):
    """A failure worth another try (timeout, broken connection, 429/5xx)."""

    def __init__(self, problem: str, wait: float | None = None):
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


class _NotModified(Exception):
    """The server answered 304: the copy held is current."""


class Http:
    """A polite HTTP client. ``sleep`` and ``clock`` can be replaced (tests count the pauses)."""

    def __init__(
        self,
        *,
        delay: float = 1.0,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 2.0,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.delay = delay
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0

    def get_text(self, url: str) -> str:
        """The body of ``url`` decoded as text (XML or HTML pages). Raises PlansError E040."""

        def read(response: http.client.HTTPResponse) -> str:
            body = response.read()
            charset = response.headers.get_content_charset() or "utf-8"
            return body.decode(charset, errors="replace")

        return self._request(url, {}, read)

    def download(
        self,
        url: str,
        target: Path,
        *,
        validators: Validators | None = None,
        old_sha256: str | None = None,
        expect: Callable[[bytes], bool] | None = None,
        what: str = "document",
    ) -> Downloaded:
        """Fetch ``url`` into ``target``. When a copy is held (``target`` exists and
        ``old_sha256`` is its checksum) the request carries its ``validators``. ``expect``
        judges the first bytes (``%PDF-``): a body that fails it raises E041 and the target
        is left as it was. Raises PlansError E040 when the download fails."""
        held = target.exists() and old_sha256 is not None
        headers = validators.headers() if (validators and held) else {}
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        target.parent.mkdir(parents=True, exist_ok=True)

        def save(response: http.client.HTTPResponse) -> tuple[str, int, bytes]:
            digest, size, first = hashlib.sha256(), 0, b""
            with tmp.open("wb") as out:
                while chunk := response.read(CHUNK):
                    if len(first) < 16:
                        first += chunk[: 16 - len(first)]
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) != size:
                raise _Retry(f"only {size} of {length} bytes arrived")
            return digest.hexdigest(), size, first

        try:
            try:
                (sha, size, first), response = self._request(url, headers, save, with_response=True)
            except _NotModified:
                return Downloaded("unchanged", target, old_sha256, target.stat().st_size, validators or Validators())
            content_type = response.headers.get("Content-Type")
            new_validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
            if expect is not None and not expect(first):
                raise PlansError("E041", f"{url} sent {content_type or 'something of unknown type'}, not a {what}")
            if held and sha == old_sha256:
                return Downloaded("unchanged", target, sha, size, new_validators, content_type)
            os.replace(tmp, target)
            return Downloaded("changed" if held else "new", target, sha, size, new_validators, content_type)
        finally:
            if tmp.exists():
                tmp.unlink()

    def _request(self, url: str, headers: dict[str, str], consume: Callable[[http.client.HTTPResponse], Any],
                 with_response: bool = False) -> Any:
        """Open ``url`` and ``consume`` the response, with the pause before and the retries
        around both (a body that breaks off half-way is asked for again)."""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, **headers})
        problem = ""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            try:
                self.requests += 1
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    result = consume(response)
                return (result, response) if with_response else result
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    raise _NotModified() from None
                problem = f"HTTP {exc.code} {exc.reason}"
                if exc.code not in RETRY_STATUSES:
                    raise PlansError("E040", f"{url}: {problem}") from None
                wait = _retry_after(exc.headers.get("Retry-After"))
                if wait is not None and wait > MAX_RETRY_AFTER:
                    raise PlansError("E040", f"{url}: {problem}, asked to retry after {wait:.0f}s") from None
                failure = _Retry(problem, wait)
            except _Retry as exc:
                failure = exc
            except TimeoutError:
                failure = _Retry(f"no answer within {self.timeout:g}s")
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    failure = _Retry(f"no answer within {self.timeout:g}s")
                else:
                    failure = _Retry(f"could not connect ({exc.reason})")
            except (http.client.HTTPException, ConnectionError, OSError) as exc:
                failure = _Retry(f"the connection failed ({type(exc).__name__}: {exc})")
            finally:
                self._last = self._clock()
            problem = failure.problem
            if attempt < self.retries:
                self._sleep(max(self.backoff * 2**attempt, failure.wait or 0.0))
        tries = self.retries + 1
        raise PlansError("E040", f"{url}: {problem} ({tries} {'try' if tries == 1 else 'tries'})")

    def _wait_turn(self) -> None:
        if self._last is not None and self.delay > 0:
            wait = self.delay - (self._clock() - self._last)
            if wait > 0:
                self._sleep(wait)


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
