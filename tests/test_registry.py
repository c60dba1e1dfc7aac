"""Backends are chosen by name from one registry."""

from __future__ import annotations

import pytest

from extractor.backends import available_backends, create_backend, register
from extractor.errors import ConfigError
from extractor.settings import Settings
from tests.helpers import ScriptedBackend


def test_rules_is_the_default_backend():
    backend = create_backend(Settings())
    assert backend.name == "rules"
    assert "rules" in available_backends()


def test_unknown_backend_names_the_choices():
    with pytest.raises(ConfigError) as info:
        create_backend(Settings(backend="nonesuch"))
    assert "nonesuch" in str(info.value) and "rules" in str(info.value)


def test_a_registered_backend_is_created_by_name():
    register("scripted-test", lambda settings: ScriptedBackend(lambda c, x: None))
    assert isinstance(create_backend(Settings(backend="scripted-test")), ScriptedBackend)
    assert "scripted-test" in available_backends()


def test_backend_names_are_normalised():
    assert Settings(backend="  RULES ").backend == "rules"
