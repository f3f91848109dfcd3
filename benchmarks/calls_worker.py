"""Run by benchmarks/calls.py in a fresh interpreter: a NiceJob client over httpx's
MockTransport, so that only client-side work is timed.

- overhead: `client.people.retrieve("p1")` against raw `httpx.Client.get(...).json()` over the
  same transport answering the same bytes; CPU seconds per call, batches of calls interleaved;
- tolerant: `client.people.list()` reading a page of 10,000 people that is valid, that has one
  item missing a required field, or whose every item misses one (read tolerantly, the client's
  default); a full collection before each read (untimed), the result dropped untimed.

`python calls_worker.py CONFIG_JSON` with `path` (folders put first on sys.path), `person`,
`batches`, `batch` and `rounds`. Prints one JSON object.
"""

from __future__ import annotations

import gc
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def transport(body: bytes) -> Any:
    import httpx

    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    return httpx.MockTransport(lambda request: httpx.Response(200, headers=headers, content=body))


def overhead(person: dict[str, Any], batches: int, batch: int) -> dict[str, Any]:
    import httpx

    from apiclients.nicejob import NiceJob

    body = json.dumps({"data": person, "cursor": None, "error": None}).encode()
    url = "https://api.example"
    raw = httpx.Client(
        base_url=url, headers={"Authorization": "Bearer t"}, transport=transport(body)
    )
    client = NiceJob(
        access_token="t", base_url=url, http_client=httpx.Client(transport=transport(body))
    )
    calls: dict[str, Callable[[], Any]] = {
        "raw_httpx": lambda: raw.get("/v2/people/p1").json()["data"],
        "apiclients": lambda: client.people.retrieve("p1"),
    }
    for call in calls.values():
        for _ in range(batch):
            call()
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for index in range(batches):
        for name in list(calls)[index % 2 :] + list(calls)[: index % 2]:
            call = calls[name]
            started = time.process_time()
            for _ in range(batch):
                call()
            cpu[name].append((time.process_time() - started) / batch)
    per_call = {name: statistics.median(found) for name, found in cpu.items()}
    return {
        "raw_httpx_cpu_s": per_call["raw_httpx"],
        "apiclients_cpu_s": per_call["apiclients"],
        "overhead_cpu_s": per_call["apiclients"] - per_call["raw_httpx"],
        "calls": batches * batch,
    }


def tolerant(person: dict[str, Any], rounds: int) -> dict[str, Any]:
    import httpx

    from apiclients.nicejob import NiceJob

    people = [{**person, "id": f"p-{i}", "email": f"p{i}@example.com"} for i in range(10_000)]
    missing = {key: value for key, value in person.items() if key != "blocked"}
    pages = {
        "valid": people,
        "one_bad": [*people[:5_000], {**missing, "id": "p-bad"}, *people[5_001:]],
        "all_bad": [{**missing, "id": f"p-{i}"} for i in range(10_000)],
    }
    clients = {
        name: NiceJob(
            access_token="t",
            http_client=httpx.Client(
                transport=transport(json.dumps({"data": items, "cursor": None}).encode())
            ),
        )
        for name, items in pages.items()
    }
    logging.getLogger("apiclients").setLevel(logging.ERROR)  # the warnings, once per field
    for client in clients.values():
        assert len(client.people.list().items) == 10_000
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in clients}
    for round_ in range(rounds):
        order = list(clients)[round_ % 3 :] + list(clients)[: round_ % 3]
        for name in order:
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            page = clients[name].people.list()
            samples[name].append((time.perf_counter() - wall, time.process_time() - cpu))
            del page
    found = {
        f"{name}_{clock}_s": statistics.median(sample[index] for sample in runs)
        for name, runs in samples.items()
        for index, clock in enumerate(("wall", "cpu"))
    }
    for clock in ("wall", "cpu"):
        for name in ("one_bad", "all_bad"):
            found[f"{name}_{clock}_ratio"] = found[f"{name}_{clock}_s"] / found[f"valid_{clock}_s"]
    return found


def main() -> None:
    config = json.loads(sys.argv[1])
    sys.path[:0] = config["path"]
    print(
        json.dumps(
            {
                "overhead": overhead(config["person"], config["batches"], config["batch"]),
                "tolerant": tolerant(config["person"], config["rounds"]),
            }
        )
    )


if __name__ == "__main__":
    main()
