// Locating the bundled default models.
#include "ect/network/bundled.h"

#include "ect/build_config.h"
#include "ect/error.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace ect {

std::vector<std::string> bundled_model_dirs()
{
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("ECT_MODELS_DIR"); env && *env) dirs.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        dirs.push_back((exe.parent_path().parent_path() / "share" / "ect-studio" / "models").string());
        dirs.push_back((exe.parent_path().parent_path().parent_path() / "resources" / "models").string());
    }
    dirs.emplace_back(ECT_SOURCE_MODELS_DIR);
    return dirs;
}

std::string find_bundled(const std::string& file)
{
    std::error_code ec;
    for (const auto& dir : bundled_model_dirs()) {
        const fs::path p = fs::path(dir) / file;
        if (fs::is_regular_file(p, ec)) return fs::weakly_canonical(p, ec).string();
    }
    return {};
}

std::string require_bundled(const std::string& file, const std::string& what)
{
    std::string path = find_bundled(file);
    if (!path.empty()) return path;
    std::string searched;
    for (const auto& dir : bundled_model_dirs()) searched += (searched.empty() ? "" : ", ") + dir;
    fail(file, "the bundled " + what + " is not installed (searched " + searched + "); give a file instead");
}

}  // namespace ect
