// Training recipes: every value of a run (TrainConfig), its JSON form (config.json, a model's
// ect.recipe) and checks, and the named presets as one table. No training here: the loop is
// trainer.h's.
#pragma once

#include "ect/method/cmt.h"
#include "ect/method/losses.h"
#include "ect/method/tcm.h"
#include "ect/network/network_config.h"
#include "ect/training/optim.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ect {

// Every value of a training recipe. Defaults are the official CIFAR-10 ECT recipe (tuning) and
// EDM's CIFAR-10 recipe (pretraining, via make_preset("cifar10", "edm")).
constexpr size_t kMaxEmaProfiles = 8;  // power-function EMA profiles a run may keep

struct TrainConfig {
    // The training objective by its name in the objective table (objective.h): "edm", "ect", "cmt".
    std::string objective = "ect";
    std::string preset = "cifar10";
    std::string data = "fashion-mnist";
    int64_t data_limit = 0;  // use only the first N training images (0 = all)
    bool xflip = false;
    bool conditional = true;  // train with class labels when the data has them
    // An objective that starts from a base model (ECT, CMT): the model it starts from. EDM: optional, a diffusion model to continue
    // (its EMA weights start the network and the EMA; a fresh optimizer; the model file's
    // ect.images_seen then counts the base model's images too).
    std::string base_model;
    NetworkConfig network = NetworkConfig::cifar10_ddpmpp();  // pretrain: the architecture
    // The images' size. 0: a new network takes the data's own (as EDM's train.py), a base model
    // its own (the data is resized to it). A value resizes the data; with a base model it must
    // be the base's.
    int resolution = 0;
    int image_channels = 0;  // 0, 1 (grayscale) or 3 (RGB)
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
    // EDM2's inverse-square-root decay: past lr_ref_batches·batch images the rate falls as
    // 1/√images (EDM2's ref_batches, ECT's ImageNet --decay); 0 = a constant rate.
    double lr_ref_batches = 0;
    double ema_beta = 0.9999;       // per-iteration EMA decay...
    double ema_halflife_kimg = 0;   // ...or, when > 0, a half-life in thousands of images
    double ema_rampup = 0;          // half-life ramp-up ratio (EDM: 0.05), 0 = none
    // Power-function EMA profiles (EDM2's PowerFunctionEMA), by σ_rel, kept beside the EMA above:
    // each checkpoint writes one snapshot per profile (RunFolder::phema_path), from which any
    // length can be reconstructed after training (post-hoc EMA). Empty = none; at most 8.
    std::vector<double> ema_stds;
    EctLossConfig ect;
    double stage_kimg = 3200;  // ECT stage length in thousands of images (official: 25k iterations × 128)
    // The 2-step sampler's mid level for the tuned model (its evaluation, and stored in the model
    // so sampling defaults to it); 0 = CIFAR-10's 0.821. ECT's ImageNet-64 recipe: 1.526.
    double two_step_mid = 0;
    EdmLossConfig edm;
    CmtLossConfig cmt;
    TcmLossConfig tcm;
    int64_t log_every = 100;        // steps per log record
    int64_t sample_every = 1000;    // steps per sample grid (0 = only at start and end)
    int64_t checkpoint_every = 1000;
    // Time cadences beside the step ones (0 = off): a grid, or a checkpoint, also comes once this
    // many seconds of training have passed since the last one, so a slow CPU run shows progress
    // within a minute whatever its step time. Neither changes the trajectory.
    double sample_seconds = 0;
    double checkpoint_seconds = 0;
    // Each checkpoint also keeps the model of that step as snapshots/model-<step>.safetensors,
    // the newest keep_snapshots of them (0 = none), to compare or sample any stage of a run.
    int64_t keep_snapshots = 8;
    int grid_count = 64;
    int grid_heun_steps = 18;  // pretraining grids use EDM Heun with this many steps
    // Quality during training: every eval_every steps (0 = never) the EMA model's FD on eval_count
    // samples (fixed seeds 0..) against eval_data, in eval_features' space. Tuning measures 1- and
    // 2-step consistency sampling, pretraining Heun with grid_heun_steps steps.
    int64_t eval_every = 0;
    int64_t eval_count = 2000;
    std::string eval_data;      // "" = the training data's test split (fashion-mnist:test), else the data
    std::string eval_features;  // "" = the bundled Fashion-MNIST classifier
    // Steps in a row whose loss is NaN or Inf after which training stops without saving, keeping
    // the last good checkpoint (0 = never stop). On CUDA counted per log tick.
    int64_t max_nonfinite_steps = 100;
    // The base model is a model this objective made (ECT tuning across sessions): the run goes on
    // from it, its stage schedule counting the images the model was tuned on and its model files
    // naming the original base (SHA-256) and the images in all, with a fresh optimizer.
    bool continue_schedule = false;

    std::string to_json() const;
    static TrainConfig from_json(const std::string& text, const std::string& source);
    void validate() const;  // throws Error on values that cannot train
    int64_t passes() const { return batch_per_pass > 0 ? batch / batch_per_pass : 1; }
};

// How often something happens in a run: every `steps` steps or every `seconds` seconds (the
// other 0). Text: "250" (steps), "90s", "5min", "1h" (seconds). Throws Error naming `source`.
struct Cadence {
    int64_t steps = 0;
    double seconds = 0;
};
Cadence parse_cadence(const std::string& text, const std::string& source);

// Named recipes, one row each of the table in recipe.cpp: "cifar10", "ffhq64" and "afhqv2-64"
// (EDM's and ECT's), "adm-img64" (EDM's ImageNet-64 ADM), "edm2-img64-s|m|l|xl" (EDM2's ImageNet-64
// pretraining and ECT's ImageNet-64 tuning), and Fashion-MNIST: "tiny" (a step well under a second: tests and smoke runs),
// "small", "base" (CPU-sized) and "fmnist" (the bundled models, GPU-sized). A preset's network is
// drawn for its own data's size; network_for_data() fits it to other data. Each preset has a
// pretraining column (objectives that make a new network: EDM) and a tuning column (objectives
// that start from a base model), which the objective's own preset values then adjust.
TrainConfig make_preset(const std::string& name, const std::string& objective);
std::vector<std::string> preset_names();

// `preset` (the architecture drawn for preset.img_resolution) for images of resolution×resolution
// with `channels` channels: same widths and depth. An attention resolution that is no level of the
// new network moves to the level at its depth (CIFAR-10's 16 of 32 → 14 of 28); `note`, when
// given, then says so. Throws Error, naming the fix, when the resolution does not halve evenly
// through the levels.
NetworkConfig network_for_data(const NetworkConfig& preset, int resolution, int channels, std::string* note = nullptr);

// A pretraining recipe with a network of family `arch` instead of its own (`ect pretrain --arch`,
// the studio's family choice): the family's default options and, for EDM2, EDM2's noise levels
// ln σ ~ N(−0.8, 1.6²) (EDM's N(−1.2, 1.2²) leaves σ = 80, where sampling starts, 4.6 deviations
// out, and EDM2's Fourier noise embedding does not carry over there: its denoiser is noise at σ =
// 80, and ECT tuned from it stays poor). Unchanged when `arch` is already the recipe's.
void use_network_family(TrainConfig& config, const std::string& arch);

}  // namespace ect
