"""The examples in the engine's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import meetingrules

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(meetingrules.__path__, "meetingrules.") if name != "meetingrules.docgen"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    """Every example in the module's docstrings gives the output it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
