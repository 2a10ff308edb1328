// A training run's folder (see run_folder.h).
#include "ect/training/run_folder.h"

#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/io/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace ect {

const std::array<const char*, 4>& loss_band_names()
{
    static const std::array<const char*, 4> names{"loss_t_lt_0.1", "loss_t_0.1_1", "loss_t_1_10", "loss_t_ge_10"};
    return names;
}

std::string TrainLogRecord::to_json() const
{
    nlohmann::ordered_json j = {{"step", step}, {"kimg", kimg}, {"stage", stage}, {"loss", loss}};
    for (size_t i = 0; i < band_loss.size(); ++i)
        j[loss_band_names()[i]] = std::isnan(band_loss[i]) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(band_loss[i]);
    j["lr"] = lr;
    j["sec_per_kimg"] = sec_per_kimg;
    j["memory_mb"] = memory_mb;
    if (nonfinite_steps > 0) j["nonfinite_steps"] = nonfinite_steps;
    if (!backend.empty()) {
        j["world_size"] = world_size;
        j["backend"] = backend;
    }
    return j.dump();
}

std::string TrainEvalRecord::to_json() const
{
    nlohmann::ordered_json f = nlohmann::ordered_json::object();
    for (const auto& [name, value] : fd) f[name] = value;
    nlohmann::ordered_json j = {{"step", step}, {"kimg", kimg}, {"fd", f}, {"fd_samples", samples}, {"eval_seconds", seconds}};
    return j.dump();
}

namespace {

constexpr const char* kStateFile = "state.safetensors";
constexpr const char* kPreviousStateFile = "state.previous.safetensors";
constexpr const char* kModelFile = "model.safetensors";
constexpr const char* kConfigFile = "config.json";
constexpr const char* kLogFile = "log.jsonl";
constexpr const char* kSamplesDir = "samples";

}  // namespace

std::string RunFolder::config_path() const
{
    return (fs::path(dir_) / kConfigFile).string();
}

std::string RunFolder::state_path() const
{
    return (fs::path(dir_) / kStateFile).string();
}

std::string RunFolder::previous_state_path() const
{
    return (fs::path(dir_) / kPreviousStateFile).string();
}

std::string RunFolder::model_path() const
{
    return (fs::path(dir_) / kModelFile).string();
}

std::string RunFolder::log_path() const
{
    return (fs::path(dir_) / kLogFile).string();
}

std::string RunFolder::samples_dir() const
{
    return (fs::path(dir_) / kSamplesDir).string();
}

std::string RunFolder::grid_path(int64_t step) const
{
    char name[32];
    std::snprintf(name, sizeof name, "step-%08lld.png", static_cast<long long>(step));
    return (fs::path(dir_) / kSamplesDir / name).string();
}

bool RunFolder::has_config() const
{
    return fs::exists(config_path());
}

bool RunFolder::has_state() const
{
    return fs::exists(state_path()) || fs::exists(previous_state_path());
}

bool RunFolder::holds_run() const
{
    return has_config() || has_state();
}

void RunFolder::create(const TrainConfig& config) const
{
    std::error_code ec;
    fs::create_directories(samples_dir(), ec);
    if (ec) fail(dir_, "cannot create run folder (" + ec.message() + ")");
    write_config(config);
    std::ofstream log(log_path(), std::ios::trunc);
    if (!log) fail(log_path(), "cannot be written");
}

void RunFolder::write_config(const TrainConfig& config) const
{
    write_file_atomically(config_path(), config.to_json() + "\n");
}

TrainConfig RunFolder::read_config() const
{
    if (!has_config()) fail(ErrorKind::NotARunFolder, {dir_}, dir_, "not a training run folder (no config.json)");
    return TrainConfig::from_json(read_file_bytes(config_path()), config_path());
}

void RunFolder::append_log(const std::string& json_line) const
{
    std::ofstream(log_path(), std::ios::app) << json_line << '\n';
}

void RunFolder::keep_log_until(int64_t step) const
{
    std::ifstream in(log_path());
    std::string line, kept;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);  // a torn last line of a killed run: dropped
        const auto record_step = j.is_object() && j.contains("step") ? json_whole(j["step"]) : std::nullopt;
        if (record_step && *record_step <= step)
            kept += line + "\n";
    }
    write_file_atomically(log_path(), kept);
}

RunLog RunFolder::read_log() const
{
    RunLog out;
    std::error_code ec;
    if (!fs::is_regular_file(log_path(), ec)) return out;  // none yet (or a FIFO, which would block)
    std::ifstream in(log_path(), std::ios::binary);
    // Records are a few hundred bytes; a longer line (a damaged or foreign file, one without any
    // newline) is skipped while it is read, never held whole.
    constexpr size_t kMaxLine = 1 << 20;
    std::string line;
    bool too_long = false;
    auto next_line = [&]() -> bool {
        line.clear();
        too_long = false;
        int c;
        bool any = false;
        while ((c = in.get()) != std::char_traits<char>::eof()) {
            any = true;
            if (c == '\n') return true;
            if (line.size() < kMaxLine) line.push_back(char(c));
            else too_long = true;
        }
        return any;
    };
    while (next_line()) {
        if (too_long) continue;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        // A line of another shape (hand-edited, foreign, torn) or with values out of range is
        // skipped, not fatal: every field is read with its type checked.
        if (!j.is_object() || !j.contains("step")) continue;
        const auto step = json_whole(j["step"], 0, INT64_MAX);
        const std::optional<double> kimg_read = j.contains("kimg") ? json_number(j["kimg"]) : std::optional<double>(0.0);
        if (!step || !kimg_read || std::abs(*kimg_read) > 1e15) continue;
        const double kimg = *kimg_read;
        auto whole = [](int64_t lo, int64_t hi) { return [=](const nlohmann::json& v) { return json_whole(v, lo, hi); }; };
        auto number = [](const nlohmann::json& v) { return json_number(v); };
        if (j.contains("fd") && j["fd"].is_object()) {
            TrainEvalRecord r{*step, kimg, {}, json_field(j, "fd_samples", whole(0, INT64_MAX), int64_t(0)),
                              json_field(j, "eval_seconds", number, 0.0)};
            for (const auto& [sampler, fd] : j["fd"].items())
                if (const auto v = json_number(fd)) r.fd.emplace_back(sampler, *v);
            out.quality.push_back(std::move(r));
        } else if (j.contains("loss") && j["loss"].is_number()) {
            out.loss.push_back({*step, static_cast<int64_t>(std::llround(kimg * 1000)),
                                int(json_field(j, "stage", whole(0, 1000), int64_t(0))), j["loss"].get<double>(),
                                json_field(j, "lr", number, 0.0)});
        }
    }
    return out;
}

namespace {

// Files `prefix`DIGITS`suffix` of a folder, by number: digits only between prefix and suffix.
std::vector<std::pair<int64_t, std::string>> numbered_files(const std::string& dir, const std::string& prefix,
                                                            const std::string& suffix)
{
    std::vector<std::pair<int64_t, std::string>> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        out.emplace_back(std::stoll(digits), entry.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::vector<std::pair<int64_t, std::string>> RunFolder::grids() const
{
    return numbered_files(samples_dir(), "step-", ".png");
}

std::string RunFolder::snapshots_dir() const
{
    return (fs::path(dir_) / "snapshots").string();
}

std::string RunFolder::snapshot_path(int64_t step) const
{
    char name[48];
    std::snprintf(name, sizeof name, "model-%08lld.safetensors", static_cast<long long>(step));
    return (fs::path(snapshots_dir()) / name).string();
}

std::vector<std::pair<int64_t, std::string>> RunFolder::snapshots() const
{
    return numbered_files(snapshots_dir(), "model-", ".safetensors");
}

std::vector<std::pair<int64_t, std::string>> run_checkpoints_of(const std::string& model_path, int64_t model_step)
{
    const fs::path file(model_path);
    fs::path run = file.parent_path();
    const std::string name = file.filename().string();
    if (run.filename() == "snapshots" && name.rfind("model-", 0) == 0) run = run.parent_path();
    else if (name != "model.safetensors") return {};
    const RunFolder folder(run.string());
    if (!folder.has_config()) return {};  // a model.safetensors that is not a run's
    auto all = folder.snapshots();
    if (all.empty()) all.emplace_back(model_step, model_path);
    return all;
}

void RunFolder::keep_snapshot(int64_t step, int64_t keep) const
{
    std::error_code ec;
    fs::create_directories(snapshots_dir(), ec);
    if (ec) fail(snapshots_dir(), "cannot be created (" + ec.message() + ")");
    const std::string target = snapshot_path(step), fresh = target + ".new";
    fs::copy_file(model_path(), fresh, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(fresh, target, ec);
    if (ec) {
        fs::remove(fresh, ec);
        fail(target, "cannot be written (" + ec.message() + ")");
    }
    auto all = snapshots();
    for (size_t i = 0; i + size_t(keep) < all.size(); ++i) fs::remove(all[i].second, ec);  // the oldest first
}

}  // namespace ect
