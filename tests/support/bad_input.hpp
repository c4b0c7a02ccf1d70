// The bad-input table's shared parts: one case, the helpers that build broken files, and the check
// every case runs (exit code, a message naming file and field, nothing created or changed). The
// cases live in several files, one a domain (bad_input_*_test.cpp), each registering its list so
// that one test can count them all.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace chipcount::test {

struct BadInput {
    const char* name;
    std::vector<std::pair<std::string, std::string>> files;  // written into the case's folder
    std::vector<std::string> args;                           // {dir} is the case's folder
    std::vector<std::string> expect;                         // each must appear in stderr
    bool takes_output = true;                                // add -o {dir}/out and check it
    int exit_code = 2;
    // Runs after the files are written, before the command: make a FIFO, a link, a mode.
    std::function<void(const std::filesystem::path& dir)> prepare = {};
    std::map<std::string, std::string> env = {};  // added to the command's environment
};

void PrintTo(const BadInput& c, std::ostream* os);

// Runs one case and checks it with gtest assertions.
void check_bad_input(const BadInput& c);

// Each table file registers its cases (at static-initialisation time) so their total is checked.
bool register_bad_inputs(const std::vector<BadInput>& cases);
std::size_t registered_bad_input_count();

// Builders for broken inputs.
std::string claims(const std::string& body);
std::string one_claim(const std::string& stated);
std::string result_with(const std::string& results);
// `inline` so that they are built before any table in a file that includes this header.
// A valid result with RESULTS where its cases go:
inline const std::string kResultOk = R"({"format": "chipcount.result", "version": 1,
  "tool": {"name": "chipcount", "version": "0.1.0", "git_sha": "abcdef0123", "git_dirty": false, "cuda": true},
  "run": {"started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z", "argv": [], "host": "h"},
  "device": {"name": "NVIDIA H100 80GB HBM3", "sm_count": 132, "profile": "nvidia-h100-sxm"},
  "results": [RESULTS], "summary": {"precisions": {}}, "notes": []})";
// One valid gemm case:
inline const std::string kOkCase =
    R"({"kind": "gemm", "backend": "cublaslt", "precision": "bf16", "m": 8, "n": 8, "k": 8, "phase": "burst",
  "status": "ok", "timing": {"median_ms": 1, "min_ms": 1, "max_ms": 1, "samples_ms": [1]}, "tflops": {"median": 1, "max": 1},
  "validation": {"reference": "fp64", "rel_error": 0, "tolerance": 0.03, "passed": true}})";
// The bundled nvidia-h20 profile with the first `from` replaced by `to`.
std::string profile_with(const std::string& from, const std::string& to);

}  // namespace chipcount::test
