"""The IR of the repository's specs, built once per test process: several test modules
parametrize over it when they are collected, and each test worker collects them all."""

from __future__ import annotations

from pathlib import Path

from generator.ir.model import ApiIR
from generator.pipeline import Project, load_apis

APIS: list[ApiIR] = load_apis(Project.at(Path(__file__).resolve().parents[1]))
