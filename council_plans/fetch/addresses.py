"""Which addresses ``plans fetch`` may ask: whatever a meeting-system site sends is hostile.

* Only ``http`` and ``https``: a link naming ``file://``, ``ftp:``, ``data:`` or anything else
  is refused (``urllib`` would open a ``file://`` link and copy a local file into the corpus).
* Only the site's own host, on its own port or the standard ones (80, 443), and the hosts the
  user allows (``--allow-host HOST`` or ``HOST:PORT``). Every redirect is checked the same way
  before it is followed.
* A site found at a public address is not followed to a private one (loopback, private
  network, link-local such as a cloud's metadata service): if the site's own name later
  resolves to such an address (DNS rebinding), that connection is refused too. A site that is
  itself at a private address (an intranet, the tests' 127.0.0.1) keeps working.

A refusal is a :class:`PlansError` E045 naming the address and the rule it broke.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from kernel.errors import PlansError

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """A URL taken apart once; the request is made from these parts, so what was checked is
    what is asked for (no second parser to disagree with the first)."""

    url: str
    scheme: str
    host: str  # lower case, IDNA-encoded
    port: int
    target: str  # path and query, as sent in the request line

    @property
    def origin(self) -> str:
        return f"{self.host}:{self.port}"


def split(url: str) -> Target:
    """``url`` as a :class:`Target`; E045 when it is not an absolute http(s) URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise PlansError("E045", f"{url!r}: not a valid address ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise PlansError("E045", f"{_short(url)}: {shown} is not http or https")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise PlansError("E045", f"{_short(url)}: no host")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise PlansError("E045", f"{_short(url)}: the host name is not valid") from None
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    if any(c < " " or c == "\x7f" for c in target):
        raise PlansError("E045", f"{_short(url)}: control characters in the address")
    # Spaces and other characters a request line cannot carry are percent-encoded; escapes
    # already there are kept.
    target = quote(target, safe="!#$%&'()*+,/:;=?@[]~")
    return Target(url=url, scheme=scheme, host=host, port=port or DEFAULT_PORTS[scheme], target=target)


def _short(url: str) -> str:
    return url if len(url) <= 200 else url[:200] + "…"


def _parse_host(text: str) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or a URL (as given to --allow-host) → (host, port)."""
    text = text.strip()
    target = split(text if "://" in text else f"http://{text}/")
    return target.host, target.port


class AddressPolicy:
    """What one run may ask. ``is_public`` decides whether an address is on the public
    internet (replaceable in tests, which have only loopback addresses)."""

    def __init__(self, site: str | None, allow_hosts: Iterable[str] = (), *,
                 is_public: Callable[[IPAddress], bool] | None = None):
        self.site: tuple[str, int] | None = None
        self.allowed: set[tuple[str, int]] = set()
        if site is not None:
            target = split(site)
            self.site = (target.host, target.port)
            self.allowed.add((target.host, target.port))
        self.user_hosts = {_parse_host(h) for h in allow_hosts}
        self.allowed |= self.user_hosts
        self._is_public = is_public or _is_public
        self.site_public: bool | None = None  # learnt from the first connection to the site

    @classmethod
    def for_site(cls, site: str, allow_hosts: Iterable[str] = ()) -> AddressPolicy:
        return cls(site, allow_hosts)

    def check(self, url: str, *, redirected_from: str | None = None) -> Target:
        """The parts of ``url`` when this run may ask for it; E045 when not."""
        how = f"redirected from {_short(redirected_from)} to " if redirected_from else ""
        try:
            target = split(url)
        except PlansError as err:
            raise PlansError("E045", f"{how}{err.detail}") from None
        if self.site is not None and not self._host_allowed(target):
            raise PlansError("E045", f"{how or 'link to '}{_short(url)}: {target.host} is not the site's host "
                                     f"{self.site[0]}{self._also()}")
        return target

    def _host_allowed(self, target: Target) -> bool:
        # The host's own port, or a standard one: a site moving between http and https
        # (80, 443) stays itself; another port on it (a database, an admin console) does not.
        return any(target.host == host and (target.port == port or target.port in DEFAULT_PORTS.values())
                   for host, port in self.allowed)

    def _also(self) -> str:
        others = sorted(f"{h}:{p}" if p not in DEFAULT_PORTS.values() else h for h, p in self.user_hosts)
        return f" nor an allowed host ({', '.join(others)})" if others else ""

    def check_peer(self, host: str, address: str) -> None:
        """Called once a connection is open, with the address it reached: E045 when a site
        seen at a public address leads to a private one."""
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        public = self._is_public(ip)
        if self.site is not None and host == self.site[0] and self.site_public is None:
            self.site_public = public
            return
        if self.site_public and not public and not any(host == h for h, _ in self.user_hosts):
            raise PlansError("E045", f"{host} is at {ip}, a private or local address, while the site is at a public "
                                     "one (pass --allow-host for it if that is really meant)")


def _is_public(ip: IPAddress) -> bool:
    return ip.is_global and not ip.is_multicast
