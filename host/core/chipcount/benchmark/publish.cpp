// The published tree under results/: what it may hold, its index and README table, and
// publishing one result into it all or nothing.
#include "chipcount/benchmark/publish.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "chipcount/base/errors.hpp"
#include "chipcount/base/text.hpp"
#include "chipcount/benchmark/compare.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/json_write.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

using ojson = nlohmann::ordered_json;

// Holds an exclusive lock on a folder (flock on the folder itself, so no lock file is left
// behind): two publishes into one results folder take turns, and neither indexes a tree the
// other is changing.
class DirectoryLock {
  public:
    explicit DirectoryLock(const fs::path& dir)
        : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
            const std::string reason = std::strerror(errno);
            if (fd_ >= 0) ::close(fd_);
            throw InputError("--results '" + dir.string() + "': cannot lock: " + reason);
        }
    }
    ~DirectoryLock() { ::close(fd_); }
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

  private:
    int fd_;
};

// AtomicFile's temporary file for `target`: "." + target + ".tmp-" + the six letters and digits
// mkstemp puts in place of XXXXXX. One left in the tree is what a killed publish leaves behind.
bool is_temp_file_of(const std::string& name, const std::string& target) {
    const std::string prefix = "." + target + ".tmp-";
    const auto mkstemp_char = [](char c) {
        return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    return name.size() == prefix.size() + 6 && name.compare(0, prefix.size(), prefix) == 0 &&
           std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                       mkstemp_char);
}

// A name publish gives a result: <YYYY-MM-DD>-<first 7 of the sha>.json.
bool is_published_name(const std::string& name) {
    static const std::string kSuffix = ".json";
    const auto lower_hex = [](char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f'); };
    return name.size() == 11 + 7 + kSuffix.size() && starts_with_shape(name, "dddd-dd-dd-") &&
           std::all_of(name.begin() + 11, name.begin() + 18, lower_hex) &&
           name.compare(18, kSuffix.size(), kSuffix) == 0;
}

// A temporary file publish itself writes in the results folder (the README's, the index's) or
// in a profile folder (a result's); any other name is not publish's to remove.
bool is_root_leftover(const std::string& name) {
    return is_temp_file_of(name, "index.json") || is_temp_file_of(name, "README.md");
}
bool is_result_leftover(const std::string& name) {
    constexpr std::size_t kTail = 11;  // ".tmp-XXXXXX"
    if (name.size() < 1 + kTail) return false;
    const std::string target = name.substr(1, name.size() - 1 - kTail);
    return is_published_name(target) && is_temp_file_of(name, target);
}

// A cross-check kept beside a result (docs/gpu-workflow.md): <date>-<tool>-crosscheck.json,
// the date as YYYY-MM-DD and the tool in lowercase letters and digits.
bool is_crosscheck(const std::string& name) {
    static const std::string prefix = "dddd-dd-dd-", suffix = "-crosscheck.json";
    if (name.size() <= prefix.size() + suffix.size() || !starts_with_shape(name, prefix) ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    const std::string tool =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    return std::all_of(tool.begin(), tool.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || is_ascii_digit(c); });
}

void sort_by_path(std::vector<IndexEntry>& entries) {
    std::sort(entries.begin(), entries.end(),
              [](const IndexEntry& a, const IndexEntry& b) { return a.path < b.path; });
}

const std::string kAccountFor =
    "publish adds only to a results folder it can account for: move the file elsewhere, then "
    "publish again";

[[noreturn]] void stray(const fs::path& path, const std::string& what) {
    throw InputError("'" + path.string() + "': " + what + "; " + kAccountFor);
}

// A file in a profile folder, read as a published result: InputError unless it passes every
// check and sits at the name its content gives.
PublishableResult read_published(const fs::path& results_dir, const fs::path& file,
                                 const ProfileSet& profiles) {
    const PublishableResult r = [&] {
        try {
            return read_publishable(read_text_file(file), file.string(), profiles);
        } catch (const InputError& e) {
            throw InputError(std::string(e.what()) + "; " + kAccountFor);
        }
    }();
    if (r.relative_path() != fs::relative(file, results_dir).generic_string())
        stray(file, "a result published under a name its content does not give (" +
                        r.relative_path() + ")");
    return r;
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::path> out;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        out.push_back(it->path());
    if (ec) throw InputError("'" + dir.string() + "': cannot list: " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

void scan_profile_folder(const fs::path& results_dir, const fs::path& folder,
                         const ProfileSet& profiles, PublishedTree& tree) {
    for (const fs::path& file : sorted_entries(folder)) {
        const std::string name = file.filename().string();
        const bool regular = fs::is_regular_file(fs::symlink_status(file));
        if (regular && is_result_leftover(name)) {
            tree.leftovers.push_back(file);
        } else if (regular && is_crosscheck(name)) {
            continue;
        } else if (regular && file.extension() == ".json") {
            tree.entries.push_back(index_entry(read_published(results_dir, file, profiles)));
        } else {
            stray(file, "not a published result (a regular <date>-<sha>.json file)");
        }
    }
}

}  // namespace

IndexEntry index_entry(const PublishableResult& r) {
    PrecisionSummary bf16, fp8;
    for (const PrecisionSummary& s : summarize_precisions(r.document)) {
        if (s.precision == Precision::kBf16) bf16 = s;
        if (s.precision == Precision::kFp8) fp8 = s;
    }
    const auto median = [](const GemmCase* c) {
        return c ? c->tflops_median() : std::optional<double>();
    };
    IndexEntry e;
    e.path = r.relative_path();
    e.profile = r.profile->id;
    e.device = r.document.device.value("name", "");
    e.date = r.date;
    e.git_sha = r.git_sha;
    e.bf16_sustained_tflops = median(bf16.sustained);
    e.bf16_best_tflops = median(bf16.best);
    e.bf16_sustained_vs_datasheet = bf16.sustained ? bf16.sustained->vs_datasheet : std::nullopt;
    e.fp8_best_tflops = median(fp8.best);
    e.fp8_sustained_tflops = median(fp8.sustained);
    e.copy_tbs = bandwidth_tbs(r.document, "copy");
    return e;
}

PublishedTree scan_published(const fs::path& results_dir, const ProfileSet& profiles) {
    PublishedTree tree;
    for (const fs::path& entry : sorted_entries(results_dir)) {
        const std::string name = entry.filename().string();
        const auto status = fs::symlink_status(entry);
        // index.json and README.md are rebuilt; schema/ and runs/ (bench output) are not ours.
        if (name == "index.json" || name == "README.md") continue;
        if ((name == "schema" || name == "runs") && fs::is_directory(status)) continue;
        if (is_root_leftover(name) && fs::is_regular_file(status)) {
            tree.leftovers.push_back(entry);
            continue;
        }
        const ChipProfile* profile = profiles.find(name);
        if (!fs::is_directory(status) || !profile || profile->id != name)
            stray(entry, "neither a folder named by a profile id nor a file publish keeps there");
        scan_profile_folder(results_dir, entry, profiles, tree);
    }
    sort_by_path(tree.entries);
    return tree;
}

ojson index_json(const std::vector<IndexEntry>& entries) {
    ojson index;
    index["format"] = "chipcount.index";
    index["version"] = 1;
    index["entries"] = ojson::array();
    for (const IndexEntry& e : entries) {
        index["entries"].push_back(
            {{"path", e.path},
             {"profile", e.profile},
             {"device", e.device},
             {"date", e.date},
             {"git_sha", e.git_sha},
             {"bf16_sustained_tflops", optional_json(e.bf16_sustained_tflops)},
             {"bf16_best_tflops", optional_json(e.bf16_best_tflops)},
             {"bf16_sustained_vs_datasheet", optional_json(e.bf16_sustained_vs_datasheet)},
             {"fp8_best_tflops", optional_json(e.fp8_best_tflops)},
             {"fp8_sustained_tflops", optional_json(e.fp8_sustained_tflops)},
             {"copy_tbs", optional_json(e.copy_tbs)}});
    }
    return index;
}

std::string index_markdown(const std::vector<IndexEntry>& entries) {
    Table t;
    t.header = {"device",        "profile",  "date",      "bf16 sustained",    "bf16 best",
                "fp8 sustained", "fp8 best", "copy TB/s", "bf16 vs datasheet", "file"};
    t.right_aligned = {false, false, false, true, true, true, true, true, true, false};
    // The file column links to the result: Markdown built from its path, which is made of a
    // profile id, a date and a hex sha only (PublishableResult). The device name, from the file,
    // is escaped like any other cell.
    t.markdown_columns = {false, false, false, false, false, false, false, false, false, true};
    for (const IndexEntry& e : entries) {
        t.rows.push_back(
            {e.device, e.profile, e.date, format_optional(e.bf16_sustained_tflops, 1),
             format_optional(e.bf16_best_tflops, 1), format_optional(e.fp8_sustained_tflops, 1),
             format_optional(e.fp8_best_tflops, 1), format_optional(e.copy_tbs, 2),
             e.bf16_sustained_vs_datasheet ? format_percent(*e.bf16_sustained_vs_datasheet) : "—",
             "[" + e.path + "](" + e.path + ")"});
    }
    if (t.rows.empty()) return "No results published yet.\n";
    return render(t, OutputFormat::kMarkdown);
}

std::string replace_readme_table(const std::string& readme, const std::string& table) {
    static const std::string begin = "<!-- chipcount:results:begin -->";
    static const std::string end = "<!-- chipcount:results:end -->";
    const auto b = readme.find(begin);
    const auto e = readme.find(end);
    const std::string block = begin + "\n" + table + end;
    if (b == std::string::npos || e == std::string::npos || e < b) {
        return readme + (readme.empty() || readme.back() == '\n' ? "" : "\n") +
               "\n## Published results\n\n" + block + "\n";
    }
    return readme.substr(0, b) + block + readme.substr(e + end.size());
}

namespace {

// The README with the table of `entries`: the existing one (a regular file) or a new one.
std::string readme_text(const fs::path& readme, const std::vector<IndexEntry>& entries) {
    const auto status = fs::symlink_status(readme);
    if (fs::exists(status) && !fs::is_regular_file(status))
        throw InputError("'" + readme.string() + "' is not a regular file");
    const std::string old = fs::exists(status) ? read_text_file(readme) : "# Published results\n";
    return replace_readme_table(old, index_markdown(entries));
}

// True when `target` holds exactly `content` (published before: a retry); false when absent.
bool already_published(const fs::path& target, const std::string& content) {
    const auto status = fs::symlink_status(target);
    if (!fs::exists(status)) return false;
    if (fs::is_regular_file(status) && read_text_file(target) == content) return true;
    throw InputError(target.string() +
                     " is already published; published files are never overwritten");
}

// Defence in depth: the name is made of validated parts, and links must not lead it elsewhere.
void check_inside(const fs::path& root, const fs::path& target, const std::string& profile_id) {
    if (fs::weakly_canonical(target).parent_path() != root / profile_id) {
        throw InputError(target.string() + " would land outside '" + root.string() + "/" +
                         profile_id + "' (through a link); publish writes only there");
    }
}

void write_if_changed(const fs::path& path, const std::string& content) {
    if (fs::is_regular_file(fs::symlink_status(path)) && read_text_file(path) == content) return;
    write_file_atomically(path, content, {true});
}

}  // namespace

PublishOutcome publish_result(const fs::path& file, const fs::path& results_dir,
                              const ProfileSet& profiles) {
    if (!fs::is_directory(results_dir))
        throw InputError("--results '" + results_dir.string() + "' is not a directory");
    const DirectoryLock lock(results_dir);
    // Every check first: the result, the tree it joins, the paths it writes.
    const std::string content = read_text_file(file);
    const PublishableResult result = read_publishable(content, file.string(), profiles);
    PublishedTree tree = scan_published(results_dir, profiles);
    const fs::path root = fs::canonical(results_dir);
    const fs::path target = root / result.relative_path();
    check_inside(root, target, result.profile->id);
    PublishOutcome outcome;
    outcome.target = results_dir / result.relative_path();
    outcome.already_published = already_published(target, content);
    if (!outcome.already_published) {
        tree.entries.push_back(index_entry(result));
        sort_by_path(tree.entries);
    }
    const std::string readme = readme_text(root / "README.md", tree.entries);
    const std::string index = json_document_text(index_json(tree.entries), "the index");
    check_output_path(root / "README.md", {true});
    check_output_path(root / "index.json", {true});

    // Then the writes, each atomic: the copy, the README, the index last. Killed in between, the
    // tree holds a copy not yet indexed, which a retry (or any later publish) indexes.
    if (!outcome.already_published) {
        create_output_directories(target.parent_path());
        write_file_atomically(target, content, {false});
    }
    write_if_changed(root / "README.md", readme);
    write_if_changed(root / "index.json", index);
    for (const fs::path& leftover : tree.leftovers) {
        if (fs::remove(leftover)) outcome.removed_leftovers.push_back(leftover);
    }
    return outcome;
}

}  // namespace chipcount
