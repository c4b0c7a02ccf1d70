#include "chipcount/io/file_names.hpp"

#include "chipcount/io/sha256.hpp"

namespace chipcount {
namespace fs = std::filesystem;

namespace {

bool climbs_out(const fs::path& relative) {
    return relative.empty() || *relative.begin() == "..";
}

}  // namespace

std::string portable_path(const fs::path& file) {
    std::error_code error;
    const fs::path cwd = fs::weakly_canonical(fs::current_path(error), error);
    // A working directory of "/" contains nothing here: everything is under it, and a path
    // relative to it is the absolute path less its first slash.
    const bool cwd_usable = !error && !cwd.empty() && cwd != cwd.root_path();
    // A relative path that stays under the working directory is kept as typed (normalized), even
    // when it is a symlink to somewhere else: that is the name the user gave it.
    if (cwd_usable && file.is_relative()) {
        const fs::path normal = file.lexically_normal();
        if (!climbs_out(normal)) return normal.generic_string();
    }
    // Canonical forms on both sides, so that a symlinked working directory or a path spelled
    // with ".." still counts as under it.
    const fs::path full = fs::weakly_canonical(fs::absolute(file, error), error);
    if (cwd_usable && !error && !full.empty()) {
        const fs::path relative = full.lexically_relative(cwd);
        if (!climbs_out(relative)) return relative.generic_string();
    }
    const fs::path named = !error && full.has_filename() ? full : file.lexically_normal();
    const fs::path name = named.has_filename() ? named.filename() : named.parent_path().filename();
    return name.generic_string();
}

std::string portable_recorded_path(const std::string& recorded) {
    // Only what can name a folder is a path to rewrite: "command line" and "claims.json" stay.
    return recorded.find('/') == std::string::npos ? recorded : portable_path(recorded);
}

std::string portable_argument(const std::string& word) {
    // "--flag=path" and a short option glued to its value, "-opath".
    const auto equals = word.find('=');
    if (word.rfind("--", 0) == 0 && equals != std::string::npos)
        return word.substr(0, equals + 1) + portable_recorded_path(word.substr(equals + 1));
    if (word.size() > 2 && word[0] == '-' && word[1] != '-')
        return word.substr(0, 2) + portable_recorded_path(word.substr(2));
    return portable_recorded_path(word);
}

NamedInput named_input(const fs::path& file, std::string_view content) {
    return {portable_path(file), sha256_hex(content)};
}

std::vector<std::string> portable_command_line(const std::vector<std::string>& argv) {
    std::vector<std::string> out;
    out.reserve(argv.size());
    for (const std::string& word : argv) out.push_back(portable_argument(word));
    return out;
}

}  // namespace chipcount
