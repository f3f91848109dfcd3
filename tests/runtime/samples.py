"""Minimal NiceJob entities, as the API sends them."""

from __future__ import annotations

from typing import Any

STAMP = "2024-01-02T03:04:05Z"


def person(pid: str = "p1", **overrides: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "address": None,
        "blocked": False,
        "company": None,
        "created_at": STAMP,
        "email": f"{pid}@example.com",
        "first_name": "Ann",
        "initial_source": None,
        "last_name": None,
        "lifecycle_stage": None,
        "phone": None,
        "position": None,
        "tags": [],
        "updated_at": STAMP,
        **overrides,
    }


def booking(bid: str = "b1") -> dict[str, Any]:
    return {
        "id": bid,
        "amount": 10.5,
        "complete": False,
        "completed_time": None,
        "created_at": STAMP,
        "employee_ids": [],
        "name": None,
        "person_ids": ["p1"],
        "scheduled_time": None,
        "tags": [],
        "updated_at": STAMP,
    }


def envelope(data: Any, cursor: str | None = None, error: str | None = None) -> dict[str, Any]:
    return {"data": data, "cursor": cursor, "error": error}
