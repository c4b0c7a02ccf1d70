// chipcount: subcommand dispatch and the mapping from error kinds to exit codes (design §5, the
// rule in docs/cli.md): 2 for bad input, usage or a path that cannot be used; 1 for failures,
// an I/O error while writing (IoError) and a standard output that could not be written.
#include <cstring>
#include <iostream>
#include <new>
#include <string>

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

int run_command(int argc, char** argv) {
    try {
        return dispatch(argc, argv);
    } catch (const chipcount::cli::StdoutError& e) {
        return chipcount::cli::exit_for(e);
    } catch (const chipcount::UsageError& e) {
        std::cerr << "chipcount: error: " << chipcount::visible_text(e.what()) << "\n";
        return chipcount::kExitBadInput;
    } catch (const chipcount::InputError& e) {
        std::cerr << "chipcount: error: " << chipcount::visible_text(e.what()) << "\n";
        return chipcount::kExitBadInput;
    } catch (const chipcount::NoGpuError& e) {
        std::cerr << "chipcount: no usable GPU: " << chipcount::visible_text(e.what()) << "\n";
        return chipcount::kExitNoGpu;
    } catch (const chipcount::IoError& e) {
        std::cerr << "chipcount: I/O error: " << e.what() << "\n";
        return chipcount::kExitFailure;
    } catch (const chipcount::kernels::KernelError& e) {
        std::cerr << "chipcount: GPU failure: " << chipcount::visible_text(e.what()) << "\n";
        return chipcount::kExitFailure;
    } catch (const std::bad_alloc&) {
        std::cerr << "chipcount: failure: out of memory (docs/robustness.md lists the input "
                     "limits)\n";
        return chipcount::kExitFailure;
    } catch (const std::exception& e) {
        std::cerr << "chipcount: failure: " << chipcount::visible_text(e.what()) << "\n";
        return chipcount::kExitFailure;
    }
}

}  // namespace

int main(int argc, char** argv) {
    chipcount::cli::prepare_standard_streams();
    return chipcount::cli::finish_standard_output(run_command(argc, argv));
}
