// Consistency few-step sampler (ECT generator_fn) and EDM's Heun/Euler sampler (edm_sampler).
#include "ect/method/samplers.h"

#include "ect/error.h"
#include "ect/method/dpm_solver.h"
#include "method/eval_scope.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace ect {
namespace {

torch::Tensor level(double t, const torch::Tensor& x)
{
    return torch::full({1}, t, x.options().dtype(torch::kFloat64));
}

}  // namespace

namespace {
thread_local EvaluationWatch* t_watch = nullptr;
}

EvaluationWatch::EvaluationWatch(std::function<bool(int64_t)> after_evaluation)
    : callback_(std::move(after_evaluation)), outer_(t_watch)
{
    t_watch = this;
}

EvaluationWatch::~EvaluationWatch()
{
    t_watch = outer_;
}

void EvaluationWatch::note(int64_t n)
{
    EvaluationWatch* w = t_watch;
    if (!w || n <= 0) return;
    w->done_ += n;
    if (w->callback_ && !w->callback_(w->done_)) throw SamplingCancelled();
}

EvaluationWatch::Suspend::Suspend() : saved_(t_watch)
{
    t_watch = nullptr;
}

EvaluationWatch::Suspend::~Suspend()
{
    t_watch = saved_;
}

torch::Tensor sample_consistency(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& labels,
                                 const std::vector<double>& mid, const std::vector<torch::Tensor>& renoise, double t_max)
{
    if (renoise.size() < mid.size())
        fail("consistency sampler", std::to_string(mid.size()) + " mid levels need as many re-noising tensors, got " +
                                        std::to_string(renoise.size()));
    double previous = t_max;
    for (double t : mid) {
        if (!(t > 0) || !(t < previous))
            fail("consistency sampler", "mid levels must decrease from " + std::to_string(t_max) + " and stay above 0");
        previous = t;
    }
    EvalScope scope(net);
    std::vector<double> levels{t_max};
    levels.insert(levels.end(), mid.begin(), mid.end());
    torch::Tensor x = latents.to(torch::kFloat64) * t_max;
    for (size_t i = 0; i < levels.size(); ++i) {
        x = net->forward(x, level(levels[i], x), labels, Preconditioning::Consistency).to(torch::kFloat64);
        EvaluationWatch::note();
        if (i + 1 < levels.size()) x = x + levels[i + 1] * renoise[i].to(x.device(), torch::kFloat64);
    }
    return x;
}

torch::Tensor edm_sigma_levels(int steps, double sigma_min, double sigma_max, double rho)
{
    if (steps < 2) fail("EDM sampler", "needs at least 2 steps, got " + std::to_string(steps));
    const torch::Tensor i = torch::arange(steps, torch::kFloat64);
    const double a = std::pow(sigma_max, 1 / rho), b = std::pow(sigma_min, 1 / rho);
    const torch::Tensor t = (a + i / (steps - 1) * (b - a)).pow(rho);
    return torch::cat({t, torch::zeros({1}, torch::kFloat64)});
}

int edm_nfe(int steps, EdmSolver solver)
{
    switch (solver) {  // no default: -Werror=switch names a solver without a case
    case EdmSolver::Heun: return 2 * steps - 1;
    case EdmSolver::Euler: return steps;
    }
    throw std::logic_error("edm_nfe: unknown solver");
}

torch::Tensor edm_step(Denoiser& net, const torch::Tensor& x, const torch::Tensor& labels, double t_cur, double t_next,
                       EdmSolver solver)
{
    const auto t_of = [&](double t) { return torch::full({1}, t, x.options()); };
    const torch::Tensor denoised = net->forward(x, t_of(t_cur), labels).to(x.scalar_type());
    EvaluationWatch::note();
    const torch::Tensor d_cur = (x - denoised) / t_cur;     // d = (x − D(x, t)) / t
    torch::Tensor next = x + (t_next - t_cur) * d_cur;        // Euler step
    if (solver == EdmSolver::Heun && t_next > 0) {            // trapezoid correction
        const torch::Tensor denoised2 = net->forward(next, t_of(t_next), labels).to(x.scalar_type());
        EvaluationWatch::note();
        const torch::Tensor d_prime = (next - denoised2) / t_next;
        next = x + (t_next - t_cur) * (0.5 * d_cur + 0.5 * d_prime);
    }
    return next;
}

torch::Tensor sample_edm(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& labels, int steps,
                         EdmSolver solver)
{
    const torch::Tensor t_steps = edm_sigma_levels(steps);
    const auto t = t_steps.accessor<double, 1>();
    EvalScope scope(net);
    torch::Tensor x = latents.to(torch::kFloat64) * t[0];
    for (int i = 0; i < steps; ++i) x = edm_step(net, x, labels, t[i], t[i + 1], solver);
    return x;
}

// ---------------------------------------------------------------------------------------------
// The sampler table

namespace {

using Latents = const torch::Tensor&;
using Levels = const std::vector<double>&;
using Renoise = const std::vector<torch::Tensor>&;

const std::vector<SamplerInfo> kSamplers{
    {SamplerKind::Consistency, "cm", "Consistency (ECT)", "ECT", false, true, 1, 1,
     [](int steps) { return steps; },
     [](Denoiser& net, Latents z, Latents labels, int, Levels mid, Renoise renoise) {
         return sample_consistency(net, z, labels, mid, renoise);
     }},
    {SamplerKind::Heun, "heun", "EDM Heun", "Heun", true, false, 2, 18,
     [](int steps) { return edm_nfe(steps, EdmSolver::Heun); },
     [](Denoiser& net, Latents z, Latents labels, int steps, Levels, Renoise) {
         return sample_edm(net, z, labels, steps, EdmSolver::Heun);
     }},
    {SamplerKind::Euler, "euler", "EDM Euler", "Euler", true, false, 2, 18,
     [](int steps) { return edm_nfe(steps, EdmSolver::Euler); },
     [](Denoiser& net, Latents z, Latents labels, int steps, Levels, Renoise) {
         return sample_edm(net, z, labels, steps, EdmSolver::Euler);
     }},
    // Second order, as diffusion users know it ("DPM-Solver++(2M)"), over EDM's levels 80 → 0.002.
    {SamplerKind::DpmSolver, "dpm++", "DPM-Solver++ (2M)", "DPM++", true, false, 2, 10,
     [](int steps) { return steps; },
     [](Denoiser& net, Latents z, Latents labels, int steps, Levels, Renoise) {
         return sample_dpm_solver(net, z, labels, steps, 2, kSigmaMax, kHeunSigmaMin);
     }},
};

// The row of each kind. A switch without default: -Werror=switch names a kind without a row.
size_t row_of(SamplerKind kind)
{
    switch (kind) {
    case SamplerKind::Consistency: return 0;
    case SamplerKind::Heun: return 1;
    case SamplerKind::Euler: return 2;
    case SamplerKind::DpmSolver: return 3;
    }
    throw std::logic_error("sampler_info: unknown sampler kind");
}

}  // namespace

const std::vector<SamplerInfo>& sampler_table()
{
    return kSamplers;
}

const SamplerInfo& sampler_info(SamplerKind kind)
{
    const SamplerInfo& info = kSamplers.at(row_of(kind));
    if (info.kind != kind) throw std::logic_error("sampler table rows out of order");
    return info;
}

const SamplerInfo& sampler_info(const std::string& name)
{
    for (const auto& info : kSamplers)
        if (name == info.name) return info;
    fail("sampler", "unknown sampler '" + name + "' (use " + sampler_names() + ")");
}

std::string sampler_names(const std::string& separator)
{
    std::string out;
    for (const auto& info : kSamplers) out += (out.empty() ? "" : separator) + info.name;
    return out;
}

}  // namespace ect
