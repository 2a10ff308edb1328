// EDM and ECT losses, written formula by formula after ECT-SPEC.md ("ECT loss", "EDM pretraining loss").
#include "ect/method/losses.h"

#include "ect/error.h"
#include "method/forced_normalisation.h"

#include <torch/torch.h>

#include <stdexcept>

#include <cmath>

namespace ect {

EctMapping EctLossConfig::parse_mapping(const std::string& name)
{
    if (name == "sigmoid") return EctMapping::Sigmoid;
    if (name == "const") return EctMapping::Const;
    fail("mapping", "unknown mapping '" + name + "' (use sigmoid or const)");
}

EctWeighting EctLossConfig::parse_weighting(const std::string& name)
{
    if (name == "inverse-gap") return EctWeighting::InverseGap;
    if (name == "edm") return EctWeighting::Edm;
    fail("weighting", "unknown weighting '" + name + "' (use inverse-gap or edm)");
}

std::string EctLossConfig::mapping_name(EctMapping mapping)
{
    switch (mapping) {  // no default: -Werror=switch names a mapping without a name
    case EctMapping::Sigmoid: return "sigmoid";
    case EctMapping::Const: return "const";
    }
    throw std::logic_error("unknown mapping");
}

std::string EctLossConfig::weighting_name(EctWeighting weighting)
{
    switch (weighting) {
    case EctWeighting::InverseGap: return "inverse-gap";
    case EctWeighting::Edm: return "edm";
    }
    throw std::logic_error("unknown weighting");
}

torch::Tensor ect_sample_t(const torch::Tensor& rnd_normal, const EctLossConfig& cfg)
{
    return (rnd_normal * cfg.P_std + cfg.P_mean).exp();
}

torch::Tensor ect_target_level(const torch::Tensor& t, int stage, const EctLossConfig& cfg)
{
    const double decay = 1.0 / std::pow(cfg.q, stage + 1);  // 1/q^(s+1)
    torch::Tensor ratio;
    if (cfg.mapping == EctMapping::Sigmoid) {
        const torch::Tensor n = 1 + cfg.k * torch::sigmoid(-cfg.b * t);  // n(t) = 1 + k·sigmoid(−b·t)
        ratio = 1 - decay * n;
    } else {
        ratio = torch::full_like(t, 1 - decay);
    }
    return torch::clamp_min(t * ratio, 0);
}

EctLossTerms ect_loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const torch::Tensor& rnd_normal,
                      const torch::Tensor& eps, int stage, const EctLossConfig& cfg, DropoutMasks* masks)
{
    if (!eps.sizes().equals(y.sizes())) fail("ECT loss", "noise and images differ in shape");
    DropoutMasks local;
    DropoutMasks* shared = masks ? masks : &local;  // one mask set for both passes, always

    const int64_t n = y.size(0);
    const torch::Tensor t = ect_sample_t(rnd_normal.reshape({n}), cfg);
    const torch::Tensor r = ect_target_level(t, stage, cfg);
    const torch::Tensor t4 = t.reshape({n, 1, 1, 1});

    const torch::Tensor student = net->forward(y + eps * t4, t, labels, Preconditioning::Training, shared);

    torch::Tensor target;
    {
        torch::NoGradGuard no_grad;
        ForcedNormalisationOff forced_off(*net->model);  // EDM2's in-place renormalisation
        // The target pass always runs: asking whether any r > 0 would make the host wait for
        // the GPU every step, and a batch with every r = 0 is rare (its result is y either way).
        // σ = 0 would give ln 0 in c_noise: those samples run at σ = t (any valid level) and are
        // replaced by y below, which keeps the batch, and so the dropout masks, aligned.
        const torch::Tensor positive = r > 0;
        const torch::Tensor r_safe = torch::where(positive, r, t);
        torch::Tensor D_r = net->forward(y + eps * r_safe.reshape({n, 1, 1, 1}), r_safe, labels,
                                         Preconditioning::Training, shared);
        D_r = torch::nan_to_num(D_r);
        target = torch::where(positive.reshape({n, 1, 1, 1}), D_r, y);
    }

    const torch::Tensor S = (student - target).square().reshape({n, -1}).sum(1);  // Σ Δ² per sample
    const torch::Tensor d = cfg.c > 0 ? (S + cfg.c * cfg.c).sqrt() - cfg.c : S.sqrt();  // pseudo-Huber
    torch::Tensor w;
    if (cfg.weighting == EctWeighting::InverseGap) {
        w = 1 / (t - r);
    } else {
        const double sd = net->config().sigma_data;
        w = 1 / (t * t) + 1 / (sd * sd);
    }
    return {w * d, d, t, r, target};
}

torch::Tensor edm_loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const torch::Tensor& rnd_normal,
                       const torch::Tensor& noise, const EdmLossConfig& cfg, DropoutMasks* masks)
{
    const int64_t n = y.size(0);
    const double sd = net->config().sigma_data;
    const torch::Tensor sigma = (rnd_normal.reshape({n, 1, 1, 1}) * cfg.P_std + cfg.P_mean).exp();
    const torch::Tensor weight = (sigma * sigma + sd * sd) / (sigma * sd).square();  // λ(σ)
    const torch::Tensor D = net->forward(y + noise * sigma, sigma, labels, Preconditioning::Training, masks);
    return weight * (D - y).square();
}

torch::Tensor edm2_loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const torch::Tensor& rnd_normal,
                        const torch::Tensor& noise, const EdmLossConfig& cfg, DropoutMasks* masks)
{
    if (!net->model->has_logvar())
        fail("EDM2 loss", "the network has no uncertainty head (EDM2's logvar_channels is 0)");
    const int64_t n = y.size(0);
    const double sd = net->config().sigma_data;
    const torch::Tensor sigma = (rnd_normal.reshape({n, 1, 1, 1}) * cfg.P_std + cfg.P_mean).exp();
    const torch::Tensor weight = (sigma * sigma + sd * sd) / (sigma * sd).square();  // λ(σ)
    const torch::Tensor D = net->forward(y + noise * sigma, sigma, labels, Preconditioning::Training, masks);
    const torch::Tensor u = net->logvar(sigma);  // [N, 1, 1, 1]
    return (weight / u.exp()) * (D - y).square() + u;
}

}  // namespace ect
