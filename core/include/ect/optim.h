// Optimisers of the recipes (Adam for EDM pretraining, RAdam for ECT) and the EMA of weights.
// Written here because LibTorch's C++ API has no RAdam, and so that every piece of state is a
// plain tensor a checkpoint can hold.
#pragma once

#include "ect/precond.h"

#include <string>
#include <utility>
#include <vector>

namespace ect {

enum class OptimizerKind { Adam, RAdam };

struct OptimizerOptions {
    OptimizerKind kind = OptimizerKind::RAdam;
    double lr = 1e-4;
    double beta1 = 0.9, beta2 = 0.999;
    double eps = 1e-8;

    static OptimizerKind parse_kind(const std::string& name);  // "adam" | "radam"
    static std::string kind_name(OptimizerKind kind);
};

// Adam and RAdam with the update rules of torch.optim (no weight decay).
class AdamFamily {
public:
    AdamFamily(std::vector<torch::Tensor> params, OptimizerOptions options);

    // One update with learning rate `lr` from the parameters' .grad (parameters without a
    // gradient are left alone, as torch.optim does).
    void step(double lr);
    int64_t steps() const { return step_; }
    const OptimizerOptions& options() const { return options_; }

    // "step", "exp_avg.<i>", "exp_avg_sq.<i>" for checkpoints.
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    void restore(const std::vector<std::pair<std::string, torch::Tensor>>& state);

private:
    std::vector<torch::Tensor> params_, exp_avg_, exp_avg_sq_;
    OptimizerOptions options_;
    int64_t step_ = 0;
};

// Exponential moving average of a network's parameters, itself a Denoiser that can be sampled
// and saved. ema ← β·ema + (1 − β)·net after every optimiser step.
class EmaWeights {
public:
    explicit EmaWeights(Denoiser& net);
    void update(Denoiser& net, double beta);
    Denoiser& model() { return ema_; }

    // β for a half-life in images: 0.5^(batch / half-life), where the half-life may ramp up as
    // ramp_ratio · images seen (EDM's ema_rampup_ratio; 0 = no ramp-up).
    static double beta_from_halflife(int64_t batch, double halflife_kimg, double ramp_ratio, int64_t images_seen);

private:
    Denoiser ema_{nullptr};
};

}  // namespace ect
