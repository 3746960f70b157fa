"""Property-based checks: user input never crashes the parsers and lookups (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_advisor.catalog.loader import Catalog
from llm_advisor.errors import UnknownName, UsageError
from llm_advisor.recommend.constraints import MAX_PARAMS, parse_memory, parse_params
from llm_advisor.recommend.describe import describe_need

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(TEXT)
def test_size_parsers_return_a_value_or_a_usage_error(text: str) -> None:
    for parse in (parse_params, parse_memory):
        try:
            value = parse(text)
        except UsageError:
            continue
        assert value > 0


@SETTINGS
@given(st.integers(min_value=1, max_value=10**13), st.sampled_from(["", "K", "M", "B", "k", "m", "b"]))
def test_param_counts_round_trip(n: int, suffix: str) -> None:
    scale = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}[suffix.lower()]
    if n * scale > MAX_PARAMS:  # beyond 100T is refused with a sentence, never a crash
        with pytest.raises(UsageError, match="too large"):
            parse_params(f"{n}{suffix}")
    else:
        assert parse_params(f"{n}{suffix}") == int(n * scale)


@SETTINGS
@given(TEXT)
def test_topic_lookup_resolves_or_suggests(catalog: Catalog, text: str) -> None:
    try:
        found = catalog.topic(text)
    except UnknownName as exc:
        assert all(
            s in catalog.architectures
            or s in catalog.objectives
            or s in catalog.tasks
            or s in catalog.glossary
            for s in exc.suggestions
        )
        return
    assert found.id in catalog.section(found.section)


@SETTINGS
@given(TEXT)
def test_describe_never_crashes(catalog: Catalog, text: str) -> None:
    need = describe_need(catalog, text)
    assert need["task"] is None or need["task"] in catalog.tasks
    assert need["hardware"] is None or need["hardware"] in catalog.hardware
