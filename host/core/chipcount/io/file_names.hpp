// How outputs name the files they were made from. Outputs get published, so they never carry an
// absolute path of the machine that made them: that path means nothing elsewhere and tells
// strangers how someone's disk is laid out.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chipcount {

// A file under the working directory is named by its path relative to it ("claims/x.json");
// any other file by its file name alone ("x.json"). Where the content matters (the claims an
// estimate was made from, the files a report was drawn from) the output gives the sha256 beside
// the name, so the bytes stay identifiable either way.
std::string portable_path(const std::filesystem::path& file);

// A path as something else recorded it (an older output, a command line): anything with a "/"
// goes through portable_path; a bare name ("claims.json", "command line") is kept as written.
std::string portable_recorded_path(const std::string& recorded);

// A command-line word as a result file records it: a path, alone or as the value of a
// `--flag=path` or `-opath` word, goes through portable_recorded_path; other words stay as typed.
std::string portable_argument(const std::string& word);
std::vector<std::string> portable_command_line(const std::vector<std::string>& argv);

// An input file as an output names it: its portable_path and the sha256 of its bytes.
struct NamedInput {
    std::string path;
    std::string sha256;  // empty where there is no file (claims given on the command line)
};
NamedInput named_input(const std::filesystem::path& file, std::string_view content);

}  // namespace chipcount
