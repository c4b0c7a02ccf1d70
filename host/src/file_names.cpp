#include "chipcount/file_names.hpp"

namespace chipcount {
namespace fs = std::filesystem;

std::string portable_path(const fs::path& file) {
    std::error_code error;
    // Canonical forms on both sides, so that a symlinked working directory or a path spelled
    // with ".." still counts as under it.
    const fs::path cwd = fs::weakly_canonical(fs::current_path(error), error);
    const fs::path full =
        error ? fs::path() : fs::weakly_canonical(fs::absolute(file, error), error);
    if (!error && !cwd.empty() && !full.empty()) {
        const fs::path relative = full.lexically_relative(cwd);
        if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
    }
    const fs::path name = file.has_filename() ? file.filename() : file.parent_path().filename();
    return name.generic_string();
}

std::string portable_recorded_path(const std::string& recorded) {
    return fs::path(recorded).is_absolute() ? portable_path(recorded) : recorded;
}

std::string portable_argument(const std::string& word) {
    const auto equals = word.find('=');
    if (word.rfind("--", 0) == 0 && equals != std::string::npos)
        return word.substr(0, equals + 1) + portable_recorded_path(word.substr(equals + 1));
    return portable_recorded_path(word);
}

}  // namespace chipcount
