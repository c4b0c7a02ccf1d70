#!/usr/bin/env python3
"""scripts/torch_crosscheck.py without torch or a GPU: the bracket driven by fake measuring
functions, the ratio and drift against hand arithmetic, the 0.97 line, and picking the case out of
a chipcount result. Run: python3 tests/scripts/torch_crosscheck_test.py"""
import hashlib
import json
import os
import pathlib
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import torch_crosscheck as cc  # noqa: E402

SHAPE = (8192, 8192, 8192)


def fake(medians, tool):
    """A measuring function returning MEDIANS in turn, and recording its calls in CALLS."""
    it = iter(medians)

    def measure():
        CALLS.append(tool)
        return {"median_ms": next(it)}
    return measure


CALLS = []


def clock():
    clock.tick += 1
    return f"t{clock.tick}"


def case(**changes):
    """A GEMM case as chipcount writes it, the one the cross-check wants unless CHANGES say."""
    c = {"kind": "gemm", "backend": "cublaslt", "precision": "bf16", "m": 8192, "n": 8192, "k": 8192,
         "phase": "burst", "status": "ok", "timing": {"median_ms": 1.5}}
    c.update(changes)
    return c


def result(*cases):
    return {"format": "chipcount.result", "tool": {"git_sha": "abc123"},
            "run": {"start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:01:00Z"},
            "results": list(cases)}


class Bracket(unittest.TestCase):
    def setUp(self):
        CALLS.clear()
        clock.tick = 0

    def test_order_and_timestamps(self):
        out = cc.bracket(fake([2.0, 4.0, 4.0], "torch"), fake([3.0, 3.0], "chipcount"), rounds=2,
                         clock=clock)
        self.assertEqual(CALLS, ["torch", "chipcount", "torch", "chipcount", "torch"])
        self.assertEqual([m["tool"] for m in out["measurements"]], CALLS)
        self.assertEqual([(m["started"], m["ended"]) for m in out["measurements"]],
                         [("t1", "t2"), ("t3", "t4"), ("t5", "t6"), ("t7", "t8"), ("t9", "t10")])
        # Round 2 is bracketed by the second and third torch runs.
        self.assertEqual([(r["torch_before_ms"], r["torch_after_ms"]) for r in out["rounds"]],
                         [(2.0, 4.0), (4.0, 4.0)])
        self.assertEqual(out["mode"], "bracket")

    def test_ratio_is_throughput_against_mean_torch_throughput(self):
        # Torch at 2 ms and 4 ms: rates 1/2 and 1/4, mean 3/8; chipcount at 8/3 ms: rate 3/8.
        r = cc.compare(2.0, 8.0 / 3.0, 4.0)
        self.assertAlmostEqual(r["ratio"], 1.0)
        # After is half as fast as before: drift -50%.
        self.assertAlmostEqual(r["torch_drift"], -0.5)
        # Torch at 4 ms both times, chipcount at 5 ms: 4/5.
        self.assertAlmostEqual(cc.compare(4.0, 5.0, 4.0)["ratio"], 0.8)
        self.assertEqual(cc.compare(4.0, 5.0, 4.0)["torch_drift"], 0.0)

    def test_drift_over_two_percent_marks_the_thermal_state(self):
        steady = cc.bracket(fake([10.0, 10.1], "torch"), fake([10.0], "chipcount"), clock=clock)
        # 10/10.1 - 1 = -0.99%: within 2%.
        self.assertAlmostEqual(steady["max_torch_drift"], 1 - 10 / 10.1)
        self.assertFalse(steady["thermal_state_moved"])
        self.assertTrue(steady["same_thermal_state"])
        moved = cc.bracket(fake([10.0, 10.3], "torch"), fake([10.0], "chipcount"), clock=clock)
        # 10/10.3 - 1 = -2.9%: over 2%.
        self.assertAlmostEqual(moved["max_torch_drift"], 1 - 10 / 10.3)
        self.assertTrue(moved["thermal_state_moved"])
        self.assertFalse(moved["same_thermal_state"])
        self.assertTrue(moved["rounds"][0]["thermal_state_moved"])
        # Faster afterwards counts the same as slower.
        self.assertTrue(cc.compare(10.0, 10.0, 9.7)["thermal_state_moved"])

    def test_the_097_line(self):
        # Torch 1 ms around chipcount at 1/0.9701 ms: ratio 0.9701, passes; 0.9699 does not.
        passed = cc.bracket(fake([1.0, 1.0], "torch"), fake([1 / 0.9701], "chipcount"), clock=clock)
        self.assertAlmostEqual(passed["ratio_chipcount_to_torch"], 0.9701)
        self.assertTrue(passed["passed"])
        failed = cc.bracket(fake([1.0, 1.0], "torch"), fake([1 / 0.9699], "chipcount"), clock=clock)
        self.assertFalse(failed["passed"])
        self.assertEqual(failed["required_ratio"], 0.97)

    def test_rounds_take_the_median_ratio(self):
        # Ratios 0.8, 1.0 and 0.9 (torch 4 ms throughout): median 0.9.
        out = cc.bracket(fake([4.0] * 4, "torch"), fake([5.0, 4.0, 4.0 / 0.9], "chipcount"), rounds=3,
                         clock=clock)
        self.assertEqual(len(out["rounds"]), 3)
        self.assertAlmostEqual(out["ratio_chipcount_to_torch"], 0.9)

    def test_against_a_given_result_is_not_the_same_thermal_state(self):
        out = cc.against_result(fake([4.0], "torch"), {"median_ms": 5.0, "started": "s", "ended": "e"},
                                clock=clock)
        self.assertEqual(CALLS, ["torch"])
        self.assertAlmostEqual(out["ratio_chipcount_to_torch"], 0.8)
        self.assertFalse(out["same_thermal_state"])
        self.assertIsNone(out["max_torch_drift"])
        self.assertEqual(out["mode"], "result")


class ReadingAResult(unittest.TestCase):
    def test_picks_the_ok_cublaslt_bf16_burst_case_at_the_shape(self):
        decoys = [case(precision="fp16", timing={"median_ms": 9.0}),
                  case(phase="sustained", timing={"median_ms": 9.1}),
                  case(status="failed", timing={"median_ms": 9.2}),
                  case(status="skipped", timing={"median_ms": 9.3}),
                  case(backend="wgmma_tma", timing={"median_ms": 9.4}),
                  case(m=4096, timing={"median_ms": 9.5}),
                  {"kind": "bandwidth", "pattern": "read", "status": "ok", "timing": {"median_ms": 9.6}}]
        self.assertEqual(cc.chipcount_median_ms(result(*decoys, case()), SHAPE), 1.5)
        with self.assertRaisesRegex(cc.CrosscheckError, "no ok cuBLASLt bf16 burst case at 8192x8192x8192"):
            cc.chipcount_median_ms(result(*decoys), SHAPE)
        with self.assertRaises(cc.CrosscheckError):
            cc.chipcount_median_ms({"results": []}, SHAPE)

    def test_read_result_gives_the_file_name_sha_and_git_sha(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bf16.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(result(case()), f)
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            got = cc.read_result(path, SHAPE)
            self.assertEqual(got["median_ms"], 1.5)
            self.assertEqual(got["result"], "bf16.json")  # no absolute path
            self.assertEqual(got["result_sha256"], digest)
            self.assertEqual(got["git_sha"], "abc123")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(result(case(phase="sustained")), f)
            with self.assertRaisesRegex(cc.CrosscheckError, "bf16.json: no ok cuBLASLt"):
                cc.read_result(path, SHAPE)


class Main(unittest.TestCase):
    """main() with torch and chipcount replaced: the JSON written and the exit status."""

    def run_main(self, chipcount_ms, torch_ms, extra=()):
        saved = cc.measure_torch, cc.torch_environment, cc.run_chipcount
        torch_medians = iter(torch_ms)
        runs = []

        def fake_run(binary, shape, path, timeout_s):
            runs.append(os.path.basename(path))
            return {"median_ms": chipcount_ms, "result": os.path.basename(path), "result_sha256": "0" * 64,
                    "git_sha": "abc123"}
        cc.measure_torch = lambda shape: {"median_ms": next(torch_medians), "samples_ms": [1.0]}
        cc.torch_environment = lambda: {"device": "NVIDIA H100", "torch_version": "2.9",
                                        "cuda_version": "13.0"}
        cc.run_chipcount = fake_run
        try:
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "crosscheck.json")
                rc = cc.main(["-o", out, *extra])
                with open(out, encoding="utf-8") as f:
                    return rc, json.load(f), runs
        finally:
            cc.measure_torch, cc.torch_environment, cc.run_chipcount = saved

    def test_pass_writes_version_2_with_every_median(self):
        rc, report, runs = self.run_main(4.0, [4.0, 4.0])
        self.assertEqual(rc, 0)
        self.assertEqual((report["format"], report["version"]), ("chipcount.crosscheck", 2))
        self.assertEqual(report["device"], "NVIDIA H100")
        self.assertEqual((report["torch_version"], report["cuda_version"]), ("2.9", "13.0"))
        self.assertEqual([m["tool"] for m in report["measurements"]], ["torch", "chipcount", "torch"])
        self.assertTrue(all(m["started"] and m["ended"] for m in report["measurements"]))
        # 2 x 8192^3 flop in 4 ms.
        self.assertAlmostEqual(report["measurements"][1]["tflops"], 2 * 8192 ** 3 / 4.0 / 1e9)
        self.assertEqual(report["chipcount"]["git_sha"], "abc123")
        self.assertEqual(runs, ["crosscheck-chipcount-1.json"])
        self.assertTrue(report["same_thermal_state"])

    def test_below_the_line_exits_1(self):
        rc, report, _ = self.run_main(5.0, [4.0, 4.0])
        self.assertEqual(rc, 1)
        self.assertFalse(report["passed"])

    def test_rounds(self):
        rc, report, runs = self.run_main(4.0, [4.0, 4.0, 4.4], ["--rounds", "2"])
        self.assertEqual(rc, 0)
        self.assertEqual(runs, ["crosscheck-chipcount-1.json", "crosscheck-chipcount-2.json"])
        self.assertEqual(len(report["rounds"]), 2)
        self.assertTrue(report["thermal_state_moved"])  # 4.0 -> 4.4 ms: -9%

    def test_a_result_without_the_case_exits_2(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(result(case(precision="fp8")), f)
            self.assertEqual(cc.main(["--result", path]), 2)
            self.assertEqual(cc.main(["--result", os.path.join(d, "missing.json")]), 2)


if __name__ == "__main__":
    unittest.main()
