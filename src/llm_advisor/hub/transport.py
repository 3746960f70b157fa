"""An httpx2 transport whose every socket operation honours the call's budget (deadline, bytes, cancellation).

httpcore's read timeout restarts with every byte, so a server dripping one byte a second never times out.
httpcore2 lets a connection pool take a `network_backend` (public API); ours wraps the standard sync
backend and bounds each connect, read and write by what is left of the call's wall-clock deadline, counts
the bytes received, and waits in short slices so a cancellation (Ctrl-C) is noticed within a fraction of
a second. httpx2's own `HTTPTransport` does not accept a backend, so this transport builds the pools
itself and routes through HTTP(S)_PROXY / ALL_PROXY unless NO_PROXY exempts the host, as httpx2 does.
"""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore2
import httpx2

from llm_advisor.hub import budget

# Longest a read blocks before looking at the clock and the cancel flag again.
SLICE = 0.2

_EXCEPTIONS: dict[type[Exception], type[httpx2.HTTPError]] = {
    httpcore2.ConnectTimeout: httpx2.ConnectTimeout,
    httpcore2.ReadTimeout: httpx2.ReadTimeout,
    httpcore2.WriteTimeout: httpx2.WriteTimeout,
    httpcore2.PoolTimeout: httpx2.PoolTimeout,
    httpcore2.TimeoutException: httpx2.TimeoutException,
    httpcore2.ConnectError: httpx2.ConnectError,
    httpcore2.ReadError: httpx2.ReadError,
    httpcore2.WriteError: httpx2.WriteError,
    httpcore2.NetworkError: httpx2.NetworkError,
    httpcore2.ProxyError: httpx2.ProxyError,
    httpcore2.UnsupportedProtocol: httpx2.UnsupportedProtocol,
    httpcore2.LocalProtocolError: httpx2.LocalProtocolError,
    httpcore2.RemoteProtocolError: httpx2.RemoteProtocolError,
    httpcore2.ProtocolError: httpx2.ProtocolError,
}


@contextmanager
def _mapped() -> Iterator[None]:
    """httpcore2 errors as the httpx2 errors callers expect (the most specific class wins)."""
    try:
        yield
    except Exception as exc:
        for cls in type(exc).__mro__:
            if cls in _EXCEPTIONS:
                raise _EXCEPTIONS[cls](str(exc)) from exc
        raise


class _Stream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        op_end = None if timeout is None else time.monotonic() + timeout
        while True:
            left = budget.remaining(None if op_end is None else op_end - time.monotonic())
            if left is not None and left <= 0:
                raise httpcore2.ReadTimeout("timed out")
            try:
                data = self._inner.read(max_bytes, SLICE if left is None else min(SLICE, left))
            except httpcore2.ReadTimeout:
                if op_end is not None and time.monotonic() >= op_end:
                    raise
                continue  # nothing yet: look at the deadline and the cancel flag, then wait again
            budget.account(len(data))
            return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, budget.remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> _Stream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, budget.remaining(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore2.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _Stream:
        return _Stream(
            self._inner.connect_tcp(host, port, budget.remaining(timeout), local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> _Stream:
        return _Stream(self._inner.connect_unix_socket(path, budget.remaining(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Body(httpx2.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _mapped():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


def proxy_for(scheme: str, host: str) -> str | None:
    """The proxy URL the environment names for this scheme and host, or None (direct)."""
    proxies = urllib.request.getproxies_environment()
    if not proxies or urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
        return None
    return proxies.get(scheme) or proxies.get("all") or None


class BudgetTransport(httpx2.BaseTransport):
    """Direct and proxied connection pools, all on the budget-aware backend."""

    def __init__(self) -> None:
        self._ssl = httpx2.create_ssl_context(trust_env=True)
        self._backend = _Backend()
        self._pools: dict[str | None, Any] = {}
        self._lock = threading.Lock()

    def _pool(self, url: httpx2.URL) -> Any:
        proxy = proxy_for(url.scheme, url.host)
        with self._lock:
            pool = self._pools.get(proxy)
            if pool is None:
                pool = self._pools[proxy] = self._new_pool(proxy)
            return pool

    def _new_pool(self, proxy_url: str | None) -> Any:
        common: dict[str, Any] = {"ssl_context": self._ssl, "network_backend": self._backend}
        if proxy_url is None:
            return httpcore2.ConnectionPool(**common)
        proxy = httpx2.Proxy(url=proxy_url)
        target = httpcore2.URL(
            scheme=proxy.url.raw_scheme,
            host=proxy.url.raw_host,
            port=proxy.url.port,
            target=proxy.url.raw_path,
        )
        if proxy.url.scheme in ("socks5", "socks5h"):
            return httpcore2.SOCKSProxy(proxy_url=target, proxy_auth=proxy.raw_auth, **common)
        return httpcore2.HTTPProxy(
            proxy_url=target, proxy_auth=proxy.raw_auth, proxy_headers=proxy.headers.raw, **common
        )

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        assert isinstance(request.stream, httpx2.SyncByteStream)
        req = httpcore2.Request(
            method=request.method,
            url=httpcore2.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _mapped():
            resp = self._pool(request.url).handle_request(req)
        assert isinstance(resp.stream, Iterable)
        return httpx2.Response(
            status_code=resp.status,
            headers=resp.headers,
            stream=_Body(resp.stream),
            extensions=resp.extensions,
        )

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
