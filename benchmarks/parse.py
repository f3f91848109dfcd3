"""Parse throughput: ours against plain pydantic models and openapi-python-client on two
listings of 10,000 items, timed by `parse_worker.py` (interleaved, collector controlled, two
regimes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from peers import OPC
from project import GENERATED, ROOT, generated_path, opc_generate

PERSON = {
    "id": "p-0",
    "address": {
        "address": "1 Main St",
        "city": "Halifax",
        "country": "CA",
        "state": "NS",
        "unit": None,
        "zip": "B3H",
    },
    "blocked": False,
    "company": "Acme",
    "created_at": "2024-01-02T03:04:05Z",
    "email": "ann@example.com",
    "first_name": "Ann",
    "initial_source": "api",
    "last_name": "Lee",
    "lifecycle_stage": "customer",
    "phone": "+1 902 555 0100",
    "position": None,
    "tags": ["vip", "repeat"],
    "updated_at": "2024-03-04T05:06:07Z",
}


def people(count: int = 10_000) -> list[dict[str, Any]]:
    return [{**PERSON, "id": f"p-{i}", "email": f"p{i}@example.com"} for i in range(count)]


def nimble_contact() -> dict[str, Any]:
    """The contact the Nimble document prints (the spec's example of `contacts.retrieve`)."""
    import yaml

    spec = yaml.safe_load((ROOT / "specs" / "nimble.yaml").read_text(encoding="utf-8"))
    for example in spec["resources"]["contacts"]["operations"]["retrieve"]["examples"]:
        if example.get("response"):
            return dict(example["response"]["resources"][0])
    raise LookupError("no contact example in specs/nimble.yaml")


def payloads() -> dict[str, dict[str, Any]]:
    contact = nimble_contact()
    contacts = [{**contact, "id": f"{i:024x}"} for i in range(10_000)]
    meta = {"page": 1, "pages": 1, "per_page": len(contacts), "total": len(contacts)}
    return {
        "nicejob": {"data": people(), "cursor": None, "error": None},
        "nimble": {"resources": contacts, "meta": meta},
    }


def bench_parse(work: Path, env: dict[str, str], rounds: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for api, body in payloads().items():
        out = work / f"opc_parse_{api}"
        out.mkdir()
        opc_generate(GENERATED / "openapi" / f"{api}.json", out / f"opc_{api}", env)
        payload = work / f"{api}_payload.json"
        payload.write_text(json.dumps(body), encoding="utf-8")
        config = {
            "subject": api,
            "payload": str(payload),
            "path": [str(ROOT / "benchmarks"), str(out), *generated_path()],
            "peer_site": str(OPC.site_packages),
            "rounds": rounds,
            "session": 3,
        }
        worker = str(ROOT / "benchmarks" / "parse_worker.py")
        found = subprocess.run(
            [sys.executable, worker, json.dumps(config)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if found.returncode != 0:
            raise RuntimeError(f"parse worker failed for {api}:\n{found.stderr}")
        timings = json.loads(found.stdout)
        results[api] = {
            "timings": timings,
            **{
                f"{clock}_{regime}_{key}": value
                for clock, by_regime in timings.items()
                for regime, by_name in by_regime.items()
                for key, value in ratios(by_name).items()
            },
        }
    return results


def ratios(by_name: dict[str, float]) -> dict[str, float]:
    return {
        "vs_opc": by_name["opc"] / by_name["ours"],
        "vs_plain_keep": by_name["ours"] / by_name["plain_keep"],
        "vs_plain": by_name["ours"] / by_name["plain"],
        "plain_vs_opc": by_name["opc"] / by_name["plain"],
    }
