// Adam / RAdam (torch.optim's update rules) and the parameter EMA.
#include "ect/optim.h"

#include "ect/error.h"
#include "ect/model_file.h"

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
    return kind == OptimizerKind::Adam ? "adam" : "radam";
}

AdamFamily::AdamFamily(std::vector<torch::Tensor> params, OptimizerOptions options)
    : params_(std::move(params)), options_(options)
{
    torch::NoGradGuard no_grad;
    for (const auto& p : params_) {
        exp_avg_.push_back(torch::zeros_like(p));
        exp_avg_sq_.push_back(torch::zeros_like(p));
    }
}

void AdamFamily::step(double lr)
{
    torch::NoGradGuard no_grad;
    ++step_;
    const double b1 = options_.beta1, b2 = options_.beta2, eps = options_.eps;
    const double t = static_cast<double>(step_);
    const double bias1 = 1 - std::pow(b1, t), bias2 = 1 - std::pow(b2, t);
    // RAdam's variance rectification: ρ_∞ = 2/(1 − β₂) − 1, ρ_t = ρ_∞ − 2t·β₂ᵗ/(1 − β₂ᵗ).
    const double rho_inf = 2 / (1 - b2) - 1;
    const double rho_t = rho_inf - 2 * t * std::pow(b2, t) / bias2;
    for (size_t i = 0; i < params_.size(); ++i) {
        torch::Tensor& p = params_[i];
        const torch::Tensor& g = p.grad();
        if (!g.defined()) continue;
        exp_avg_[i].mul_(b1).add_(g, 1 - b1);                // m ← β₁m + (1 − β₁)g
        exp_avg_sq_[i].mul_(b2).addcmul_(g, g, 1 - b2);      // v ← β₂v + (1 − β₂)g²
        if (options_.kind == OptimizerKind::Adam) {
            const torch::Tensor denom = (exp_avg_sq_[i].sqrt() / std::sqrt(bias2)).add_(eps);
            p.addcdiv_(exp_avg_[i], denom, -lr / bias1);
        } else if (rho_t > 5) {
            const double rect =
                std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
            const torch::Tensor adaptive = std::sqrt(bias2) / exp_avg_sq_[i].sqrt().add_(eps);
            p.sub_((exp_avg_[i] / bias1) * lr * adaptive * rect);
        } else {
            p.sub_((exp_avg_[i] / bias1) * lr);  // early steps: momentum SGD, no adaptive term
        }
    }
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
    size_t found = 0;
    for (const auto& [name, value] : state) {
        if (name == "step") {
            step_ = value.item<int64_t>();
            continue;
        }
        const auto dot = name.find('.');
        const std::string kind = name.substr(0, dot);
        const size_t i = std::stoul(name.substr(dot + 1));
        if (i >= params_.size() || !value.sizes().equals(params_[i].sizes()))
            fail("training state", "optimizer moment '" + name + "' does not fit the network");
        (kind == "exp_avg" ? exp_avg_ : exp_avg_sq_)[i].copy_(value);
        ++found;
    }
    if (found != 2 * params_.size()) fail("training state", "optimizer moments are incomplete");
}

EmaWeights::EmaWeights(Denoiser& net) : ema_(Denoiser(net->config()))
{
    copy_state(ema_, net);
    ema_->to(net->parameters().front().device());
    ema_->eval();
    for (auto& p : ema_->parameters()) p.set_requires_grad(false);
}

void EmaWeights::update(Denoiser& net, double beta)
{
    torch::NoGradGuard no_grad;
    auto e = ema_->parameters();
    auto n = net->parameters();
    for (size_t i = 0; i < e.size(); ++i) e[i].copy_(n[i].detach().lerp(e[i], beta));  // net + β(ema − net)
}

double EmaWeights::beta_from_halflife(int64_t batch, double halflife_kimg, double ramp_ratio, int64_t images_seen)
{
    double halflife = halflife_kimg * 1000;
    if (ramp_ratio > 0) halflife = std::min(halflife, double(images_seen) * ramp_ratio);
    return std::pow(0.5, double(batch) / std::max(halflife, 1e-8));
}

}  // namespace ect
