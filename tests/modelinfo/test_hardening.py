"""`info` on hostile local input: FIFOs and devices are refused without blocking, config.json is bounded in
size and depth, and absurd numbers never reach the sizing arithmetic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from llm_advisor.modelinfo.params import estimate_params, params_from_safetensors
from llm_advisor.safeio import InputRefused, bounded_json, load_json_object, read_regular
from tests.conftest import deadline, flat, run, write

LLAMA = {
    "model_type": "llama",
    "architectures": ["LlamaForCausalLM"],
    "hidden_size": 4096,
    "intermediate_size": 11008,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "vocab_size": 32000,
}


@pytest.fixture(autouse=True)
def shared_cache(
    isolated_env: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(tmp_path_factory.getbasetemp() / "modelinfo-hardening-cache"))


def info_json(target: str) -> tuple[int, dict[str, object] | None, str]:
    result = run("info", target, "--format", "json")
    doc = json.loads(result.stdout) if result.exit_code == 0 else None
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result.exit_code, doc, flat(result.stderr)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with deadline(30):
        code, _, err = info_json(str(tmp_path / "fifo"))
    assert code == 2 and "fifo: not a regular file" in err


def test_fifo_as_config_json_in_a_folder(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "config.json")
    with deadline(30):
        code, _, err = info_json(str(tmp_path))
    assert code == 2 and "config.json" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading() -> None:
    with deadline(30):
        code, _, err = info_json("/dev/zero")
    assert code == 2 and "/dev/zero: not a regular file" in err


def test_read_regular_caps_the_size(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 101)
    assert read_regular(path, 101) == b" " * 101
    with pytest.raises(InputRefused, match="larger than the file limit of 100 bytes"):
        read_regular(path, 100)


def test_config_over_10_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    with path.open("wb") as fh:
        fh.write(b'{"pad": "' + b"x" * (10 * 1024 * 1024) + b'"}')
    code, _, err = info_json(str(path))
    assert code == 2 and "larger than the config.json limit of 10 MB" in err


def test_config_nested_10k_deep(tmp_path: Path) -> None:
    path = write(tmp_path / "config.json", '{"a": ' + "[" * 10_000 + "]" * 10_000 + "}")
    code, _, err = info_json(str(path))
    assert code == 2 and "nested deeper than 64 levels" in err
    code, _, err = info_json(str(tmp_path))  # the folder reader says so too, in its own words
    assert code == 2 and "config.json" in err


def test_config_nested_65_deep_is_refused_by_depth_not_recursion(tmp_path: Path) -> None:
    path = write(tmp_path / "c.json", json.dumps({**LLAMA, "x": json.loads("[" * 70 + "]" * 70)}))
    code, _, err = info_json(str(path))
    assert code == 2 and "nested deeper than 64 levels" in err


def test_huge_config_ints_are_ignored_with_a_warning(tmp_path: Path) -> None:
    config = {
        **LLAMA,
        "hidden_size": 10**300,
        "intermediate_size": 10**300,
        "max_position_embeddings": 10**400,
    }
    path = write(tmp_path / "config.json", json.dumps(config))
    code, doc, err = info_json(str(path))
    assert code == 0 and doc is not None
    assert doc["params"] is None and doc["memory_gb"] is None  # no estimate beats a wrong one
    assert (
        "ignored 3 number(s) too large to be a model shape (hidden_size, intermediate_size, max_position_embeddings)"
        in err
    )


def test_non_finite_config_floats(tmp_path: Path) -> None:
    path = write(tmp_path / "config.json", json.dumps(LLAMA)[:-1] + ', "rope_theta": Infinity, "eps": NaN}')
    code, doc, err = info_json(str(path))
    assert code == 0 and doc is not None and doc["params"]
    assert "ignored 2 number(s)" in err


def test_info_path_over_255_bytes(tmp_path: Path) -> None:
    code, _, err = info_json(str(tmp_path / ("a" * 300)))
    assert code == 2 and err.startswith("error:")
    code, _, err = info_json("./" + "b" * 300)
    assert code == 2 and err.startswith("error:")


def test_bounded_json_is_iterative_and_exact() -> None:
    doc, dropped = bounded_json(
        {"a": [1, 10**19, {"b": float("inf")}], "c": -(10**19), "d": "x", "e": 2.5, "f": True}
    )
    assert doc == {"a": [1, None, {"b": None}], "c": None, "d": "x", "e": 2.5, "f": True}
    assert dropped == ["a[1]", "a[2].b", "c"]
    with pytest.raises(InputRefused, match="nested deeper than 64 levels"):
        bounded_json(json.loads("[" * 65 + "]" * 65))
    assert bounded_json(json.loads("[" * 64 + "]" * 64))[1] == []


def test_load_json_object_wants_an_object(tmp_path: Path) -> None:
    with pytest.raises(InputRefused, match="must be a JSON object"):
        load_json_object(write(tmp_path / "c.json", "[1]"), 1000)
    with pytest.raises(InputRefused, match="not a readable JSON config"):
        load_json_object(write(tmp_path / "d.json", "{"), 1000)


def test_estimates_refuse_astronomical_shapes() -> None:
    assert estimate_params({**LLAMA, "hidden_size": 10**12}) is None
    assert (
        estimate_params({**LLAMA, "num_hidden_layers": 10**9, "hidden_size": 10**6}) is None
    )  # > 100T total
    real = estimate_params(LLAMA)
    assert real is not None and 6e9 < real.total < 7e9


def test_safetensors_totals_beyond_100t_are_ignored() -> None:
    assert params_from_safetensors({"total": 10**400}) is None
    assert params_from_safetensors({"parameters": {"BF16": 10**15}}) is None
    assert params_from_safetensors({"total": 7_000_000_000}) == 7_000_000_000
