"""Polite, bounded, resumable HTTP: one request at a time, a pause between requests, retries
with back-off, a total deadline and a size cap on every answer, conditional re-fetch, and
files that are never half-written.

Council web sites are small servers shared with the public, so :class:`Http` waits ``delay``
seconds between the end of one request and the start of the next, and honours
``Retry-After``. A request that times out, cannot connect, breaks off mid-body or gets a
429/5xx answer is tried again up to ``retries`` times, waiting ``backoff * 2**attempt``
seconds; a 4xx answer is final (asking again will not help).

Whatever a site sends is hostile, so every request is bounded:

* **time** — ``timeout`` is the total for one try: connecting, the answer's headers, its
  body and any redirects. Each socket operation waits at most for what is left of it, so a
  server that trickles a byte a second cannot keep a try alive (a per-read timeout, as
  ``urllib`` has, restarts with every byte). Only the name look-up (DNS) is outside it.
* **size** — a document may be at most ``max_document_bytes`` and a page or XML answer
  ``max_page_bytes``, checked against ``Content-Length`` before reading and counted while
  reading: nothing beyond the cap is written or kept in memory.
* **address** — ``http``/``https`` on the hosts :class:`~council_plans.fetch.addresses.AddressPolicy`
  allows; every redirect is checked before it is followed.

The transport is ``httpcore2`` (the maintained continuation of ``httpcore``, the core of
``httpx``): it speaks only http and https, follows no redirect by itself, decodes nothing
(the bytes written are the bytes sent: no decompression bomb), keeps connections alive
between requests, and lets this module supply the network layer through which the deadline
reaches every connect, read and write (:class:`_DeadlineBackend`).

:meth:`Http.download` writes the body to a temporary file beside the target and renames it
over the target only when the whole body has arrived and starts like what was asked for
(checked on the first bytes, not at the end), so an interrupted run leaves either the old
file or the new one, never part of one. With the ``ETag`` / ``Last-Modified`` validators of
the copy already held, the server can answer ``304 Not Modified`` and nothing is
transferred again.
"""

from __future__ import annotations

import hashlib
import os
import re
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

import httpcore2

from council_plans.fetch.addresses import AddressPolicy, Target
from council_plans.fetch.moderngov import ascii_int
from kernel.errors import PlansError

USER_AGENT = "council-plans/0.1 (ModernGov fetcher; one request at a time)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 120.0  # seconds: a server asking for longer is treated as down for this run
MB = 1 << 20
MAX_DOCUMENT_BYTES = 200 * MB  # the largest agenda packs seen are about 60 MB
MAX_PAGE_BYTES = 20 * MB  # a decade of a committee's meetings in one GetMeetings answer is < 1 MB
FIRST_BYTES = 16  # judged by ``expect`` as soon as they have arrived
_PARTIAL = re.compile(r"^\..+\.(\d+)\.(?:part|tmp)$")


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
    ``unchanged`` (the server said 304, or sent the same bytes again). ``path`` is where the
    document is: the target, or a file already on disk with the same bytes (``adopt``)."""

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


@dataclass
class _Answer:
    """A response being read: its status, headers (lower-case names) and a body that can be
    read once, in chunks, never past ``limit`` bytes."""

    url: str
    status: int
    headers: dict[str, str]
    stream: Iterable[bytes]
    limit: int
    what: str
    size: int = field(default=0)

    def chunks(self) -> Iterator[bytes]:
        length = ascii_int(self.headers.get("content-length"))
        if length is not None and length > self.limit:
            raise _too_large(self.url, self.what, self.limit, f"it says it is {_mb(length)}")
        for chunk in self.stream:
            if self.size + len(chunk) > self.limit:
                raise _too_large(self.url, self.what, self.limit, "it kept coming")
            self.size += len(chunk)
            yield chunk
        if length is not None and length != self.size:
            raise _Retry(f"only {self.size} of {length} bytes arrived")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    def charset(self) -> str:
        message = Message()
        message["content-type"] = self.content_type or "text/plain"
        charset = message.get_content_charset() or "utf-8"
        try:
            "".encode(charset)
            b"".decode(charset)
        except (LookupError, ValueError):
            return "utf-8"  # an unknown or bogus charset: read it as UTF-8 (bad bytes replaced)
        return charset


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} bytes"


def _too_large(url: str, what: str, limit: int, why: str) -> PlansError:
    return PlansError("E046", f"{url}: the {what} is larger than the {_mb(limit)} allowed ({why}); nothing was kept")


class _DeadlineBackend(httpcore2.NetworkBackend):
    """The network layer under the connection pool: every connect, TLS handshake, read and
    write waits at most for what is left of the current try's deadline, and each new
    connection's address is shown to the address policy."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._inner = httpcore2.SyncBackend()
        self.policy = policy
        self.deadline: float | None = None

    def left(self, timeout: float | None, error: type[Exception]) -> float | None:
        if self.deadline is None:
            return timeout
        rest = self.deadline - time.monotonic()
        if rest <= 0:
            raise error("the deadline passed")
        return rest if timeout is None else min(timeout, rest)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore2.NetworkStream:
        stream = self._inner.connect_tcp(host, port, self.left(timeout, httpcore2.ConnectTimeout), local_address,
                                         socket_options)
        sock = stream.get_extra_info("socket")
        try:
            if sock is not None:
                self.policy.check_peer(host, sock.getpeername()[0])
        except BaseException:
            stream.close()
            raise
        return _DeadlineStream(stream, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore2.NetworkStream:
        raise httpcore2.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream, backend: _DeadlineBackend) -> None:
        self._inner = inner
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._backend.left(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._backend.left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore2.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._backend.left(timeout, httpcore2.ConnectTimeout))
        return _DeadlineStream(inner, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def remove_partial_files(folder: Path) -> list[str]:
    """Temporary files (``.<name>.<pid>.part`` / ``.tmp``) that a run stopped part-way left
    in ``folder``, removed unless the process that writes them is still running."""
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        m = _PARTIAL.match(path.name)
        if m is None or not path.is_file():
            continue
        pid = int(m.group(1))
        if pid != os.getpid() and _alive(pid):
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return sorted(removed)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Http:
    """A polite, bounded HTTP client. ``sleep`` and ``clock`` (the pauses between requests)
    can be replaced: tests count the pauses."""

    def __init__(
        self,
        *,
        delay: float = 1.0,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 2.0,
        user_agent: str = USER_AGENT,
        max_document_bytes: int = MAX_DOCUMENT_BYTES,
        max_page_bytes: int = MAX_PAGE_BYTES,
        policy: AddressPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.delay = delay
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self.max_document_bytes = max_document_bytes
        self.max_page_bytes = max_page_bytes
        self.policy = policy or AddressPolicy(None)  # http(s) on any host
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0
        self._backend = _DeadlineBackend(self.policy)
        self._pool = httpcore2.ConnectionPool(network_backend=self._backend, max_connections=4,
                                              keepalive_expiry=30.0)

    def close(self) -> None:
        self._pool.close()

    def get_text(self, url: str) -> str:
        """The body of ``url`` decoded as text (XML or HTML pages), at most ``max_page_bytes``.
        Raises PlansError E040 (failed), E045 (address refused), E046 (too large)."""

        def read(answer: _Answer) -> str:
            body = bytearray()
            for chunk in answer.chunks():
                body += chunk
            return bytes(body).decode(answer.charset(), errors="replace")

        return self._request(url, {}, read, limit=self.max_page_bytes, what="page")[0]

    def download(
        self,
        url: str,
        target: Path,
        *,
        validators: Validators | None = None,
        old_sha256: str | None = None,
        expect: Callable[[bytes], bool] | None = None,
        what: str = "document",
        adopt: Iterable[Path] = (),
    ) -> Downloaded:
        """Fetch ``url`` into ``target``, at most ``max_document_bytes``. When a copy is held
        (``target`` exists and ``old_sha256`` is its checksum) the request carries its
        ``validators``. ``expect`` judges the first bytes (``%PDF-``) as soon as they arrive:
        a body that fails it raises E041 and the target is left as it was. A file in
        ``adopt`` with the same bytes (one a stopped run renamed into place but never
        recorded) is kept instead of writing a second copy. Raises PlansError E040
        (failed), E045 (address refused), E046 (too large)."""
        held = target.exists() and old_sha256 is not None
        headers = validators.headers() if (validators and held) else {}
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
        target.parent.mkdir(parents=True, exist_ok=True)

        def save(answer: _Answer) -> tuple[str, int]:
            digest, size, first, judged = hashlib.sha256(), 0, b"", expect is None
            with tmp.open("wb") as out:
                for chunk in answer.chunks():
                    if not judged:
                        first += chunk[: FIRST_BYTES - len(first)]
                        if len(first) >= FIRST_BYTES:
                            judge(answer, first)
                            judged = True
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if not judged:
                judge(answer, first)
            return digest.hexdigest(), size

        def judge(answer: _Answer, first: bytes) -> None:
            assert expect is not None
            if not expect(first):
                raise PlansError("E041", f"{url} sent {answer.content_type or 'something of unknown type'}, not a {what}")

        try:
            try:
                (sha, size), answer = self._request(url, headers, save, limit=self.max_document_bytes, what=what)
            except _NotModified:
                return Downloaded("unchanged", target, old_sha256, target.stat().st_size, validators or Validators())
            content_type = answer.content_type
            new_validators = Validators(answer.headers.get("etag"), answer.headers.get("last-modified"))
            if held and sha == old_sha256:
                return Downloaded("unchanged", target, sha, size, new_validators, content_type)
            for other in adopt:
                if other != target and other.is_file() and file_sha256(other) == sha:
                    return Downloaded("new", other, sha, size, new_validators, content_type)
            os.replace(tmp, target)
            return Downloaded("changed" if held else "new", target, sha, size, new_validators, content_type)
        finally:
            tmp.unlink(missing_ok=True)

    # --- one request, its redirects and its retries ------------------------------------

    def _request(self, url: str, headers: dict[str, str], consume: Callable[[_Answer], Any], *, limit: int,
                 what: str) -> tuple[Any, _Answer]:
        """Ask for ``url`` and ``consume`` the answer, with the pause before and the retries
        around both (a body that breaks off half-way is asked for again). Each try has
        ``timeout`` seconds in all, redirects included."""
        self.policy.check(url)  # refused before anything is sent
        problem = ""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            try:
                return self._try(url, headers, consume, limit, what)
            except _Retry as exc:
                failure = exc
            except httpcore2.TimeoutException:
                failure = _Retry(f"no complete answer within {self.timeout:g}s")
            except httpcore2.ConnectError as exc:
                failure = _Retry(f"could not connect ({exc or type(exc).__name__})")
            except httpcore2.LocalProtocolError as exc:
                raise PlansError("E040", f"{url}: the request could not be made ({exc})") from None
            except (httpcore2.NetworkError, httpcore2.ProtocolError, OSError) as exc:
                failure = _Retry(f"the connection failed ({type(exc).__name__}: {exc})")
            finally:
                self._backend.deadline = None
                self._last = self._clock()
            problem = failure.problem
            if attempt < self.retries:
                self._sleep(max(self.backoff * 2**attempt, failure.wait or 0.0))
        tries = self.retries + 1
        raise PlansError("E040", f"{url}: {problem} ({tries} {'try' if tries == 1 else 'tries'})")

    def _try(self, url: str, headers: dict[str, str], consume: Callable[[_Answer], Any], limit: int,
             what: str) -> tuple[Any, _Answer]:
        self._backend.deadline = time.monotonic() + self.timeout
        current, previous = url, None
        for _ in range(MAX_REDIRECTS + 1):
            target = self.policy.check(current, redirected_from=previous)
            self.requests += 1
            location = self._one(target, headers, consume, limit, what)
            if isinstance(location, tuple):
                return location
            current, previous = urljoin(current, location), current
        raise PlansError("E040", f"{url}: more than {MAX_REDIRECTS} redirects")

    def _one(self, target: Target, headers: dict[str, str], consume: Callable[[_Answer], Any], limit: int,
             what: str) -> tuple[Any, _Answer] | str:
        """One request: the result and the answer, or where a redirect points."""
        request_headers = [(b"User-Agent", self.user_agent.encode()), (b"Accept-Encoding", b"identity")]
        request_headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        url = httpcore2.URL(scheme=target.scheme.encode(), host=target.host.encode(), port=target.port,
                            target=target.target.encode("ascii"))
        every = {"connect": self.timeout, "read": self.timeout, "write": self.timeout, "pool": self.timeout}
        with self._pool.stream("GET", url, headers=request_headers, extensions={"timeout": every}) as response:
            answer = _Answer(target.url, response.status, _headers(response.headers), response.iter_stream(), limit, what)
            status = answer.status
            if status in REDIRECT_STATUSES:
                location = answer.headers.get("location")
                if not location:
                    raise PlansError("E040", f"{target.url}: HTTP {status} without a Location to go to")
                return location.strip()
            if status == 304:
                raise _NotModified()
            if status >= 400 or status < 200:
                problem = f"HTTP {status} {_reason(status)}".rstrip()
                if status not in RETRY_STATUSES:
                    raise PlansError("E040", f"{target.url}: {problem}")
                wait = _retry_after(answer.headers.get("retry-after"))
                if wait is not None and wait > MAX_RETRY_AFTER:
                    raise PlansError("E040", f"{target.url}: {problem}, asked to retry after {wait:.0f}s")
                raise _Retry(problem, wait)
            return consume(answer), answer

    def _wait_turn(self) -> None:
        if self._last is not None and self.delay > 0:
            wait = self.delay - (self._clock() - self._last)
            if wait > 0:
                self._sleep(wait)


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw:
        out.setdefault(name.decode("latin-1").lower(), value.decode("latin-1").strip())
    return out


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if (seconds := ascii_int(value)) is not None:
        return float(seconds)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
