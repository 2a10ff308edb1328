// The training loop: EDM pretraining and ECT tuning, with logs, sample grids, checkpoints and
// exact resume. A core API (no Qt): the CLI and the studio drive it and receive its events.
#pragma once

#include "ect/dataset.h"
#include "ect/device.h"
#include "ect/losses.h"
#include "ect/optim.h"
#include "ect/precond.h"
#include "ect/quality.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ect {

enum class TrainMode { Pretrain, Tune };

// Every value of a training recipe. Defaults are the official CIFAR-10 ECT recipe (tuning) and
// EDM's CIFAR-10 recipe (pretraining, via make_preset("cifar10", Pretrain)).
struct TrainConfig {
    TrainMode mode = TrainMode::Tune;
    std::string preset = "cifar10";
    std::string data = "fashion-mnist";
    int64_t data_limit = 0;  // use only the first N training images (0 = all)
    bool xflip = false;
    bool conditional = true;  // train with class labels when the data has them
    // tune: the diffusion model to start from. pretrain: optional, a diffusion model to continue
    // (its EMA weights start the network and the EMA; a fresh optimizer; the model file's
    // ect.images_seen then counts the base model's images too).
    std::string base_model;
    NetworkConfig network = NetworkConfig::cifar10_ddpmpp();  // pretrain: the architecture
    double dropout = 0.2;
    int64_t batch = 128;
    int64_t batch_per_pass = 0;  // images per forward pass; batch/batch_per_pass passes accumulate (0 = batch)
    int64_t steps = 200000;      // 25.6 Mimg at batch 128
    uint64_t seed = 0;
    std::string device = "auto";
    int threads = 0;  // CPU threads, 0 = all cores
    // "fp32", "tf32", "bf16" (see Precision), or "auto": fp32 on the CPU, tf32 on CUDA.
    std::string precision = "auto";
    OptimizerOptions optimizer;
    double lr_warmup_kimg = 0;      // lr ramps linearly over this many thousand images
    double ema_beta = 0.9999;       // per-iteration EMA decay...
    double ema_halflife_kimg = 0;   // ...or, when > 0, a half-life in thousands of images
    double ema_rampup = 0;          // half-life ramp-up ratio (EDM: 0.05), 0 = none
    EctLossConfig ect;
    double stage_kimg = 3200;  // ECT stage length in thousands of images (official: 25k iterations × 128)
    EdmLossConfig edm;
    int64_t log_every = 100;        // steps per log record
    int64_t sample_every = 1000;    // steps per sample grid (0 = only at start and end)
    int64_t checkpoint_every = 1000;
    int grid_count = 64;
    int grid_heun_steps = 18;  // pretraining grids use EDM Heun with this many steps
    // Quality during training: every eval_every steps (0 = never) the EMA model's FD on eval_count
    // samples (fixed seeds 0..) against eval_data, in eval_features' space. Tuning measures 1- and
    // 2-step consistency sampling, pretraining Heun with grid_heun_steps steps.
    int64_t eval_every = 0;
    int64_t eval_count = 2000;
    std::string eval_data;      // "" = the training data's test split (fashion-mnist:test), else the data
    std::string eval_features;  // "" = the bundled Fashion-MNIST classifier

    std::string to_json() const;
    static TrainConfig from_json(const std::string& text, const std::string& source);
    void validate() const;  // throws Error on values that cannot train
    int64_t passes() const { return batch_per_pass > 0 ? batch / batch_per_pass : 1; }
};

// Named recipes: "cifar10" (official), and Fashion-MNIST models sized for a 2-core CPU: "tiny"
// (a step well under a second: tests and smoke runs), "small", "base".
TrainConfig make_preset(const std::string& name, TrainMode mode);
std::vector<std::string> preset_names();

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

struct TrainProgress {
    int64_t step, total_steps, images_seen;
    int stage;
    double smoothed_loss;  // de-biased exponential smoothing (on CUDA updated at log ticks)
    double steps_per_second;
    double eta_seconds;
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

class Trainer {
public:
    // A new run in `run_dir` (created; refused if it already holds a run).
    static std::unique_ptr<Trainer> start(const TrainConfig& config, const std::string& run_dir);
    // Continues the run in `run_dir` from its last state; `steps` > 0 changes its length and
    // `eval_every` >= 0 its quality interval (neither changes the trajectory).
    static std::unique_ptr<Trainer> resume(const std::string& run_dir, int64_t steps = 0, int64_t eval_every = -1);

    enum class Outcome { Finished, Stopped };
    // Trains until config().steps or a stop request; saves state and model before returning.
    // Events are called on the thread that runs this.
    Outcome run(const TrainEvents& events = {});

    // Thread-safe controls: stop finishes the current step, saves and returns from run().
    void request_stop();
    void set_paused(bool paused);
    bool paused() const { return paused_; }

    int64_t step() const { return step_; }
    int64_t images_seen() const { return nimg_; }
    int stage() const;
    const TrainConfig& config() const { return cfg_; }
    const Dataset& dataset() const { return data_; }
    const std::string& run_dir() const { return dir_; }
    std::string state_path() const;
    std::string model_path() const;
    std::string log_path() const;
    std::string grid_path(int64_t step) const;
    Denoiser& ema() { return ema_->model(); }
    Denoiser& net() { return net_; }
    torch::Device device() const { return device_; }
    Precision precision() const { return precision_; }
    // Whether the training images were copied to the device (they are indexed, flipped and
    // scaled there), or are gathered on the host each step.
    bool data_on_device() const { return data_on_device_; }

    // Writes state.safetensors (everything a resume needs) and model.safetensors (EMA weights
    // with provenance), each atomically.
    void save_checkpoint();
    // EMA samples on the fixed grid noise (1-step consistency when tuning, Heun when pretraining).
    torch::Tensor sample_grid();

private:
    Trainer(const TrainConfig& config, const std::string& run_dir, bool resuming);
    double learning_rate() const;
    void train_step(const TrainEvents& events);
    void emit_samples(const TrainEvents& events);
    void evaluate(const TrainEvents& events);
    void place_data();
    torch::Tensor batch_pixels(const torch::Tensor& indices);  // [n, C, H, W] in [−1, 1] on the device
    // Reads the tick's loss statistics back from the device and clears them.
    void read_tick(double& loss_sum, std::array<double, 4>& band_sum, std::array<double, 4>& band_count);

    TrainConfig cfg_;
    std::string dir_;
    torch::Device device_{torch::kCPU};
    Precision precision_ = Precision::FP32;
    bool data_on_device_ = false;
    bool per_step_loss_ = true;  // read each step's loss on the host (CPU); else at log ticks
    Dataset data_;
    Denoiser net_{nullptr};
    std::unique_ptr<EmaWeights> ema_;
    std::unique_ptr<AdamFamily> optimizer_;
    std::unique_ptr<IndexSampler> sampler_;
    std::unique_ptr<QualityProbe> probe_;  // made at the first evaluation
    at::Generator noise_gen_;
    torch::Tensor grid_latents_, grid_labels_;
    std::string base_hash_;
    int64_t base_images_ = 0;  // pretraining continued from a model: the images that model had seen
    int64_t step_ = 0, nimg_ = 0;
    int last_stage_ = 0;

    // Statistics of the current log tick, accumulated on the device: [Σ loss of steps, Σ per band
    // (4), count per band (4)] in float64. Read back at log ticks (and every step on the CPU).
    torch::Tensor tick_stats_;
    int64_t tick_steps_ = 0;
    double host_tick_loss_ = 0;  // CPU: the per-step losses read so far this tick
    double smoothed_ = 0, smoothed_weight_ = 0;

    std::atomic<bool> stop_{false}, paused_{false};
    std::mutex pause_mutex_;
    std::condition_variable pause_cv_;
};

}  // namespace ect
