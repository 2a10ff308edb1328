// Adam / RAdam (torch.optim's update rules) and the parameter EMA.
#include "ect/training/optim.h"

#include <algorithm>

#include "ect/error.h"
#include "ect/network/model_file.h"

#include <stdexcept>
#include <torch/torch.h>

#include <cmath>

namespace ect {

OptimizerKind OptimizerOptions::parse_kind(const std::string& name)
{
    if (name == "adam") return OptimizerKind::Adam;
    if (name == "radam") return OptimizerKind::RAdam;
    fail("optimizer", "unknown optimizer '" + name + "' (use adam or radam)");
}

std::string OptimizerOptions::kind_name(OptimizerKind kind)
{
    switch (kind) {
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::RAdam: return "radam";
    }
    throw std::logic_error("unknown optimizer");
}

torch::Tensor dense_view(const torch::Tensor& span, const torch::Tensor& like)
{
    // A channels_last weight keeps its strides: its view then reads the buffer in its own memory
    // order, and the gradient, moments and averages, viewed the same way, line up element by
    // element with it in the flat buffers (a plain view(sizes) would be NCHW, a hidden transpose).
    if (like.is_non_overlapping_and_dense() && !like.is_contiguous()) return span.as_strided(like.sizes(), like.strides());
    return span.view(like.sizes());
}

FlatBuffers flatten_parameters(const std::vector<torch::Tensor>& params, bool with_grads)
{
    torch::NoGradGuard no_grad;
    FlatBuffers flat;
    if (params.empty()) return flat;
    int64_t total = 0;
    for (const auto& p : params) {
        if (p.scalar_type() != params[0].scalar_type() || p.device() != params[0].device())
            fail("optimizer", "parameters of different types or devices cannot share one buffer");
        total += p.numel();
    }
    const auto options = params[0].options().requires_grad(false);
    flat.values = torch::empty({total}, options);
    if (with_grads) flat.grads = torch::zeros({total}, options);
    int64_t offset = 0;
    for (const auto& p : params) {
        const int64_t n = p.numel();
        torch::Tensor slot = dense_view(flat.values.narrow(0, offset, n), p);
        slot.copy_(p.detach());
        // set_data re-points the parameter itself (what `p.data = ...` does in Python): modules,
        // optimizers and checkpoints keep seeing the same tensor.
        torch::Tensor(p).set_data(slot);
        if (with_grads) {
            torch::Tensor g = dense_view(flat.grads.narrow(0, offset, n), p);
            if (p.grad().defined()) g.copy_(p.grad());
            torch::Tensor(p).mutable_grad() = g;
        }
        offset += n;
    }
    return flat;
}

torch::Tensor contiguous_span(const std::vector<torch::Tensor>& tensors)
{
    if (tensors.empty() || !tensors[0].defined()) return {};
    const torch::Tensor& first = tensors[0];
    const auto* base = static_cast<const char*>(first.data_ptr());
    const int64_t item = static_cast<int64_t>(first.element_size());
    int64_t total = 0;
    for (const auto& t : tensors) {
        if (!t.defined() || !t.is_non_overlapping_and_dense() || t.scalar_type() != first.scalar_type() ||
            !t.storage().is_alias_of(first.storage()) || static_cast<const char*>(t.data_ptr()) != base + total * item)
            return {};
        total += t.numel();
    }
    torch::Tensor span = torch::empty({0}, first.options().requires_grad(false));
    span.set_(first.storage(), first.storage_offset(), {total}, {1});
    return span;
}

bool same_layouts(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].defined() != b[i].defined() || (a[i].defined() && !a[i].strides().equals(b[i].strides()))) return false;
    return true;
}

namespace {

std::vector<torch::Tensor> gradients_of(const std::vector<torch::Tensor>& params)
{
    std::vector<torch::Tensor> grads;
    grads.reserve(params.size());
    for (const auto& p : params) grads.push_back(p.grad());
    return grads;
}

}  // namespace

void sanitize_gradients(const std::vector<torch::Tensor>& params)
{
    torch::NoGradGuard no_grad;
    const std::vector<torch::Tensor> grads = gradients_of(params);
    torch::Tensor flat = contiguous_span(grads);
    if (flat.defined()) {
        flat.nan_to_num_(0.0, 1e5, -1e5);
        return;
    }
    for (auto g : grads)
        if (g.defined()) g.nan_to_num_(0.0, 1e5, -1e5);
}

AdamFamily::AdamFamily(std::vector<torch::Tensor> params, OptimizerOptions options)
    : params_(std::move(params)), options_(options)
{
    torch::NoGradGuard no_grad;
    int64_t total = 0;
    for (const auto& p : params_) total += p.numel();
    // The moments are flat buffers whatever the parameters are; per-parameter views serve the
    // fallback path and checkpoints (whose layout stays one tensor per parameter).
    const auto options_of = params_.empty() ? torch::TensorOptions() : params_[0].options().requires_grad(false);
    flat_exp_avg_ = torch::zeros({total}, options_of);
    flat_exp_avg_sq_ = torch::zeros({total}, options_of);
    int64_t offset = 0;
    for (const auto& p : params_) {
        if (p.scalar_type() != params_[0].scalar_type() || p.device() != params_[0].device())
            fail("optimizer", "parameters of different types or devices are not supported");
        exp_avg_.push_back(dense_view(flat_exp_avg_.narrow(0, offset, p.numel()), p));
        exp_avg_sq_.push_back(dense_view(flat_exp_avg_sq_.narrow(0, offset, p.numel()), p));
        offset += p.numel();
    }
}

std::vector<double> AdamFamily::advance(double lr)
{
    ++step_;
    const OptimizerOptions& o = options_;
    const double t = static_cast<double>(step_);
    const double bias1 = 1 - std::pow(o.beta1, t), bias2 = 1 - std::pow(o.beta2, t);
    if (o.kind == OptimizerKind::Adam) {
        form_ = Form::Adam;
        return {-lr / bias1, 1 / std::sqrt(bias2)};
    }
    // RAdam's variance rectification: ρ_∞ = 2/(1 − β₂) − 1, ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ).
    const double rho_inf = 2 / (1 - o.beta2) - 1;
    const double rho_t = rho_inf - 2 * t * std::pow(o.beta2, t) / bias2;
    if (rho_t > 5) {
        form_ = Form::Rectified;
        const double rect = std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
        return {-lr * rect * std::sqrt(bias2) / bias1, 1.0};
    }
    form_ = Form::Momentum;  // early steps: momentum SGD, no adaptive term
    return {-lr / bias1, 1.0};
}

bool AdamFamily::fixed_form() const
{
    // ρ_t grows with t: once rectified, RAdam stays rectified.
    return options_.kind == OptimizerKind::Adam || form_ == Form::Rectified;
}

namespace {

// One Adam/RAdam update of p from m, v and g (all the same shape), torch.optim's arithmetic, with
// the step's numbers read from tensors (0-dim, p's dtype and device): step = −lr/(1 − β₁ᵗ) (with
// RAdam's rectification), inv_bias2 = 1/√(1 − β₂ᵗ) (Adam). No host value changes from step to
// step, so a captured CUDA graph replays it with new numbers.
void adam_update(torch::Tensor& p, torch::Tensor& m, torch::Tensor& v, const torch::Tensor& g, const OptimizerOptions& o,
                 AdamFamily::Form form, const torch::Tensor& step, const torch::Tensor& inv_bias2)
{
    const double b1 = o.beta1, b2 = o.beta2, eps = o.eps;
    m.mul_(b1).add_(g, 1 - b1);         // m ← β₁m + (1 − β₁)g
    v.mul_(b2).addcmul_(g, g, 1 - b2);  // v ← β₂v + (1 − β₂)g²
    // One temporary the size of p: the denominator, then the quotient written over it.
    switch (form) {
    case AdamFamily::Form::Adam: {  // p ← p − lr·m̂/(√v̂ + ε)
        torch::Tensor t = v.sqrt().mul_(inv_bias2).add_(eps);
        p.add_(torch::div_out(t, m, t).mul_(step));
        return;
    }
    case AdamFamily::Form::Rectified: {  // p ← p − lr·rect·m̂·√(1 − β₂ᵗ)/(√v + ε)
        torch::Tensor t = v.sqrt().add_(eps);
        p.add_(torch::div_out(t, m, t).mul_(step));
        return;
    }
    case AdamFamily::Form::Momentum:
        p.add_(m.mul(step));
        return;
    }
}

}  // namespace

void AdamFamily::step(double lr)
{
    const std::vector<double> numbers = advance(lr);
    const auto options = params_.empty() ? torch::TensorOptions() : params_[0].options().requires_grad(false);
    apply(torch::tensor(numbers, torch::TensorOptions().dtype(torch::kFloat64)).to(options));
}

void AdamFamily::apply(const torch::Tensor& numbers)
{
    torch::NoGradGuard no_grad;
    if (numbers.numel() != 2) fail("optimizer", "an update takes the two numbers advance() gives");
    const torch::Tensor step = numbers[0], inv_bias2 = numbers[1];
    const std::vector<torch::Tensor> grads = gradients_of(params_);
    torch::Tensor flat_p = contiguous_span(params_), flat_g = contiguous_span(grads);
    if (flat_p.defined() && flat_g.defined() && same_layouts(params_, grads) && same_layouts(params_, exp_avg_)) {
        adam_update(flat_p, flat_exp_avg_, flat_exp_avg_sq_, flat_g, options_, form_, step, inv_bias2);
        return;
    }
    for (size_t i = 0; i < params_.size(); ++i) {
        if (!grads[i].defined()) continue;
        adam_update(params_[i], exp_avg_[i], exp_avg_sq_[i], grads[i], options_, form_, step, inv_bias2);
    }
}

void AdamFamily::zero_grad()
{
    torch::NoGradGuard no_grad;
    const std::vector<torch::Tensor> grads = gradients_of(params_);
    torch::Tensor flat = contiguous_span(grads);
    if (flat.defined()) {
        flat.zero_();
        return;
    }
    for (auto g : grads)
        if (g.defined()) g.zero_();
}

std::vector<std::pair<std::string, torch::Tensor>> AdamFamily::state() const
{
    std::vector<std::pair<std::string, torch::Tensor>> s{{"step", torch::tensor({step_}, torch::kInt64)}};
    for (size_t i = 0; i < params_.size(); ++i) {
        s.emplace_back("exp_avg." + std::to_string(i), exp_avg_[i]);
        s.emplace_back("exp_avg_sq." + std::to_string(i), exp_avg_sq_[i]);
    }
    return s;
}

void AdamFamily::restore(const std::vector<std::pair<std::string, torch::Tensor>>& state)
{
    torch::NoGradGuard no_grad;
    // Names read strictly ("exp_avg.12", "exp_avg_sq.12", "step"), each moment once and finite:
    // NaN moments wrote a model of NaN weights with exit 0, and duplicates could stand in for a
    // missing moment in the count.
    std::vector<char> seen(2 * params_.size(), 0);
    bool have_step = false;
    for (const auto& [name, value] : state) {
        if (name == "step") {
            if (value.numel() != 1 || value.is_floating_point()) fail("training state", "the optimizer's step count is damaged");
            step_ = value.to(torch::kCPU, torch::kInt64).item<int64_t>();
            if (step_ < 0) fail("training state", "the optimizer's step count is negative");
            have_step = true;
            continue;
        }
        const auto dot = name.find('.');
        const std::string kind = dot == std::string::npos ? name : name.substr(0, dot);
        const std::string index = dot == std::string::npos ? std::string() : name.substr(dot + 1);
        if ((kind != "exp_avg" && kind != "exp_avg_sq") || index.empty() || index.size() > 9 ||
            index.find_first_not_of("0123456789") != std::string::npos)
            fail("training state", "unknown optimizer entry '" + name.substr(0, 60) + "'");
        const size_t i = size_t(std::stoul(index));
        if (i >= params_.size() || !value.sizes().equals(params_[i].sizes()))
            fail("training state", "optimizer moment '" + name + "' does not fit the network");
        const size_t slot = 2 * i + (kind == "exp_avg" ? 0 : 1);
        if (seen[slot]) fail("training state", "optimizer moment '" + name + "' is given twice");
        // Checked in the type it is kept in: a float64 1e300 is finite, and infinite once stored.
        const torch::Tensor kept = value.to(params_[i].scalar_type());
        if (!torch::isfinite(kept).all().item<bool>())
            fail("training state", "optimizer moment '" + name + "' holds NaN or infinite values (damaged state)");
        if (kind == "exp_avg_sq" && (kept < 0).any().item<bool>())
            fail("training state", "optimizer moment '" + name + "' is negative (a second moment cannot be)");
        seen[slot] = 1;
        (kind == "exp_avg" ? exp_avg_ : exp_avg_sq_)[i].copy_(kept);
    }
    if (!have_step || std::count(seen.begin(), seen.end(), 1) != std::ptrdiff_t(seen.size()))
        fail("training state", "optimizer moments are incomplete");
}

EmaWeights::EmaWeights(Denoiser& net) : ema_(Denoiser(net->config()))
{
    copy_state(ema_, net);
    ema_->to(net->parameters().front().device());
    // The network's layout, whatever the process's mode: the update is then one flat kernel.
    ema_->set_memory_format(net->channels_last() ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
    ema_->eval();
    params_ = ema_->parameters();
    for (auto& p : params_) p.set_requires_grad(false);
    flatten_parameters(params_, false);
}

void EmaWeights::update(Denoiser& net, double beta)
{
    const auto options = params_.empty() ? torch::TensorOptions() : params_[0].options().requires_grad(false);
    update(net, torch::tensor(beta, torch::TensorOptions().dtype(torch::kFloat64)).to(options));
}

void EmaWeights::update(Denoiser& net, const torch::Tensor& beta)
{
    torch::NoGradGuard no_grad;
    const auto n = net->parameters();
    if (n.size() != params_.size()) fail("EMA", "the network does not match its average");
    torch::Tensor flat_e = contiguous_span(params_), flat_n = contiguous_span(n);
    if (flat_e.defined() && flat_n.defined() && same_layouts(params_, n)) {
        flat_e.copy_(flat_n.lerp(flat_e, beta));  // net + β(ema − net)
        return;
    }
    for (size_t i = 0; i < params_.size(); ++i) params_[i].copy_(n[i].detach().lerp(params_[i], beta));
}

double EmaWeights::beta_from_halflife(int64_t batch, double halflife_kimg, double ramp_ratio, int64_t images_seen)
{
    double halflife = halflife_kimg * 1000;
    if (ramp_ratio > 0) halflife = std::min(halflife, double(images_seen) * ramp_ratio);
    return std::pow(0.5, double(batch) / std::max(halflife, 1e-8));
}

}  // namespace ect
