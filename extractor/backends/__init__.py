"""Backends by name: the registry the pipeline and CLI pick from.

Built-in backends are registered as import paths so that choosing ``rules``
never imports ``openai``; third-party backends register through the
``govreport_extractor.backends`` entry-point group, or by calling
:func:`register` before the run.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Callable

from ..errors import ConfigError, MissingDependencyError
from .base import Backend, BackendInfo, ChunkFacts, ChunkFailed, DocContext

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = [
    "Backend",
    "BackendInfo",
    "ChunkFacts",
    "ChunkFailed",
    "DocContext",
    "available_backends",
    "create_backend",
    "register",
]

BackendFactory = Callable[["Settings"], Backend]

_BUILTIN: dict[str, str] = {
    "rules": "extractor.backends.rules:RulesBackend",
    "openai": "extractor.backends.llm:OpenAIBackend",
    "replay": "extractor.backends.llm:ReplayBackend",
}
_REGISTERED: dict[str, BackendFactory] = {}
_ENTRY_POINT_GROUP = "govreport_extractor.backends"


def register(name: str, factory: BackendFactory | str) -> None:
    """Make a backend available under ``name`` (a factory or 'module:attr')."""
    if isinstance(factory, str):
        _BUILTIN[name] = factory
    else:
        _REGISTERED[name] = factory


def available_backends() -> list[str]:
    names = set(_BUILTIN) | set(_REGISTERED)
    names |= {ep.name for ep in entry_points(group=_ENTRY_POINT_GROUP)}
    return sorted(names)


def _load(path: str) -> Any:
    module, _, attr = path.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except ModuleNotFoundError as exc:
        missing = exc.name or module
        raise MissingDependencyError(
            f"backend needs the package {missing!r}, which is not installed",
            hint="install the project with `pip install -e .` (see README)",
        ) from None


def create_backend(settings: "Settings") -> Backend:
    """A ready backend for ``settings.backend``, or a ConfigError naming the choices."""
    name = settings.backend
    if name in _REGISTERED:
        return _REGISTERED[name](settings)
    if name in _BUILTIN:
        return _load(_BUILTIN[name])(settings)
    for ep in entry_points(group=_ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.load()(settings)
    raise ConfigError(
        f"unknown backend {name!r}; choose one of: {', '.join(available_backends())}"
    )
