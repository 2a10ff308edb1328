// Training objectives: the EDM pretraining loss and the ECT loss with its r(t) mapping.
#pragma once

#include "ect/method/precond.h"

#include <string>

namespace ect {

enum class EctMapping { Sigmoid, Const };     // n(t) = 1 + k·sigmoid(−b·t)  |  n(t) = 1
enum class EctWeighting { InverseGap, Edm };  // w = 1/(t − r)  |  w = 1/t² + 1/σ_data²

struct EctLossConfig {
    double P_mean = -1.1;  // ln t ~ N(P_mean, P_std²), CIFAR-10 settings
    double P_std = 2.0;
    double q = 2;  // the gap t − r shrinks by q each stage
    double k = 8;
    double b = 1;
    double c = 0;  // pseudo-Huber constant; 0 = plain L2 norm
    EctMapping mapping = EctMapping::Sigmoid;
    EctWeighting weighting = EctWeighting::InverseGap;

    // "sigmoid" / "const"; "inverse-gap" / "edm". Throw Error on other names.
    static EctMapping parse_mapping(const std::string& name);
    static EctWeighting parse_weighting(const std::string& name);
    static std::string mapping_name(EctMapping mapping);        // the names the parsers take
    static std::string weighting_name(EctWeighting weighting);
};

// t = exp(P_mean + P_std·n), n ~ N(0, 1) given (not clamped).
torch::Tensor ect_sample_t(const torch::Tensor& rnd_normal, const EctLossConfig& cfg);

// r = max(0, t·(1 − n(t)/q^(s+1))): the target level for t at stage s.
torch::Tensor ect_target_level(const torch::Tensor& t, int stage, const EctLossConfig& cfg);

struct EctLossTerms {
    torch::Tensor loss;      // [N] per-sample w·d
    torch::Tensor distance;  // [N] d = √(S + c²) − c, S = Σ (student − target)²
    torch::Tensor t, r;      // [N] the levels used
    torch::Tensor target;    // [N, C, H, W] sg[D(x_r, r)], or y where r = 0
};

// Per-sample ECT loss for given draws: y [N, C, H, W] clean images, rnd_normal [N], eps like y.
// Student D(y + t·ε, t) with gradients; target D(y + r·ε, r) without, in training mode, with the
// student's dropout masks (`masks`: pass one object for both passes; nullptr draws fresh masks
// for this call). Samples with r = 0 use y as the target and never feed σ = 0 to the network.
EctLossTerms ect_loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& class_labels,
                      const torch::Tensor& rnd_normal, const torch::Tensor& eps, int stage, const EctLossConfig& cfg,
                      DropoutMasks* masks = nullptr);

struct EdmLossConfig {
    double P_mean = -1.2;  // σ = exp(P_mean + P_std·n)
    double P_std = 1.2;
};

// Elementwise EDM loss λ(σ)·(D(y + σ·ε, σ) − y)², λ = (σ² + σ_d²)/(σ·σ_d)², for given draws.
torch::Tensor edm_loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& class_labels,
                       const torch::Tensor& rnd_normal, const torch::Tensor& noise, const EdmLossConfig& cfg,
                       DropoutMasks* masks = nullptr);

// EDM2's pretraining loss: (λ(σ)/e^{u(σ)})·(D(y + σ·ε, σ) − y)² + u(σ), elementwise, with u the
// network's uncertainty head (EDM2 eq. 21: the head learns the loss's scale at each σ, which
// weights the levels). Throws Error for a network without the head.
torch::Tensor edm2_loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& class_labels,
                        const torch::Tensor& rnd_normal, const torch::Tensor& noise, const EdmLossConfig& cfg,
                        DropoutMasks* masks = nullptr);

}  // namespace ect
