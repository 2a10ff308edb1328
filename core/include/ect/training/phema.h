// EDM2's power-function EMA and post-hoc EMA reconstruction (NVlabs/edm2 training/phema.py), and
// its inverse-square-root learning-rate schedule (training_loop.learning_rate_schedule).
#pragma once

#include "ect/network/model_file.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ect {

// The relative standard deviation σ_rel of a power-function EMA profile of exponent γ, and back:
// σ_rel = √((γ + 1) / ((γ + 2)²·(γ + 3))); γ is the largest real root of γ³ + 7γ² + (16 − σ⁻²)γ + 12 − σ⁻².
double phema_exp_to_std(double exp);
double phema_std_to_exp(double std);

// β for the update that brings the EMA to t_next images, t_delta of them new: (1 − t_delta/t_next)^(γ+1).
double power_function_beta(double std, double t_next, double t_delta);

// The correlation of two power-function EMA profiles (a at a_ofs images with a_std, b likewise).
double power_function_correlation(double a_ofs, double a_std, double b_ofs, double b_std);

// Post-hoc EMA: the weights X [in, out] that combine stored EMA snapshots (taken at in_ofs images
// with profile in_std, one entry per snapshot) into the EMA of profile out_std at out_ofs images, by
// least squares over the profiles (A·X = B, columns normalised to sum 1). Float64 throughout.
// Throws Error when the snapshots cannot represent the target (a singular system).
torch::Tensor solve_posthoc_coefficients(const std::vector<double>& in_ofs, const std::vector<double>& in_std,
                                         double out_ofs, const std::vector<double>& out_std);

// One stored snapshot of a power-function EMA profile.
struct PhemaSnapshot {
    std::string path;
    double images = 0;  // the profile's time: images its run had trained on when it was taken
    double std = 0;     // its σ_rel
    int64_t step = -1;  // the step of an ECT Studio run; −1 for an official snapshot
};

// A directory's power-function EMA snapshots, ordered by (images, σ_rel): an ECT Studio run
// folder's phema/model-<step>-<σ_rel>.safetensors (images = step × the run's batch), else an
// official EDM2 or ECT ImageNet-64 run directory's network-snapshot-<kimg>-<σ_rel>.pkl (images
// from the kimg as EDM2's reconstruct_phema.py counts them). Empty when there are none; Error when
// the directory is a run folder whose config cannot be read.
std::vector<PhemaSnapshot> list_phema_snapshots(const std::string& dir);

// The snapshots of the run a model file belongs to (RUN/model.safetensors or a checkpoint
// RUN/snapshots/model-*.safetensors) up to the model's step; empty for a model of no such run.
std::vector<PhemaSnapshot> phema_snapshots_of(const std::string& model_path, int64_t model_step);

// The snapshots that make the EMA of σ_rel `std` at `images`, with their weights (solve_posthoc_coefficients).
struct PosthocPlan {
    std::vector<PhemaSnapshot> inputs;
    std::vector<double> weights;  // one per input; they sum to 1
    double std = 0, images = 0;
};
// `images` 0 = the newest snapshot's time; otherwise it must be one snapshot's time (as EDM2's
// reconstruct_phema.py), and only snapshots up to it take part. Error naming what is wrong.
PosthocPlan plan_posthoc_ema(const std::vector<PhemaSnapshot>& snapshots, double std, double images = 0);

// Loads each input (strictly, as any model file; all must be one network) and sums its parameters
// with its weight, in float32 on the CPU; buffers are the newest input's. The result carries the
// newest input's metadata with ect.phema.std (the reconstructed length) and ect.phema.posthoc (how
// it was made). `keep_going(fraction done)` is asked after each input: false stops (none returned).
std::optional<ModelFile> reconstruct_posthoc_ema(const PosthocPlan& plan,
                                                 const std::function<bool(double)>& keep_going = {});

// σ_rel as EDM2 names it in files and the studio shows it: three decimals ("0.050"), locale-free.
std::string phema_std_text(double std);

// EDM2's learning rate at cur_nimg: ref_lr / √max(cur_nimg / (ref_batches·batch), 1), times the
// linear ramp min(cur_nimg / rampup, 1) (ref_batches 0 or rampup 0: that factor is left out).
double edm2_learning_rate(double cur_nimg, double batch, double ref_lr, double ref_batches, double rampup_images);

}  // namespace ect
