// A training run's folder (see run_folder.h).
#include "ect/training/run_folder.h"

#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/io/safetensors.h"
#include "ect/training/phema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
    std::error_code ec;  // an unreadable folder holds nothing we can use (its reader says why)
    return fs::exists(config_path(), ec);
}

bool RunFolder::has_state() const
{
    std::error_code ec;
    return fs::exists(state_path(), ec) || fs::exists(previous_state_path(), ec);
}

bool RunFolder::holds_run() const
{
    // EMA snapshots alone are a run's too: a new run must not mix them into its post-hoc EMA.
    return has_config() || has_state() || !phema_files().empty();
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

namespace {

// A run's log is read line by line within caps: the file no larger than a run writes (a sparse
// multi-gigabyte file is refused, not read a byte at a time), lines of at most 1 MiB (a longer
// one, damaged or foreign, is skipped while it is read, never held whole). `line` gets each line
// that fits. The file must be a regular file, not a link to one: resuming rewrites the log, and
// a link (to /dev/zero, or to a file elsewhere) is not ours to replace.
constexpr uint64_t kMaxLogBytes = 1ull << 30;  // ~7M steps of records
constexpr size_t kMaxLogLine = 1 << 20;

// The log opened once, and everything checked on that open file (a path looked up again could
// be swapped in between): not a link (O_NOFOLLOW), not a FIFO or device (opened without blocking,
// then refused by type), at most kMaxLogBytes. Closed by its destructor; fd < 0: no log yet.
struct LogFile {
    int fd = -1;
    uint64_t size = 0;
    uint64_t device = 0, inode = 0;
    explicit LogFile(const std::string& path)
    {
        fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) return;  // none yet
            if (errno == ELOOP)
                fail(path, "is not a regular file (a link, a FIFO or a device): a run's log is a file of its own");
            fail(path, std::string("cannot be read (") + std::strerror(errno) + ")");
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            fail(path, "is not a regular file (a link, a FIFO or a device): a run's log is a file of its own");
        }
        size = uint64_t(st.st_size);
        device = uint64_t(st.st_dev);
        inode = uint64_t(st.st_ino);
        if (size > kMaxLogBytes) {
            ::close(fd);
            fail(path, "is " + std::to_string(size >> 20) + " MiB, more than the " + std::to_string(kMaxLogBytes >> 20) +
                           " MiB a run's log holds: not read");
        }
    }
    ~LogFile()
    {
        if (fd >= 0) ::close(fd);
    }
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;
};

// From byte `from` up to the size the file had when opened (what is appended meanwhile is read
// at the next look). With `whole_to`, only lines ended by a newline are given (the last one may
// still be being written) and *whole_to becomes the offset after the last of them; without, a
// last line without its newline is given too.
template <class Line>
void read_log_lines(const LogFile& log, Line&& line_fn, uint64_t from = 0, uint64_t* whole_to = nullptr)
{
    std::string line;
    bool too_long = false;
    uint64_t at = from;
    std::vector<char> buffer(1 << 16);
    while (at < log.size) {
        const size_t want = size_t(std::min<uint64_t>(buffer.size(), log.size - at));
        const ssize_t got = ::pread(log.fd, buffer.data(), want, off_t(at));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;  // shortened meanwhile: what was read stands
        for (ssize_t i = 0; i < got; ++i) {
            const char c = buffer[size_t(i)];
            ++at;
            if (c == '\n') {
                if (!too_long) line_fn(line);
                line.clear();
                too_long = false;
                if (whole_to) *whole_to = at;
            } else if (line.size() < kMaxLogLine) {
                line.push_back(c);
            } else {
                too_long = true;
            }
        }
    }
    if (!whole_to && !line.empty() && !too_long) line_fn(line);  // a last line without its newline
}

// One log line into `out` when it is a record. A line of another shape (hand-edited, foreign,
// torn) or with values out of range is skipped, not fatal: every field is read with its type checked.
void add_record(const std::string& line, RunLog& out)
{
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("step")) return;
    const auto step = json_whole(j["step"], 0, INT64_MAX);
    const std::optional<double> kimg_read = j.contains("kimg") ? json_number(j["kimg"]) : std::optional<double>(0.0);
    if (!step || !kimg_read || std::abs(*kimg_read) > 1e15) return;
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

}  // namespace

void RunFolder::keep_log_until(int64_t step) const
{
    std::string kept;
    {
        const LogFile log(log_path());
        if (log.fd < 0) return;
        read_log_lines(log, [&](const std::string& line) {
            const auto j = nlohmann::json::parse(line, nullptr, false);  // a torn last line of a killed run: dropped
            const auto record_step = j.is_object() && j.contains("step") ? json_whole(j["step"]) : std::nullopt;
            if (record_step && *record_step <= step) kept += line + "\n";
        });
    }
    write_file_atomically(log_path(), kept);
}

RunLog RunFolder::read_log() const
{
    RunLog out;
    const LogFile log(log_path());
    if (log.fd < 0) return out;  // none yet
    read_log_lines(log, [&](const std::string& line) { add_record(line, out); });
    return out;
}

RunLog RunFolder::read_log_since(LogCursor& cursor, bool* restarted) const
{
    RunLog out;
    if (restarted) *restarted = false;
    const LogFile log(log_path());
    if (log.fd < 0) return out;
    if (log.device != cursor.device || log.inode != cursor.inode || log.size < cursor.offset) {
        if (restarted) *restarted = cursor.device != 0 || cursor.inode != 0 || cursor.offset != 0;
        cursor = {0, log.device, log.inode};
    }
    read_log_lines(log, [&](const std::string& line) { add_record(line, out); }, cursor.offset, &cursor.offset);
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

std::string RunFolder::phema_dir() const
{
    return (fs::path(dir_) / "phema").string();
}

std::string RunFolder::phema_path(int64_t step, double std) const
{
    char name[48];
    std::snprintf(name, sizeof name, "model-%08lld-", static_cast<long long>(step));
    return (fs::path(phema_dir()) / (name + phema_std_text(std) + ".safetensors")).string();
}

std::vector<RunFolder::PhemaFile> RunFolder::phema_files() const
{
    std::vector<PhemaFile> out;
    std::error_code ec;
    if (!fs::is_directory(phema_dir(), ec)) return out;
    fs::directory_iterator it(phema_dir(), ec), end;
    // increment(ec): a folder that turns unreadable midway ends the listing, it does not throw.
    for (; !ec && it != end; it.increment(ec)) {
        // model-<step>-<σ_rel>.safetensors exactly as phema_path writes it, nothing else: the
        // writer's temporaries end in .new, and a differently padded twin of a snapshot would
        // give post-hoc EMA the same profile twice.
        const std::string name = it->path().filename().string();
        const std::string prefix = "model-", suffix = ".safetensors";
        if (name.size() <= prefix.size() + suffix.size() + 6 || name.size() > 64 || name.rfind(prefix, 0) != 0 ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        const size_t dash = middle.find('-');
        if (dash == std::string::npos || dash > 18) continue;
        const std::string digits = middle.substr(0, dash), length = middle.substr(dash + 1);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        if (length.size() != 5 || length[1] != '.' || length.find_first_not_of("0123456789", 2) != std::string::npos ||
            !std::isdigit(static_cast<unsigned char>(length[0])))
            continue;
        const int64_t step = std::stoll(digits);
        const int milli = (length[0] - '0') * 1000 + std::stoi(length.substr(2));  // locale-free
        if (milli <= 0 || fs::path(phema_path(step, milli / 1000.0)).filename() != name) continue;
        std::error_code type_ec;
        if (!it->is_regular_file(type_ec)) continue;
        out.push_back({step, milli / 1000.0, it->path().string()});
    }
    std::sort(out.begin(), out.end(), [](const PhemaFile& a, const PhemaFile& b) {
        return a.step != b.step ? a.step < b.step : a.std < b.std;
    });
    return out;
}

int RunFolder::remove_phema_after(int64_t step) const
{
    int removed = 0;
    std::error_code ec;
    for (const auto& f : phema_files())
        if (f.step > step && fs::remove(f.path, ec)) ++removed;
    return removed;
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
