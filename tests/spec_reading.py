"""The repository's specs read on their own, for tests that check output against the spec itself
rather than against the IR built from it."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import Project
from generator.spec.loader import load_spec
from generator.spec.model import Operation, Spec

ROOT = Path(__file__).resolve().parents[1]
SPECS: dict[str, Spec] = {
    spec.api.name: spec for spec in (load_spec(p).spec for p in Project.at(ROOT).spec_files())
}


def spec_operation(spec: Spec, dotted: str) -> Operation:
    """The operation `people.notes.list` of a spec."""
    *resources, name = dotted.split(".")
    resource = spec.resources[resources[0]]
    for child in resources[1:]:
        resource = resource.resources[child]
    return resource.operations[name]
