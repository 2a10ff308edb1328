// Optimisers of the recipes (Adam for EDM pretraining, RAdam for ECT) and the EMA of weights.
// Written here because LibTorch's C++ API has no RAdam, and so that every piece of state is a
// plain tensor a checkpoint can hold.
#pragma once

#include "ect/method/precond.h"

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

// Flat parameter buffers: a network's parameters (and their gradients) as views of one
// contiguous buffer, so the optimizer, the EMA and nan_to_num each run as a handful of kernels
// over the whole network instead of a few per parameter (hundreds of launches per step on a GPU).
struct FlatBuffers {
    torch::Tensor values;  // 1-D, every parameter's values back to back
    torch::Tensor grads;   // 1-D, their gradients (undefined without gradients)
};

// Moves `params` (floating tensors of one dtype on one device) into one buffer: each becomes a
// view of it (same values, same autograd identity), and with `with_grads` its .grad a view of
// one zeroed gradient buffer, which backward() then accumulates into in place.
FlatBuffers flatten_parameters(const std::vector<torch::Tensor>& params, bool with_grads);

// The 1-D tensor spanning `tensors` when they lie back to back, in this order, in one
// contiguous buffer (each dense: NCHW or channels_last); undefined otherwise (then callers fall
// back to one tensor at a time).
torch::Tensor contiguous_span(const std::vector<torch::Tensor>& tensors);

// A view of the 1-D `span` (numel(like) values) shaped as `like`, with like's strides when it is
// dense but not NCHW-contiguous (channels_last weights), so the span holds it in memory order.
torch::Tensor dense_view(const torch::Tensor& span, const torch::Tensor& like);

// True when a[i] and b[i] have the same strides for every i (their flat spans line up element by
// element: an elementwise update over the spans is the update of every pair).
bool same_layouts(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b);

// Gradients through nan_to_num (NaN → 0, ±Inf → ±1e5), as the reference training loops do.
void sanitize_gradients(const std::vector<torch::Tensor>& params);

// Adam and RAdam with the update rules of torch.optim (no weight decay).
class AdamFamily {
public:
    AdamFamily(std::vector<torch::Tensor> params, OptimizerOptions options);

    // One update with learning rate `lr` from the parameters' .grad (parameters without a
    // gradient are left alone, as torch.optim does). When the parameters and their gradients
    // are flat buffers (flatten_parameters), the whole update is a few kernels.
    void step(double lr);
    // step() in two halves, for a captured training step: advance() counts the step and gives
    // its two numbers (the host's part); apply() updates from them as a tensor of 2 values of
    // the parameters' dtype on their device (device work only, the same for every step of one
    // form()). step(lr) is apply(advance(lr)).
    std::vector<double> advance(double lr);
    void apply(const torch::Tensor& numbers);
    // The update's arithmetic: Adam; RAdam's first steps (momentum only); RAdam rectified.
    enum class Form { Adam, Momentum, Rectified };
    Form form() const { return form_; }
    // True when every later step has the form of the last one (a captured step stays valid).
    bool fixed_form() const;
    // Zeroes the gradients in place (keeping flat gradient buffers flat).
    void zero_grad();
    int64_t steps() const { return step_; }
    const OptimizerOptions& options() const { return options_; }

    // "step", "exp_avg.<i>", "exp_avg_sq.<i>" for checkpoints.
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    void restore(const std::vector<std::pair<std::string, torch::Tensor>>& state);

private:
    std::vector<torch::Tensor> params_, exp_avg_, exp_avg_sq_;  // moments: views of the two flat buffers below
    torch::Tensor flat_exp_avg_, flat_exp_avg_sq_;
    OptimizerOptions options_;
    int64_t step_ = 0;
    Form form_ = Form::Momentum;
};

// Exponential moving average of a network's parameters, itself a Denoiser that can be sampled
// and saved. ema ← β·ema + (1 − β)·net after every optimiser step.
class EmaWeights {
public:
    // The EMA starts as a copy of `net`, its parameters in one flat buffer.
    explicit EmaWeights(Denoiser& net);
    // One kernel when both networks' parameters are flat buffers, else one per parameter.
    void update(Denoiser& net, double beta);
    // The same with β as a 0-dim tensor of the weights' dtype and device (a captured step).
    void update(Denoiser& net, const torch::Tensor& beta);
    Denoiser& model() { return ema_; }

    // β for a half-life in images: 0.5^(batch / half-life), where the half-life may ramp up as
    // ramp_ratio · images seen (EDM's ema_rampup_ratio; 0 = no ramp-up).
    static double beta_from_halflife(int64_t batch, double halflife_kimg, double ramp_ratio, int64_t images_seen);

private:
    Denoiser ema_{nullptr};
    std::vector<torch::Tensor> params_;
};

}  // namespace ect
