// DPM-Solver++ (Lu et al. 2022), multistep, in the data-prediction form on EDM's noise schedule
// (α_t = 1, σ_t = t, half-logSNR λ = −ln t), with time steps uniform in λ: the solver consistency
// mid-training (CMT) runs its diffusion teacher with, and the few-step baseline of a base model.
#pragma once

#include "ect/method/precond.h"

#include <vector>

namespace ect {

constexpr int kDpmSolverMaxOrder = 3;

// The N + 1 levels from t_max to t_min uniform in λ = −ln t (float64): t_i = t_max·(t_min/t_max)^(i/N).
torch::Tensor dpm_solver_levels(int steps, double t_max, double t_min);

// Multistep DPM-Solver++ of `order` (1–3) over `steps` ≥ order steps from x = t_max·latents, as
// sony/cmt's DPM_Solver.sample(method="multistep", skip_type="logSNR", lower_order_final=True,
// solver_type="dpmsolver"): the first steps warm up at orders 1, 2, ..., the last ones lower the
// order so that every step uses the last evaluations. NFE = steps (the final level needs none).
// `trajectory`, when given, receives x at every level, t_max first and the result last
// (steps + 1 tensors). Runs the network in its training (EDM) preconditioning, the diffusion
// model's own; returns float64 images.
torch::Tensor sample_dpm_solver(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& class_labels,
                                int steps, int order, double t_max, double t_min,
                                std::vector<torch::Tensor>* trajectory = nullptr);
// The same from a given x at t_max (CMT's teacher starts at y + t_max·ε).
torch::Tensor solve_dpm_solver(Denoiser& net, const torch::Tensor& x_start, const torch::Tensor& class_labels,
                               int steps, int order, double t_max, double t_min,
                               std::vector<torch::Tensor>* trajectory = nullptr);

}  // namespace ect
