"""Fetch a URL with a real HTTP client: timeout, redirect limit, size cap, address policy.

On a server, a user-supplied URL must not reach the server's own network
(loopback, private, link-local: metadata services, admin ports). With
``IngestOptions.allow_private_urls`` off, every hop's host name is resolved here, each
address it resolves to is checked, and the connection goes to the checked
address (the name stays in the Host header and TLS SNI), so neither a redirect
nor a DNS answer that changes between check and connect gets through.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import httpx

from storyline.errors import StorylineError
from storyline.options import Options

USER_AGENT = "storyline/0.1 (+news brief generator)"


def fetch(url: str, options: Options) -> tuple[bytes, str]:
    """Return the body and its content type; every failure becomes a one-line error.
    ``fetch_timeout`` bounds the whole download, redirects included, not each read: a
    server dripping a byte at a time is cut off when it runs out."""
    deadline = time.monotonic() + options.ingest.fetch_timeout
    try:
        with httpx.Client(
            timeout=options.ingest.fetch_timeout, headers={"User-Agent": USER_AGENT}
        ) as client:
            for _ in range(options.ingest.max_redirects + 1):
                with client.stream(**_request(url, options)) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _body(url, response, options, deadline)
    except httpx.TimeoutException:
        raise StorylineError(url, f"timed out after {options.ingest.fetch_timeout:g} s") from None
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise StorylineError(url, f"unreachable ({type(err).__name__}: {err})") from None
    raise StorylineError(url, f"more than {options.ingest.max_redirects} redirects")


def _parsed(url: str) -> SplitResult:
    """The URL's parts, its port read; a malformed URL ("http://[::1/", a port past
    65535) is a one-line error."""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as err:
        raise StorylineError(url, f"malformed URL ({err})") from None
    return parts


def _request(url: str, options: Options) -> dict:
    """Arguments of a GET for ``url``, pinned to a checked address unless private is allowed."""
    parts = _parsed(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StorylineError(url, "not an http(s) URL")
    if options.ingest.allow_private_urls:
        return {"method": "GET", "url": url}
    address = public_address(parts.hostname, parts.port or 0, url)
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    return {
        "method": "GET",
        "url": urlunsplit(parts._replace(netloc=netloc)),
        "headers": {"Host": parts.netloc.rsplit("@", 1)[-1]},
        "extensions": {"sni_hostname": parts.hostname},
    }


def public_address(host: str, port: int, url: str) -> str:
    """The address to connect to for ``host``; refused when any address it resolves to is
    not public (one private answer is enough to refuse: the resolver may rotate)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise StorylineError(url, f"unreachable (cannot resolve {host}: {err})") from None
    addresses = [str(info[4][0]) for info in infos]  # an IP address for AF_INET and AF_INET6
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not is_public(ip):
            raise StorylineError(
                url, f"refused: {host} is a private, loopback or link-local address ({ip})"
            )
    return addresses[0]


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a global unicast address, and for an IPv6 address only when every IPv4
    address it carries is one too: IPv4-mapped (::ffff:127.0.0.1), IPv4-compatible
    (::127.0.0.1), NAT64 (64:ff9b::7f00:1), 6to4 (2002:7f00:1::) and Teredo forms reach
    the IPv4 address inside them."""
    if not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return True
    return all(is_public(inner) for inner in _embedded_ipv4(ip))


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64 or ip in _COMPATIBLE:
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in inner if address is not None]


def _body(
    url: str, response: httpx.Response, options: Options, deadline: float
) -> tuple[bytes, str]:
    if response.status_code >= 400:
        raise StorylineError(url, f"HTTP {response.status_code} {response.reason_phrase}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > options.ingest.max_bytes:
            raise StorylineError(url, f"larger than {options.ingest.max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise StorylineError(url, f"timed out after {options.ingest.fetch_timeout:g} s")
    return bytes(body), response.headers.get("content-type", "")
