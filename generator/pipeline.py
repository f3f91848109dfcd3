"""Specs in, files out: load and validate every spec, resolve it, build the IR, render the tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .collector import acyclic_stage
from .distributions import CORE, Distribution
from .ir.build import build_api
from .ir.model import ApiIR
from .openapi import build_openapi, dumps
from .render.render import RenderedFile, Renderer
from .resolved.build import resolve
from .resolved.nodes import Api
from .spec.errors import SpecError, SpecErrors
from .spec.loader import load_spec


@dataclass
class Project:
    root: Path
    specs: Path
    out: Path

    @classmethod
    def at(cls, root: Path, specs: Path | None = None, out: Path | None = None) -> Project:
        return cls(root, specs or root / "specs", out or root / "generated")

    @property
    def changelogs(self) -> Path:
        """The distributions' changelogs, which hold their versions (generator/distributions.py)."""
        return self.specs / "changelogs"

    def spec_files(self) -> list[Path]:
        return sorted(self.specs.glob("*.yaml"))

    def changelog(self, key: str) -> str | None:
        """A distribution's changelog, or None when it has none yet."""
        path = Distribution(key).changelog(self.changelogs)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Loaded:
    """One API: its resolved model (what the OpenAPI export reads) and its IR (what the
    templates print)."""

    model: Api
    ir: ApiIR


def load(project: Project, files: list[Path] | None = None) -> list[Loaded]:
    """Every spec validated, resolved and turned into IR; all errors of all specs raised
    together."""
    errors: list[SpecError] = []
    apis: list[Loaded] = []
    for path in files if files is not None else project.spec_files():
        try:
            with acyclic_stage():
                model = resolve(load_spec(path, project.display(path)))
                apis.append(Loaded(model, build_api(model)))
        except SpecErrors as exc:
            errors.extend(exc.errors)
    names: dict[str, str] = {}
    for api in apis:
        name, file = api.model.name, api.model.file
        if name in names:
            message = f"API name {name!r} is also used by {names[name]}"
            errors.append(SpecError(file, 1, 1, "api.name", message))
        names[name] = file
    if errors:
        raise SpecErrors(errors)
    if not apis:
        raise SpecErrors(
            [SpecError(project.display(project.specs), 1, 1, "", "no *.yaml specs found")]
        )
    return apis


def load_apis(project: Project, files: list[Path] | None = None) -> list[ApiIR]:
    """Every spec's IR (see `load`)."""
    return [api.ir for api in load(project, files)]


def render(project: Project, apis: list[Loaded], *, with_black: bool = False) -> list[RenderedFile]:
    with acyclic_stage():
        openapi = {api.model.name: dumps(build_openapi(api.model)) for api in apis}
    names = [api.model.name for api in apis]
    changelogs = {key: project.changelog(key) for key in [CORE, *names]}
    return Renderer(with_black=with_black).render([api.ir for api in apis], openapi, changelogs)
