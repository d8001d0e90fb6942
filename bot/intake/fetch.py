"""Fetching a page or a feed from a link someone gave, without letting the link reach
what it should not.

Only http and https. Every host is resolved here and every address it resolves to is
checked (no loopback, private, link-local, multicast, reserved or otherwise non-public
address unless the policy allows them); the connection then goes to an address that
was checked, so a name that resolves differently a moment later (DNS rebinding) cannot
slip past. Redirects are followed by hand, each target checked the same way, up to a
limit. The body is read in chunks and the download stops as soon as it passes the
size limit; the whole exchange has one deadline, so a server that trickles bytes
cannot hold it open.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import httpx

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[IpAddress]]]

USER_AGENT = "newsquote-bot/0.1 (news quote bot; fetches pages its admins add)"
RETRY_LATER_STATUSES = frozenset({408, 425, 429})
"""Client-error statuses that say "not now" rather than "never"."""


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for fetching one link (a page or a feed), redirects included."""

    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


class FetchError(Exception):
    """A link that could not be fetched; `reason` says why, `lasting` whether a later
    try could succeed (a timeout or a 503 could; a refused address or a 404 not)."""

    def __init__(self, url: str, reason: str, *, lasting: bool) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.lasting = lasting


@dataclass(frozen=True)
class Fetched:
    """What a server sent: the final URL (after redirects), status 200 or 304, the
    content type and body, and the validators to send with the next request."""

    url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


def address_problem(address: IpAddress) -> str | None:
    """Why a program fetching links for others must not connect to `address`, or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    kinds = (
        ("is_loopback", "a loopback"),
        ("is_unspecified", "an unspecified"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_reserved", "a reserved"),
        ("is_private", "a private"),
    )
    for test, kind in kinds:
        if getattr(address, test):
            return f"{address} is {kind} address"
    if not address.is_global:
        return f"{address} is not a public address"
    return None


async def resolve(host: str, port: int) -> list[IpAddress]:
    """Every address `host` resolves to (an address literal is itself), in the
    resolver's order."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IpAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        # A scoped IPv6 address comes as "fe80::1%eth0": the scope is not part of it.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in found:
            found.append(address)
    return found


@cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every fetch (building one reads the CA bundle)."""
    return httpx.create_ssl_context()


def _refuse(url: str, reason: str) -> FetchError:
    return FetchError(url, reason, lasting=True)


async def _checked_addresses(
    url: str, policy: FetchPolicy, resolver: Resolver
) -> tuple[httpx.URL, list[IpAddress]]:
    """The URL, parsed, and the addresses it may be fetched from (all checked)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise _refuse(url, f"not a valid link ({error})") from None
    if parsed.scheme not in ("http", "https"):
        raise _refuse(url, "only http and https links are fetched")
    if not parsed.host:
        raise _refuse(url, "the link has no host name")
    if parsed.userinfo:
        raise _refuse(url, "links with a user name or password are not fetched")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = await resolver(parsed.host, port)
    except (OSError, UnicodeError) as error:
        raise FetchError(url, f"the host name does not resolve ({error})", lasting=False) from None
    if not addresses:
        raise FetchError(url, "the host name does not resolve", lasting=False)
    if not policy.allow_private:
        for address in addresses:
            problem = address_problem(address)
            if problem is not None:
                raise _refuse(url, f"refused: {parsed.host} resolves to {problem}")
    return parsed, addresses


async def _send(
    client: httpx.AsyncClient, url: httpx.URL, addresses: list[IpAddress], headers: dict[str, str]
) -> httpx.Response:
    """GET `url` from the first of `addresses` that accepts a connection, with the URL's
    own host name in the Host header and in TLS (so certificates are checked for it)."""
    host_header = url.netloc.decode("ascii")
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    last_error: httpx.ConnectError | None = None
    for address in addresses:
        request = client.build_request(
            "GET",
            url.copy_with(host=str(address)),
            headers={**headers, "Host": host_header},
            extensions=extensions,
        )
        try:
            return await client.send(request, stream=True)
        except httpx.ConnectError as error:
            last_error = error
    assert last_error is not None
    raise last_error


async def _read_body(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _refuse(url, f"too large ({int(declared):,} bytes; the limit is {max_bytes:,})")
    body = bytearray()
    # Decoded bytes are counted, so a small compressed body cannot unpack to gigabytes.
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise _refuse(url, f"too large (more than {max_bytes:,} bytes)")
    return bytes(body)


async def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    headers: dict[str, str] | None = None,
    resolver: Resolver = resolve,
) -> Fetched:
    """GET `url` under `policy`, following redirects by hand. Raises FetchError.

    A 304 (when `headers` carry If-None-Match or If-Modified-Since) comes back with an
    empty body; any other status but 200 is an error.
    """
    sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", **(headers or {})}
    current = url
    visited: list[str] = []
    try:
        async with (
            asyncio.timeout(policy.timeout),
            # A client per link: a pooled connection made for one host name must not
            # serve another host that resolves to the same address.
            httpx.AsyncClient(
                verify=_tls_context(),
                trust_env=False,
                follow_redirects=False,
                timeout=policy.timeout,
            ) as client,
        ):
            while True:
                visited.append(current)
                parsed, addresses = await _checked_addresses(current, policy, resolver)
                response = await _send(client, parsed, addresses, sent)
                try:
                    if response.has_redirect_location:
                        target = urljoin(current, response.headers.get("location", ""))
                        if target in visited:
                            raise _refuse(url, f"redirects in a loop (back to {target})")
                        if len(visited) > policy.max_redirects:
                            raise _refuse(url, f"more than {policy.max_redirects} redirects")
                        current = target
                        continue
                    return await _fetched(response, current, policy)
                finally:
                    await response.aclose()
    except TimeoutError:
        reason = f"no complete answer within {policy.timeout:g} s"
        raise FetchError(url, reason, lasting=False) from None
    except httpx.HTTPError as error:
        raise FetchError(url, f"{type(error).__name__}: {error}", lasting=False) from None


async def _fetched(response: httpx.Response, url: str, policy: FetchPolicy) -> Fetched:
    status = response.status_code
    if status not in (200, 304):
        lasting = 400 <= status < 500 and status not in RETRY_LATER_STATUSES
        raise FetchError(
            url, f"the server answered {status} {response.reason_phrase}", lasting=lasting
        )
    body = b"" if status == 304 else await _read_body(response, url, policy.max_bytes)
    return Fetched(
        url=url,
        status=status,
        content_type=response.headers.get("content-type", "").split(";")[0].strip().lower(),
        body=body,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def host_of(url: str) -> str:
    """The host name of `url`, lowercased, without a leading "www."."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")
