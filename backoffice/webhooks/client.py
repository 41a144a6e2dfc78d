"""The one HTTP client of the webhooks: bounded, never to a private address, no redirects.

The host is resolved once and every address it gives is checked: loopback, private, link-local
(cloud metadata at 169.254.169.254), shared, reserved and multicast ranges are refused unless
WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on. The connection then goes to the checked address (the
name is still sent as Host and as the TLS server name), so a second DNS answer cannot point
the request elsewhere. Connecting and each read wait at most WEBHOOK_TIMEOUT_SECONDS; only the
first WEBHOOK_RESPONSE_EXCERPT bytes of the answer are read. Redirects are not followed: a 3xx
is a failed attempt.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class RefusedTarget(Exception):
    """The URL may not be called: its scheme, or an address its host resolves to."""


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def target_check(url: str) -> list[str]:
    """The addresses `url` may be called at; RefusedTarget when it may not be called."""
    parts = urlsplit(url)
    schemes = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in schemes:
        raise RefusedTarget(f"Only {' or '.join(schemes)} URLs can receive webhooks.")
    if not parts.hostname:
        raise RefusedTarget("The URL has no host.")
    if parts.username or parts.password:
        raise RefusedTarget("Put no user name or password in the URL; the signature proves us.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise RefusedTarget(f"{parts.hostname} cannot be resolved ({error}).") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        refused = [address for address in addresses if not address_allowed(address)]
        if refused:
            raise RefusedTarget(
                f"{parts.hostname} resolves to a private or reserved address "
                f"({', '.join(refused)}); webhooks go only to public addresses."
            )
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url`; raises RefusedTarget, OSError or http.client errors."""
    address = target_check(url)[0]
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname,
        parts.port or (443 if secure else 80),
        address=address,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(settings.WEBHOOK_RESPONSE_EXCERPT)
    finally:
        connection.close()
    return Answer(status=response.status, excerpt=excerpt.decode("utf-8", "replace"))
