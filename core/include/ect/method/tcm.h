// Truncated consistency models (TCM, Lee et al. 2025, NVlabs/TCM). A first stage is ECT over all
// levels; the second trains a copy only on t ≥ t′ (the transition level), and below t′ hands the
// denoising to the frozen first stage, so the network's capacity goes to the levels 1- and 2-step
// sampling start from. A share of each batch sits at t′ itself, with its target from the first
// stage: the boundary loss that ties the two stages together.
#pragma once

#include "ect/method/precond.h"

#include <string>

namespace ect {

enum class TcmTimeDistribution { Normal, StudentT };  // of ln t, truncated to [ln t_lower, ln t_upper]
// The per-sample weight: 1/Δt (TCM's "default"), 1/c_out, 1/c_out², 1/√(t − r) or 1.
enum class TcmWeighting { InverseGap, InverseCout, InverseCoutSquared, InverseSqrtGap, One };

struct TcmLossConfig {
    TcmTimeDistribution time_distribution = TcmTimeDistribution::Normal;
    double P_mean = -1.1;  // location and scale of ln t
    double P_std = 2.0;
    double df = 2.0;       // degrees of freedom (Student-t)
    double t_lower = 0.002;
    double t_upper = 80;
    double q = 2;          // the gap shrinks by q each stage ...
    double ratio_limit = 0.999;  // ... until r/t reaches this
    double c = 0;          // pseudo-Huber constant; 0 = plain L2 norm (or its square, !sqrt)
    bool sqrt = true;
    TcmWeighting weighting = TcmWeighting::InverseGap;
    // The second stage (a first-stage network is given): t′, the share of each batch placed at
    // t′ (rounded down) and the boundary loss's weight.
    double transition_t = 1;
    double boundary_prob = 0.25;
    double w_boundary = 0.1;

    static TcmTimeDistribution parse_time_distribution(const std::string& name);  // "normal" / "t"
    static std::string time_distribution_name(TcmTimeDistribution d);
    // "default" / "cout" / "cout_sq" / "sqrt" / "one" (TCM's names)
    static TcmWeighting parse_weighting(const std::string& name);
    static std::string weighting_name(TcmWeighting w);
};

// ln t for uniform draws u ∈ [0, 1) ([N], float64): the inverse CDF of the truncated distribution at
// F(a) + u·(F(b) − F(a)), as scipy's truncnorm and TCM's truncated_t draw them.
torch::Tensor tcm_log_levels(const torch::Tensor& u, const TcmLossConfig& cfg);

// The ratio r/t at stage s: 1 − 1/q^(s+1), at most ratio_limit.
double tcm_ratio(int stage, const TcmLossConfig& cfg);
// The gap t − r = t·(1 − ratio)·(1 + 8·sigmoid(−t)), with r kept ≥ 1e-6 (TCM's delta_sigmoid).
torch::Tensor tcm_gap(const torch::Tensor& t, double ratio);

// TCM's two-stage denoiser: the second stage at σ ≥ t′, the frozen first stage (no gradients)
// below, both in their training (EDM) preconditioning, as TCM's networks always run.
torch::Tensor tcm_denoise(Denoiser& second, Denoiser& first, const torch::Tensor& x, const torch::Tensor& sigma,
                          const torch::Tensor& class_labels, double transition_t, DropoutMasks* masks = nullptr);

// Which samples of a batch of N sit at t′: the first ⌊N·boundary_prob⌋ entries of a permutation.
torch::Tensor tcm_boundary_mask(const torch::Tensor& permutation, double boundary_prob);

struct TcmLossTerms {
    torch::Tensor loss;      // [M] weighted per-sample loss of the samples not at t′
    torch::Tensor boundary;  // [B] the same for the samples at t′ (zeros like `loss` when none)
    torch::Tensor t;         // [M] the levels of `loss`
    torch::Tensor total;     // mean(loss) + w_boundary·mean(boundary): what the step minimises
};

// The loss for given draws: y [N, C, H, W], log_t [N] (from tcm_log_levels), eps like y, stage s.
// Without a first stage (undefined `first`): TCM's first stage (ECT with truncated levels and
// the ratio limit). With one: the second stage, its boundary samples given by `boundary` ([N]
// bool; may be undefined for none). Targets D(y + r·ε, r) without gradients (through the
// two-stage denoiser in the second stage), masks shared between the passes.
TcmLossTerms tcm_loss(Denoiser& net, Denoiser* first, const torch::Tensor& y, const torch::Tensor& class_labels,
                      const torch::Tensor& log_t, const torch::Tensor& boundary, const torch::Tensor& eps, int stage,
                      const TcmLossConfig& cfg, DropoutMasks* masks = nullptr);

}  // namespace ect
