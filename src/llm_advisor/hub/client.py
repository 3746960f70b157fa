"""Hugging Face Hub access: one lazily built client, a bounded wait, our own errors, models in our shape.

huggingface_hub 2.x pitfalls handled here (each verified against 2.4):
- its shared httpx2 client has no timeout, and `list_models` retries up to 5 times with backoff on its own
  (about 23 s on a refused connection). We install our own client through its public `set_client_factory`
  hook; that client enforces a per-request timeout, a deadline per public call and its own short, bounded
  retries, and raises *our* errors, which the library's retry loops do not catch.
- httpcore's read timeout restarts with every byte: a server dripping a byte a second never times out. Our
  client's transport (`hub.transport`) bounds every socket operation by what is left of the call's
  wall-clock deadline (`hub.budget`), and every body is read under a size cap, compressed and decompressed.
- `HF_ENDPOINT` and `HF_HUB_OFFLINE` are read when huggingface_hub is imported, so the endpoint is passed
  per call and offline mode is decided here from the environment at call time.
- transport failures surface as raw httpx2 exceptions; `GatedRepoError` subclasses
  `RepositoryNotFoundError`; a 429 is a plain `HfHubHTTPError`. `hub_error` maps all of them.

Everything the Hub sends is untrusted: strings in returned dicts go through `sanitize`.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from llm_advisor.errors import AdvisorError, UsageError
from llm_advisor.hub import budget
from llm_advisor.hub.records import MAX_SHAPE, bounded_int, validated
from llm_advisor.modelinfo.classify import classify
from llm_advisor.modelinfo.params import estimate_params, params_from_safetensors

if TYPE_CHECKING:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import ModelInfo

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
MAX_RETRIES = 10
# Longest Retry-After we sit through; a longer one is reported instead (people run this interactively).
MAX_RATE_LIMIT_WAIT = 10.0
BACKOFF_BASE = 0.5
# Requests huggingface_hub makes on its own and treats as optional (once per process, for its user agent).
SIDE_REQUEST_PATHS = ("/api/agent-harnesses",)
SIDE_REQUEST_TIMEOUT = 2.0
# Size caps, enforced while reading (after decompression; the wire allowance adds WIRE_SLACK for headers
# and redirects). A card bigger than MAX_README_BYTES is cut there (its summary is at the top); a
# config.json or an API answer over its cap is refused.
MAX_FILE_BYTES = 2_000_000
MAX_README_BYTES = 1_000_000
MAX_API_BYTES = 8_000_000
MAX_LISTING_PAGE_BYTES = 64_000_000
WIRE_SLACK = 256_000
LIMIT_EXTENSION = "llm_advisor.max_bytes"  # request extension: (max bytes, cut instead of refusing)
CARD_TEXT_CHARS = 400
MAX_EVAL_RESULTS = 50

# Typed loosely: huggingface_hub declares these as a Literal union.
MODEL_EXPAND: list[Any] = [
    "safetensors", "config", "cardData", "downloads", "likes", "gated", "pipeline_tag", "tags",
    "lastModified", "library_name", "sha",
]  # fmt: skip
LIST_EXPAND: list[Any] = MODEL_EXPAND


# ---------------------------------------------------------------------------------------------- errors


class HubError(AdvisorError):
    """A Hub call failed. `str(err)` is one sentence; `hint` says what to do about it."""

    default_hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(_scrub(message))
        self.hint = _scrub(hint) if hint else self.default_hint


class HubOffline(HubError):
    default_hint = (
        "unset HF_HUB_OFFLINE to reach the Hub; without --live, llm-advisor uses its catalog and cache"
    )

    def __init__(self) -> None:
        super().__init__("HF_HUB_OFFLINE is set, so the Hugging Face Hub was not contacted")


class HubUnreachable(HubError):
    default_hint = "check the network, HF_ENDPOINT and HTTPS_PROXY; without --live, llm-advisor uses its catalog and cache"

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"could not reach the Hugging Face Hub at {host} ({reason})")


class HubTimeout(HubError):
    default_hint = (
        "retry later, or allow more time with LLM_ADVISOR_HUB_TIMEOUT / LLM_ADVISOR_HUB_DEADLINE (seconds)"
    )

    def __init__(self, host: str, seconds: float, what: str = "answer") -> None:
        self.seconds = seconds
        super().__init__(f"the Hugging Face Hub at {host} did not {what} within {seconds:.3g} s")


class HubRateLimited(HubError):
    default_hint = "wait and retry; a token (HF_TOKEN) gets a higher rate limit"

    def __init__(self, retry_after: int | None) -> None:
        self.retry_after = retry_after
        when = f"retry in {retry_after} s" if retry_after is not None else "retry later"
        super().__init__(f"the Hugging Face Hub is rate-limiting this client (HTTP 429); {when}")


class HubServerError(HubError):
    default_hint = "the Hub is having trouble; retry later (https://status.huggingface.co)"

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(f"the Hugging Face Hub answered with a server error (HTTP {status})")


class HubBadResponse(HubError):
    default_hint = "retry later; if it persists, check that HF_ENDPOINT points at a Hugging Face Hub"

    def __init__(self, what: str) -> None:
        super().__init__(f"the Hugging Face Hub sent an unreadable answer ({what})")


class HubTooLarge(HubError):
    default_hint = "check that HF_ENDPOINT points at a Hugging Face Hub; its answers are never this large"

    def __init__(self, host: str, limit: int) -> None:
        super().__init__(
            f"the Hugging Face Hub at {host} sent more than {limit:,} bytes for one answer; it was not read"
        )


class HubCancelled(HubError):
    default_hint = None

    def __init__(self) -> None:
        super().__init__("the Hub request was cancelled")


class HubListingNotFound(HubError):
    default_hint = "check HF_ENDPOINT: it should point at a Hugging Face Hub such as https://huggingface.co"

    def __init__(self, host: str) -> None:
        super().__init__(f"the Hugging Face Hub at {host} has no model listing (HTTP 404)")


class HubGated(HubError):
    def __init__(self, repo_id: str, endpoint: str = DEFAULT_ENDPOINT) -> None:
        self.repo_id = repo_id
        super().__init__(
            f"{repo_id} is a gated model and this token has not been granted access",
            f"accept its terms at {endpoint}/{repo_id} and set HF_TOKEN to a token of that account",
        )


class HubNotFound(HubError):
    default_hint = "check the id (owner/name, as on the Hub); private models also need HF_TOKEN"

    def __init__(self, repo_id: str, revision: str | None = None) -> None:
        self.repo_id = repo_id
        what = f"revision {revision!r} of {repo_id!r}" if revision else repr(repo_id)
        super().__init__(f"the Hugging Face Hub has no model {what}")


class HubAuth(HubError):
    default_hint = "check HF_TOKEN (a read token from https://huggingface.co/settings/tokens), or unset it"

    def __init__(self, status: int, what: str | None = None) -> None:
        self.status = status
        if status == 401:
            text = "the Hugging Face Hub rejected the token (HTTP 401): check HF_TOKEN or unset it"
        else:
            text = f"the Hugging Face Hub refused access{' to ' + what if what else ''} (HTTP {status})"
        super().__init__(text)


# ---------------------------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limits:
    """How long one call may take. From the environment, read at call time."""

    timeout: float  # per request (connect, read, write, pool)
    deadline: float  # the whole public call, retries and waits included
    retries: int  # extra attempts after a transport error, 429 or 5xx


def limits() -> Limits:
    timeout = _env_number("LLM_ADVISOR_HUB_TIMEOUT", DEFAULT_TIMEOUT)
    deadline = _env_number("LLM_ADVISOR_HUB_DEADLINE", max(30.0, 3 * timeout))
    retries = min(int(_env_number("LLM_ADVISOR_HUB_RETRIES", DEFAULT_RETRIES, allow_zero=True)), MAX_RETRIES)
    return Limits(timeout=timeout, deadline=deadline, retries=retries)


def _env_number(name: str, default: float, allow_zero: bool = False) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or (value == 0 and not allow_zero) or value != value or value == float("inf"):
        raise UsageError(
            f"{name} must be a {'non-negative' if allow_zero else 'positive'} number, not {raw!r}"
        )
    return value


def _current_call() -> budget.Call:
    call = budget.CALL.get()
    return call if call is not None else _new_call(limits())


def _new_call(lim: Limits) -> budget.Call:
    return budget.Call(
        time.monotonic() + lim.deadline, lim.deadline, _host(endpoint()), lim.timeout, lim.retries
    )


def endpoint() -> str:
    """HF_ENDPOINT (default https://huggingface.co), checked: a malformed one is a UsageError, not a crash."""
    from llm_advisor.sanitize import one_line, redact_url

    url = (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip().rstrip("/") or DEFAULT_ENDPOINT
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
        ok = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and port_ok
            and not parts.query
            and not parts.fragment
        )
        ok = ok and not re.search(r"[\x00-\x20\x7f]", url)
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(
            f"HF_ENDPOINT must be an http(s) URL such as {DEFAULT_ENDPOINT}, not {one_line(redact_url(url))!r}"
        )
    return url


def token() -> str | None:
    """HF_TOKEN, checked: a value that cannot go into an HTTP header is a clear UsageError (never echoed)."""
    value = os.environ.get("HF_TOKEN") or None
    if value is None:
        return None
    if re.search(r"[^\x21-\x7e]", value):
        what = "a line break" if re.search(r"[\r\n]", value) else "a space, control or non-ASCII character"
        raise UsageError(
            f"HF_TOKEN contains {what}, which an HTTP header cannot carry; set it to the token alone "
            "(e.g. HF_TOKEN=$(cat token-file) strips the newline)"
        )
    return value


def offline() -> bool:
    """HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) as huggingface_hub reads it, but at call time."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


def _host(url: str) -> str:
    from llm_advisor.sanitize import redact_url

    safe = redact_url(url)
    return urlsplit(safe).netloc or safe


# ---------------------------------------------------------------------------------------------- client

_INSTALL_LOCK = threading.Lock()
_installed = False


def _install_client() -> None:
    """Make huggingface_hub use our bounded client (once per process)."""
    global _installed
    with _INSTALL_LOCK:
        if _installed:
            return
        import httpx2
        from huggingface_hub import set_client_factory
        from huggingface_hub.utils.tqdm import disable_progress_bars

        from llm_advisor.hub.transport import BudgetTransport

        class BoundedClient(httpx2.Client):
            def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
                kwargs.pop("stream", None)  # we always stream, then read the body under our caps
                response: httpx2.Response = _send(super().send, request, **kwargs)
                return response

        def factory() -> httpx2.Client:
            # Our transport routes through HTTP(S)_PROXY / NO_PROXY itself (httpx2 ignores the environment
            # once a transport is given).
            return BoundedClient(
                transport=BudgetTransport(), event_hooks={"request": [_before_request]}, follow_redirects=True
            )

        set_client_factory(factory)
        if "HF_HUB_DISABLE_PROGRESS_BARS" not in os.environ:
            disable_progress_bars()  # tqdm bars on stderr would garble our own output
        _installed = True


def _before_request(request: Any) -> None:
    # Second line of defence: every request, even one the library makes on its own, honours offline mode.
    if offline():
        raise HubOffline()


def _body_limit(request: Any) -> tuple[int, bool]:
    """(max bytes, cut instead of refusing) for a request: ours say so; the library's go by path."""
    own = request.extensions.get(LIMIT_EXTENSION)
    if own is not None:
        return int(own[0]), bool(own[1])
    path = request.url.path
    if path.rstrip("/") == "/api/models":
        return MAX_LISTING_PAGE_BYTES, False
    if path.startswith("/api/"):
        return MAX_API_BYTES, False
    return MAX_FILE_BYTES, False


def _send(send: Callable[..., Any], request: Any, **kwargs: Any) -> Any:
    """One request with our deadline, size caps and bounded retries; failures become our errors."""
    outside = budget.CALL.get() is None
    reset = budget.CALL.set(_new_call(limits())) if outside else None
    try:
        return _send_in_call(send, request, **kwargs)
    finally:
        if reset is not None:
            budget.CALL.reset(reset)


def _send_in_call(send: Callable[..., Any], request: Any, **kwargs: Any) -> Any:
    import httpx2

    call = _current_call()
    host, timeout, retries = call.host, call.timeout, call.retries
    retryable = request.method in ("GET", "HEAD")
    if request.url.path.endswith(SIDE_REQUEST_PATHS):
        # huggingface_hub's own best-effort lookup (it swallows any failure): never let it eat the budget.
        timeout, retries = min(timeout, SIDE_REQUEST_TIMEOUT), 0
    max_bytes, cut = _body_limit(request)
    # Only encodings we can inflate under a cap (httpx2 would also offer br/zstd when installed).
    request.headers["Accept-Encoding"] = "gzip, deflate"
    attempt = 0
    while True:
        remaining = call.ends_at - time.monotonic()
        if remaining <= 0 or budget.cancelled():
            raise HubCancelled() if budget.cancelled() else HubTimeout(host, call.deadline, "finish")
        per_request = min(timeout, remaining)
        request.extensions = {**request.extensions, "timeout": httpx2.Timeout(per_request).as_dict()}
        call.wire_left = max_bytes + WIRE_SLACK
        try:
            response = send(request, stream=True, **kwargs)
            try:
                body = _read_body(response, max_bytes, cut)
            finally:
                response.close()
        except budget.Expired as err:
            raise HubTimeout(host, call.deadline, "finish") from err
        except budget.Cancelled as err:
            raise HubCancelled() from err
        except budget.Oversize as err:
            raise HubTooLarge(host, max_bytes) from err
        except zlib.error as err:
            raise HubBadResponse("a corrupt compressed body") from err
        except httpx2.TimeoutException as err:
            # Not retried: a Hub that is slow now is slow on the next attempt too.
            what = "accept a connection" if isinstance(err, httpx2.ConnectTimeout) else "answer"
            raise HubTimeout(host, per_request, what) from err
        except httpx2.TransportError as err:
            if isinstance(err, httpx2.LocalProtocolError):  # we could not even write the request
                raise HubBadResponse("the request could not be sent: " + _reason(err)) from err
            wait = BACKOFF_BASE * 2**attempt
            if retryable and attempt < retries and _can_wait(call, wait):
                _sleep(wait)
                attempt += 1
                continue
            raise HubUnreachable(host, _reason(err)) from err
        finally:
            call.wire_left = None
        status = response.status_code
        if status != 429 and status < 500:
            return _with_body(response, body)
        retry_after = _retry_after(response.headers) if status == 429 else None
        wait = float(retry_after) if retry_after is not None else BACKOFF_BASE * 2**attempt
        if retryable and attempt < retries and wait <= MAX_RATE_LIMIT_WAIT and _can_wait(call, wait):
            _sleep(wait)
            attempt += 1
            continue
        if status == 429:
            raise HubRateLimited(retry_after)
        raise HubServerError(status)


def _sleep(seconds: float) -> None:
    """A backoff wait that a cancellation cuts short."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if budget.cancelled():
            raise HubCancelled()
        time.sleep(min(left, 0.1))


def _read_body(response: Any, limit: int, cut: bool) -> bytes:
    """The body, inflated, at most `limit` bytes: longer is refused (budget.Oversize) or cut when `cut`.

    Bytes on the wire are capped by the transport (budget.account); here the inflated size is capped as it
    grows, so a gzip bomb costs at most `limit` bytes of memory.
    """
    if response.request.method == "HEAD":
        return b""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inflater: Any = None
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    elif encoding not in ("", "identity"):
        raise HubBadResponse(f"an unsupported content encoding {encoding[:40]!r}")
    out = bytearray()
    for chunk in response.iter_raw():
        if inflater is None:
            out += chunk
        else:
            data = chunk
            while data and len(out) <= limit:
                out += inflater.decompress(data, limit + 1 - len(out))
                data = inflater.unconsumed_tail
        if len(out) > limit:
            if cut:
                return bytes(out[:limit])
            raise budget.Oversize()
    if inflater is not None and len(out) <= limit:
        out += inflater.flush(limit + 1 - len(out))
        if len(out) > limit:
            if cut:
                return bytes(out[:limit])
            raise budget.Oversize()
    return bytes(out)


def _with_body(response: Any, body: bytes) -> Any:
    """A read response carrying the inflated body (so nothing downstream decodes or reads it again)."""
    import httpx2

    drop = {"content-encoding", "content-length", "transfer-encoding"}
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in drop]
    extensions = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
    return httpx2.Response(
        response.status_code, headers=headers, content=body, request=response.request,
        history=response.history, extensions=extensions,
    )  # fmt: skip


def _can_wait(call: budget.Call, seconds: float) -> bool:
    # Only wait when a retry still has time to run afterwards.
    return time.monotonic() + seconds < call.ends_at


def _retry_after(headers: Any) -> int | None:
    """Seconds to wait from `Retry-After` (delay-seconds form) or the Hub's `RateLimit` header."""
    value = str(headers.get("retry-after") or "").strip()
    if value.isdigit() and len(value) < 10:
        return int(value)
    match = re.search(r"\bt\s*=\s*(\d{1,9})\b", str(headers.get("ratelimit") or ""))
    return int(match.group(1)) if match else None


def _reason(err: BaseException) -> str:
    import httpx2

    if isinstance(err, httpx2.ProxyError):
        return "the proxy failed"
    text = str(err).strip()
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename nor servname" in text.lower():
        return "the host name does not resolve"
    if "server disconnected" in text.lower():
        return "the server closed the connection"
    return _scrub(text.splitlines()[0][:120]) if text else type(err).__name__


# ---------------------------------------------------------------------------------------------- errors in


def hub_error(err: BaseException, repo_id: str | None = None, revision: str | None = None) -> HubError | None:
    """Our error for an exception raised by huggingface_hub or httpx2, or None if it is neither.

    `repo_id` None means a listing: "gated" and "not found" then describe the endpoint, not a model.
    """
    import httpx2
    from huggingface_hub import errors as hf

    if isinstance(err, HubError):
        return err
    host = _host(endpoint())
    status = int(getattr(getattr(err, "response", None), "status_code", 0) or 0)
    if isinstance(err, hf.HfHubHTTPError) and repo_id is None:
        # A listing names no repo: a 403 is a refusal, a 404 a wrong endpoint, never "a gated model".
        if status in (401, 403):
            return HubAuth(status, "the model listing")
        if status == 404:
            return HubListingNotFound(host)
    repo = repo_id or "?"
    # GatedRepoError subclasses RepositoryNotFoundError: test it first.
    if isinstance(err, hf.GatedRepoError):
        return HubGated(repo, endpoint())
    if isinstance(err, hf.RevisionNotFoundError):
        return HubNotFound(repo, revision)
    if isinstance(err, hf.RepositoryNotFoundError):
        return HubNotFound(repo)
    if isinstance(err, hf.HFValidationError):  # raised before any request: the id is malformed
        return HubNotFound(repo)
    if isinstance(err, hf.OfflineModeIsEnabled):
        return HubOffline()
    if isinstance(err, hf.HfHubHTTPError):
        response = getattr(err, "response", None)
        if status == 429:
            delay = _retry_after(response.headers) if response is not None else None
            if delay is None:  # the library puts the delay in its message when the headers carried it
                match = re.search(r"retry after (\d{1,9}) seconds?", str(err), re.IGNORECASE)
                delay = int(match.group(1)) if match else None
            return HubRateLimited(delay)
        if status in (401, 403):
            return HubAuth(status)
        if status == 404:  # a bare 404 (no X-Error-Code) on a model's address: the model is not there
            return HubNotFound(repo, revision)
        if status >= 500:
            return HubServerError(status)
        return HubBadResponse(f"HTTP {status}" if status else type(err).__name__)
    if isinstance(err, hf.LocalEntryNotFoundError):
        return HubUnreachable(host, "the file could not be fetched")
    if isinstance(err, httpx2.TimeoutException):
        return HubTimeout(host, limits().timeout)
    if isinstance(err, httpx2.HTTPError):  # transport and protocol errors met while reading a body
        return HubUnreachable(host, _reason(err))
    if isinstance(err, (ValueError, KeyError, TypeError)):  # JSON or a field of an unexpected type
        return HubBadResponse(
            "malformed JSON" if isinstance(err, json.JSONDecodeError) else type(err).__name__
        )
    return None


@contextmanager
def _session(repo_id: str | None = None, revision: str | None = None) -> Iterator[HfApi]:
    """The one place that builds `HfApi`; maps every failure inside the block to a HubError."""
    if offline():
        raise HubOffline()
    lim = limits()
    url = endpoint()
    hf_token = token()
    _install_client()
    from huggingface_hub import HfApi

    from llm_advisor import __version__

    api = HfApi(
        endpoint=url,
        # None lets huggingface_hub use a token saved by `hf auth login`.
        token=hf_token,
        library_name="llm-advisor",
        library_version=__version__,
    )
    reset = budget.CALL.set(_new_call(lim))
    try:
        yield api
    except HubError:
        raise
    except Exception as err:
        mapped = hub_error(err, repo_id, revision)
        if mapped is None:
            raise
        # Not chained: the library's exception text may quote the server, and a server can echo the token.
        raise mapped from None
    finally:
        try:
            budget.CALL.reset(reset)
        except ValueError:  # a listing generator finalised in another context: nothing to restore there
            pass


def _restart_deadline(lim: Limits) -> None:
    """A listing page is a Hub call of its own: each page gets the full deadline."""
    call = budget.CALL.get()
    if call is not None:
        call.ends_at = time.monotonic() + lim.deadline


# ---------------------------------------------------------------------------------------------- public


def fetch_model(repo_id: str, revision: str | None = None) -> dict[str, Any]:
    """One model from the Hub (metadata, card and config.json) in our model shape.

    The card and config.json are optional: when they cannot be fetched, the result says so in
    `warnings` instead of failing, because the metadata alone is already useful. Neither is kept in
    HF_HOME: both are read once, under a size cap (the card is cut at MAX_README_BYTES).
    """
    repo_id = repo_id.strip()
    with _session(repo_id, revision) as api:
        info = api.model_info(repo_id, revision=revision, expand=MODEL_EXPAND, timeout=limits().timeout)
        warnings: list[str] = []
        # The canonical id and the resolved commit: no redirect for renamed repos, one consistent snapshot.
        canonical, rev = info.id or repo_id, info.sha or revision
        readme = _fetch_text(api, canonical, "README.md", rev, warnings, MAX_README_BYTES, cut=True)
        config_text = _fetch_text(api, canonical, "config.json", rev, warnings, MAX_FILE_BYTES, cut=False)
    config: dict[str, Any] | None = None
    if config_text is not None:
        try:
            loaded = json.loads(config_text)
        except (ValueError, RecursionError):
            loaded = None
        if isinstance(loaded, dict):
            config = loaded
        else:
            warnings.append("config.json is not a JSON object; the shape comes from the Hub's summary")
    model = normalise(info, config=config, readme=readme, warnings=warnings)
    from llm_advisor.hub.cache import iso

    model["fetched_at"] = iso(time.time())
    return model


def list_task_models(task: str, limit: int = 50, sort: str = "downloads") -> list[dict[str, Any]]:
    """The Hub's models for one pipeline tag (e.g. `summarization`), most popular first, in our shape.

    No card text or config.json here (one request per page): `card` is empty and `config` holds only
    what the Hub's summary carries. For large listings use `iter_task_models` (bounded memory).
    """
    return list(iter_task_models(task, limit=limit, sort=sort))


def iter_task_models(task: str, limit: int = 50, sort: str = "downloads") -> Iterator[dict[str, Any]]:
    """`list_task_models`, one model at a time: pages are fetched as they are consumed (one page in memory),
    each page under its own deadline."""
    order: Any = sort  # huggingface_hub types it as a Literal; the Hub validates it
    lim = limits()
    with _session() as api:
        models = iter(api.list_models(pipeline_tag=task, sort=order, limit=limit, expand=LIST_EXPAND))
        while True:
            _restart_deadline(lim)
            info = next(models, None)
            if info is None:
                return
            yield normalise(info)


def _fetch_text(
    api: HfApi,
    repo_id: str,
    filename: str,
    revision: str | None,
    warnings: list[str],
    max_bytes: int,
    cut: bool,
) -> str | None:
    """A small repo file as text, or None (with a warning unless the file simply does not exist).

    One GET under our caps, straight into memory: nothing is written to HF_HOME.
    """
    from huggingface_hub import errors as hf
    from huggingface_hub import get_session, hf_hub_url, hf_raise_for_status
    from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]  # public, documented

    from llm_advisor import __version__

    url = hf_hub_url(repo_id, filename, revision=revision, endpoint=api.endpoint)
    headers = build_hf_headers(token=api.token, library_name="llm-advisor", library_version=__version__)
    try:
        session = get_session()
        request = session.build_request(
            "GET", url, headers=headers, extensions={LIMIT_EXTENSION: (max_bytes + 1, cut)}
        )
        response = session.send(request)
        hf_raise_for_status(response)
        data = response.content
    except hf.RemoteEntryNotFoundError:
        return None
    except hf.GatedRepoError:
        warnings.append(f"{filename} is gated for this token; using the Hub's summary instead")
        return None
    except (HubOffline, HubCancelled):
        raise
    except Exception as err:
        mapped = hub_error(err, repo_id)
        if mapped is None:
            raise
        if isinstance(mapped, HubTooLarge):
            warnings.append(f"{filename} is larger than {max_bytes} bytes; ignored")
            return None
        warnings.append(f"{filename} was not fetched: {mapped}")
        return None
    if len(data) > max_bytes:
        if not cut:
            warnings.append(f"{filename} is larger than {max_bytes} bytes; ignored")
            return None
        warnings.append(f"{filename} is larger than {max_bytes} bytes; only its beginning was read")
        data = data[:max_bytes]
    return data.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------- shape


def normalise(
    info: ModelInfo,
    config: dict[str, Any] | None = None,
    readme: str | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """A huggingface_hub `ModelInfo` (plus optional config.json and README) as our plain model dict."""
    card_meta: dict[str, Any] = {}
    if info.card_data is not None:
        try:
            to_dict: Any = info.card_data.to_dict  # untyped in huggingface_hub
            card_meta = dict(to_dict())
        except Exception:  # card metadata is free-form; a broken one is just absent
            card_meta = {}
    body = ""
    if readme is not None:
        readme_meta, body = split_card(sanitize(readme))  # before parsing, so escapes cannot shape the text
        card_meta = card_meta or readme_meta
    hub_config = info.config if isinstance(info.config, dict) else {}
    merged_config = {**hub_config, **(config or {})}
    tags = [t for t in (info.tags or []) if isinstance(t, str)]
    shape = config_shape(merged_config)
    try:
        found = classify(merged_config, tags=tags, pipeline_tag=info.pipeline_tag)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        found = classify({}, tags=tags, pipeline_tag=info.pipeline_tag)
    params, params_source, active = _params(info, config)
    model: dict[str, Any] = {
        "id": info.id,
        "architecture": found.architecture,
        "objective": found.objective,
        "architecture_evidence": list(found.evidence),
        "architecture_confidence": found.confidence,
        "params": params,
        "params_source": params_source,
        "active_params": active,
        "config": shape if any(v is not None for v in shape.values()) else None,
        "context_length": context_length(merged_config),
        "license": _license(card_meta, tags),
        "languages": _languages(card_meta),
        "gated": bool(info.gated),
        "pipeline_tag": info.pipeline_tag,
        "tags": tags,
        "downloads": info.downloads,
        "likes": info.likes,
        "base_model": _base_model(card_meta, tags),
        "library_name": info.library_name,
        "card": card_sections(body)
        if readme is not None
        else {"summary": None, "intended_uses": None, "limitations": None},
        "eval_results": eval_results(card_meta.get("model-index")),
        "last_modified": info.last_modified.isoformat() if info.last_modified else None,
        "sha": info.sha,
        "source": "hub",
        "warnings": list(warnings or []),
    }
    cleaned: dict[str, Any] = _clean(model)
    return validated(cleaned)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {sanitize(str(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


_CONFIG_KEYS: dict[str, tuple[str, ...]] = {
    "layers": ("num_hidden_layers", "n_layer", "num_layers", "encoder_layers", "n_layers"),
    "hidden_size": ("hidden_size", "d_model", "n_embd", "dim"),
    "attention_heads": ("num_attention_heads", "n_head", "encoder_attention_heads", "num_heads", "n_heads"),
    "kv_heads": ("num_key_value_heads", "n_head_kv", "num_kv_heads"),
    "head_dim": ("head_dim", "d_kv"),
    "vocab_size": ("vocab_size", "padded_vocab_size"),
    "intermediate_size": (
        "intermediate_size",
        "ffn_dim",
        "encoder_ffn_dim",
        "d_ff",
        "n_inner",
        "ffn_hidden_size",
    ),
    "decoder_layers": ("decoder_layers", "num_decoder_layers"),
}
_CONTEXT_KEYS = (
    "max_position_embeddings",
    "n_positions",
    "max_seq_len",
    "seq_length",
    "max_sequence_length",
    "n_ctx",
)


def _text_config(config: dict[str, Any]) -> dict[str, Any]:
    """Vision-language and audio models keep the language model's shape under `text_config`."""
    nested = config.get("text_config")
    return {**config, **nested} if isinstance(nested, dict) else config


def _positive_int(value: Any) -> int | None:
    return bounded_int(value, MAX_SHAPE, 1)


def config_shape(config: dict[str, Any]) -> dict[str, int | None]:
    """The sizing facts of a transformers config.json, in the catalog's `config` shape."""
    cfg = _text_config(config)
    shape: dict[str, int | None] = {}
    for ours, names in _CONFIG_KEYS.items():
        shape[ours] = next((v for v in (_positive_int(cfg.get(n)) for n in names) if v is not None), None)
    heads, hidden = shape["attention_heads"], shape["hidden_size"]
    if shape["kv_heads"] is None and heads is not None:
        shape["kv_heads"] = 1 if cfg.get("multi_query") is True else heads
    if shape["head_dim"] is None and heads and hidden and hidden % heads == 0:
        shape["head_dim"] = hidden // heads
    if not cfg.get("is_encoder_decoder") and "decoder_layers" not in cfg and "num_decoder_layers" not in cfg:
        shape["decoder_layers"] = None
    return shape


def context_length(config: dict[str, Any]) -> int | None:
    cfg = _text_config(config)
    return next((v for v in (_positive_int(cfg.get(k)) for k in _CONTEXT_KEYS) if v is not None), None)


def _license(card: dict[str, Any], tags: list[str]) -> str | None:
    value = card.get("license")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if value == "other" and isinstance(card.get("license_name"), str):
        value = card["license_name"]
    if isinstance(value, str) and value:
        return value
    return next((t.split(":", 1)[1] for t in tags if t.startswith("license:")), None)


def _languages(card: dict[str, Any]) -> list[str]:
    value = card.get("language")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _base_model(card: dict[str, Any], tags: list[str]) -> str | None:
    value = card.get("base_model")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str) and value:
        return value
    # Hub tags: base_model:<id> and base_model:<relation>:<id>; ids always contain a slash.
    for tag in tags:
        if tag.startswith("base_model:"):
            rest = tag.split(":", 2)
            return rest[-1] if "/" in rest[-1] else None
    return None


# ---------------------------------------------------------------------------------------------- params


def _params(info: ModelInfo, config: dict[str, Any] | None) -> tuple[int | None, str | None, int | None]:
    """(params, source, active params): the Hub's exact safetensors count first, else an estimate from config.json.

    Active parameters (mixture-of-experts) only ever come from the estimate.
    """
    exact = params_from_safetensors(info.safetensors)
    try:
        estimate = estimate_params(config) if config else None
    except (
        ArithmeticError,
        ValueError,
        TypeError,
        RecursionError,
    ):  # absurd numbers in a hostile config.json
        estimate = None
    active = estimate.active if estimate is not None else None
    if exact is not None:
        return exact, "safetensors", active
    if estimate is not None:
        return estimate.total, "config-estimate", active
    return None, None, None


# ---------------------------------------------------------------------------------------------- cards

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)(?:\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_INTENDED = re.compile(r"\bintended\b|\buses\b|\buse cases?\b|^direct use$|^use$", re.IGNORECASE)
_LIMITATIONS = re.compile(r"limitation", re.IGNORECASE)
_RISKS = re.compile(r"\bbias|\brisks?\b|out[- ]of[- ]scope|ethical", re.IGNORECASE)


def split_card(text: str) -> tuple[dict[str, Any], str]:
    """(YAML metadata, Markdown body) of a model card; broken or missing metadata gives {}."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def card_sections(body: str, limit: int = CARD_TEXT_CHARS) -> dict[str, str | None]:
    """The card's own words: a summary, its intended uses and its limitations, each trimmed."""
    body = _FENCE.sub("", re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL))
    sections: list[tuple[int, str, list[str]]] = [(0, "", [])]
    for line in body.splitlines():
        heading = _HEADING.match(line)
        if heading:
            sections.append((len(heading.group(1)), _inline(heading.group(2)), []))
        else:
            sections[-1][2].append(line)

    def text_of(index: int) -> str:
        own = _prose("\n".join(sections[index][2]))
        if own:
            return own
        level = sections[index][0]
        parts = []
        for sub_level, _, lines in sections[index + 1 :]:
            if sub_level <= level:
                break
            parts.append("\n".join(lines))
        return _prose("\n\n".join(parts))

    def first(pattern: re.Pattern[str], skip: int | None = None) -> int | None:
        return next(
            (i for i, (lvl, title, _) in enumerate(sections) if lvl and i != skip and pattern.search(title)),
            None,
        )

    summary = next((p for p in (_first_paragraph(lines) for _, _, lines in sections) if p), None)
    intended_at = first(_INTENDED)
    limits_at = first(_LIMITATIONS, intended_at)
    if limits_at is None:
        limits_at = first(_RISKS, intended_at)
    intended = _trim(text_of(intended_at), limit) if intended_at is not None else ""
    limitations = _trim(text_of(limits_at), limit) if limits_at is not None else ""
    return {
        "summary": _trim(summary, limit) if summary else None,
        "intended_uses": intended or None,
        "limitations": limitations or None,
    }


def _inline(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<[^>]*>", "", text)  # HTML tags
    text = re.sub(r"(\*\*|__|`)", "", text)
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("|") or re.fullmatch(r"[-=*_ ]{3,}", stripped):
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        current.append(_inline(stripped.lstrip(">").strip()))
    if current:
        paragraphs.append(" ".join(current))
    # A paragraph needs words: badges, lone links and HTML leave nothing (or almost nothing) behind;
    # the Hub's card template leaves "[More Information Needed]" in every section nobody filled in.
    return [
        p
        for p in (" ".join(p.split()) for p in paragraphs)
        if len(re.findall(r"[^\W\d_]{2,}", p)) >= 3 and p != "[More Information Needed]"
    ]


def _first_paragraph(lines: list[str]) -> str | None:
    paragraphs = _paragraphs("\n".join(lines))
    return paragraphs[0] if paragraphs else None


def _prose(text: str) -> str:
    return " ".join(_paragraphs(text))


def _trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def eval_results(model_index: Any) -> list[dict[str, Any]]:
    """Flat {task, dataset, metric, value} rows from a card's `model-index`; malformed parts are skipped."""
    rows: list[dict[str, Any]] = []
    for entry in model_index if isinstance(model_index, list) else []:
        results = entry.get("results") if isinstance(entry, dict) else None
        for result in results if isinstance(results, list) else []:
            if not isinstance(result, dict):
                continue
            task = _dict(result.get("task"))
            dataset = _dict(result.get("dataset"))
            metrics = result.get("metrics")
            for metric in metrics if isinstance(metrics, list) else []:
                if not isinstance(metric, dict) or "value" not in metric:
                    continue
                rows.append(
                    {
                        "task": _str(task.get("type") or task.get("name")),
                        "dataset": _str(dataset.get("name") or dataset.get("type")),
                        "metric": _str(metric.get("name") or metric.get("type")),
                        "value": _number(metric["value"]),
                    }
                )
                if len(rows) >= MAX_EVAL_RESULTS:
                    return rows
    return rows


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def _number(value: Any) -> float | int | str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%"))
        except ValueError:
            return value[:60]
    return None


# ---------------------------------------------------------------------------------------------- untrusted text


def sanitize(text: str) -> str:
    """Hub text without terminal escape sequences or control characters (tabs and newlines stay).

    Rich markup such as `[bold]` is left as text: the renderers escape it.
    """
    if text.isprintable():  # the common case: no control, format (bidi, zero-width) or escape characters
        return text
    from llm_advisor.sanitize import clean

    return clean(text)


_TOKEN_LIKE = re.compile(r"\bhf_[A-Za-z0-9]{8,}\b")


def _scrub(text: str) -> str:
    """Never let a token into a message, whatever text a server or library put there."""
    token = os.environ.get("HF_TOKEN")
    if token and len(token) >= 4:
        text = text.replace(token, "***")
    return _TOKEN_LIKE.sub("hf_***", text)
