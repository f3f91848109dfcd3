"""Memory stays bounded by default: every encoding httpx decodes is decoded here within
`max_response_bytes`, stopped before the decoder produces more; the page walk keeps digests."""

from __future__ import annotations

import gc
import gzip
import json
import os
import subprocess
import sys
import textwrap
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest
import zstandard

import apiclients
from apiclients import errors
from apiclients.nicejob import NiceJob
from apiclients.timetap import AsyncTimeTap, TimeTap
from tests.hostile.probes import MIB, TOKEN, bomb, nicejob
from tests.runtime.apis.test_timetap import Sessions, campaign
from tests.runtime.conftest import call
from tests.runtime.samples import envelope, person
from tests.server.fakeapi import FakeAPI, Received, Reply

ENCODINGS = ["gzip", "deflate", "br", "zstd"]
PLAIN = json.dumps(envelope(person())).encode()


def test_a_client_has_a_response_limit_by_default() -> None:
    from apiclients._core.client import DEFAULT_MAX_RESPONSE_BYTES

    assert DEFAULT_MAX_RESPONSE_BYTES == 32 * MIB
    assert NiceJob(access_token=TOKEN).max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
    assert NiceJob(access_token=TOKEN, max_response_bytes=None).max_response_bytes is None


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(PLAIN)),
        ("deflate", zlib.compress(PLAIN)),
        ("deflate", zlib.compress(PLAIN)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress(PLAIN)),
        ("zstd", zstandard.ZstdCompressor().compress(PLAIN)),
        ("gzip, br", brotli.compress(gzip.compress(PLAIN))),
        ("identity", PLAIN),
        ("x-unknown", PLAIN),  # kept as received, as httpx keeps it
    ],
    ids=["gzip", "deflate", "raw-deflate", "br", "zstd", "gzip-then-br", "identity", "unknown"],
)
def test_each_encoding_is_decoded(api: FakeAPI, mode: str, encoding: str, encoded: bytes) -> None:
    api.script("GET", "/v2/people/p1", Reply(body=encoded, headers={"Content-Encoding": encoding}))
    assert nicejob(mode, api, lambda c: c.people.retrieve("p1")).id == "p1"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_bomb_stops_at_the_limit_before_it_is_decoded(
    api: FakeAPI, mode: str, encoding: str
) -> None:
    # 256 MiB of zeros against a 1 MiB limit: the decoder must not produce much past 1 MiB.
    next(bomb(encoding, 256))  # the bomb is made (and cached) before memory is traced
    api.script(
        "GET",
        "/v2/people/p1",
        Reply(stream=lambda: bomb(encoding, 256), headers={"Content-Encoding": encoding}),
    )
    tracemalloc.start()
    try:
        with pytest.raises(errors.ResponseTooLargeError, match="passes that size"):
            nicejob(mode, api, lambda c: c.people.retrieve("p1"), max_response_bytes=MIB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB, f"{encoding}: {peak / MIB:.1f} MiB allocated for a 1 MiB limit"


def test_an_endless_body_stops_at_the_default_limit(api: FakeAPI, mode: str) -> None:
    def endless() -> Any:
        yield b'{"data": "'
        for _ in range(3200):  # 200 MiB, were nothing to stop it
            yield b"x" * 65536

    api.script("GET", "/v2/people/p1", Reply(stream=endless))
    with pytest.raises(errors.ResponseTooLargeError) as info:
        nicejob(mode, api, lambda c: c.people.retrieve("p1"))
    assert info.value.limit == 32 * MIB  # the default


PEAK_SCRIPT = textwrap.dedent("""
    import json, sys
    from apiclients import errors
    from apiclients.nicejob import NiceJob

    def peak_mb():
        # VmHWM, not ru_maxrss: that one keeps the peak of the parent this process forked from.
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    client = NiceJob(access_token="t", base_url=sys.argv[1])
    client.with_options(max_response_bytes=10).people  # resources and models loaded
    before = peak_mb()
    try:
        client.people.retrieve("p1")
        outcome = "read"
    except errors.ResponseTooLargeError:
        outcome = "refused"
    except MemoryError:
        outcome = "MemoryError"
    print(json.dumps({"outcome": outcome, "before_mb": before, "peak_mb": peak_mb()}))
    """)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS is read from /proc")
@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
def test_a_2_gb_bomb_leaves_peak_memory_near_the_default_limit(api: FakeAPI, encoding: str) -> None:
    """The client runs in a subprocess whose peak RSS is read (Linux): a generous bound (200 MB),
    not a measurement; the figures are printed with -s. The address space is capped at 1 GiB so
    that a client without the limit fails fast instead of taking the machine's memory."""
    api.script(
        "GET",
        "/v2/people/p1",
        Reply(stream=lambda: bomb(encoding, 2048), headers={"Content-Encoding": encoding}),
    )
    # Where this process imports `apiclients` from: one folder per distribution.
    where = os.pathsep.join(str(Path(part).parent) for part in apiclients.__path__)
    env = {**os.environ, "PYTHONPATH": where}
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    run = subprocess.run(
        [sys.executable, "-c", limit + PEAK_SCRIPT, api.url],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout)
    print(f"\n2 GiB {encoding} bomb, default limit 32 MiB: {figures}")
    assert figures["outcome"] == "refused"
    assert figures["peak_mb"] < 200


# -- the page walk ------------------------------------------------------------------------------


def _walk(client: Any, **arguments: Any) -> Any:
    if isinstance(client, NiceJob):
        return sum(1 for _ in client.people.list(**arguments))

    async def count() -> int:
        return len([p async for p in client.people.list(**arguments)])

    return count()


def test_the_loop_guard_keeps_digests_not_cursors() -> None:
    pages = 300

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("cursor", "0")[:6] or 0)
        following = f"{number + 1:06d}" + "c" * 30_000 if number + 1 < pages else None
        return httpx.Response(200, json=envelope([person(f"p{number}")], cursor=following))

    # A mock transport: the local server would keep every request it received.
    client = NiceJob(
        access_token=TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(page))
    )
    kept: dict[int, int] = {}
    tracemalloc.start()
    try:
        walked = 0
        for _ in client.people.list():
            walked += 1
            if walked in (pages // 2, pages):  # the walk (and its guard) still alive
                gc.collect()  # httpx's cookie jar leaves cycles behind on every response
                kept[walked] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert walked == pages
    # Over the second half of the walk, 150 cursors of 30 KB would be 4.5 MB; digests are a few
    # KB. (Caches of fixed size, such as urllib's of parsed URLs, are full by the first half.)
    grown = kept[pages] - kept[pages // 2]
    assert grown < MIB, f"{grown / MIB:.1f} MiB more kept after {pages} pages than after half"


def test_a_server_ignoring_the_cursor_with_varying_bytes_ends_in_a_loop_error(
    api: FakeAPI, mode: str
) -> None:
    served = []

    def same_people(request: Received) -> Reply:
        served.append(request)
        # A new cursor every time, and the same two people: no page is byte-identical.
        following = None if len(served) >= 50 else f"c{len(served)}"
        return Reply(json=envelope([person("p1"), person("p2")], cursor=following))

    api.handle("GET", "/v2/people", same_people)
    with pytest.raises(errors.PaginationLoopError, match="page 2 holds the same 2 items as page 1"):
        nicejob(mode, api, _walk)
    assert len(served) == 2


def test_a_server_ignoring_the_page_number_with_varying_bytes_ends_in_a_loop_error(
    api: FakeAPI, mode: str
) -> None:
    Sessions(api)
    served = []

    def same_campaigns(request: Received) -> Reply:
        served.append(request)
        # The same campaigns, each answer stamped differently; 50 pages, then a short one.
        size = 2 if len(served) < 50 else 1
        return Reply(json=[campaign(i, requestNumber=len(served)) for i in range(size)])

    api.handle("GET", "/live/invitationCampaign", same_campaigns)

    def walk(client: Any) -> Any:
        if isinstance(client, TimeTap):
            return list(client.invitation_campaigns.list(professional_id=1, page_size=2))

        async def collect() -> list[Any]:
            return [
                c async for c in client.invitation_campaigns.list(professional_id=1, page_size=2)
            ]

        return collect()

    with pytest.raises(errors.PaginationLoopError, match="page 2 holds the same 2 items"):
        call(
            mode,
            TimeTap,
            AsyncTimeTap,
            walk,
            api_key="k",
            private_key="p",
            base_url=api.url + "/live",
        )
    assert len(served) == 2
