// Bad input, table-driven: the files themselves, across every command that reads or writes one.
// Inputs that are not regular files (FIFO, device, socket, a link to one), nested too deep or over
// the size cap; outputs that are empty names, FIFOs, devices or links under --force; run's claim
// cap and --out-dir. Each case: exit 2, a message naming the file, nothing created or changed.
// The harness is in tests/support/bad_input.cpp.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "bad_input.hpp"
#include "chipcount/io/files.hpp"
#include "test_support.hpp"

namespace chipcount::test {
namespace {

namespace fs = std::filesystem;

std::function<void(const fs::path&)> make_fifo(const std::string& name) {
    return [name](const fs::path& dir) { ASSERT_EQ(::mkfifo((dir / name).c_str(), 0600), 0); };
}

std::function<void(const fs::path&)> link_to(const std::string& name, const fs::path& target) {
    return [name, target](const fs::path& dir) {
        fs::remove(dir / name);
        fs::create_symlink(target.is_absolute() ? target : dir / target, dir / name);
    };
}

void make_socket(const fs::path& path) {
    const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    ASSERT_LT(path.string().size(), sizeof address.sun_path);
    std::strcpy(address.sun_path, path.c_str());
    ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(s);  // the socket file stays
}

std::string deep(int levels) {
    return std::string(static_cast<std::size_t>(levels), '[') +
           std::string(static_cast<std::size_t>(levels), ']');
}

std::vector<BadInput> cases() {
    const std::string deep_claims = deep(100000);
    const std::string deep_object = "{\"a\": " + deep(65) + "}";
    return {
        // --- inputs that are not regular files: refused before any read can block
        {"files_claims_fifo",
         {},
         {"estimate", "{dir}/c.json"},
         {"c.json", "is a FIFO", "not a regular file"},
         true,
         2,
         make_fifo("c.json")},
        {"files_claims_dev_zero",
         {},
         {"estimate", "/dev/zero"},
         {"'/dev/zero' is a character device"}},
        {"files_claims_socket",
         {},
         {"estimate", "{dir}/c.json"},
         {"c.json", "is a socket"},
         true,
         2,
         [](const fs::path& dir) { make_socket(dir / "c.json"); }},
        {"files_claims_link_to_fifo",
         {},
         {"estimate", "{dir}/c.json"},
         {"c.json", "is a FIFO"},
         true,
         2,
         [](const fs::path& dir) {
             make_fifo("p")(dir);
             link_to("c.json", "p")(dir);
         }},
        {"files_measured_fifo",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "--measured", "{dir}/r.json"},
         {"r.json", "is a FIFO"},
         true,
         2,
         make_fifo("r.json")},
        {"files_profile_fifo",
         {{"profiles/README.md", "a copy"}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"zz.json", "is a FIFO"},
         true,
         2,
         make_fifo("profiles/chips/zz.json")},
        {"files_rules_dev_zero",
         {{"profiles/README.md", "a copy"}},
         {"classify", "--all", "--profiles", "{dir}/profiles"},
         {"eccn-3a090.json", "character device"},
         true,
         2,
         link_to("profiles/rules/eccn-3a090.json", "/dev/zero")},
        {"files_report_fifo",
         {},
         {"report", "{dir}/r.json"},
         {"r.json", "is a FIFO"},
         true,
         2,
         make_fifo("r.json")},
        {"files_compare_dev_zero",
         {{"b.json", result_with(kOkCase)}},
         {"compare", "/dev/zero", "{dir}/b.json"},
         {"/dev/zero", "character device"}},
        {"files_publish_fifo",
         {},
         {"publish", "{dir}/r.json", "--results", "{dir}"},
         {"r.json", "is a FIFO"},
         false,
         2,
         make_fifo("r.json")},
        {"files_run_claims_fifo",
         {},
         {"run", "--no-bench", "--claims", "{dir}/c.json", "--out-dir", "{dir}/runs"},
         {"c.json", "is a FIFO"},
         false,
         2,
         make_fifo("c.json")},
        // --- depth and size
        {"files_claims_100k_deep",
         {{"c.json", deep_claims}},
         {"estimate", "{dir}/c.json"},
         {"c.json:1:65: JSON nested deeper than 64 levels"}},
        {"files_claims_over_size_cap",
         {},
         {"estimate", "{dir}/c.json"},
         {"c.json", "larger than 268435456 bytes"},
         true,
         2,
         [](const fs::path& dir) {
             write_text(dir / "c.json", "");
             fs::resize_file(dir / "c.json", kMaxInputBytes + 1);  // sparse: no disk used
         }},
        {"files_assumptions_deep",
         {{"a.json", deep_object}},
         {"estimate", "--chips", "5", "--chip", "H100", "--assumptions", "{dir}/a.json"},
         {"a.json:1:", "nested deeper than 64"}},
        {"files_profile_deep",
         {{"profiles/chips/nvidia-h20.json", deep_object}},
         {"profiles", "list", "--profiles", "{dir}/profiles"},
         {"nvidia-h20.json:1:", "nested deeper than 64"}},
        {"files_report_estimate_deep",
         {{"e.json", deep_object}},
         {"report", "{dir}/e.json"},
         {"e.json:1:", "nested deeper than 64"}},
        {"files_run_too_many_claims",
         {},
         {"run", "--no-bench", "--claims", "{dir}/c.json", "--out-dir", "{dir}/runs"},
         {"c.json", "80001 claims", "at most 80000"},
         false,
         2,
         [](const fs::path& dir) {
             std::string body;
             for (int i = 0; i <= 80000; ++i) {
                 body += (i ? ", " : "") + std::string(R"({"id": "c)") + std::to_string(i) +
                         R"(", "stated": {"chips": 8, "chip": "H20"}})";
             }
             write_text(dir / "c.json", claims(body));
         }},
        // --- outputs
        {"files_output_empty_name",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "-o", ""},
         {"-o/--output", "empty"},
         false},
        {"files_report_output_empty_name",
         {},
         {"report", "{dir}/e.json", "-o", ""},
         {"-o/--output", "empty"},
         false},
        {"files_bench_output_empty_name", {}, {"bench", "-o", ""}, {"-o/--output", "empty"}, false},
        {"files_force_onto_fifo",
         {},
         {"estimate", "--chips", "5", "--chip", "H100", "-o", "{dir}/pipe", "--force"},
         {"pipe", "is a FIFO", "--force replaces only a regular file"},
         false,
         2,
         make_fifo("pipe")},
        {"files_force_onto_symlink",
         {{"real", "precious"}},
         {"estimate", "--chips", "5", "--chip", "H100", "-o", "{dir}/link", "--force"},
         {"link", "is a symbolic link", "--force replaces only a regular file"},
         false,
         2,
         link_to("link", "real")},
        {"files_force_onto_dev_null",
         {},
         {"classify", "--all", "-o", "/dev/null", "--force"},
         {"/dev/null", "character device"},
         false},
        {"files_output_fifo_without_force",
         {},
         {"profiles", "list", "-o", "{dir}/pipe"},
         {"pipe", "already exists"},
         false,
         2,
         make_fifo("pipe")},
        {"files_run_out_dir_empty",
         {},
         {"run", "--no-bench", "--out-dir", ""},
         {"--out-dir", "empty"},
         false},
        {"files_run_out_dir_under_a_file",
         {{"f", "a file"}},
         {"run", "--no-bench", "--out-dir", "{dir}/f/runs"},
         {"output folder", "f/runs", "Not a directory"},
         false},
    };
}

const bool registered = register_bad_inputs(cases());

class BadInputFilesTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputFilesTest, ExitsWithAMessageNamingTheFileAndWritesNothing) {
    check_bad_input(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Files, BadInputFilesTest, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(BadInputFilesTable, HasAtLeastSixteenCases) {
    EXPECT_TRUE(registered);
    EXPECT_GE(cases().size(), 16u);
}

}  // namespace
}  // namespace chipcount::test
