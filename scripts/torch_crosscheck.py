#!/usr/bin/env python3
"""Cross-checks chipcount's cuBLASLt bf16 figure with torch.matmul, an independent
implementation, at the same shape, on the same GPU, in the same run.

torch.matmul is timed the way chipcount times cuBLASLt: random non-zero inputs, rotating buffer
sets spanning more than 2x L2, warm-up, CUDA events around each call, the median as headline.
Writes a chipcount.crosscheck JSON and exits 1 when chipcount's median is below 97% of torch's.
Usage: torch_crosscheck.py --result RESULT.json [-o OUT.json] [--shape 8192x8192x8192]
"""
import argparse
import hashlib
import json
import os
import statistics
import sys
import time

import torch


def time_matmul(m, n, k, dtype, iterations=200, warmup_s=3.0):
    props = torch.cuda.get_device_properties(0)
    set_bytes = (m * k + n * k + m * n) * torch.finfo(dtype).bits // 8
    sets = max(2, min(16, (2 * props.L2_cache_size) // set_bytes + 2))
    # Same layout as chipcount: D = A^T-stored (M x K row-major) times B (K x N), uniform [-1, 1] without zeros.
    def make(rows, cols):
        x = torch.rand(rows, cols, device="cuda") * 2 - 1
        x = torch.where(x.abs() < 1 / 64, torch.sign(x + 1e-9) / 64, x)
        return x.to(dtype)
    a = [make(m, k) for _ in range(sets)]
    b = [make(n, k).t() for _ in range(sets)]
    d = [torch.empty(m, n, device="cuda", dtype=dtype) for _ in range(sets)]
    end = time.time() + warmup_s
    i = 0
    while time.time() < end:
        torch.matmul(a[i % sets], b[i % sets], out=d[i % sets])
        i += 1
    torch.cuda.synchronize()
    events = [torch.cuda.Event(enable_timing=True) for _ in range(iterations + 1)]
    events[0].record()
    for i in range(iterations):
        torch.matmul(a[i % sets], b[i % sets], out=d[i % sets])
        events[i + 1].record()
    torch.cuda.synchronize()
    return [events[i].elapsed_time(events[i + 1]) for i in range(iterations)]


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def chipcount_median_ms(result_path, m, n, k):
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    for case in result["results"]:
        if (case.get("kind") == "gemm" and case["backend"] == "cublaslt" and case["precision"] == "bf16"
                and case["phase"] == "burst" and (case["m"], case["n"], case["k"]) == (m, n, k) and case["status"] == "ok"):
            return case["timing"]["median_ms"], result
    raise SystemExit(f"{result_path}: no ok cuBLASLt bf16 burst case at {m}x{n}x{k}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--result", required=True)
    parser.add_argument("-o", "--output")
    parser.add_argument("--shape", default="8192x8192x8192")
    args = parser.parse_args()
    m, n, k = (int(x) for x in args.shape.lower().split("x"))
    ours_ms, result = chipcount_median_ms(args.result, m, n, k)
    samples = time_matmul(m, n, k, torch.bfloat16)
    torch_ms = statistics.median(samples)
    flops = 2.0 * m * n * k
    ratio = torch_ms / ours_ms  # chipcount throughput / torch throughput
    report = {
        "format": "chipcount.crosscheck", "version": 1,
        "device": torch.cuda.get_device_name(0), "torch_version": torch.__version__,
        "cuda_version": torch.version.cuda, "shape": args.shape, "precision": "bf16",
        "torch": {"median_ms": torch_ms, "tflops": flops / torch_ms / 1e9, "samples_ms": samples},
        # Named like chipcount's own outputs name files: no absolute path of this machine.
        "chipcount": {"result": os.path.basename(args.result), "result_sha256": sha256_of(args.result),
                      "git_sha": result["tool"]["git_sha"], "median_ms": ours_ms,
                      "tflops": flops / ours_ms / 1e9},
        "ratio_chipcount_to_torch": ratio, "required_ratio": 0.97, "passed": ratio >= 0.97,
    }
    text = json.dumps(report, indent=2)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(f"torch.matmul bf16 {args.shape}: {report['torch']['tflops']:.1f} TFLOPS; chipcount cuBLASLt: "
          f"{report['chipcount']['tflops']:.1f} TFLOPS; ratio {ratio:.3f}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
