// chipcount: subcommand dispatch and the mapping from error kinds to exit codes (design §5, the
// rule in docs/cli.md): 2 for bad input, usage or a path that cannot be used; 1 for failures,
// an I/O error while writing (IoError) and a standard output that could not be written.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>
#include <string>
#include <string_view>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/kernels/error.hpp"
#include "chipcount/runner/tool_info.hpp"
#include "cli_common.hpp"

namespace {

void print_usage(std::ostream& out) {
    out << "usage: chipcount <command> [options]\n\n"
           "Measures GPU matmul throughput, compares it with chip profiles, and converts\n"
           "data-center compute claims into equivalent chip counts.\n\ncommands:\n";
    for (const auto& command : chipcount::cli::commands()) {
        std::string name = command.name;
        name.resize(12, ' ');
        out << "  " << name << command.summary << "\n";
    }
    out << "\nRun 'chipcount <command> --help' for a command's options; --version for the build.\n"
           "Exit codes: 0 ok, 1 failure, 2 bad input or usage, 3 no usable GPU.\n";
}

int dispatch(int argc, char** argv) {
    if (argc < 2) {
        print_usage(std::cerr);
        return chipcount::kExitBadInput;
    }
    const std::string first = argv[1];
    if (first == "--help" || first == "-h" || first == "help") {
        print_usage(std::cout);
        return chipcount::kExitOk;
    }
    if (first == "--version" || first == "-V") {
        std::cout << chipcount::runner::version_text();
        return chipcount::kExitOk;
    }
    for (const auto& command : chipcount::cli::commands()) {
        if (first == command.name) {
            // The command sees "chipcount <name>" as its program name, then its own options.
            std::string program = std::string("chipcount ") + command.name;
            argv[1] = program.data();
            return command.run(argc - 1, argv + 1);
        }
    }
    std::cerr << "chipcount: error: unknown command '" << chipcount::visible_text(first) << "'\n\n";
    print_usage(std::cerr);
    return chipcount::kExitBadInput;
}

// Every error message goes out here: text from inputs (file names, ids, a system's message
// quoting a path) is shown as visible_text, so no message can carry a terminal escape.
int report_error(const char* what_kind, std::string_view message, int exit_code) {
    std::cerr << "chipcount: " << what_kind << ": " << chipcount::visible_text(message) << "\n";
    return exit_code;
}

int run_command(int argc, char** argv) {
    try {
        return dispatch(argc, argv);
    } catch (const chipcount::cli::StdoutError& e) {
        return chipcount::cli::exit_for(e);
    } catch (const chipcount::UsageError& e) {
        return report_error("error", e.what(), chipcount::kExitBadInput);
    } catch (const chipcount::InputError& e) {
        return report_error("error", e.what(), chipcount::kExitBadInput);
    } catch (const chipcount::NoGpuError& e) {
        return report_error("no usable GPU", e.what(), chipcount::kExitNoGpu);
    } catch (const chipcount::IoError& e) {
        return report_error("I/O error", e.what(), chipcount::kExitFailure);
    } catch (const chipcount::kernels::KernelError& e) {
        return report_error("GPU failure", e.what(), chipcount::kExitFailure);
    } catch (const std::bad_alloc&) {
        return report_error("failure", "out of memory (docs/robustness.md lists the input limits)",
                            chipcount::kExitFailure);
    } catch (const std::exception& e) {
        return report_error("failure", e.what(), chipcount::kExitFailure);
    }
}

// Memory held back for the way out of an allocation that fails: the first failure frees it and
// throws bad_alloc, so that the unwinding (which allocates: nlohmann's json destroys a large
// document with a std::vector as its stack) and the message have memory, and an out-of-memory
// ends in exit 1, never in std::terminate and SIGABRT. Later failures throw as usual.
constexpr std::size_t kEmergencyReserveBytes = std::size_t{64} << 20;
void* g_emergency_reserve = nullptr;

void on_out_of_memory() {
    if (g_emergency_reserve == nullptr) {
        std::set_new_handler(nullptr);
        throw std::bad_alloc();
    }
    std::free(g_emergency_reserve);
    g_emergency_reserve = nullptr;
    throw std::bad_alloc();
}

void hold_emergency_reserve() {
    g_emergency_reserve = std::malloc(kEmergencyReserveBytes);
    std::set_new_handler(on_out_of_memory);
}

}  // namespace

int main(int argc, char** argv) {
    hold_emergency_reserve();
    chipcount::cli::prepare_standard_streams();
    return chipcount::cli::finish_standard_output(run_command(argc, argv));
}
