// The command table: one entry per subcommand, each implemented in its own cmd_*.cpp.
#include "cli_common.hpp"

namespace chipcount::cli {

int run_devices(int argc, char** argv);
int run_main_job(int argc, char** argv);
int run_profiles(int argc, char** argv);
int run_classify(int argc, char** argv);
int run_estimate(int argc, char** argv);
int run_bench(int argc, char** argv);
int run_report(int argc, char** argv);
int run_publish(int argc, char** argv);
int run_compare(int argc, char** argv);

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> table = {
        {"run", "the main job: devices, benchmark (with a GPU), estimate, results and report",
         run_main_job},
        {"devices", "GPUs seen, their matched profile, or why there is none", run_devices},
        {"profiles", "chip profiles: list, show ID, compare A B", run_profiles},
        {"classify", "TPP, performance density and ECCN 3A090 tier of chips", run_classify},
        {"estimate", "convert compute, server, chip or power claims into chip counts",
         run_estimate},
        {"bench", "measure matmul throughput and memory bandwidth on a GPU", run_bench},
        {"report", "a self-contained HTML (or Markdown) report with charts", run_report},
        {"publish", "publish a benchmark result under results/ and update the index", run_publish},
        {"compare", "case-by-case ratios of two benchmark results", run_compare},
    };
    return table;
}

}  // namespace chipcount::cli
