// A training run's folder, its files named once: config.json (the recipe), log.jsonl (loss and
// quality records), samples/step-*.png (grids), state.safetensors (everything a resume needs),
// model.safetensors (EMA weights with provenance) and snapshots/model-*.safetensors (the models of
// the last few checkpoints). The trainer writes it; the studio and the CLI
// read it through this class.
#pragma once

#include "ect/training/recipe.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ect {

// Loss bands by noise level t (σ for pretraining): [0, 0.1), [0.1, 1), [1, 10), [10, ∞).
constexpr std::array<double, 3> kLossBandEdges{0.1, 1.0, 10.0};
const std::array<const char*, 4>& loss_band_names();

// A loss point. On the CPU there is one per step. On CUDA the losses stay on the device (reading
// one back would make the host wait for the GPU every step) and one point per log tick carries
// the mean of the tick's steps.
struct TrainStep {
    int64_t step;  // steps done
    int64_t images_seen;
    int stage;
    double loss;  // mean of this step, or of the tick's steps (CUDA)
    double lr;
};

struct TrainLogRecord {
    int64_t step;
    double kimg;
    int stage;
    double loss;                     // mean over the tick
    std::array<double, 4> band_loss;  // NaN where a band saw no sample
    double lr;
    double sec_per_kimg;
    double memory_mb;
    int64_t nonfinite_steps = 0;  // steps of the tick whose loss was NaN or Inf (written when > 0)
    int world_size = 1;           // ranks that trained the tick, and their backend (written for a group)
    std::string backend;
    std::string to_json() const;  // one flat JSON object (a JSONL line)
};

// One quality measurement (a log.jsonl line with "fd").
struct TrainEvalRecord {
    int64_t step;
    double kimg;
    std::vector<std::pair<std::string, double>> fd;  // sampler ("cm1", "cm2", "heun18") → FD
    int64_t samples;
    double seconds;
    std::string to_json() const;
};

// Every well-formed record of a log, in order (lines of another shape are skipped).
struct RunLog {
    std::vector<TrainStep> loss;         // one per loss record (the record's mean loss)
    std::vector<TrainEvalRecord> quality;
};

class RunFolder {
public:
    explicit RunFolder(std::string dir) : dir_(std::move(dir)) {}
    const std::string& dir() const { return dir_; }
    std::string config_path() const;
    std::string state_path() const;
    // The checkpoint before the newest one, kept for when the newest is damaged.
    std::string previous_state_path() const;
    std::string model_path() const;
    std::string log_path() const;
    std::string samples_dir() const;
    std::string grid_path(int64_t step) const;  // samples/step-00001000.png

    bool holds_run() const;  // a config or a state is there
    bool has_config() const;
    bool has_state() const;

    // Creates the folder and its samples/ (Error when it cannot), writes the config, empties the log.
    void create(const TrainConfig& config) const;
    void write_config(const TrainConfig& config) const;  // atomically
    TrainConfig read_config() const;                     // Error naming the file when unusable
    void append_log(const std::string& json_line) const;
    // Keeps the records up to `step` (a run killed between checkpoints logged past its state).
    void keep_log_until(int64_t step) const;
    // Error when the log is not a regular file or is larger than any run writes (1 GiB).
    RunLog read_log() const;
    // A watcher's place in the log: which file it read (a log replaced by a rename is another
    // file) and the byte after the last whole line read.
    struct LogCursor {
        uint64_t offset = 0;
        uint64_t device = 0, inode = 0;
    };
    // The records of the whole lines after `cursor`, and `cursor` moved past them: a watcher reads
    // what was added since its last look, never the whole log again. When the log is another file
    // than the cursor's or shorter than its offset (a run resumed from an earlier checkpoint drops
    // the records after it), it is read from the start and `*restarted` says so (the watcher then
    // draws again); a missing log reads as empty and leaves the cursor. The file identity comes
    // from the opened file itself, so a rename between a look and the read cannot mix two logs.
    RunLog read_log_since(LogCursor& cursor, bool* restarted = nullptr) const;
    // The saved grids in step order.
    std::vector<std::pair<int64_t, std::string>> grids() const;
    // Model snapshots of earlier checkpoints: snapshots/model-00000500.safetensors, in step order.
    std::string snapshots_dir() const;
    std::string snapshot_path(int64_t step) const;
    std::vector<std::pair<int64_t, std::string>> snapshots() const;
    // Copies model.safetensors to the snapshot of `step` (atomically) and deletes the oldest
    // snapshots beyond the newest `keep`. Error when the copy cannot be written.
    void keep_snapshot(int64_t step, int64_t keep) const;
    // Power-function EMA snapshots (TrainConfig::ema_stds): every checkpoint writes one per
    // profile, phema/model-<step>-<σ_rel>.safetensors, all kept (post-hoc EMA needs the history).
    struct PhemaFile {
        int64_t step;
        double std;
        std::string path;
    };
    std::string phema_dir() const;
    std::string phema_path(int64_t step, double std) const;
    std::vector<PhemaFile> phema_files() const;  // by step, then σ_rel
    // Removes the EMA snapshots of steps after `step` (a resume from an earlier checkpoint: they
    // belong to a continuation that is being replaced). Returns how many were removed.
    int remove_phema_after(int64_t step) const;

private:
    std::string dir_;
};

// The checkpoints of the run a model file belongs to (RUN/model.safetensors, or a snapshot
// RUN/snapshots/model-*.safetensors), in step order: the run's snapshots, else its model alone at
// `model_step` (the model's "ect.step"). Empty for a model outside a run folder.
std::vector<std::pair<int64_t, std::string>> run_checkpoints_of(const std::string& model_path, int64_t model_step);

}  // namespace ect
