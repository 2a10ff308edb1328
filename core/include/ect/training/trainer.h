// The training loop of every objective (objective.h: EDM pretraining, ECT tuning, CMT, TCM), with
// logs, checkpoints and exact resume; sample grids and FD are observers of it (observers.h). A
// core API (no Qt): the CLI and the studio drive it and receive its events.
#pragma once

#include "ect/training/dataset.h"
#include "ect/training/distributed.h"
#include "ect/training/objective.h"
#include "ect/training/recipe.h"
#include "ect/training/run_folder.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/method/losses.h"
#include "ect/training/optim.h"
#include "ect/method/precond.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ect {

struct TrainProgress {
    int64_t step, total_steps, images_seen;
    int stage;
    double smoothed_loss;  // de-biased exponential smoothing (on CUDA updated at log ticks)
    double steps_per_second;
    double eta_seconds;
};

struct TrainEvents {
    std::function<void(const TrainStep&)> step;
    std::function<void(const TrainProgress&)> progress;
    std::function<void(const TrainLogRecord&)> log;
    // EMA samples on the run's fixed noise, float [-1, 1] [N, C, H, W] on the CPU.
    std::function<void(int64_t step, const torch::Tensor& images)> samples;
    std::function<void(const TrainEvalRecord&)> eval;
    std::function<void(const std::string& state_path)> checkpoint;
    std::function<void(const std::string& text)> message;
};

class Trainer;

// What watches a run between its steps (grids, FD: observers.h). Called on the writing rank only,
// on the thread that runs Trainer::run, with its events.
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    // A run() call begins (step 0 of a new run, or a resumed step).
    virtual void begin(Trainer&, const TrainEvents&) {}
    // After each step and its log tick; true when it took time that is not training time.
    virtual bool after_step(Trainer&, const TrainEvents&) { return false; }
    // Training goes on after a pause: time cadences count from now.
    virtual void unpaused() {}
    // A run() call ends (not when it diverged): `trained` whether it trained a step, `finished`
    // whether the run reached its length.
    virtual void end(Trainer&, const TrainEvents&, bool /*trained*/, bool /*finished*/) {}
};

// The newest state has no checksum and the resume did not trust such states: a front end may ask
// its user and resume again with ResumeOptions::trust_unchecked_state.
class UncheckedStateError : public Error {
public:
    using Error::Error;
};

// How a run continues: `steps` > 0 changes its length and `eval_every` >= 0 its quality interval
// (neither changes the trajectory). A state without a checksum (written by ECT Studio before
// checksums, or by something else) is refused unless `trust_unchecked_state` says to take it as
// it is: its contents are still validated (shapes, finite moments, a data order that is one).
struct ResumeOptions {
    int64_t steps = 0;
    int64_t eval_every = -1;
    bool trust_unchecked_state = false;
};

// With a DistributedGroup the trainer is one rank of a data-parallel run: every rank makes every
// random draw of the step's whole batch (data order, flips, noise levels, noise, dropout masks)
// and trains on its slice of it; the gradients are summed over the ranks, and the optimizer, EMA
// and nan_to_num run alike on every rank. The trajectory is then that of one process with the
// same batch, whatever the number of ranks or passes, and the state is global: a run resumes on
// any number of ranks. Rank 0 alone writes the run folder and calls the events.
class Trainer {
public:
    // A new run in `run_dir` (created; refused if it already holds a run). With a group, every
    // rank calls this; when one rank cannot start, every rank's call fails, naming its error.
    // Rank 0's trainer has the standard observers (grids, and FD when eval_every > 0).
    static std::unique_ptr<Trainer> start(const TrainConfig& config, const std::string& run_dir,
                                          std::shared_ptr<DistributedGroup> group = nullptr);
    // Continues the run in `run_dir` from its last state (see ResumeOptions).
    static std::unique_ptr<Trainer> resume(const std::string& run_dir, const ResumeOptions& options = {},
                                           std::shared_ptr<DistributedGroup> group = nullptr);

    // Diverged: config().max_nonfinite_steps steps in a row gave a NaN/Inf loss; nothing was saved.
    enum class Outcome { Finished, Stopped, Diverged };
    // Trains until config().steps or a stop request; saves state and model before returning
    // (except when it diverged: the last good checkpoint stays).
    // Events are called on the thread that runs this.
    Outcome run(const TrainEvents& events = {});

    // Thread-safe controls: stop finishes the current step, saves and returns from run(). In a
    // group, a stop asked on any rank stops every rank at the same step (on CUDA at a log tick).
    void request_stop();
    void set_paused(bool paused);
    bool paused() const { return paused_; }
    // True while the loop is waiting on a pause (the step in flight has finished).
    bool holding() const { return holding_; }

    int64_t step() const { return step_; }
    // The group this trainer is a rank of (null: a single process).
    const std::shared_ptr<DistributedGroup>& group() const { return group_; }
    bool is_root() const { return !group_ || group_->is_root(); }
    int world_size() const { return group_ ? group_->size() : 1; }
    // What resuming had to work around (a damaged newest state: the previous one was used); "" if nothing.
    const std::string& resume_notice() const { return resume_notice_; }
    // How the data was fitted to the network (resized, or the preset's attention moved); "" if as is.
    const std::string& data_notice() const { return data_notice_; }
    // The step of the last checkpoint written or resumed from.
    int64_t checkpoint_step() const { return checkpoint_step_; }
    int64_t images_seen() const { return nimg_; }
    int stage() const;
    const TrainConfig& config() const { return cfg_; }
    const Objective& objective() const { return *objective_; }
    const Dataset& dataset() const { return data_; }
    const std::string& run_dir() const { return folder_.dir(); }
    const RunFolder& folder() const { return folder_; }
    std::string state_path() const { return folder_.state_path(); }
    std::string model_path() const { return folder_.model_path(); }
    std::string log_path() const { return folder_.log_path(); }
    std::string grid_path(int64_t step) const { return folder_.grid_path(step); }
    Denoiser& ema() { return ema_->model(); }
    // Power-function EMA profile i (of config().ema_stds).
    Denoiser& ema_profile(size_t i) { return phema_.at(i)->model(); }
    Denoiser& net() { return net_; }
    torch::Device device() const { return device_; }
    Precision precision() const { return precision_; }
    // Whether the training images were copied to the device (they are indexed, flipped and
    // scaled there), or are gathered on the host each step.
    bool data_on_device() const { return data_on_device_; }
    // Whether the last step was a replayed CUDA graph (step_graphs_enabled(), see StepGraph).
    bool step_graph_replayed() const { return step_graph_.replayed(); }
    // Steps of this process that ran in the capturable form (replayed, warming up, or on the CPU
    // uncaptured), and the key of the step graph (stage and precision).
    int64_t capturable_steps() const { return capturable_steps_; }
    const std::string& step_graph_key() const { return step_graph_.key(); }

    // Writes state.safetensors (everything a resume needs, with a SHA-256 of its tensors checked
    // on resume; the one before becomes state.previous.safetensors) and model.safetensors (EMA
    // weights with provenance), each atomically. In a group every rank calls it: the ranks check
    // that their weights are identical, rank 0 writes, and a failure is every rank's Error.
    void save_checkpoint();
    // The model its grids, FD and model file show: the EMA weights (with TCM's first stage).
    Denoiser sampling_model();
    // The grids' fixed noise (seeds 0..grid_count−1) and labels (undefined: unconditional), on the device.
    const torch::Tensor& grid_latents() const { return grid_latents_; }
    const torch::Tensor& grid_labels() const { return grid_labels_; }
    // Another observer, called after the standard ones (rank 0 only calls observers).
    void add_observer(std::unique_ptr<TrainObserver> observer);

private:
    // `resume`: null for a new run.
    Trainer(const TrainConfig& config, const std::string& run_dir, const ResumeOptions* resume,
            std::shared_ptr<DistributedGroup> group);
    // start/resume: `build()`, and in a group every rank's vote on its start (a rank that failed
    // fails them all, its message named), then rank 0's weights everywhere.
    static std::unique_ptr<Trainer> joined(const std::shared_ptr<DistributedGroup>& group,
                                           const std::function<std::unique_ptr<Trainer>()>& build);
    // Group: every rank takes rank 0's weights (start and resume).
    void share_weights();
    // Group: the ranks' vote after a step every rank had to pass (start, checkpoint); Error when
    // any failed, this rank's own `error` first.
    void join_or_fail(const std::string& error);
    bool stopping() const { return group_ ? stop_agreed_ : stop_.load(); }
    void write_checkpoint();
    double learning_rate() const;
    void train_step(const TrainEvents& events);
    // The device work of a step (passes, backward, gradient sums, optimizer, EMA), from the
    // batch's draws: what a step graph captures (StepGraph).
    void step_body(const torch::Tensor& all_idx, const torch::Tensor& all_labels, const torch::Tensor& all_flip,
                   const std::vector<torch::Tensor>& all_draws, DropoutMasks& masks, int current_stage);
    // Whether this step may run as a captured graph (see step_graph_fits in trainer.cpp).
    bool step_graph_fits() const;
    void place_data();
    torch::Tensor batch_pixels(const torch::Tensor& indices);  // [n, C, H, W] in [−1, 1] on the device
    // Reads the tick's loss statistics back from the device and clears them.
    void read_tick(double& loss_sum, std::array<double, 4>& band_sum, std::array<double, 4>& band_count,
                   int64_t& nonfinite_steps);
    // The newest state that reads back whole (checksum included), else the previous one.
    TensorFile read_state(bool trust_unchecked);

    TrainConfig cfg_;
    const Objective* objective_;                   // the row of cfg_.objective
    std::unique_ptr<ObjectiveRun> objective_run_;  // its draws, loss and networks (a teacher)
    RunFolder folder_;
    std::shared_ptr<DistributedGroup> group_;
    torch::Tensor grad_span_;  // the flat gradient buffer the group sums (undefined: per tensor)
    bool stop_agreed_ = false;  // group: a rank asked to stop, and every rank knows
    torch::Device device_{torch::kCPU};
    Precision precision_ = Precision::FP32;
    bool data_on_device_ = false;
    bool per_step_loss_ = true;  // read each step's loss on the host (CPU); else at log ticks
    Dataset data_;
    Denoiser net_{nullptr};
    std::unique_ptr<EmaWeights> ema_;
    std::vector<std::unique_ptr<EmaWeights>> phema_;  // one per cfg_.ema_stds entry
    std::unique_ptr<AdamFamily> optimizer_;
    std::unique_ptr<IndexSampler> sampler_;
    std::vector<std::unique_ptr<TrainObserver>> observers_;
    at::Generator noise_gen_;
    torch::Tensor grid_latents_, grid_labels_;
    std::string base_hash_;
    int64_t base_images_ = 0;  // a run continued from a model (--init, --continue): the images that model had seen
    std::string base_name_;      // --continue: the original base's file name (else cfg_.base_model's)
    std::string continued_from_; // --continue: "file-name sha256" of the model continued
    // Atomic: the studio and other threads read them (step(), images_seen()) while run() counts.
    std::atomic<int64_t> step_{0}, nimg_{0};
    int last_stage_ = 0;
    int64_t checkpoint_step_ = 0;
    std::string resume_notice_;
    std::string data_notice_;
    int64_t nonfinite_in_a_row_ = 0;

    // Statistics of the current log tick, accumulated on the device: [Σ loss of steps, Σ per band
    // (4), count per band (4), non-finite steps, ranks that asked to stop] in float64, summed over
    // the ranks each step. Read back at log ticks (and every step on the CPU).
    torch::Tensor tick_stats_;
    torch::Tensor step_stats_;    // this step's statistics (slots as tick_stats_), added to them
    torch::Tensor step_numbers_;  // this step's numbers from the host: optimizer (2), EMA β, profiles' β
    // The step graph's inputs, refilled in place each step, and its dropout masks, redrawn.
    struct StepInputs {
        torch::Tensor idx, labels, flip;
        std::vector<torch::Tensor> draws;
    };
    StepInputs step_inputs_;
    std::unique_ptr<DropoutMasks> step_masks_;
    StepGraph step_graph_;
    int64_t capturable_steps_ = 0;
    int64_t tick_steps_ = 0;
    double host_tick_loss_ = 0;  // CPU: the per-step losses read so far this tick
    double smoothed_ = 0, smoothed_weight_ = 0;

    std::atomic<bool> stop_{false}, paused_{false}, holding_{false};
    std::mutex pause_mutex_;
    std::condition_variable pause_cv_;
};

}  // namespace ect
