"""Connections as a council laptop makes them: through its proxy, trusting its certificates.

The HTTP itself is ``httpcore``'s (the client under ``httpx``: HTTP/1.1, TLS, tunnels through a
proxy with ``CONNECT``). Around it, in the way other tools on the same computer behave:

- **The proxy** is the system's, read by Python's own ``urllib.request.getproxies`` (the
  ``HTTPS_PROXY``, ``HTTP_PROXY`` and ``ALL_PROXY`` variables in any case; without them, the
  Windows Internet settings or the macOS network settings), and ``NO_PROXY`` (or the Windows and
  macOS exceptions) is honoured. A user name and password in the proxy's address are sent to the
  proxy only. A SOCKS proxy is refused in words.
- **The certificates** trusted are those named by ``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE``
  (as pip, requests and curl take them), else ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` (OpenSSL's
  own), else the operating system's own store through ``truststore`` (the Windows certificate
  store and the macOS keychain, where IT puts the certificate of a proxy that inspects
  traffic).
- **A deadline** for the whole exchange: every read and write of the connection is given what
  is left of it, so a server that trickles bytes (even its headers) cannot hold it open.
"""

from __future__ import annotations

import os
import ssl
import time
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

import httpcore

from yjanalysis.errors import InputError

#: Environment variables naming a file (or folder) of trusted certificates, first found wins.
CERTIFICATE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


@dataclass(frozen=True)
class Proxy:
    """The proxy a request goes through, as shown to the user (without any password)."""

    url: str
    shown: str
    auth: tuple[str, str] | None


def proxy_for(parts: SplitResult) -> Proxy | None:
    """Return the system's proxy for an address, or ``None`` to connect directly.

    Raises
    ------
    InputError
        For a proxy setting that is not an ``http://`` or ``https://`` address.
    """
    host = parts.hostname or ""
    proxies = urllib.request.getproxies()
    scheme = parts.scheme.lower()
    address = proxies.get(scheme) or proxies.get("all")
    if not address or urllib.request.proxy_bypass(host):
        return None
    if "://" not in address:  # Windows settings and some variables give host:port alone
        address = f"http://{address}"
    proxy = urlsplit(address)
    shown = f"{proxy.scheme}://{proxy.hostname}" + (f":{proxy.port}" if proxy.port else "")
    if proxy.scheme.lower() not in ("http", "https") or not proxy.hostname:
        raise InputError(
            f"the proxy set for {scheme} ({shown}) is not an http:// or https:// proxy; "
            "expected HTTPS_PROXY=http://host:port (a SOCKS proxy is not supported)."
        )
    auth = None
    if proxy.username is not None:
        auth = (unquote(proxy.username), unquote(proxy.password or ""))
    netloc = proxy.hostname if ":" not in proxy.hostname else f"[{proxy.hostname}]"
    url = f"{proxy.scheme}://{netloc}" + (f":{proxy.port}" if proxy.port else "")
    return Proxy(url, shown, auth)


def trusted_certificates() -> ssl.SSLContext:
    """Return the TLS settings: a certificate bundle the environment names, or the system's.

    Raises
    ------
    InputError
        When a variable names a bundle that cannot be read.
    """
    for variable in CERTIFICATE_VARIABLES:
        named = os.environ.get(variable)
        if not named:
            continue
        try:
            if variable == "SSL_CERT_DIR":
                return ssl.create_default_context(capath=named)
            return ssl.create_default_context(cafile=named)
        except (OSError, ssl.SSLError) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise InputError(
                f"{variable} names {named}, which cannot be read as certificates "
                f"({str(reason).rstrip('.').lower()}); expected a file of PEM certificates "
                "(or unset it to use the system's own)."
            ) from None
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def connection_pool(
    parts: SplitResult, deadline: float, tls: ssl.SSLContext | None = None
) -> tuple[httpcore.ConnectionPool, Proxy | None]:
    """Return a one-connection pool for an address, through the system's proxy if it has one.

    Parameters
    ----------
    parts : SplitResult
        The address (already checked).
    deadline : float
        ``time.monotonic()`` by which the whole exchange must end.
    tls : ssl.SSLContext, optional
        The certificates to trust (default :func:`trusted_certificates`).
    """
    tls = tls if tls is not None else trusted_certificates()
    proxy = proxy_for(parts)
    through = None
    if proxy is not None:
        through = httpcore.Proxy(proxy.url, auth=proxy.auth, ssl_context=tls)
    pool = httpcore.ConnectionPool(
        ssl_context=tls,
        proxy=through,
        max_connections=1,
        retries=0,
        network_backend=_Deadline(deadline),
    )
    return pool, proxy


class _Deadline(httpcore.NetworkBackend):
    """The standard sockets, each read and write given no more than what is left of the time."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self.inner.connect_tcp(
            host, port, _left(self.deadline, timeout, httpcore.ConnectTimeout), local_address,
            socket_options,
        )  # fmt: skip
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise httpcore.UnsupportedProtocol("unix sockets are not used")

    def sleep(self, seconds: float) -> None:  # pragma: no cover (no retries)
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: float):
        self.inner = inner
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _left(self.deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _left(self.deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        left = _left(self.deadline, timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self.inner.start_tls(ssl_context, server_hostname, left), self.deadline
        )

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


def _left(deadline: float, timeout: float | None, late: type[Exception]) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise late("the time allowed has passed")
    return left if timeout is None else min(timeout, left)


__all__ = ["Proxy", "connection_pool", "proxy_for", "trusted_certificates"]
