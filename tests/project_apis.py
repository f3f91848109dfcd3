"""The repository's specs loaded once per test process (their resolved models and their IR):
several test modules parametrize over them when they are collected, and each test worker
collects them all."""

from __future__ import annotations

from pathlib import Path

from generator.ir.model import ApiIR
from generator.pipeline import Loaded, Project, load

LOADED: list[Loaded] = load(Project.at(Path(__file__).resolve().parents[1]))
APIS: list[ApiIR] = [api.ir for api in LOADED]
