#!/usr/bin/env bash
# scripts/gpu-check on a machine without a GPU: fake chipcount, GPU tests, nvidia-smi and
# cuobjdump, no compute-sanitizer and no torch. Checks one log per step, a hanging test timed out
# and a failing one failed without stopping later steps, own kernels in a bench process of their
# own, exit statuses 1 and 2, and the packed $OUT. Takes a few seconds.
# Run: tests/scripts/gpu_check_test.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
# GPU_CHECK_TEST_KEEP=1 keeps the fakes and outputs for reading.
if [[ ${GPU_CHECK_TEST_KEEP:-0} == 1 ]]; then echo "keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
failures=0
check() {  # check DESCRIPTION COMMAND...: one assertion
  if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
has_row() {  # has_row FILE REGEX: a line of steps.tsv matches (fields joined by tabs)
  grep -Eq "$2" "$1"
}

# ---- the fakes ----------------------------------------------------------------------------------
fakes=$tmp/bin
mkdir -p "$fakes" "$tmp/notorch"
cat >"$fakes/chipcount" <<'EOF'
#!/usr/bin/env bash
# Records its arguments, one invocation a line; bench writes a small result to -o.
echo "$*" >>"$FAKE_ARGV"
case $1 in
  devices) if [[ $* == *json* ]]; then echo '{"format":"chipcount.devices","devices":[]}'; else echo "0  Fake H100"; fi ;;
  bench)
    out=
    while (($#)); do [[ $1 == -o ]] && out=$2; shift; done
    cat >"$out" <<'JSON'
{"format": "chipcount.result", "results": [
  {"kind": "gemm", "backend": "cublaslt", "precision": "bf16", "m": 8192, "n": 8192, "k": 8192,
   "phase": "burst", "status": "ok", "tflops": {"median": 777.25}, "validation": {"passed": true}},
  {"kind": "gemm", "backend": "cublaslt", "precision": "fp8", "m": 8192, "n": 8192, "k": 8192,
   "phase": "burst", "status": "skipped", "reason": "no algorithm", "tflops": null},
  {"kind": "bandwidth", "pattern": "read", "status": "ok", "tbs": {"median": 3.1}}]}
JSON
    echo "wrote $out" ;;
  *) exit 2 ;;
esac
EOF
cat >"$fakes/chipcount_gpu_tests" <<'EOF'
#!/usr/bin/env bash
# Three tests, listed the way GoogleTest lists them: one passes, one fails, one hangs.
case $1 in
  --gtest_list_tests) printf 'Fake.\n  Passes\n  Fails\nGpu/Slow.\n  Hangs/0  # GetParam() = 1\n' ;;
  --gtest_filter=Fake.Passes) echo "[       OK ] Fake.Passes" ;;
  --gtest_filter=Fake.Fails) echo "[  FAILED  ] Fake.Fails"; exit 1 ;;
  --gtest_filter=Gpu/Slow.Hangs/0) sleep 100 ;;
  *) echo "unexpected: $*"; exit 3 ;;
esac
EOF
cat >"$fakes/nvidia-smi" <<'EOF'
#!/usr/bin/env bash
if [[ $1 == dmon ]]; then
  echo "# gpu   pwr  gtemp"
  while :; do echo "    0   700     60"; sleep 0.2; done
fi
echo "name, driver_version, clocks.current.sm [MHz]"
echo "Fake H100, 580.00, 1980 MHz"
EOF
cat >"$fakes/cuobjdump" <<'EOF'
#!/usr/bin/env bash
echo "        /*0420*/  HGMMA.64x256x16.F32.BF16 gdesc[UR4], RZ, !UPT ;"
EOF
chmod +x "$fakes"/*
# torch is "installed" but cannot be imported, wherever this runs.
echo 'raise ImportError("no torch in this test")' >"$tmp/notorch/torch.py"

# run_gpu_check OUT STAGE...: prints the exit status. The caller's environment cannot leak in:
# every variable gpu-check reads is set here (bin, pack, budget: this test's own knobs).
run_gpu_check() {
  env PATH="$fakes:$PATH" PYTHONPATH="$tmp/notorch" FAKE_ARGV="$tmp/argv.txt" \
    CHIPCOUNT_BIN="${bin:-$fakes/chipcount}" CHIPCOUNT_GPU_TESTS="$fakes/chipcount_gpu_tests" \
    COMPUTE_SANITIZER="$tmp/no-compute-sanitizer" GPU_CHECK_TIME_SCALE=0.05 \
    GPU_CHECK_TEST_LIMIT=1 GPU_CHECK_PACK="${pack:-0}" GPU_CHECK_DIR="$tmp/scratch" \
    GPU_CHECK_BUDGET="${budget:-}" OUT="$1" "$root/scripts/gpu-check" "${@:2}" >"$tmp/stdout.txt" 2>&1
  echo $?
}

# ---- stages A, B and C --------------------------------------------------------------------------
start=$EPOCHREALTIME
out=$tmp/out
rc=$(run_gpu_check "$out" A B C)
tsv=$out/steps.tsv
check "exit status 1 when a step failed or timed out (got $rc)" test "$rc" = 1
for log in A1-environment A2-gpu-tests A3-cublaslt-opened A4-sass-hgmma A5-memcheck A6-racecheck \
  B1-bf16-headline B2-torch-crosscheck B3-own-kernels C1-quick-suite; do
  check "one log per step: $log.log" test -s "$out/$log.log"
  check "a steps.tsv row for $log" has_row "$tsv" "^$log"$'\t'
done
check "summary.txt" test -s "$out/summary.txt"
check "devices.json" test -s "$out/devices.json"
check "dmon ran during stage B" grep -q 700 "$out/B-dmon.txt"
check "the hanging test timed out (rc 137 or 124)" \
  has_row "$tsv" $'^A2:Gpu/Slow.Hangs/0\t(137|124)\t[0-9.]+\ttimed-out'
check "the failing test failed" has_row "$tsv" $'^A2:Fake.Fails\t1\t[0-9.]+\tfailed'
check "the passing test passed" has_row "$tsv" $'^A2:Fake.Passes\t0\t[0-9.]+\tok'
check "the test step failed" has_row "$tsv" $'^A2-gpu-tests\t1\t[0-9.]+\tfailed'
check "its log has one line per test" test "$(grep -c '^=== .* rc=' "$out/A2-gpu-tests.log")" = 3
check "cuBLASLt check and SASS grep ran" has_row "$tsv" $'^A4-sass-hgmma\t0\t[0-9.]+\tok'
check "memcheck skipped with the reason" has_row "$tsv" $'^A5-memcheck\t-\t0\tskipped\t-\t.*not found'
check "racecheck skipped with the reason" has_row "$tsv" $'^A6-racecheck\t-\t0\tskipped\t-\t.*not found'
check "cross-check skipped with the reason" has_row "$tsv" $'^B2-torch-crosscheck\t-\t0\tskipped\t-\tPyTorch'
check "later steps still ran: B1" has_row "$tsv" $'^B1-bf16-headline\t0\t[0-9.]+\tok'
check "later steps still ran: C1" has_row "$tsv" $'^C1-quick-suite\t0\t[0-9.]+\tok'
check "C1 wrote its result" test -s "$out/quick.json"
check "the figures are in the summary" \
  grep -q "quick.json: cublaslt bf16 8192x8192x8192 burst: ok 777.2 TFLOPS, valid" "$out/summary.txt"
check "a skipped case's reason is in the summary" \
  grep -q "quick.json: cublaslt fp8 8192x8192x8192 burst: skipped (no algorithm)" "$out/summary.txt"
check "bandwidth is in the summary" grep -q "quick.json: bandwidth read: ok 3.1 TB/s" "$out/summary.txt"
check "the suite's duration is in the summary" grep -q "default suite (C1): [0-9.]* s, ok" "$out/summary.txt"
check "the headline runs cuBLASLt bf16 alone" \
  grep -qx -- "bench --precision bf16 --backend cublaslt --shapes 8192x8192x8192 --duration 30 -o $out/bf16.json --force" "$tmp/argv.txt"
check "own kernels run in a bench process of their own" \
  grep -qx -- "bench --precision bf16,fp16,fp32 --backend own --shapes 4096x4096x4096,8192x8192x8192,16384x4096x4096 --duration 0 -o $out/own.json --force" "$tmp/argv.txt"
check "no bench process runs both backends" \
  test "$(grep -c -- '--backend cublaslt.*--backend own\|--backend own.*--backend cublaslt\|--backend all' "$tmp/argv.txt")" = 0

# ---- exit status 2 ------------------------------------------------------------------------------
rc=$(bin=$tmp/missing run_gpu_check "$tmp/out2" A)
check "a stage needs chipcount: exit 2 (got $rc)" test "$rc" = 2
check "the message says how to build" grep -q "is missing: build with" "$tmp/stdout.txt"
rc=$(run_gpu_check "$tmp/out3" A Z)
check "an unknown stage: exit 2 (got $rc)" test "$rc" = 2
check "the message names it" grep -q "unknown stage 'Z'" "$tmp/stdout.txt"

# ---- the device machine's $OUT: a few files, refreshed after each step --------------------------
packed=$tmp/packed
mkdir -p "$packed"
rc=$(pack=1 run_gpu_check "$packed" C)
check "packed: exit 0 when every step was ok (got $rc)" test "$rc" = 0
check "packed: \$OUT holds the tarball, summary and steps only" \
  test "$(cd "$packed" && find . -type f | sort | tr '\n' ' ')" = "./gpu-check.tar.gz ./steps.tsv ./summary.txt "
check "packed: the tarball holds the step logs" \
  bash -c "tar -tzf '$packed/gpu-check.tar.gz' | grep -q C1-quick-suite.log"

# ---- GPU_CHECK_BUDGET: a step with no time left is skipped, not started -------------------------
rc=$(budget=3 run_gpu_check "$tmp/out4" C)
check "out of budget: exit 0 (got $rc)" test "$rc" = 0
check "out of budget: the step is skipped" \
  has_row "$tmp/out4/steps.tsv" $'^C1-quick-suite\t-\t0\tskipped\t-\tno time left'

echo "gpu-check test: $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s, $failures failed"
((failures == 0)) || { echo "--- last gpu-check output:"; cat "$tmp/stdout.txt"; exit 1; }
