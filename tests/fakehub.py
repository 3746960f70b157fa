"""A local stand-in for the Hugging Face Hub: a real HTTP server on 127.0.0.1 with fault injection.

It serves the routes huggingface_hub calls, from recorded-shape fixtures of real models
(tests/fixtures/hub/*.json), with the Hub's status codes and headers (X-Error-Code, X-Repo-Commit,
ETag, ...), and the Hub's cursor pagination (`Link: <...>; rel="next"`, PAGE_SIZE models per page).
Hostile servers are faults: slow-drip headers or bodies (`drip_headers`, `drip_body`: seconds per
byte), gzip bodies and bombs (`gzip=True`, `gzip_bomb`), a server echoing the Authorization header
(`echo_auth`), any status. `add_synthetic(task, n)` adds n generated models (a Hub-scale listing
without n dicts in memory). Use it through the `fake_hub` fixture, which points HF_ENDPOINT at it:

    from tests.fakehub import FakeHub, fake_hub_fixture  # noqa: F401  (registers the `fake_hub` fixture)

    def test_x(fake_hub: FakeHub) -> None: ...
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import socket
import threading
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "hub"
# Fields /api/models returns for each model when no `expand` is asked for.
LIST_DEFAULT_FIELDS = (
    "id",
    "likes",
    "trendingScore",
    "private",
    "downloads",
    "tags",
    "pipeline_tag",
    "library_name",
    "createdAt",
    "modelId",
)
# Files of a gated repo that anyone may read (the card is public, the weights and config are not).
PUBLIC_GATED_FILES = {"README.md", ".gitattributes"}
PAGE_SIZE = 1000  # the Hub's largest page for /api/models
SORT_KEYS = {
    "downloads": "downloads",
    "likes": "likes",
    "lastModified": "lastModified",
    "trendingScore": "trendingScore",
    "createdAt": "createdAt",
}


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Fault:
    pattern: re.Pattern[str]
    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int | None = None  # None: every matching request
    method: str | None = None
    query: re.Pattern[str] | None = None  # also match the raw query string (e.g. one pipeline_tag)
    drip_headers: float = 0.0  # seconds between bytes of the status line and headers
    drip_body: float = 0.0  # seconds between bytes of the body
    gzip: bool = False  # send the body gzip-compressed (Content-Encoding: gzip)
    echo_auth: bool = False  # put the request's Authorization header into the error body and headers


class FakeHub:
    """The server plus the knobs a test turns: faults, file overrides, tokens and grants."""

    def __init__(self) -> None:
        self.models: dict[str, dict[str, Any]] = {}
        for path in sorted(FIXTURES.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            self.models[doc["info"]["id"]] = {"info": doc["info"], "files": dict(doc["files"])}
        self.requests: list[Seen] = []
        self.faults: list[Fault] = []
        self.tokens: set[str] = set()  # valid tokens; any other Bearer token is rejected (401)
        self.granted: dict[str, set[str]] = {}  # gated repo id -> tokens with access
        # Renamed repos: the Hub redirects the old id (307) to the new one, for the API and for files.
        self.renamed: dict[str, str] = {"bert-base-uncased": "google-bert/bert-base-uncased"}
        self.synthetic: dict[str, int] = {}  # task -> number of generated models (see add_synthetic)
        self.page_size = PAGE_SIZE
        self.record_requests = True  # off for Hub-scale benchmarks
        self._orders: dict[Any, list[Any]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.hub = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # ---- lifecycle
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers sleeping in a `delay` fault
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # ---- knobs
    def fault(
        self,
        path: str,
        *,
        status: int | None = None,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        times: int | None = None,
        method: str | None = None,
        query: str | None = None,
        drip_headers: float = 0.0,
        drip_body: float = 0.0,
        gzip: bool = False,
        echo_auth: bool = False,
    ) -> None:
        """Requests whose path matches the regex `path` (and query matches `query`, when given) wait
        `delay` s, then get this answer (if any), dripped or compressed as asked."""
        data = body.encode() if isinstance(body, str) else body
        q = re.compile(query) if query is not None else None
        self.faults.append(
            Fault(
                re.compile(path),
                status,
                data,
                dict(headers or {}),
                delay,
                times,
                method,
                q,
                drip_headers,
                drip_body,
                gzip,
                echo_auth,
            )
        )

    def add_synthetic(self, task: str, count: int) -> None:
        """`count` generated models for `task` (ids synth/<task>-<i>, downloads falling with i), built per page."""
        self.synthetic[task] = self.synthetic.get(task, 0) + count

    def set_file(self, repo_id: str, filename: str, content: str | dict[str, Any]) -> None:
        self.models[repo_id]["files"][filename] = content

    def remove_file(self, repo_id: str, filename: str) -> None:
        self.models[repo_id]["files"].pop(filename, None)

    def paths(self) -> list[str]:
        return [f"{seen.method} {seen.path}" for seen in self.requests]

    # ---- routing (called from handler threads)
    def _take_fault(self, method: str, path: str, query: str = "") -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.method not in (None, method) or not fault.pattern.search(path):
                    continue
                if fault.query is not None and not fault.query.search(query):
                    continue
                if fault.times is not None:
                    if fault.times <= 0:
                        continue
                    fault.times -= 1
                return fault
        return None

    def handle(self, handler: _Handler, method: str) -> None:
        split = urlsplit(handler.path)
        path, query = unquote(split.path), parse_qs(split.query)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if self.record_requests:
            with self._lock:
                self.requests.append(Seen(method, path, query, headers))
        fault = self._take_fault(method, path, unquote(split.query))
        handler.fault = fault
        if fault is not None:
            if fault.delay and self._stop.wait(fault.delay):
                return
            if fault.status is not None or fault.body is not None or fault.echo_auth:
                body = fault.body if fault.body is not None else json.dumps({"error": "injected"}).encode()
                hdrs = {"Content-Type": "application/json; charset=utf-8", **fault.headers}
                if fault.echo_auth:  # a careless server quoting the credentials back
                    auth = headers.get("authorization", "")
                    body = json.dumps({"error": f"bad request with {auth}"}).encode()
                    hdrs["X-Error-Message"] = f"bad request with {auth}"
                return handler.reply(fault.status or 400, body, hdrs, method)

        token = _bearer(headers.get("authorization"))
        if token is not None and token not in self.tokens:
            return _error(handler, method, 401, None, "Invalid credentials in Authorization header")
        if path == "/api/models":
            return self._list(handler, method, query)
        if (
            path == "/api/agent-harnesses"
        ):  # huggingface_hub looks this up once per process for its user agent
            return _json(handler, method, 200, {"standardEnvVars": [], "harnesses": {}})
        if path.startswith("/api/models/"):
            return self._model(handler, method, path[len("/api/models/") :], query, token)
        match = re.fullmatch(r"/(?P<repo>[^/]+(?:/[^/]+)?)/resolve/(?P<rev>[^/]+)/(?P<file>.+)", path)
        if match:
            return self._file(handler, method, match["repo"], match["rev"], match["file"], token)
        return _error(handler, method, 404, None, "Not Found")

    def _list(self, handler: _Handler, method: str, query: dict[str, list[str]]) -> None:
        expand = query.get("expand", []) + query.get("expand[]", [])
        infos = [m["info"] for m in self.models.values()]
        if "pipeline_tag" in query:
            infos = [i for i in infos if i.get("pipeline_tag") == query["pipeline_tag"][0]]
        if "author" in query:
            infos = [i for i in infos if i.get("author") == query["author"][0]]
        if "search" in query:
            infos = [i for i in infos if query["search"][0].lower() in i["id"].lower()]
        for tag in query.get("filter", []):
            infos = [i for i in infos if tag in i.get("tags", [])]
        sort = SORT_KEYS.get(query.get("sort", [""])[0])
        if sort:
            infos.sort(key=lambda i: i.get(sort) or 0, reverse=True)
        limit = int(query.get("limit", [str(self.page_size)])[0])
        offset = int(query.get("cursor", ["0"])[0])
        task = query.get("pipeline_tag", [None])[0]
        # Cursor pagination as on the Hub: at most page_size models, then a Link to the next page.
        page_end = min(limit, offset + self.page_size)
        fields = expand or LIST_DEFAULT_FIELDS
        if task in self.synthetic and sort == "downloads":
            order = self._synthetic_order(task, infos)
            page = [synthetic_info(task, x) if isinstance(x, int) else x for x in order[offset:page_end]]
        else:
            page = infos[offset:page_end]
        rows = [{"id": i["id"], **{k: i[k] for k in fields if k in i}} for i in page]
        more = len(rows) == page_end - offset and page_end < limit and self._has(task, infos, page_end)
        extra = {}
        if more:
            params = {k: v for k, v in query.items() if k != "cursor"}
            qs = "&".join(f"{k}={x}" for k, vs in params.items() for x in vs)
            extra["Link"] = f'<{self.url}/api/models?{qs}&cursor={page_end}>; rel="next"'
        handler.reply(
            200,
            json.dumps(rows).encode(),
            {"Content-Type": "application/json; charset=utf-8", **extra},
            method,
        )

    def _synthetic_order(self, task: str, infos: list[dict[str, Any]]) -> list[Any]:
        """The listing order of fixture models (dicts) and generated ones (their index), kept per task."""
        key = (task, self.synthetic[task], tuple(i["id"] for i in infos))
        with self._lock:
            cached = self._orders.get(key)
        if cached is None:
            generated = ((10**8 // (i + 1), i) for i in range(self.synthetic[task]))
            fixtures = [((i.get("downloads") or 0), i) for i in infos]
            merged = heapq.merge(fixtures, generated, key=lambda pair: -pair[0])
            cached = [item for _, item in merged]
            with self._lock:
                self._orders = {key: cached}
        return cached

    def _has(self, task: str | None, infos: list[dict[str, Any]], index: int) -> bool:
        return index < len(infos) + (self.synthetic.get(task, 0) if task else 0)

    def _model(
        self, handler: _Handler, method: str, rest: str, query: dict[str, list[str]], token: str | None
    ) -> None:
        parts = rest.split("/")
        repo_id, revision = "/".join(parts[:2]), None
        if len(parts) >= 4 and parts[2] == "revision":
            revision = "/".join(parts[3:])
        if repo_id not in self.models and parts[0] in self.renamed:
            rest = "/".join([self.renamed[parts[0]], *parts[1:]])
            return _redirect(handler, method, f"/api/models/{rest}", handler.path.partition("?")[2])
        model = self.models.get(repo_id)
        if model is None:
            return _repo_not_found(handler, method, token)
        info = model["info"]
        if revision is not None and revision not in ("main", info.get("sha")):
            return _error(handler, method, 404, "RevisionNotFound", f"Invalid rev id: {revision}")
        expand = query.get("expand", []) + query.get("expand[]", [])
        body = {"id": info["id"], **{k: info[k] for k in expand if k in info}} if expand else info
        _json(handler, method, 200, body)

    def _file(
        self, handler: _Handler, method: str, repo_id: str, revision: str, filename: str, token: str | None
    ) -> None:
        if repo_id in self.renamed:
            return _redirect(handler, method, f"/{self.renamed[repo_id]}/resolve/{revision}/{filename}", "")
        model = self.models.get(repo_id)
        if model is None:
            return _repo_not_found(handler, method, token)
        info = model["info"]
        sha = info["sha"]
        if revision not in ("main", sha):
            return _error(handler, method, 404, "RevisionNotFound", f"Invalid rev id: {revision}")
        if (
            info.get("gated")
            and filename not in PUBLIC_GATED_FILES
            and token not in self.granted.get(repo_id, set())
        ):
            if token is None:
                message = f"Access to model {repo_id} is restricted. You must have access to it and be authenticated to access it. Please log in."
                return _error(handler, method, 401, "GatedRepo", message)
            message = f"Access to model {repo_id} is restricted and you are not in the authorized list. Visit https://huggingface.co/{repo_id} to ask for access."
            return _error(handler, method, 403, "GatedRepo", message)
        content = model["files"].get(filename)
        if content is None:
            return _error(handler, method, 404, "EntryNotFound", "Entry not found", {"X-Repo-Commit": sha})
        data = (
            (json.dumps(content, indent=2) + "\n").encode()
            if isinstance(content, dict)
            else content.encode("utf-8")
        )
        # Regular (non-LFS) files: the ETag is the git blob id, X-Repo-Commit the resolved commit.
        blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        headers = {
            "Content-Type": "application/json" if filename.endswith(".json") else "text/plain; charset=utf-8",
            "ETag": f'"{blob}"',
            "X-Repo-Commit": sha,
            "Accept-Ranges": "bytes",
        }
        handler.reply(200, data, headers, method)


def _bearer(value: str | None) -> str | None:
    if value and value.lower().startswith("bearer "):
        return value[7:].strip()
    return None


def _json(handler: _Handler, method: str, status: int, payload: Any) -> None:
    handler.reply(
        status, json.dumps(payload).encode(), {"Content-Type": "application/json; charset=utf-8"}, method
    )


def _error(
    handler: _Handler,
    method: str,
    status: int,
    code: str | None,
    message: str,
    extra: dict[str, str] | None = None,
) -> None:
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Error-Message": message, **(extra or {})}
    if code:
        headers["X-Error-Code"] = code
    handler.reply(status, json.dumps({"error": message}).encode(), headers, method)


def _redirect(handler: _Handler, method: str, location: str, query: str) -> None:
    target = f"{location}?{query}" if query else location
    handler.reply(307, b"", {"Location": target, "Content-Type": "text/plain; charset=utf-8"}, method)


def _repo_not_found(handler: _Handler, method: str, token: str | None) -> None:
    # The Hub answers 401 to anonymous callers so as not to reveal whether a private repo exists.
    _error(handler, method, 404 if token else 401, "RepoNotFound", "Repository not found")


def synthetic_info(task: str, i: int) -> dict[str, Any]:
    """A generated model in the Hub's listing shape (decoder LLMs of varied sizes and licences)."""
    size = (1 + i % 70) * 10**9
    licence = ("apache-2.0", "mit", "llama3.1", "other", "cc-by-nc-4.0")[i % 5]
    mid = f"synth/{task}-{i:06d}"
    return {
        "id": mid, "modelId": mid, "author": "synth", "sha": hashlib.sha1(mid.encode()).hexdigest(),
        "lastModified": "2026-06-01T00:00:00.000Z", "private": False, "gated": i % 9 == 0, "pipeline_tag": task,
        "library_name": "transformers", "tags": ["transformers", "safetensors", "llama", task, f"license:{licence}", "en"],
        "downloads": 10**8 // (i + 1), "likes": 10**5 // (i + 1),
        "config": {"architectures": ["LlamaForCausalLM"], "model_type": "llama"},
        "safetensors": {"parameters": {"BF16": size}, "total": size},
        "cardData": {"license": licence, "language": ["en"] if i % 3 else ["en", "zh"]},
    }  # fmt: skip


def gzip_bomb(decompressed_bytes: int) -> bytes:
    """A gzip body of zeros that inflates to `decompressed_bytes` (about 1,000:1), built without holding it."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    parts = [squeeze.compress(chunk) for _ in range(decompressed_bytes >> 20)]
    return b"".join(parts) + squeeze.compress(bytes(decompressed_bytes & ((1 << 20) - 1))) + squeeze.flush()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer
    fault: Fault | None = None

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError, TimeoutError):
            pass  # the client hung up mid-request (deadline and cancellation tests)

    def do_GET(self) -> None:
        self.server.hub.handle(self, "GET")  # type: ignore[attr-defined]

    def do_HEAD(self) -> None:
        self.server.hub.handle(self, "HEAD")  # type: ignore[attr-defined]

    def reply(self, status: int, body: bytes, headers: dict[str, str], method: str) -> None:
        fault = self.fault
        stop: threading.Event = self.server.hub._stop  # type: ignore[attr-defined]
        headers = {"X-Request-Id": f"Root={uuid.uuid4()}", **headers}
        if fault is not None and fault.gzip:
            squeeze = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            body = squeeze.compress(body) + squeeze.flush()
            headers["Content-Encoding"] = "gzip"
        if (
            fault is not None
            and (fault.body is not None and fault.body[:2] == b"\x1f\x8b")
            and "Content-Encoding" not in headers
        ):
            headers["Content-Encoding"] = "gzip"  # a prepared gzip body (e.g. gzip_bomb)
        try:
            if fault is not None and (fault.drip_headers or fault.drip_body):
                head = f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}\r\n"
                head += (
                    "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                    + f"Content-Length: {len(body)}\r\n\r\n"
                )
                self._drip(head.encode("latin-1"), fault.drip_headers, stop)
                if method != "HEAD":
                    self._drip(body, fault.drip_body, stop)
                return
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to do

    def _drip(self, data: bytes, interval: float, stop: threading.Event) -> None:
        if not interval:
            self.wfile.write(data)
            return
        for offset in range(len(data)):
            self.wfile.write(data[offset : offset + 1])
            self.wfile.flush()
            if stop.wait(interval):
                return

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # keep pytest output clean


def closed_port_url() -> str:
    """An http:// URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(name="fake_hub")
def fake_hub_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A running fake Hub with HF_ENDPOINT pointing at it and offline mode off (fixture name: `fake_hub`)."""
    hub = FakeHub().start()
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    # Generous for a local server, short enough that a hang fails fast.
    monkeypatch.setenv("LLM_ADVISOR_HUB_TIMEOUT", "5")
    try:
        yield hub
    finally:
        hub.stop()


# `from tests.fakehub import fake_hub` also works; importing `fake_hub_fixture` instead keeps ruff's F811
# quiet in modules whose tests take a `fake_hub` argument.
fake_hub = fake_hub_fixture
