"""`--hardware local`: describe this machine as a catalog-shaped hardware profile.

Reads RAM (/proc/meminfo on Linux, `sysctl hw.memsize` on macOS), CPU cores, NVIDIA GPUs
(`nvidia-smi --query-gpu=name,memory.total --format=csv,noheader`), AMD GPUs (`rocm-smi`) and Apple
silicon (`sysctl machdep.cpu.brand_string`). Every probe is a short subprocess with a timeout; nothing raises,
nothing is installed. Bandwidth is not measurable cheaply, so it is *assumed* from the detected part, and the
profile says which figure it assumed and why.
"""

from __future__ import annotations

import csv
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

TIMEOUT_S = 2.0
GIB = 2**30

# Assumed bandwidths (GB/s) by detected part, most specific first. Apple: Apple's spec pages;
# NVIDIA: vendor spec pages (see catalog/hardware.yaml); CPUs: dual-channel DDR5-5600 theoretical peak.
APPLE_BANDWIDTH: tuple[tuple[str, float], ...] = (
    ("M4 Max", 546.0),
    ("M4 Pro", 273.0),
    ("M4", 120.0),
    ("M3 Ultra", 819.0),
    ("M3 Max", 400.0),
    ("M3 Pro", 150.0),
    ("M3", 100.0),
    ("M2 Ultra", 800.0),
    ("M2 Max", 400.0),
    ("M2 Pro", 200.0),
    ("M2", 100.0),
    ("M1 Ultra", 800.0),
    ("M1 Max", 400.0),
    ("M1 Pro", 200.0),
    ("M1", 68.25),
)

NVIDIA_BANDWIDTH: tuple[tuple[str, float], ...] = (
    ("RTX 5090", 1792.0),
    ("RTX 4090", 1008.0),
    ("RTX 4080", 716.8),
    ("RTX 4070 Ti", 504.0),
    ("RTX 4070", 504.0),
    ("RTX 4060 Ti", 288.0),
    ("RTX 3090", 936.0),
    ("RTX 3080", 760.0),
    ("RTX 3060", 360.0),
    ("H200", 4800.0),
    ("H100", 3350.0),
    ("A100", 2039.0),
    ("L40S", 864.0),
    ("L4", 300.0),
    ("A10G", 600.0),
    ("T4", 320.0),
    ("B200", 8000.0),
)
AMD_BANDWIDTH: tuple[tuple[str, float], ...] = (("MI300X", 5300.0), ("MI250", 3277.0), ("7900 XTX", 960.0))
CPU_BANDWIDTH_GBPS = 89.6  # 2 channels x 64 bit x 5600 MT/s, the common DDR5 laptop/desktop configuration
# When a GPU is detected but not in the tables: bandwidth per GiB of memory of a mid-range card (heuristic).
UNKNOWN_GPU_GBPS_PER_GIB = 30.0

Runner = Callable[[list[str]], str | None]


def _run(cmd: list[str]) -> str | None:
    """stdout of a short command, or None when it is missing, fails or times out."""
    if shutil.which(cmd[0]) is None:
        return None
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return out.stdout if out.returncode == 0 else None


def _ram_bytes(system: str, run: Runner, meminfo: str | None) -> int | None:
    if system == "Linux":
        text = meminfo
        if text is None:
            try:
                with open("/proc/meminfo", encoding="utf-8") as fh:
                    text = fh.read()
            except OSError:
                text = None
        match = re.search(r"^MemTotal:\s+(\d+)\s*kB", text or "", re.MULTILINE)
        return int(match.group(1)) * 1024 if match else None
    if system == "Darwin":
        out = run(["sysctl", "-n", "hw.memsize"])
        return int(out.strip()) if out and out.strip().isdigit() else None
    return None


def _lookup(name: str, table: tuple[tuple[str, float], ...]) -> tuple[str, float] | None:
    upper = name.upper()
    for key, bw in table:
        if key.upper() in upper:
            return key, bw
    return None


def parse_nvidia_smi(text: str) -> list[dict[str, Any]]:
    """Rows of `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader` ("NVIDIA GeForce RTX 4090, 24564 MiB")."""
    gpus = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 2:
            continue
        match = re.match(r"([\d.]+)\s*(MiB|GiB|MB|GB)?", parts[1])
        if not match:
            continue
        value = float(match.group(1))
        gib = value / 1024 if (match.group(2) or "MiB") in ("MiB", "MB") else value
        gpus.append({"name": parts[0], "memory_gib": gib})
    return gpus


def parse_rocm_smi(text: str) -> list[dict[str, Any]]:
    """`rocm-smi --showproductname --showmeminfo vram --csv`: a CSV with a `device` header row; reads the
    card name (Card series / Card model / Card SKU) and `VRAM Total Memory (B)` of each card."""
    rows = list(csv.reader(line for line in text.splitlines() if line.strip()))
    header_at = next((i for i, r in enumerate(rows) if r and r[0].strip().lower() == "device"), None)
    if header_at is None:
        return []
    header = [h.strip().lower() for h in rows[header_at]]
    total_col = next((i for i, h in enumerate(header) if h.startswith("vram total memory")), None)
    name_col = next(
        (i for key in ("card series", "card model", "card sku") for i, h in enumerate(header) if h == key),
        None,
    )
    gpus = []
    for row in rows[header_at + 1 :]:
        if total_col is None or total_col >= len(row) or not row[total_col].strip().isdigit():
            continue
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else "AMD GPU"
        gpus.append({"name": name, "memory_gib": int(row[total_col]) / GIB})
    return gpus


def detect_local(run: Runner = _run, system: str | None = None, meminfo: str | None = None) -> dict[str, Any]:
    """A dict shaped like a catalog hardware entry (id "local") plus `detected` (what each probe found),
    `bandwidth_assumed` and `bandwidth_basis`. Never raises; unknown parts fall back to stated assumptions."""
    system = system or platform.system()
    detected: dict[str, Any] = {"system": system, "machine": platform.machine(), "cpu_cores": os.cpu_count()}
    try:
        ram = _ram_bytes(system, run, meminfo)
    except Exception:  # noqa: BLE001 - a probe must never break the command
        ram = None
    detected["ram_gib"] = round(ram / GIB, 1) if ram else None
    profile: dict[str, Any] = {
        "id": "local",
        "name": "this machine",
        "aliases": [],
        "vendor": "unknown",
        "bf16_tflops": None,
        "fp16_tflops": None,
        "int8_tops": None,
        "price_usd_per_hour": None,
        "price_date": None,
        "price_source": None,
        "source": "https://docs.python.org/3/library/platform.html",
        "notes": None,
    }
    try:
        gpus = parse_nvidia_smi(
            run(["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"]) or ""
        )
        vendor = "NVIDIA"
        if not gpus:
            gpus = parse_rocm_smi(
                run(["rocm-smi", "--showproductname", "--showmeminfo", "vram", "--csv"]) or ""
            )
            vendor = "AMD"
    except Exception:  # noqa: BLE001
        gpus, vendor = [], "unknown"
    detected["gpus"] = gpus
    chip = None
    if system == "Darwin":
        try:
            chip = (run(["sysctl", "-n", "machdep.cpu.brand_string"]) or "").strip() or None
        except Exception:  # noqa: BLE001
            chip = None
    detected["chip"] = chip

    if gpus:
        gpu = max(gpus, key=lambda g: g["memory_gib"])
        known = _lookup(gpu["name"], NVIDIA_BANDWIDTH if vendor == "NVIDIA" else AMD_BANDWIDTH)
        if known:
            bw, basis = known[1], f"{known[0]} vendor specification ({known[1]:g} GB/s)"
        else:
            bw = max(UNKNOWN_GPU_GBPS_PER_GIB * gpu["memory_gib"], 100.0)
            basis = f"unknown GPU {gpu['name']!r}: assumed {UNKNOWN_GPU_GBPS_PER_GIB:g} GB/s per GiB of memory (heuristic)"
        profile.update(
            kind="gpu",
            vendor=vendor,
            name=f"{gpu['name']} {round(gpu['memory_gib'])} GiB (detected)",
            memory_gb=round(gpu["memory_gib"], 1),
        )
    elif chip and "Apple" in chip:
        known = _lookup(chip, APPLE_BANDWIDTH)
        bw = known[1] if known else 100.0
        basis = (
            f"{known[0]} Apple specification ({bw:g} GB/s)"
            if known
            else "unrecognised Apple chip: assumed 100 GB/s (base M-series)"
        )
        profile.update(
            kind="unified",
            vendor="Apple",
            name=f"{chip}, {detected['ram_gib'] or '?'} GiB unified memory (detected)",
            memory_gb=detected["ram_gib"] or 8.0,
        )
    else:
        bw = CPU_BANDWIDTH_GBPS
        basis = f"CPU only: assumed dual-channel DDR5-5600 ({CPU_BANDWIDTH_GBPS:g} GB/s theoretical peak); not measured"
        profile.update(
            kind="cpu",
            name=f"CPU, {detected['cpu_cores'] or '?'} cores, {detected['ram_gib'] or '?'} GiB RAM (detected)",
            memory_gb=detected["ram_gib"] or 8.0,
        )
    profile["memory_bandwidth_gbps"] = bw
    profile["detected"] = detected
    profile["bandwidth_assumed"] = bw
    profile["bandwidth_basis"] = basis
    profile["memory_source"] = (
        "detected" if (gpus or detected["ram_gib"]) else "assumed 8 GiB (nothing detected)"
    )
    return profile
