"""Which addresses newsbot may fetch from, enforced where the connection is made.

An article URL comes from a user, a feed or a Slack message, so it may point inside: at a
loopback service, the intranet, or a cloud metadata endpoint. The check cannot sit on the URL
(a name can resolve anywhere, and resolve differently a second later), so it sits in the network
backend: the host is resolved once, every address checked, and the socket connected to an
address that passed — on every request, so every redirect hop too. TLS still verifies the
certificate against the host name.

Name lookups, reads and writes also stop at the fetch's overall deadline (a stuck resolver, or a
server trickling one byte at a time, otherwise keeps a fetch alive for as long as it likes).
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import threading
import time

import httpcore
import httpx

from index.errors import NewsbotError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Cloud metadata services: refused even where private addresses are allowed (they hand out credentials).
METADATA = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200"))
INTRANET = ("a loopback address", "a link-local address", "a private address")  # allowed by the setting
deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("newsbot_fetch_deadline", default=None)


class RefusedAddress(NewsbotError):
    """The host resolves to an address newsbot does not fetch from."""


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped, 6to4 or Teredo IPv6 address, else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        return address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1] or address
    return address


def refusal(address: IPAddress, allow_private: bool) -> str | None:
    """Why ``address`` may not be fetched from (e.g. "a loopback address"), or None when it may."""
    address = _embedded_ipv4(address)
    if address in METADATA:
        return "a cloud metadata address"
    if address.is_multicast or address.is_unspecified:
        return "a multicast or unspecified address"
    if address.is_loopback:
        kind = INTRANET[0]
    elif address.is_link_local:
        kind = INTRANET[1]
    elif address.is_reserved:
        return "a reserved address"
    elif address.is_private or not address.is_global:
        kind = INTRANET[2]
    else:
        return None
    return None if allow_private else kind


def _resolve(host: str, port: int, timeout: float | None) -> list:
    """``getaddrinfo``, given up after ``timeout`` seconds. The system resolver takes no timeout of
    its own, so a stuck DNS server would otherwise hold a fetch past its deadline; the lookup runs
    in a thread that is left to finish (or fail) by itself."""
    outcome: dict = {}

    def lookup() -> None:
        try:
            outcome["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            outcome["error"] = error

    resolver = threading.Thread(target=lookup, name=f"newsbot-resolve-{host}", daemon=True)
    resolver.start()
    resolver.join(timeout)
    if resolver.is_alive():
        raise httpcore.ConnectTimeout(f"cannot resolve {host} within {timeout:g} s")
    if "error" in outcome:
        error = outcome["error"]
        raise httpcore.ConnectError(f"cannot resolve {host} ({getattr(error, 'strerror', None) or error})")
    return outcome["infos"]


def checked_address(host: str, port: int, allow_private: bool, timeout: float | None = None) -> str:
    """An address of ``host`` that may be fetched from; refused when any of its addresses may not
    (a name that also points inside is not trusted to point outside)."""
    infos = _resolve(host, port, timeout)
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    for address in addresses:
        if reason := refusal(address, allow_private):
            hint = " (NEWSBOT_FETCH_ALLOW_PRIVATE=true allows an intranet)" if reason in INTRANET else ""
            raise RefusedAddress(f"{host} is {reason} ({address}); not fetched{hint}")
    return str(addresses[0])


def _bounded(timeout: float | None) -> float | None:
    """``timeout``, shortened to what is left of the current fetch's deadline."""
    until = deadline.get()
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch ran past its deadline")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting only to checked addresses."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        address = checked_address(host, port, self.allow_private, _bounded(timeout))
        return _DeadlineStream(self._inner.connect_tcp(address, port, _bounded(timeout), local_address,
                                                       socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        raise RefusedAddress("unix sockets are not fetched from")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend`, never through a proxy from the environment.

    httpx does not take a network backend yet (encode/httpx#3749), so the connection pool it
    would build is replaced by the same pool over ours.
    """

    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                             network_backend=GuardedBackend(allow_private))
