"""The examples in the engine's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import meetingrules


def _has_examples(name: str) -> bool:
    return any(test.examples for test in doctest.DocTestFinder().find(importlib.import_module(name)))


MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(meetingrules.__path__, "meetingrules.")
    if name != "meetingrules.docgen" and _has_examples(name)
)


def test_the_modules_that_show_examples_are_collected():
    """The modules known to carry docstring examples are among those the examples test runs."""
    assert {
        "meetingrules.i18n",
        "meetingrules.model",
        "meetingrules.policy",
        "meetingrules.rules",
        "meetingrules.rules.fixtures",
        "meetingrules.rules.targets",
    } <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    """Every example in the module's docstrings gives the output it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
