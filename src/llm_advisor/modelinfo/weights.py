"""Exact parameter counts and stored dtypes from weight-file headers (safetensors, GGUF), never the tensor data.

safetensors: 8 bytes (little-endian u64 N) then an N-byte JSON header `{name: {dtype, shape, data_offsets}}` and
an optional `__metadata__`; we read those N + 8 bytes of each shard and nothing else. A folder's
`model.safetensors.index.json` names its shards (its `weight_map`); without one we take `model.safetensors`,
else the `*-of-*` shards, else every `*.safetensors` file.

GGUF: a small stdlib reader of the header (magic, version, metadata key/values, tensor infos) rather than the
`gguf` package: that package imports numpy (~0.1-0.2 s before anything is read) and memory-maps the whole file;
this module imports only `json`/`struct` (a few ms) and is itself imported only when a local weights file is
inspected, so `info` on the catalog never pays for it. Large metadata arrays (tokenizer vocabularies) are
skipped over, not kept.

Every size read from a file is bounded (header bytes, string lengths, array counts, tensor counts), so a
corrupt or hostile file fails with a WeightsError instead of exhausting memory.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

# The safetensors format itself rejects headers above 100 MB (safetensors' MAX_HEADER_SIZE).
MAX_SAFETENSORS_HEADER = 100_000_000
MAX_INDEX_BYTES = 50_000_000
MAX_SHARDS = 10_000
MAX_GGUF_TENSORS = 1_000_000
MAX_GGUF_KV = 100_000
MAX_GGUF_STRING = 16_000_000
MAX_GGUF_ARRAY = 50_000_000
MAX_GGUF_HEADER = (
    512_000_000  # metadata + tensor infos; tokenizer arrays of 256k-token vocabularies stay far below
)
KEEP_ARRAY_ITEMS = 64  # arrays longer than this are summarised ({"type": ..., "count": n}), not kept

# Bytes per element of each safetensors dtype (F4/F6 are sub-byte: 0.5 / 0.75).
SAFETENSORS_DTYPE_BYTES: dict[str, float] = {
    "F64": 8,
    "I64": 8,
    "U64": 8,
    "F32": 4,
    "I32": 4,
    "U32": 4,
    "F16": 2,
    "BF16": 2,
    "I16": 2,
    "U16": 2,
    "I8": 1,
    "U8": 1,
    "BOOL": 1,
    "F8_E4M3": 1,
    "F8_E5M2": 1,
    "F8_E8M0": 1,
    "F6_E2M3": 0.75,
    "F6_E3M2": 0.75,
    "F4": 0.5,
}


class WeightsError(ValueError):
    """A weights file whose header cannot be read (truncated, corrupt, over a size bound)."""


@dataclass
class WeightsSummary:
    """What the headers say: the parameter count, how the weights are stored, and from which files."""

    format: str  # safetensors | gguf
    params: (
        int  # logical parameters (packed quantized tensors unpacked, quantization scales and zeros excluded)
    )
    tensors: int
    stored_bytes: (
        int  # bytes of tensor data as stored (what loading the weights takes, before runtime overhead)
    )
    dtypes: dict[str, int]  # stored dtype (or GGML type) -> elements
    files: list[str]
    quantization: dict[str, Any] | None = None  # {"method", "bits"} from config.json's quantization_config
    aux_params: int = 0  # elements of quantization scales / zeros / indices, not counted in params
    metadata: dict[str, Any] = field(default_factory=dict)  # GGUF key/values (large arrays summarised)

    @property
    def source(self) -> str:
        return f"{self.format}-header"

    @property
    def precision(self) -> str | None:
        """The checkpoint's format as a precision id of `recommend.estimates` (None when not one of them)."""
        return stored_precision(self)

    @property
    def quantized(self) -> bool:
        """Stored in a quantized format (a quantization_config, or a GGUF file that is not 16/32-bit)."""
        return self.quantization is not None or (
            self.format == "gguf" and self.precision not in ("fp32", "fp16", "bf16")
        )

    @property
    def stored_gib(self) -> float:
        return self.stored_bytes / 2**30

    def as_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["source"] = self.source
        doc["stored_gib"] = round(self.stored_gib, 3)
        doc["precision"] = self.precision
        doc["quantized"] = self.quantized
        if self.format != "gguf":
            doc.pop("metadata")
        return doc


# ---------------------------------------------------------------------------------------------- safetensors


def read_safetensors_header(path: Path) -> dict[str, Any]:
    """The JSON header of one .safetensors file (8 + N bytes read, never the tensor data)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if len(head) < 8:
                raise WeightsError(f"{path.name}: shorter than a safetensors header")
            (length,) = struct.unpack("<Q", head)
            if length > MAX_SAFETENSORS_HEADER or length > size - 8:
                raise WeightsError(
                    f"{path.name}: header length {length} exceeds the file or the {MAX_SAFETENSORS_HEADER}-byte bound"
                )
            raw = handle.read(length)
    except OSError as exc:
        raise WeightsError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise WeightsError(f"{path.name}: the header is not JSON") from None
    if not isinstance(header, dict):
        raise WeightsError(f"{path.name}: the header is not a JSON object")
    data_bytes = size - 8 - length
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if not (
            isinstance(info, dict)
            and isinstance(info.get("dtype"), str)
            and _int_list(info.get("shape"))
            and _int_list(info.get("data_offsets"))
            and len(info["data_offsets"]) == 2
        ):
            raise WeightsError(f"{path.name}: tensor {name[:80]!r} has no valid dtype/shape/data_offsets")
        start, end = info["data_offsets"]
        if not 0 <= start <= end <= data_bytes:
            raise WeightsError(f"{path.name}: tensor {name[:80]!r} lies outside the file")
    return header


def _int_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    )


def safetensors_files(folder: Path) -> list[Path]:
    """The shards of a model folder: the index's weight_map, else model.safetensors, else `*-of-*` shards,
    else every .safetensors file (sorted). Empty when the folder holds none."""
    index = folder / "model.safetensors.index.json"
    if not index.is_file():
        others = sorted(folder.glob("*.safetensors.index.json"))
        index = others[0] if len(others) == 1 else index
    if index.is_file():
        try:
            if index.stat().st_size > MAX_INDEX_BYTES:
                raise WeightsError(f"{index.name}: larger than {MAX_INDEX_BYTES} bytes")
            doc = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WeightsError(f"{index.name}: not a readable JSON index ({exc})") from None
        weight_map = doc.get("weight_map") if isinstance(doc, dict) else None
        if not isinstance(weight_map, dict) or not all(isinstance(v, str) for v in weight_map.values()):
            raise WeightsError(f"{index.name}: no weight_map of tensor -> shard file")
        names = sorted(set(weight_map.values()))
        if len(names) > MAX_SHARDS:
            raise WeightsError(f"{index.name}: more than {MAX_SHARDS} shards")
        shards = []
        for name in names:
            shard = folder / name
            if Path(name).name != name or not shard.is_file():  # the index may only name files beside it
                raise WeightsError(f"{index.name}: shard {name[:80]!r} is missing")
            shards.append(shard)
        return shards
    single = folder / "model.safetensors"
    if single.is_file():
        return [single]
    found = sorted(p for p in folder.glob("*.safetensors") if p.is_file())
    sharded = [p for p in found if re.search(r"-\d+-of-\d+\.safetensors$", p.name)]
    return (sharded or found)[:MAX_SHARDS]


def quantization_of(config: dict[str, Any] | None) -> dict[str, Any] | None:
    """{"method", "bits"} from config.json's quantization_config (AWQ, GPTQ, bitsandbytes, FP8, MXFP4, ...)."""
    q = (config or {}).get("quantization_config")
    if not isinstance(q, dict):
        return None
    method = str(
        q.get("quant_method")
        or ("bitsandbytes" if q.get("load_in_4bit") or q.get("load_in_8bit") else "unknown")
    ).lower()
    bits = q.get("bits") or q.get("w_bit") or q.get("weight_bits")
    if bits is None and method == "bitsandbytes":
        bits = 4 if q.get("load_in_4bit") else 8 if q.get("load_in_8bit") else None
    if bits is None and method in ("fp8", "fbgemm_fp8"):
        bits = 8
    if bits is None and method == "mxfp4":
        bits = 4
    return {
        "method": method,
        "bits": int(bits) if isinstance(bits, (int, float)) and not isinstance(bits, bool) else None,
    }


# Quantization side tensors: scales, zero points and indices are not parameters of the model.
_AUX = re.compile(
    r"(\.(qzeros|scales|g_idx|absmax|quant_map|nested_absmax|nested_quant_map|weight_scale|weight_scale_inv|"
    r"input_scale|weight_zero_point|SCB|weight_format)$|\.quant_state\.|_scales$)"
)


def _unpack_factor(name: str, dtype: str, quant: dict[str, Any] | None) -> int:
    """How many logical weights one stored element holds (packed int4 in int32 = 8, two fp4 per byte = 2)."""
    if quant is None:
        return 1
    bits = quant.get("bits") or 4
    method = quant["method"]
    if method in ("gptq", "awq", "compressed-tensors") and (
        name.endswith((".qweight", "weight_packed")) or dtype == "I32"
    ):
        return max(1, 32 // int(bits)) if dtype in ("I32", "U32") else 1
    if method == "bitsandbytes" and dtype == "U8" and int(bits) == 4:
        return 2
    if method == "mxfp4" and name.endswith("_blocks") and dtype == "U8":
        return 2
    return 1


def summarize_safetensors(files: list[Path], config: dict[str, Any] | None = None) -> WeightsSummary:
    """Sum the shards' headers: logical parameters, elements per dtype and stored bytes."""
    quant = quantization_of(config)
    params = aux = tensors = stored = 0
    dtypes: dict[str, int] = {}
    for path in files:
        for name, info in read_safetensors_header(path).items():
            if name == "__metadata__":
                continue
            elements = 1
            for dim in info["shape"]:
                elements *= dim
            dtype = info["dtype"]
            tensors += 1
            stored += info["data_offsets"][1] - info["data_offsets"][0]
            dtypes[dtype] = dtypes.get(dtype, 0) + elements
            if quant is not None and _AUX.search(name):
                aux += elements
            else:
                params += elements * _unpack_factor(name, dtype, quant)
    return WeightsSummary(
        "safetensors",
        params,
        tensors,
        stored,
        dict(sorted(dtypes.items())),
        [p.name for p in files],
        quant,
        aux,
    )


def folder_weights(folder: Path, config: dict[str, Any] | None = None) -> WeightsSummary | None:
    """The safetensors summary of a model folder, else of its single .gguf file; None when it holds neither."""
    files = safetensors_files(folder)
    if files:
        return summarize_safetensors(files, config)
    ggufs = sorted(p for p in folder.glob("*.gguf") if p.is_file())
    if len(ggufs) == 1:
        return read_gguf(ggufs[0])
    return None


# ---------------------------------------------------------------------------------------------- GGUF

# ggml type id -> (name, elements per block, bytes per block): ggml/src/ggml-common.h and gguf-py's GGML_QUANT_SIZES.
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4),
    1: ("F16", 1, 2),
    2: ("Q4_0", 32, 18),
    3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22),
    7: ("Q5_1", 32, 24),
    8: ("Q8_0", 32, 34),
    9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84),
    11: ("Q3_K", 256, 110),
    12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210),
    15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66),
    17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50),
    20: ("IQ4_NL", 32, 18),
    21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82),
    23: ("IQ4_XS", 256, 136),
    24: ("I8", 1, 1),
    25: ("I16", 1, 2),
    26: ("I32", 1, 4),
    27: ("I64", 1, 8),
    28: ("F64", 1, 8),
    29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2),
    34: ("TQ1_0", 256, 54),
    35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17),
    40: ("NVFP4", 64, 36),
}
GGUF_FILE_TYPES = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    19: "IQ2_XXS",
    20: "IQ2_XS",
    21: "Q2_K_S",
    22: "IQ3_XS",
    23: "IQ3_XXS",
    24: "IQ1_S",
    25: "IQ4_NL",
    26: "IQ3_S",
    27: "IQ3_M",
    28: "IQ2_S",
    29: "IQ2_M",
    30: "IQ4_XS",
    31: "IQ1_M",
    32: "BF16",
    36: "TQ1_0",
    37: "TQ2_0",
    38: "MXFP4_MOE",
}
_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}


class _Reader:
    """Bounded little-endian reads from a buffered file."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self.handle, self.name, self.used = handle, name, 0

    def take(self, n: int) -> bytes:
        self.used += n
        if self.used > MAX_GGUF_HEADER:
            raise WeightsError(f"{self.name}: GGUF header larger than {MAX_GGUF_HEADER} bytes")
        data = self.handle.read(n)
        if len(data) < n:
            raise WeightsError(f"{self.name}: truncated GGUF header")
        return data

    def skip(self, n: int) -> None:
        self.take(n) if n < 4096 else self._seek(n)

    def _seek(self, n: int) -> None:
        self.used += n
        if self.used > MAX_GGUF_HEADER:
            raise WeightsError(f"{self.name}: GGUF header larger than {MAX_GGUF_HEADER} bytes")
        self.handle.seek(n, 1)

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def u64(self, bound: int, what: str) -> int:
        value: int = self.scalar("<Q")
        if value > bound:
            raise WeightsError(f"{self.name}: {what} {value} exceeds the bound {bound}")
        return value

    def string(self) -> str:
        return self.take(self.u64(MAX_GGUF_STRING, "string length")).decode("utf-8", errors="replace")

    def value(self, vtype: int) -> Any:
        if vtype in _SCALARS:
            return self.scalar(_SCALARS[vtype])
        if vtype == 8:
            return self.string()
        if vtype == 9:
            item_type = self.scalar("<I")
            count = self.u64(MAX_GGUF_ARRAY, "array length")
            if count > KEEP_ARRAY_ITEMS:
                if item_type in _SCALARS:
                    self.skip(count * struct.calcsize(_SCALARS[item_type]))
                else:
                    for _ in range(count):
                        self.value(item_type)
                return {"array_of": item_type, "count": count}
            return [self.value(item_type) for _ in range(count)]
        raise WeightsError(f"{self.name}: unknown GGUF value type {vtype}")


def read_gguf(path: Path) -> WeightsSummary:
    """Metadata and tensor types of a .gguf file (header only); stored bytes from the GGML block sizes."""
    try:
        with path.open("rb") as handle:
            r = _Reader(handle, path.name)
            if r.take(4) != b"GGUF":
                raise WeightsError(f"{path.name}: not a GGUF file")
            version = r.scalar("<I")
            if version not in (2, 3):
                raise WeightsError(f"{path.name}: GGUF version {version} is not supported (2 or 3)")
            n_tensors = r.u64(MAX_GGUF_TENSORS, "tensor count")
            n_kv = r.u64(MAX_GGUF_KV, "metadata count")
            metadata: dict[str, Any] = {}
            for _ in range(n_kv):
                key = r.string()
                metadata[key] = r.value(r.scalar("<I"))
            params = stored = 0
            dtypes: dict[str, int] = {}
            unknown: set[int] = set()
            for _ in range(n_tensors):
                r.string()
                n_dims = r.scalar("<I")
                if n_dims > 8:
                    raise WeightsError(f"{path.name}: a tensor with {n_dims} dimensions")
                elements = 1
                for _ in range(n_dims):
                    elements *= r.u64(2**48, "tensor dimension")
                gtype = r.scalar("<I")
                r.scalar("<Q")  # data offset
                params += elements
                name, block, size = GGML_TYPES.get(gtype, (f"type{gtype}", 0, 0))
                dtypes[name] = dtypes.get(name, 0) + elements
                if block:
                    stored += -(-elements // block) * size
                else:
                    unknown.add(gtype)
    except OSError as exc:
        raise WeightsError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    meta = {k: _clean_value(v) for k, v in metadata.items()}
    meta["gguf_version"] = version
    if isinstance(metadata.get("general.file_type"), int):
        meta["file_type_name"] = GGUF_FILE_TYPES.get(
            metadata["general.file_type"], str(metadata["general.file_type"])
        )
    if unknown:
        meta["unknown_ggml_types"] = sorted(unknown)
    return WeightsSummary(
        "gguf", params, n_tensors, stored, dict(sorted(dtypes.items())), [path.name], None, 0, meta
    )


def _clean_value(value: Any) -> Any:
    from llm_advisor.sanitize import clean

    if isinstance(value, str):
        return clean(value)[:500]
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    return value


# GGUF metadata keys -> config.json names, so the config estimator, the classifier and the KV-cache sizing work.
_GGUF_CONFIG_KEYS = {
    "block_count": "num_hidden_layers",
    "embedding_length": "hidden_size",
    "feed_forward_length": "intermediate_size",
    "attention.head_count": "num_attention_heads",
    "attention.head_count_kv": "num_key_value_heads",
    "context_length": "max_position_embeddings",
    "attention.key_length": "head_dim",
    "expert_count": "num_local_experts",
    "expert_used_count": "num_experts_per_tok",
    "attention.sliding_window": "sliding_window",
}


def gguf_config(summary: WeightsSummary) -> dict[str, Any]:
    """A config.json-like dict from GGUF metadata (`general.architecture` as model_type)."""
    meta = summary.metadata
    arch = str(meta.get("general.architecture") or "")
    config: dict[str, Any] = {"model_type": arch} if arch else {}
    for suffix, key in _GGUF_CONFIG_KEYS.items():
        value = meta.get(f"{arch}.{suffix}")
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            config[key] = value
    tokens = meta.get("tokenizer.ggml.tokens")
    if isinstance(tokens, dict) and isinstance(tokens.get("count"), int):
        config["vocab_size"] = tokens["count"]
    elif isinstance(tokens, list):
        config["vocab_size"] = len(tokens)
    return config


_QUANT_PRECISIONS = {
    ("gptq", 4): "gptq-int4",
    ("awq", 4): "awq-int4",
    ("bitsandbytes", 4): "nf4",
    ("bitsandbytes", 8): "int8",
    ("gptq", 8): "int8",
    ("fp8", 8): "fp8",
    ("fbgemm_fp8", 8): "fp8",
    ("mxfp4", 4): "mxfp4",
}
_DTYPE_PRECISIONS = {"BF16": "bf16", "F16": "fp16", "F32": "fp32", "F8_E4M3": "fp8"}
_GGUF_PRECISIONS = {
    "F32": "fp32",
    "F16": "fp16",
    "BF16": "bf16",
    "Q8_0": "q8_0",
    "Q6_K": "q6_k",
    "Q5_K_M": "q5_k_m",
    "Q4_K_M": "q4_k_m",
    "Q4_0": "q4_0",
    "IQ4_XS": "iq4_xs",
    "Q3_K_M": "q3_k_m",
    "Q2_K": "q2_k",
    "MXFP4_MOE": "mxfp4-gguf",
}


def stored_precision(summary: WeightsSummary) -> str | None:
    """The precision id (recommend.estimates.WEIGHT_FORMATS) a checkpoint is stored in, so memory and speed use
    the stored format: the quantization_config's method and bits, a GGUF file type, else the dominant dtype."""
    if summary.format == "gguf":
        return _GGUF_PRECISIONS.get(str(summary.metadata.get("file_type_name") or ""))
    if summary.quantization is not None:
        return _QUANT_PRECISIONS.get((summary.quantization["method"], summary.quantization["bits"] or 0))
    if not summary.dtypes:
        return None
    dominant = max(summary.dtypes.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return _DTYPE_PRECISIONS.get(dominant)
