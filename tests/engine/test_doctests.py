"""The examples in the engine's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import meetingrules

def _has_examples(name: str) -> bool:
    finder = doctest.DocTestFinder()
    return any(test.examples for test in finder.find(importlib.import_module(name)))


MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(meetingrules.__path__, "meetingrules.")
    if name != "meetingrules.docgen" and _has_examples(name)
)


def test_the_engine_has_docstring_examples():
    """The engine's modules carry examples to run (an empty collection would test nothing)."""
    assert len(MODULES) >= 3


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    """Every example in the module's docstrings gives the output it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} is listed as having examples but has none"
