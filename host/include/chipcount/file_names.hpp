// How outputs name the files they were made from. Outputs get published, so they never carry an
// absolute path of the machine that made them: that path means nothing elsewhere and tells
// strangers how someone's disk is laid out.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace chipcount {

// A file under the working directory is named by its path relative to it ("claims/x.json");
// any other file by its file name alone ("x.json"). Where the content matters (the claims an
// estimate was made from, the files a report was drawn from) the output gives the sha256 beside
// the name, so the bytes stay identifiable either way.
std::string portable_path(const std::filesystem::path& file);

// A path as something else recorded it (an older output, a command line): an absolute one goes
// through portable_path, anything else (a relative path, "command line") is kept as written.
std::string portable_recorded_path(const std::string& recorded);

// A command-line word as a result file records it: an absolute path, alone or as the value of a
// `--flag=/path` or `-o/path` word, goes through portable_path; every other word (relative paths
// included) is kept as typed.
std::string portable_argument(const std::string& word);
std::vector<std::string> portable_command_line(const std::vector<std::string>& argv);

}  // namespace chipcount
