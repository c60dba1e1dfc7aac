"""The offline, deterministic rules backend (the default)."""

from .backend import RulesBackend

__all__ = ["RulesBackend"]
