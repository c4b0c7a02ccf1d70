#include "chipcount/benchmark/publish.hpp"

#include <algorithm>
#include <map>

#include "chipcount/base/errors.hpp"
#include "chipcount/benchmark/compare.hpp"
#include "chipcount/io/files.hpp"
#include "chipcount/io/json_read.hpp"
#include "chipcount/io/json_write.hpp"

namespace chipcount {
namespace fs = std::filesystem;
namespace {

using ojson = nlohmann::ordered_json;

std::optional<double> at(const json& j, std::initializer_list<const char*> path) {
    const json* node = &j;
    for (const char* key : path) {
        if (!node->is_object() || !node->contains(key)) return std::nullopt;
        node = &(*node)[key];
    }
    return node->is_number() ? std::optional<double>(node->get<double>()) : std::nullopt;
}

}  // namespace

json load_estimate(const fs::path& path) {
    return parse_estimate(read_text_file(path), path.string());
}

json parse_estimate(std::string_view text, const std::string& origin) {
    json doc = parse_json_text(text, origin);
    check_format(doc, origin, "chipcount.estimate", 1);
    const FieldReader top(doc, origin, "estimate");
    const std::vector<std::string> targets = top.string_array("targets");
    top.object("assumptions");
    top.object("input");
    const json& claims = top.required("claims");
    if (!claims.is_array()) top.fail("claims", "must be an array");
    auto check_range = [&](const FieldReader& owner, const std::string& key) {
        const json& r = owner.raw().contains(key) ? owner.raw()[key] : json();
        if (r.is_null()) return;
        const FieldReader range = owner.object(key);
        for (const char* bound : {"low", "central", "high"}) {
            if (!range.required(bound).is_number()) range.fail(bound, "must be a number");
        }
    };
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const FieldReader c(claims[i], origin, "estimate", "claims[" + std::to_string(i) + "].");
        c.string("id");
        if (c.raw().contains("part_of") && !c.raw()["part_of"].is_null() &&
            !c.raw()["part_of"].is_string())
            c.fail("part_of", "must be a string or null");
        const FieldReader equivalents = c.object("equivalents");
        for (const auto& [target, range] : equivalents.raw().items())
            check_range(equivalents, target);
        const json& checks = c.required("checks");
        if (!checks.is_array()) c.fail("checks", "must be an array");
        for (std::size_t k = 0; k < checks.size(); ++k) {
            const FieldReader check(checks[k], origin, "estimate",
                                    c.field_name("checks[" + std::to_string(k) + "]."));
            check.string("kind");
            for (const char* key : {"stated", "derived"}) {
                if (!check.required(key).is_number()) check.fail(key, "must be a number");
            }
        }
    }
    const FieldReader totals = top.object("totals");
    const FieldReader equivalents = totals.object("equivalents");
    for (const auto& [target, range] : equivalents.raw().items()) check_range(equivalents, target);
    return doc;
}

json load_result(const fs::path& path) {
    return parse_result(read_text_file(path), path.string());
}

json parse_result(std::string_view text, const std::string& origin) {
    json doc = parse_json_text(text, origin);
    check_format(doc, origin, "chipcount.result", 1);
    const FieldReader top(doc, origin, "result");
    const FieldReader tool = top.object("tool");
    tool.string("git_sha");
    tool.boolean("git_dirty");
    const FieldReader run = top.object("run");
    run.string("started_at");
    const FieldReader device = top.object("device");
    device.string("name");
    if (!device.raw().contains("profile") ||
        !(device.raw()["profile"].is_string() || device.raw()["profile"].is_null())) {
        device.fail("profile", "must be a profile id or null");
    }
    const json& results = top.required("results");
    if (!results.is_array()) top.fail("results", "must be an array");
    for (std::size_t i = 0; i < results.size(); ++i) {
        const FieldReader c(results[i], origin, "result", "results[" + std::to_string(i) + "].");
        const std::string kind = c.string("kind");
        if (kind != "gemm" && kind != "bandwidth")
            c.fail("kind", "must be gemm or bandwidth (got \"" + kind + "\")");
        const std::string status = c.string("status");
        if (status != "ok" && status != "skipped" && status != "failed")
            c.fail("status", "must be ok, skipped or failed");
        if (status == "ok" && !c.raw()["timing"].is_object())
            c.fail("timing", "an ok case needs its timing samples");
        if (kind == "gemm") {
            c.string("backend");
            c.string("precision");
            c.string("phase");
            for (const char* dim : {"m", "n", "k"}) {
                if (!c.required(dim).is_number_integer()) c.fail(dim, "must be an integer");
            }
            if (status == "ok" && !c.raw()["tflops"].is_object())
                c.fail("tflops", "an ok case needs its throughput");
        } else {
            c.string("pattern");
            if (status == "ok" && !c.raw()["tbs"].is_object())
                c.fail("tbs", "an ok case needs its bandwidth");
        }
        if (c.raw().contains("validation") && !c.raw()["validation"].is_null() &&
            !c.raw()["validation"].is_object()) {
            c.fail("validation", "must be an object or null");
        }
    }
    const FieldReader precisions = top.object("summary").object("precisions");
    for (const auto& [name, entry] : precisions.raw().items()) precisions.object(name);
    return doc;
}

void check_publishable(const json& result, const std::string& origin, const ProfileSet& profiles) {
    const FieldReader device(result["device"], origin, "result", "device.");
    if (!device.raw()["profile"].is_string()) {
        device.fail("profile",
                    "the GPU matched no chip profile; add or fix a profile before publishing");
    }
    profiles.get(device.raw()["profile"].get<std::string>(), origin + ": field 'device.profile'");
    const json& results = result["results"];
    std::size_t ok = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const json& c = results[i];
        const std::string where = "results[" + std::to_string(i) + "] (" + case_key(c) + ")";
        if (c["status"] == "failed") {
            const std::string reason = c.contains("reason") && c["reason"].is_string()
                                           ? c["reason"].get<std::string>()
                                           : "no reason given";
            throw InputError(origin + ": field '" + where + ".status': the case failed (" + reason +
                             "); a run with a failed case is not published");
        }
        if (c["status"] == "ok") {
            ++ok;
            const json& v = c["validation"];
            const bool passed = v.is_object() && v.value("passed", false);
            if (!passed)
                throw InputError(origin + ": field '" + where +
                                 ".validation.passed': validation did not pass");
        }
    }
    if (ok == 0)
        throw InputError(origin + ": field 'results': no case measured; nothing to publish");
}

fs::path published_path(const fs::path& results_dir, const json& result) {
    const std::string profile = result["device"]["profile"].get<std::string>();
    const std::string date = result["run"]["started_at"].get<std::string>().substr(0, 10);
    const std::string sha = result["tool"]["git_sha"].get<std::string>().substr(0, 7);
    return results_dir / profile / (date + "-" + sha + ".json");
}

ojson build_index(const fs::path& results_dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& dir : fs::directory_iterator(results_dir, ec)) {
        const std::string name = dir.path().filename().string();
        if (!dir.is_directory() || name == "runs" || name == "schema") continue;
        for (const auto& file : fs::directory_iterator(dir.path())) {
            if (file.path().extension() == ".json" &&
                file.path().filename().string().find("crosscheck") == std::string::npos) {
                files.push_back(file.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    ojson index;
    index["format"] = "chipcount.index";
    index["version"] = 1;
    index["entries"] = ojson::array();
    for (const fs::path& file : files) {
        const json r = load_result(file);
        const json& precisions = r["summary"]["precisions"];
        ojson entry;
        entry["path"] = fs::relative(file, results_dir).generic_string();
        entry["profile"] = r["device"]["profile"];
        entry["device"] = r["device"]["name"];
        entry["date"] = r["run"]["started_at"].get<std::string>().substr(0, 10);
        entry["git_sha"] = r["tool"]["git_sha"];
        entry["bf16_sustained_tflops"] =
            optional_json(at(precisions, {"bf16", "sustained_tflops"}));
        entry["bf16_best_tflops"] = optional_json(at(precisions, {"bf16", "best_tflops"}));
        entry["bf16_sustained_vs_datasheet"] =
            optional_json(at(precisions, {"bf16", "sustained_vs_datasheet"}));
        entry["fp8_best_tflops"] = optional_json(at(precisions, {"fp8", "best_tflops"}));
        entry["fp8_sustained_tflops"] = optional_json(at(precisions, {"fp8", "sustained_tflops"}));
        entry["copy_tbs"] = optional_json(at(r["summary"]["bandwidth"], {"copy", "tbs"}));
        index["entries"].push_back(entry);
    }
    return index;
}

std::string index_markdown(const ojson& index) {
    Table t;
    t.header = {"device",        "profile",  "date",      "bf16 sustained",    "bf16 best",
                "fp8 sustained", "fp8 best", "copy TB/s", "bf16 vs datasheet", "file"};
    t.right_aligned = {false, false, false, true, true, true, true, true, true, false};
    auto num = [](const ojson& v, int d) {
        return v.is_number() ? format_number(v.get<double>(), d) : std::string("—");
    };
    for (const auto& e : index["entries"]) {
        const std::string path = e["path"].get<std::string>();
        t.rows.push_back({e["device"].get<std::string>(), e["profile"].get<std::string>(),
                          e["date"].get<std::string>(), num(e["bf16_sustained_tflops"], 1),
                          num(e["bf16_best_tflops"], 1), num(e["fp8_sustained_tflops"], 1),
                          num(e["fp8_best_tflops"], 1), num(e["copy_tbs"], 2),
                          e["bf16_sustained_vs_datasheet"].is_number()
                              ? format_percent(e["bf16_sustained_vs_datasheet"].get<double>())
                              : "—",
                          "[" + path + "](" + path + ")"});
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
}  // namespace chipcount
