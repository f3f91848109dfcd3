"""Every pagination style end to end: a small spec per style generated into a scratch tree, whose
client walks the pages of a server following the style and of its own generated fake, sync and
async. A new style adds its case to STYLES (a spec's pagination and envelope, a server, the
requests each walk sends). A case with `operation` keys gives the list operation its own pagination
(and those keys: where its list sits in a body of its own, HAL's `_embedded.<name>`).

Wire names differ from Python names throughout (`pageNumber` is the argument `page_number`), so
that a fake naming attributes where the wire has keys, or the reverse, fails here. The scratch
tree has its own `apiclients` package, so the clients run in a subprocess: importing them here
would clash with the `apiclients` of `generated/`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.distributions import import_paths


@dataclass(frozen=True)
class Style:
    pagination: str  # the spec's api.pagination, flow style
    meta: str  # the fields of the envelope's `meta` (type Meta), flow style; "" for no meta
    query: str  # the list operation's declared query parameters, flow style
    server: str  # a function of the request's query returning the response body, in PROGRAM
    arguments: dict[str, Any]  # of each walk's list() call
    sent: list[dict[str, str]]  # the server's walk: each request's query
    fake_sent: list[dict[str, str]]  # the fake's walk over the pages FAKE_PAGES
    operation: str | None = None  # the list operation's other keys; then its own `pagination`


STYLES = {
    "cursor": Style(
        pagination="{style: cursor, cursor_param: after, cursor_field: meta.nextCursor}",
        meta="{nextCursor: string | null}",
        query="{}",
        # The cursor names the index of the next item.
        server="""
def server(query):
    start = int(query.get("after", "at-0")[3:])
    cursor = f"at-{start + 2}" if start + 2 < len(ENTRIES) else None
    return {"items": ENTRIES[start : start + 2], "meta": {"nextCursor": cursor}}
""",
        arguments={},
        sent=[{}, {"after": "at-2"}, {"after": "at-4"}],
        fake_sent=[{}, {"after": "page-2"}],
    ),
    "page": Style(
        pagination=(
            "{style: page, page_param: pageNumber, current_page_field: meta.currentPage,"
            " total_pages_field: meta.totalPages}"
        ),
        meta="{currentPage: integer, totalPages: integer}",
        query="{}",
        server="""
def server(query):
    page = int(query.get("pageNumber", "1"))
    body = {"items": ENTRIES[(page - 1) * 2 : page * 2]}
    return {**body, "meta": {"currentPage": page, "totalPages": 3}}
""",
        arguments={},
        sent=[{}, {"pageNumber": "2"}, {"pageNumber": "3"}],
        fake_sent=[{}, {"pageNumber": "2"}],
    ),
    # Without page fields a short page ends the list; pages counted from 0.
    "page_short": Style(
        pagination="{style: page, page_param: pageNumber, size_param: pageSize, first_page: 0}",
        meta="",
        query="{pageSize: {type: integer, optional: true}}",
        server="""
def server(query):
    page, size = int(query.get("pageNumber", "0")), int(query.get("pageSize", "10"))
    return {"items": ENTRIES[page * size : (page + 1) * size]}
""",
        arguments={"page_size": 2},
        sent=[
            {"pageSize": "2"},
            {"pageSize": "2", "pageNumber": "1"},
            {"pageSize": "2", "pageNumber": "2"},
        ],
        fake_sent=[{"pageSize": "2"}, {"pageSize": "2", "pageNumber": "1"}],
    ),
    "offset": Style(
        pagination=(
            "{style: offset, offset_param: skipCount, limit_param: pageLimit,"
            " total_field: meta.totalCount}"
        ),
        meta="{totalCount: integer}",
        query="{pageLimit: {type: integer, optional: true}}",
        server="""
def server(query):
    start, limit = int(query.get("skipCount", "0")), int(query.get("pageLimit", "10"))
    return {"items": ENTRIES[start : start + limit], "meta": {"totalCount": len(ENTRIES)}}
""",
        arguments={"page_limit": 2},
        sent=[
            {"pageLimit": "2"},
            {"pageLimit": "2", "skipCount": "2"},
            {"pageLimit": "2", "skipCount": "4"},
        ],
        fake_sent=[{"pageLimit": "2"}, {"pageLimit": "2", "skipCount": "2"}],
    ),
    # The next page's URL is relative to the request's; it carries the filter along.
    "next_url": Style(
        pagination="{style: next_url, next_url_field: meta.nextPage}",
        meta="{nextPage: string | null}",
        query="{kind: {type: string, optional: true}}",
        server="""
def server(query):
    start = int(query.get("from", "0"))
    following = f"/entries?kind=k&from={start + 2}" if start + 2 < len(ENTRIES) else None
    return {"items": ENTRIES[start : start + 2], "meta": {"nextPage": following}}
""",
        arguments={"kind": "k"},
        sent=[{"kind": "k"}, {"kind": "k", "from": "2"}, {"kind": "k", "from": "4"}],
        fake_sent=[{"kind": "k"}, {"kind": "k", "fake_page": "2"}],
    ),
    # The body is a bare list; the Link header's next URL is absolute.
    "link_header": Style(
        pagination="{style: link_header}",
        meta="",
        query="{}",
        server="""
def server(query):
    start = int(query.get("page", "0"))
    links = ['<https://linkheaderstyle.example.com/entries?page=0>; rel="first"']
    if start + 2 < len(ENTRIES):
        links.append(f'<https://linkheaderstyle.example.com/entries?page={start + 2}>; rel="next"')
    return ENTRIES[start : start + 2], {"Link": ", ".join(links)}
""",
        arguments={},
        sent=[{}, {"page": "2"}, {"page": "4"}],
        fake_sent=[{}, {"fake_page": "2"}],
        operation="envelope: false",
    ),
    # HAL: the list at `_embedded.entries`, the page counters in `page`.
    "hal_page": Style(
        pagination=(
            "{style: page, page_param: pageNumber, current_page_field: page.number,"
            " total_pages_field: page.totalPages}"
        ),
        meta="",
        query="{}",
        server="""
def server(query):
    page = int(query.get("pageNumber", "1"))
    return {
        "_embedded": {"entries": ENTRIES[(page - 1) * 2 : page * 2]},
        "page": {"number": page, "totalPages": 3, "size": 2},
    }
""",
        arguments={},
        sent=[{}, {"pageNumber": "2"}, {"pageNumber": "3"}],
        fake_sent=[{}, {"pageNumber": "2"}],
        operation="items: _embedded.entries",
    ),
    # HAL: the next page's URL at `_links.next.href`.
    "hal_next": Style(
        pagination="{style: next_url, next_url_field: _links.next.href}",
        meta="",
        query="{}",
        server="""
def server(query):
    start = int(query.get("start", "0"))
    links = {"self": {"href": f"/entries?start={start}"}}
    if start + 2 < len(ENTRIES):
        links["next"] = {"href": f"https://halnextstyle.example.com/entries?start={start + 2}"}
    return {"_embedded": {"entries": ENTRIES[start : start + 2]}, "_links": links}
""",
        arguments={},
        sent=[{}, {"start": "2"}, {"start": "4"}],
        fake_sent=[{}, {"fake_page": "2"}],
        operation="items: _embedded.entries",
    ),
}

SPEC = """\
api:
  name: {name}
  title: {client}
  version: v1
  client: {client}
  source: {name}.txt
  base_url: {{default: "https://{name}.example.com", env: {env}_BASE_URL}}
  auth: {{scheme: bearer, credentials: {{token: {{env: {env}_TOKEN}}}}}}
  envelope: {{data: items{meta_field}}}
{api_pagination}  error_body: {{messages: [error]}}
types:
{meta_type}  Entry:
    fields:
      id: string
resources:
  entries:
    operations:
      list:
        endpoint: GET /entries
        query: {query}
        response: list[Entry]
{op_pagination}"""

FAKE_PAGES = [[{"id": "a"}, {"id": "b"}], [{"id": "c"}]]

# Run in the scratch tree with the style's name, client class and server: prints what each walk
# requested and returned, as JSON.
PROGRAM = """\
import asyncio, importlib, json, sys
import httpx

name, client_name = sys.argv[1], sys.argv[2]
arguments, fake_pages = json.loads(sys.argv[3]), json.loads(sys.argv[4])
package = importlib.import_module(f"apiclients.{name}")
testing = importlib.import_module(f"apiclients.{name}.testing")
ENTRIES = [{"id": str(n)} for n in range(5)]
exec(sys.argv[5])

def transport(sent):
    def handler(request):
        query = dict(request.url.params)
        sent.append(query)
        answer = server(query)
        body, headers = answer if isinstance(answer, tuple) else (answer, {})
        return httpx.Response(200, json=body, headers=headers)
    return httpx.MockTransport(handler)

def walk():
    sent = []
    client = getattr(package, client_name)("t", http_client=httpx.Client(transport=transport(sent)))
    return {"ids": [e.id for e in client.entries.list(**arguments)], "sent": sent}

async def walk_async():
    sent = []
    http = httpx.AsyncClient(transport=transport(sent))
    client = getattr(package, "Async" + client_name)("t", http_client=http)
    ids = [e.id async for e in client.entries.list(**arguments)]
    await http.aclose()
    return {"ids": ids, "sent": sent}

fake = getattr(testing, "Fake" + client_name)()
fake.entries.list.respond_pages(*fake_pages)
fake_ids = [e.id for e in fake.client().entries.list(**arguments)]
fake_sent = [c.query for c in fake.entries.list.calls]

async def fake_walk_async():
    async with fake.async_client() as client:
        return [e.id async for e in client.entries.list(**arguments)]

out = {
    "walk": walk(),
    "async": asyncio.run(walk_async()),
    "fake": {"ids": fake_ids, "sent": fake_sent},
    "fake_async": asyncio.run(fake_walk_async()),
}
print(json.dumps(out))
"""


def _client(style: str) -> str:
    return "".join(part.title() for part in style.split("_")) + "Style"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scratch tree holding an API per style."""
    root = tmp_path_factory.mktemp("styles")
    specs = root / "specs"
    specs.mkdir()
    for style, case in STYLES.items():
        name = style.replace("_", "") + "style"
        text = SPEC.format(
            name=name,
            client=_client(style),
            env=name.upper(),
            meta_field=", fields: {meta: {type: Meta, optional: true}}" if case.meta else "",
            meta_type=f"  Meta:\n    fields: {case.meta}\n" if case.meta else "",
            api_pagination=f"  pagination: {case.pagination}\n" if case.operation is None else "",
            op_pagination=(
                "        paginated: true\n"
                if case.operation is None
                else f"        {case.operation}\n        pagination: {case.pagination}\n"
            ),
            query=case.query,
        )
        (specs / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = root / "out"
    assert main(["--root", str(root), "--specs", str(specs), "--out", str(out), "generate"]) == 0
    return out


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_style_walks_every_page_of_a_server_and_of_its_fake(tree: Path, style: str) -> None:
    case = STYLES[style]
    argv = [
        style.replace("_", "") + "style",
        _client(style),
        json.dumps(case.arguments),
        json.dumps(FAKE_PAGES),
        case.server,
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, import_paths(tree)))}
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, *argv], cwd=tree, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    walks = json.loads(result.stdout)

    assert walks["walk"] == {"ids": ["0", "1", "2", "3", "4"], "sent": case.sent}
    assert walks["async"] == walks["walk"]
    assert walks["fake"] == {"ids": ["a", "b", "c"], "sent": case.fake_sent}
    assert walks["fake_async"] == ["a", "b", "c"]
