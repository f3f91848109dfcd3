"""Run by benchmarks/parse.py in a fresh interpreter: times the parsers of one payload.

`python parse_worker.py CONFIG_JSON`, CONFIG_JSON holding `subject` (a key of
parse_subjects.SUBJECTS), `payload` (a file), `path` (folders put first on sys.path), `peer_site`
(the peer's site-packages, put last), `rounds` and `session`.

Two regimes, each interleaved (every round runs every parser once, in an order that rotates):

- alone: a full collection (untimed), then one parse timed with the collector off for every
  parser, then its result dropped (untimed): the work of building the objects;
- kept: a full collection (untimed), then `session` parses with the collector on, each result
  kept as a caller keeps it, and a last young collection: timed together, so the collections the
  kept objects cause are timed too, wherever they fall (ours pauses the collector during a parse,
  which defers its collection to the first allocation after it); the figure is the session's time
  divided by `session`.

Wall and CPU seconds are both taken: on a loaded machine a process's wall time is mostly its wait
for a core. Prints one JSON object: median seconds per parse by clock, regime and parser.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from typing import Any


def main() -> None:
    config = json.loads(sys.argv[1])
    sys.path[:0] = config["path"]
    sys.path.append(config["peer_site"])
    from parse_subjects import SUBJECTS

    parsers = SUBJECTS[config["subject"]]()
    with open(config["payload"], "rb") as file:
        body = file.read()
    for parse in parsers.values():  # build every schema before timing
        parse(body)
    names = list(parsers)
    times: dict[str, list[tuple[float, float]]] = {
        f"{regime} {name}": [] for regime in ("alone", "kept") for name in names
    }
    for round_ in range(config["rounds"]):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            times[f"alone {name}"].append(alone(parsers[name], body))
        if round_ % 2 == 0:
            for name in order:
                times[f"kept {name}"].append(kept(parsers[name], body, config["session"]))
    found: dict[str, Any] = {}
    for key, samples in times.items():
        regime, name = key.split()
        for index, clock in enumerate(("wall", "cpu")):
            by_name = found.setdefault(clock, {}).setdefault(regime, {})
            by_name[name] = statistics.median(sample[index] for sample in samples)
    print(json.dumps(found))


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def alone(parse: Any, body: bytes) -> tuple[float, float]:
    gc.collect()
    gc.disable()
    wall, cpu = clocks()
    result = parse(body)
    wall_end, cpu_end = clocks()
    gc.enable()
    del result  # freed untimed
    return wall_end - wall, cpu_end - cpu


def kept(parse: Any, body: bytes, session: int) -> tuple[float, float]:
    gc.collect()
    results = []
    wall, cpu = clocks()
    for _ in range(session):
        results.append(parse(body))
    gc.collect(0)
    wall_end, cpu_end = clocks()
    del results  # freed untimed
    return (wall_end - wall) / session, (cpu_end - cpu) / session


if __name__ == "__main__":
    main()
