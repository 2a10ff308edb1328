// Multistep DPM-Solver++ on EDM's schedule, update by update after the solver's paper (the data-
// prediction forms of its eqs. for orders 1–3); sony/cmt's training/dpm_solver.py is the reference
// (tests/fixtures/make_method_references.py).
#include "ect/method/dpm_solver.h"

#include "ect/error.h"
#include "ect/method/samplers.h"
#include "method/eval_scope.h"

#include <torch/torch.h>

#include <cmath>
#include <deque>
#include <string>

namespace ect {

torch::Tensor dpm_solver_levels(int steps, double t_max, double t_min)
{
    if (steps < 1) fail("DPM-Solver++", "needs at least 1 step, got " + std::to_string(steps));
    if (!(t_max > t_min) || !(t_min > 0)) fail("DPM-Solver++", "needs t_max > t_min > 0");
    const double lambda_T = -std::log(t_max), lambda_0 = -std::log(t_min);
    const torch::Tensor i = torch::arange(steps + 1, torch::kFloat64) / steps;
    return torch::exp(-(lambda_T + i * (lambda_0 - lambda_T)));
}

namespace {

struct Evaluation {
    double t;
    torch::Tensor denoised;  // the data prediction D(x_t, t)
};

double lambda_of(double t)
{
    return -std::log(t);
}

// One multistep update of `order` to level t from x at the newest evaluation's level, α = 1 and
// σ = t throughout (so σ_t/σ_s = t/s and α_t·φ = φ).
torch::Tensor update(const torch::Tensor& x, const std::deque<Evaluation>& prev, double t, int order)
{
    const Evaluation& e0 = prev.back();
    const double h = lambda_of(t) - lambda_of(e0.t);
    const double phi_1 = std::expm1(-h);
    torch::Tensor out = (t / e0.t) * x - phi_1 * e0.denoised;  // first order: DDIM in data prediction
    if (order == 1) return out;
    const Evaluation& e1 = prev[prev.size() - 2];
    const double h_0 = lambda_of(e0.t) - lambda_of(e1.t);
    const double r0 = h_0 / h;
    const torch::Tensor D1_0 = (1.0 / r0) * (e0.denoised - e1.denoised);
    if (order == 2) return out - 0.5 * phi_1 * D1_0;
    const Evaluation& e2 = prev[prev.size() - 3];
    const double h_1 = lambda_of(e1.t) - lambda_of(e2.t);
    const double r1 = h_1 / h;
    const torch::Tensor D1_1 = (1.0 / r1) * (e1.denoised - e2.denoised);
    const torch::Tensor D1 = D1_0 + (r0 / (r0 + r1)) * (D1_0 - D1_1);
    const torch::Tensor D2 = (1.0 / (r0 + r1)) * (D1_0 - D1_1);
    const double phi_2 = phi_1 / h + 1.0;
    const double phi_3 = phi_2 / h - 0.5;
    return out + phi_2 * D1 - phi_3 * D2;
}

}  // namespace

torch::Tensor sample_dpm_solver(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& labels, int steps,
                                int order, double t_max, double t_min, std::vector<torch::Tensor>* trajectory)
{
    return solve_dpm_solver(net, latents.to(torch::kFloat64) * t_max, labels, steps, order, t_max, t_min, trajectory);
}

torch::Tensor solve_dpm_solver(Denoiser& net, const torch::Tensor& x_start, const torch::Tensor& labels, int steps,
                               int order, double t_max, double t_min, std::vector<torch::Tensor>* trajectory)
{
    if (order < 1 || order > kDpmSolverMaxOrder)
        fail("DPM-Solver++", "order must be 1, 2 or 3, got " + std::to_string(order));
    if (steps < order)
        fail("DPM-Solver++", "order " + std::to_string(order) + " needs at least as many steps, got " +
                                 std::to_string(steps));
    const torch::Tensor levels = dpm_solver_levels(steps, t_max, t_min);
    const auto t = levels.accessor<double, 1>();
    EvalScope scope(net);

    auto evaluate = [&](const torch::Tensor& x, double level) {
        torch::Tensor d = net->forward(x, torch::full({1}, level, x.options()), labels).to(torch::kFloat64);
        EvaluationWatch::note();
        return Evaluation{level, std::move(d)};
    };
    torch::Tensor x = x_start.to(torch::kFloat64);
    if (trajectory) trajectory->assign(1, x);
    std::deque<Evaluation> prev{evaluate(x, t[0])};
    for (int step = 1; step <= steps; ++step) {
        // Warm-up at orders 1 .. order − 1, then `order`, lowered towards the end (lower_order_final).
        const int step_order = step < order ? step : std::min(order, steps + 1 - step);
        x = update(x, prev, t[step], step_order);
        if (trajectory) trajectory->push_back(x);
        if (step < steps) {  // the final level's evaluation would not be used
            prev.push_back(evaluate(x, t[step]));
            if (int(prev.size()) > order) prev.pop_front();
        }
    }
    return x;
}

}  // namespace ect
