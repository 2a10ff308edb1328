// Consistency mid-training (CMT, Hu et al. 2025, sony/cmt): before ECT, the network regresses the
// end of its diffusion teacher's DPM-Solver++ trajectory from every point of that trajectory, which
// starts consistency training from a network that already maps noise to data in one step.
#pragma once

#include "ect/method/precond.h"

#include <functional>
#include <string>

namespace ect {

// The distance between the network's output at a trajectory point and the trajectory's end.
// sony/cmt's "MSE" is the sum of squares and its "MAE" the L2 norm (the square root of that sum).
// LPIPS, its default, needs an ImageNet VGG we cannot ship; "feature" stands in for it: a distance
// the caller computes in a feature space (the CMT objective uses the shipped classifier's, see
// classifier_distance), which this file knows only as a function.
enum class CmtMetric { SquaredL2, L2, Feature };

// The feature metric's distance: a and b [M, C, H, W] (a with gradients), the distance [M].
using CmtDistance = std::function<torch::Tensor(const torch::Tensor& a, const torch::Tensor& b)>;

struct CmtLossConfig {
    int nfe = 16;          // teacher steps, and the points of each trajectory the network learns from
    int order = 3;         // DPM-Solver++ order (CMT's DPMSolverLoss uses the solver's default, 3)
    double t_max = 80;     // the trajectory runs from t_max to t_min, uniform in −ln t
    double t_min = 0.002;
    CmtMetric metric = CmtMetric::SquaredL2;

    static CmtMetric parse_metric(const std::string& name);  // "mse" / "mae" / "feature"; throws Error otherwise
    static std::string metric_name(CmtMetric metric);
};

struct CmtLossTerms {
    torch::Tensor loss;    // [nfe·N] per point: step-major (all N at t_max first), as sony/cmt orders it,
                           // or trajectory-major (each trajectory's nfe points together)
    torch::Tensor levels;  // [nfe·N] the level of each point, in the same order
    torch::Tensor target;  // [N, C, H, W] the teacher's trajectory end (at t_min)
};

// The loss for N trajectories: y [N, C, H, W] clean images (only their shape, device and the
// labels' pairing matter: the trajectory starts at y + t_max·eps), eps like y. The teacher runs
// DPM-Solver++ without gradients; the network (training mode, its EDM preconditioning, as CMT's
// ECMPrecond trains) sees every trajectory point but the end, with gradients. Class labels [N, L]
// are repeated for each point (sony/cmt passes the first N, which only works unconditionally).
// `trajectory_major`: the network sees (and the loss lists) each trajectory's points together, so
// that point p of trajectory j is row j·nfe + p: the trainer's dropout masks, drawn per image row
// of the whole batch, then belong to the same points however the batch is split. `distance` is
// required by (and only used for) CmtMetric::Feature.
CmtLossTerms cmt_loss(Denoiser& net, Denoiser& teacher, const torch::Tensor& y, const torch::Tensor& class_labels,
                      const torch::Tensor& eps, const CmtLossConfig& cfg, DropoutMasks* masks = nullptr,
                      bool trajectory_major = false, const CmtDistance& distance = {});

}  // namespace ect
