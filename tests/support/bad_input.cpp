#include "bad_input.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <ostream>

#include "test_support.hpp"

namespace chipcount::test {
namespace fs = std::filesystem;

constexpr const char* kClaimsHead = R"({"format": "chipcount.claims", "version": 1, "claims": [)";
std::string claims(const std::string& body) {
    return std::string(kClaimsHead) + body + "]}";
}
std::string one_claim(const std::string& stated) {
    return claims(R"({"id": "c1", "stated": )" + stated + "}");
}

std::string result_with(const std::string& results) {
    std::string text = kResultOk;
    text.replace(text.find("RESULTS"), 7, results);
    return text;
}
std::string profile_with(const std::string& from, const std::string& to) {
    std::string text = read_text(profiles_dir() / "chips" / "nvidia-h20.json");
    text.replace(text.find(from), from.size(), to);
    return text;
}

void PrintTo(const BadInput& c, std::ostream* os) {
    *os << c.name;
}

namespace {
std::string substitute(std::string text, const fs::path& dir) {
    for (std::size_t at = text.find("{dir}"); at != std::string::npos;
         at = text.find("{dir}", at)) {
        text.replace(at, 5, dir.string());
    }
    return text;
}

std::size_t& registered_count() {
    static std::size_t count = 0;
    return count;
}
}  // namespace

bool register_bad_inputs(const std::vector<BadInput>& cases) {
    registered_count() += cases.size();
    return true;
}

std::size_t registered_bad_input_count() {
    return registered_count();
}

void check_bad_input(const BadInput& c) {
    TempDir dir;
    for (const auto& [name, content] : c.files) {
        if (name.rfind("profiles/", 0) == 0 && !fs::exists(dir / "profiles"))
            copy_profiles(dir.path());
        fs::create_directories((dir / name).parent_path());
        write_text(dir / name, content);
    }
    if (geteuid() != 0 && fs::exists(dir / "noread.json"))
        fs::permissions(dir / "noread.json", fs::perms::none);
    if (c.prepare) c.prepare(dir.path());
    std::vector<std::string> args;
    for (const auto& a : c.args) args.push_back(substitute(a, dir.path()));
    const fs::path out = dir / "out";
    const bool existed = fs::exists(out);
    const std::string before = existed ? read_text(out) : "";
    if (c.takes_output) {
        args.push_back("-o");
        args.push_back(out.string());
    }
    const auto files_before = std::distance(fs::recursive_directory_iterator(dir.path()),
                                            fs::recursive_directory_iterator());

    const auto r = run_chipcount(args, c.env, dir.path());
    EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
    for (const auto& needle : c.expect)
        EXPECT_NE(r.err.find(needle), std::string::npos) << "'" << needle << "' not in: " << r.err;
    EXPECT_EQ(r.err.find("failure:"), std::string::npos) << "an unexpected exception: " << r.err;
    // No output created or changed, nothing else written either.
    EXPECT_EQ(fs::exists(out), existed);
    if (existed) {
        EXPECT_EQ(read_text(out), before);
    }
    const auto files_after = std::distance(fs::recursive_directory_iterator(dir.path()),
                                           fs::recursive_directory_iterator());
    EXPECT_EQ(files_after, files_before);
}

}  // namespace chipcount::test
