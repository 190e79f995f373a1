"""The JSON document's own indented encoder writes what the standard library would."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.render.json_doc import encode

_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="utf-8"))
)
_KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_encode_equals_json_dumps_indented(value):
    """Any JSON value is encoded byte for byte as json.dumps(ensure_ascii=False, indent=2) encodes it."""
    assert encode(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_encode_refuses_what_json_refuses():
    """A value json cannot write (a set) raises TypeError, as json.dumps does."""
    for bad in ({1, 2}, {"a": object()}, {(1, 2): 3}):
        try:
            json.dumps(bad, ensure_ascii=False, indent=2)
        except TypeError:
            pass
        else:  # pragma: no cover - the standard library changed
            raise AssertionError(bad)
        try:
            encode(bad)
        except TypeError:
            continue
        raise AssertionError(f"encode accepted {bad!r}")
