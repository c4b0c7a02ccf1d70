#include "chipcount/runner/tool_info.hpp"

#include "chipcount/io/json_write.hpp"
#include "chipcount/kernels/device.hpp"
#include "chipcount/version.hpp"

namespace chipcount::runner {

std::string version_text() {
    const kernels::BuildInfo build = kernels::build_info();
    std::string text = std::string("chipcount ") + version::kVersion + " (git " + version::kGitSha +
                       (version::kGitDirty ? ", dirty" : "") + ")\n";
    text += build.cuda ? "built with CUDA " + build.cuda_version + " for archs " + build.archs
                       : std::string("built without CUDA");
    return text + "\n";
}

nlohmann::ordered_json tool_json() {
    const kernels::BuildInfo build = kernels::build_info();
    nlohmann::ordered_json tool;
    tool["name"] = "chipcount";
    tool["version"] = version::kVersion;
    tool["git_sha"] = version::kGitSha;
    tool["git_dirty"] = version::kGitDirty;
    tool["cuda"] = build.cuda;
    tool["cuda_version"] = build.cuda ? text_or_null(build.cuda_version) : nullptr;
    tool["archs"] = build.cuda ? text_or_null(build.archs) : nullptr;
    return tool;
}

}  // namespace chipcount::runner
