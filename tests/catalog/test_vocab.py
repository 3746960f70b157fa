"""The closed vocabularies the fast path uses without pydantic stay equal to the schema they mirror."""

from __future__ import annotations

from typing import get_args

from llm_advisor.catalog.schema import Modality, ModelConfig
from llm_advisor.catalog.vocab import CONFIG_KEYS, MODALITIES


def test_config_keys_are_the_model_config_fields() -> None:
    assert tuple(ModelConfig.model_fields) == CONFIG_KEYS


def test_modalities_are_the_schema_literal() -> None:
    assert tuple(get_args(Modality)) == MODALITIES
