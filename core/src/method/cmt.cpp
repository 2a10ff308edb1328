// CMT's mid-training loss (sony/cmt training/loss.py DPMSolverLoss is the reference).
#include "ect/method/cmt.h"

#include "ect/error.h"
#include "ect/method/dpm_solver.h"

#include <torch/torch.h>

#include <stdexcept>

namespace ect {

CmtMetric CmtLossConfig::parse_metric(const std::string& name)
{
    if (name == "mse") return CmtMetric::SquaredL2;
    if (name == "mae") return CmtMetric::L2;
    if (name == "feature") return CmtMetric::Feature;
    fail("CMT metric", "unknown metric '" + name + "' (use mse, mae or feature)");
}

std::string CmtLossConfig::metric_name(CmtMetric metric)
{
    switch (metric) {  // no default: -Werror=switch names a metric without a name
    case CmtMetric::SquaredL2: return "mse";
    case CmtMetric::L2: return "mae";
    case CmtMetric::Feature: return "feature";
    }
    throw std::logic_error("unknown CMT metric");
}

CmtLossTerms cmt_loss(Denoiser& net, Denoiser& teacher, const torch::Tensor& y, const torch::Tensor& labels,
                      const torch::Tensor& eps, const CmtLossConfig& cfg, DropoutMasks* masks, bool trajectory_major,
                      const CmtDistance& distance)
{
    if (!eps.sizes().equals(y.sizes())) fail("CMT loss", "noise and images differ in shape");
    if (cfg.metric == CmtMetric::Feature && !distance) fail("CMT loss", "the feature metric needs its feature network");
    if (cfg.nfe < cfg.order) fail("CMT loss", "the teacher's steps must be at least its order");
    const int64_t n = y.size(0);
    std::vector<torch::Tensor> trajectory;
    const torch::Tensor end = solve_dpm_solver(teacher, y.to(torch::kFloat64) + cfg.t_max * eps.to(torch::kFloat64),
                                               labels, cfg.nfe, cfg.order, cfg.t_max, cfg.t_min, &trajectory);
    trajectory.pop_back();  // the end is the target, not an input
    torch::Tensor points = torch::nan_to_num(torch::cat(trajectory, 0)).to(torch::kFloat32);
    const torch::Tensor target = torch::nan_to_num(end).to(torch::kFloat32);
    torch::Tensor levels =
        dpm_solver_levels(cfg.nfe, cfg.t_max, cfg.t_min).slice(0, 0, cfg.nfe).repeat_interleave(n).to(y.device());
    torch::Tensor point_labels = labels.defined() ? labels.repeat({cfg.nfe, 1}) : labels;
    torch::Tensor targets = target.repeat({cfg.nfe, 1, 1, 1});
    if (trajectory_major) {  // row j·nfe + p ← row p·n + j
        const torch::Tensor order =
            torch::arange(int64_t(cfg.nfe) * n, torch::TensorOptions().dtype(torch::kLong).device(y.device()))
                .reshape({cfg.nfe, n})
                .t()
                .reshape({-1});
        points = points.index_select(0, order);
        levels = levels.index_select(0, order);
        targets = targets.index_select(0, order);
        if (point_labels.defined()) point_labels = point_labels.index_select(0, order.to(point_labels.device()));
    }
    const torch::Tensor D = net->forward(points, levels, point_labels, Preconditioning::Training, masks);
    torch::Tensor loss;
    switch (cfg.metric) {
    case CmtMetric::SquaredL2: loss = (D - targets).square().reshape({cfg.nfe * n, -1}).sum(1); break;
    case CmtMetric::L2: loss = (D - targets).square().reshape({cfg.nfe * n, -1}).sum(1).sqrt(); break;
    case CmtMetric::Feature: loss = distance(D, targets).reshape({cfg.nfe * n}); break;
    }
    return {loss, levels, target};
}

}  // namespace ect
