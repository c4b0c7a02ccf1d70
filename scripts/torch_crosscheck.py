#!/usr/bin/env python3
"""Cross-checks chipcount's cuBLASLt bf16 figure with torch.matmul, an independent
implementation, at the same shape, on the same GPU, in one thermal state.

A GPU's clock follows its temperature, so figures taken minutes apart are not comparable. This
script brackets: torch, chipcount, torch (with --rounds N: torch, then N times chipcount, torch).
Each chipcount measurement is a separate `chipcount bench --precision bf16 --backend cublaslt
--duration 0` process whose burst median is read back from its result; it is compared with the mean
throughput of the torch runs just before and after it. When those two torch runs differ by more
than 2%, the thermal state moved during the bracket: the JSON says so (thermal_state_moved).

torch.matmul is timed the way chipcount times cuBLASLt: random non-zero inputs, rotating buffer
sets spanning more than 2x L2, warm-up, CUDA events around each call, the median as headline.
Writes a chipcount.crosscheck JSON (version 2) and exits 1 when chipcount's throughput is below
97% of torch's, 2 when no comparison could be made.

--result FILE compares a result chipcount already wrote, without bracketing: one torch run, and
the JSON says "same_thermal_state": false.

Usage: torch_crosscheck.py [--chipcount BIN] [--rounds N] [--shape 8192x8192x8192]
                           [--keep-results DIR] [-o OUT.json]
       torch_crosscheck.py --result RESULT.json [--shape ...] [-o OUT.json]

torch is imported inside the functions that use the GPU, and the bracket takes its two measuring
functions as parameters, so the logic is tested without torch or a GPU
(tests/scripts/torch_crosscheck_test.py).
"""
import argparse
import datetime
import hashlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile

FORMAT = "chipcount.crosscheck"
VERSION = 2
REQUIRED_RATIO = 0.97
# Torch runs before and after one chipcount run further apart than this: the clocks moved.
DRIFT_LIMIT = 0.02


class CrosscheckError(Exception):
    """No comparison can be made: no matching case in a result, a failed chipcount run."""


def parse_shape(text):
    try:
        m, n, k = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise CrosscheckError(f"shape {text!r} is not MxNxK") from None
    if min(m, n, k) <= 0:
        raise CrosscheckError(f"shape {text!r} has a dimension below 1")
    return m, n, k


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def tflops(shape, median_ms):
    m, n, k = shape
    return 2.0 * m * n * k / median_ms / 1e9


# ---- chipcount's side ---------------------------------------------------------------------------

def chipcount_median_ms(result, shape):
    """The timing median of the ok cuBLASLt bf16 burst GEMM case at SHAPE in a parsed result."""
    m, n, k = shape
    for case in result.get("results", []):
        if (case.get("kind") == "gemm" and case.get("backend") == "cublaslt"
                and case.get("precision") == "bf16" and case.get("phase") == "burst"
                and case.get("status") == "ok" and (case.get("m"), case.get("n"), case.get("k")) == (m, n, k)):
            return case["timing"]["median_ms"]
    raise CrosscheckError(f"no ok cuBLASLt bf16 burst case at {m}x{n}x{k}")


def read_result(path, shape):
    """One chipcount measurement read from a result file: median and provenance."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        result = json.loads(data)
        median_ms = chipcount_median_ms(result, shape)
    except (ValueError, CrosscheckError) as e:
        raise CrosscheckError(f"{path}: {e}") from None
    # Named like chipcount's own outputs name files: no absolute path of this machine. The run's
    # own times stand for when it was measured; a bracket stamps its runs itself.
    return {"median_ms": median_ms, "result": os.path.basename(path),
            "result_sha256": hashlib.sha256(data).hexdigest(),
            "git_sha": result.get("tool", {}).get("git_sha"),
            "started": result.get("run", {}).get("start"), "ended": result.get("run", {}).get("end")}


def run_chipcount(binary, shape, path, timeout_s):
    """Runs `chipcount bench` for the cuBLASLt bf16 case alone and reads its median back."""
    m, n, k = shape
    command = [binary, "bench", "--precision", "bf16", "--backend", "cublaslt",
               "--shapes", f"{m}x{n}x{k}", "--duration", "0", "-o", path, "--force"]
    try:
        # Its table goes to our stderr: the log keeps it, our stdout stays the verdict.
        rc = subprocess.run(command, stdout=sys.stderr, timeout=timeout_s, check=False).returncode
    except (OSError, subprocess.TimeoutExpired) as e:
        raise CrosscheckError(f"{' '.join(command)}: {e}") from None
    if rc != 0:
        raise CrosscheckError(f"{' '.join(command)} exited {rc}")
    return read_result(path, shape)


# ---- torch's side -------------------------------------------------------------------------------

def time_matmul(m, n, k, iterations=200, warmup_s=3.0):
    """Samples in ms of torch.matmul bf16, D (M x N) = A (M x K row-major) times B^T-stored."""
    import time
    import torch  # here, not at the top: the bracket logic is tested without torch

    dtype = torch.bfloat16
    props = torch.cuda.get_device_properties(0)
    set_bytes = (m * k + n * k + m * n) * torch.finfo(dtype).bits // 8
    sets = max(2, min(16, (2 * props.L2_cache_size) // set_bytes + 2))

    # Same layout as chipcount, uniform [-1, 1] without values near zero.
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
    samples = [events[i].elapsed_time(events[i + 1]) for i in range(iterations)]
    del a, b, d
    torch.cuda.empty_cache()  # chipcount runs next, in its own process, on the same GPU
    return samples


def measure_torch(shape):
    samples = time_matmul(*shape)
    return {"median_ms": statistics.median(samples), "samples_ms": samples}


def torch_environment():
    import torch
    return {"device": torch.cuda.get_device_name(0), "torch_version": torch.__version__,
            "cuda_version": torch.version.cuda}


# ---- the comparison -----------------------------------------------------------------------------

def compare(torch_before_ms, chipcount_ms, torch_after_ms=None):
    """One chipcount median against the torch medians around it.

    Throughput is work / time at a fixed shape, so ratios of throughputs are inverse ratios of
    times: ratio = (1/chipcount) / mean(1/before, 1/after), drift = (1/after - 1/before) / (1/before).
    Without an after run (--result) the ratio is against the one torch run and the drift unknown.
    """
    if torch_after_ms is None:
        return {"torch_before_ms": torch_before_ms, "chipcount_ms": chipcount_ms,
                "torch_after_ms": None, "ratio": torch_before_ms / chipcount_ms,
                "torch_drift": None, "thermal_state_moved": None}
    torch_rate = (1 / torch_before_ms + 1 / torch_after_ms) / 2
    drift = torch_before_ms / torch_after_ms - 1
    return {"torch_before_ms": torch_before_ms, "chipcount_ms": chipcount_ms,
            "torch_after_ms": torch_after_ms, "ratio": (1 / chipcount_ms) / torch_rate,
            "torch_drift": drift, "thermal_state_moved": abs(drift) > DRIFT_LIMIT}


def _timed(tool, measure, clock, log):
    started = clock()
    measurement = dict(measure())
    measurement.update(tool=tool, started=started, ended=clock())
    log.append(measurement)
    return measurement


def bracket(measure_torch_fn, measure_chipcount_fn, rounds=1, clock=utc_now):
    """torch, then ROUNDS times (chipcount, torch); each measure function returns a dict with at
    least median_ms. Returns the measurements in order, one comparison per chipcount run and the
    verdict."""
    if rounds < 1:
        raise CrosscheckError("rounds must be at least 1")
    log = []
    before = _timed("torch", measure_torch_fn, clock, log)
    comparisons = []
    for _ in range(rounds):
        ours = _timed("chipcount", measure_chipcount_fn, clock, log)
        after = _timed("torch", measure_torch_fn, clock, log)
        comparisons.append(compare(before["median_ms"], ours["median_ms"], after["median_ms"]))
        before = after
    return {"mode": "bracket", "measurements": log, "rounds": comparisons, **verdict(comparisons, True)}


def against_result(measure_torch_fn, chipcount_measurement, clock=utc_now):
    """--result: one torch run against a median chipcount took earlier, at another temperature."""
    log = [dict(chipcount_measurement, tool="chipcount")]
    ours_torch = _timed("torch", measure_torch_fn, clock, log)
    comparisons = [compare(ours_torch["median_ms"], chipcount_measurement["median_ms"])]
    return {"mode": "result", "measurements": log, "rounds": comparisons,
            **verdict(comparisons, False)}


def verdict(comparisons, bracketed):
    ratio = statistics.median(c["ratio"] for c in comparisons)
    drifts = [abs(c["torch_drift"]) for c in comparisons if c["torch_drift"] is not None]
    moved = any(c["thermal_state_moved"] for c in comparisons) if bracketed else None
    return {"ratio_chipcount_to_torch": ratio, "required_ratio": REQUIRED_RATIO,
            "passed": ratio >= REQUIRED_RATIO,
            "max_torch_drift": max(drifts) if drifts else None, "drift_limit": DRIFT_LIMIT,
            "thermal_state_moved": moved, "same_thermal_state": bracketed and not moved}


def build_report(shape, comparison, environment):
    """The chipcount.crosscheck JSON: environment, every measurement, the comparisons, verdict."""
    measurements = [dict(x, tflops=tflops(shape, x["median_ms"])) for x in comparison["measurements"]]
    ours = [x for x in measurements if x["tool"] == "chipcount"]
    return {
        "format": FORMAT, "version": VERSION, **environment,
        "shape": "x".join(str(x) for x in shape), "precision": "bf16",
        "chipcount": {"git_sha": ours[0]["git_sha"],
                      "results": [{"result": x["result"], "result_sha256": x["result_sha256"]} for x in ours]},
        **comparison, "measurements": measurements,
    }


def summary_line(report):
    ours = statistics.median(x["tflops"] for x in report["measurements"] if x["tool"] == "chipcount")
    theirs = statistics.median(x["tflops"] for x in report["measurements"] if x["tool"] == "torch")
    drift = report["max_torch_drift"]
    line = (f"torch.matmul bf16 {report['shape']}: {theirs:.1f} TFLOPS; chipcount cuBLASLt: {ours:.1f} "
            f"TFLOPS; ratio {report['ratio_chipcount_to_torch']:.3f} "
            f"({'passed' if report['passed'] else 'below'} {REQUIRED_RATIO})")
    if drift is not None:
        line += f"; torch drift {drift:.1%}"
    if report["thermal_state_moved"]:
        line += f": the thermal state moved (over {DRIFT_LIMIT:.0%})"
    elif not report["same_thermal_state"]:
        line += "; not in the same thermal state (--result)"
    return line


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chipcount", default=os.environ.get("CHIPCOUNT_BIN", "build/cuda/host/chipcount"),
                        help="chipcount binary (default $CHIPCOUNT_BIN or build/cuda/host/chipcount)")
    parser.add_argument("--rounds", type=int, default=1, help="chipcount runs, each between two torch runs")
    parser.add_argument("--result", help="compare this result without bracketing")
    parser.add_argument("--keep-results", metavar="DIR", help="keep chipcount's results here")
    parser.add_argument("--chipcount-timeout", type=float, default=300, help="seconds per chipcount run")
    parser.add_argument("-o", "--output")
    parser.add_argument("--shape", default="8192x8192x8192")
    args = parser.parse_args(argv)
    try:
        shape = parse_shape(args.shape)
        if args.result:
            comparison = against_result(lambda: measure_torch(shape), read_result(args.result, shape))
        else:
            with tempfile.TemporaryDirectory() as scratch:
                folder = args.keep_results or scratch
                runs = itertools.count(1)

                def measure_ours():
                    return run_chipcount(args.chipcount, shape, os.path.join(
                        folder, f"crosscheck-chipcount-{next(runs)}.json"), args.chipcount_timeout)
                comparison = bracket(lambda: measure_torch(shape), measure_ours, args.rounds)
        report = build_report(shape, comparison, torch_environment())
    except (CrosscheckError, OSError) as e:
        print(f"torch_crosscheck: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        print(f"torch_crosscheck: PyTorch is needed: {e}", file=sys.stderr)
        return 2
    text = json.dumps(report, indent=2)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(summary_line(report))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
