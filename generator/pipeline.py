"""Specs in, files out: load and validate every spec, resolve it, build the IR, render the tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, overload

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
    cache: Path

    @classmethod
    def at(cls, root: Path, specs: Path | None = None, out: Path | None = None) -> Project:
        return cls(root, specs or root / "specs", out or root / "generated", root / ".apigen-cache")

    def spec_files(self) -> list[Path]:
        return sorted(self.specs.glob("*.yaml"))

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


_T = TypeVar("_T")


class FormatCache(dict[str, str]):
    """Formatted code by hash of its source, kept on disk so unchanged files are not reformatted."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.new: dict[str, str] = {}

    @overload
    def get(self, key: str, default: None = None, /) -> str | None: ...
    @overload
    def get(self, key: str, default: str, /) -> str: ...
    @overload
    def get(self, key: str, default: _T, /) -> str | _T: ...

    def get(self, key: str, default: object = None, /) -> object:
        """The formatted code, from memory or else from disk."""
        if key in self:
            return self[key]
        path = self.folder / key[:2] / key
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            self[key] = text
            return text
        return default

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        self.new[key] = value

    def save(self) -> None:
        for key, text in self.new.items():
            path = self.folder / key[:2] / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.new.clear()


def render(
    project: Project, apis: list[Loaded], *, whole_files: bool = False
) -> list[RenderedFile]:
    cache = FormatCache(project.cache / "format")
    renderer = Renderer(cache, whole_files=whole_files)
    openapi = {api.model.name: dumps(build_openapi(api.model)) for api in apis}
    files = renderer.render([api.ir for api in apis], openapi)
    cache.save()
    return files
