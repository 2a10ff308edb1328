// Power-function EMA, post-hoc reconstruction and EDM2's learning-rate schedule, after EDM2's
// training/phema.py and training_loop.py (the formulas of "Analyzing and Improving the Training
// Dynamics of Diffusion Models", section 3 and appendix C).
#include "ect/training/phema.h"

#include "ect/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace ect {

double phema_exp_to_std(double exp)
{
    return std::sqrt((exp + 1) / ((exp + 2) * (exp + 2)) / (exp + 3));
}

double phema_std_to_exp(double std)
{
    if (!(std > 0 && std < 0.28))  // σ_rel reaches 0.2887 only as γ → −1: no profile beyond
        fail("power-function EMA", "an EMA length (σ_rel) must be in (0, 0.28), not " + std::to_string(std));
    // The largest real root of f(γ) = γ³ + 7γ² + (16 − t)γ + 12 − t, t = σ⁻², by Newton's method from
    // above all roots (Cauchy's bound), where f is increasing and convex: the iterates fall
    // monotonically onto it.
    const double t = 1 / (std * std);
    const double a2 = 7, a1 = 16 - t, a0 = 12 - t;
    double x = 1 + std::max({std::abs(a2), std::abs(a1), std::abs(a0)});
    for (int i = 0; i < 200; ++i) {
        const double f = ((x + a2) * x + a1) * x + a0;
        const double df = (3 * x + 2 * a2) * x + a1;
        const double next = x - f / df;
        if (!(next < x)) break;  // converged (in floating point the iterates stop falling)
        x = next;
    }
    return x;
}

double power_function_beta(double std, double t_next, double t_delta)
{
    return std::pow(1 - t_delta / t_next, phema_std_to_exp(std) + 1);
}

double power_function_correlation(double a_ofs, double a_std, double b_ofs, double b_std)
{
    const double a_exp = phema_std_to_exp(a_std), b_exp = phema_std_to_exp(b_std);
    const double t_ratio = a_ofs / b_ofs;
    const double t_exp = a_ofs < b_ofs ? b_exp : -a_exp;
    const double t_max = std::max(a_ofs, b_ofs);
    return (a_exp + 1) * (b_exp + 1) * std::pow(t_ratio, t_exp) / ((a_exp + b_exp + 1) * t_max);
}

torch::Tensor solve_posthoc_coefficients(const std::vector<double>& in_ofs, const std::vector<double>& in_std,
                                         double out_ofs, const std::vector<double>& out_std)
{
    const size_t n = in_ofs.size(), m = out_std.size();
    if (n == 0 || in_std.size() != n) fail("post-hoc EMA", "the snapshots' positions and EMA lengths differ in number");
    if (m == 0) fail("post-hoc EMA", "no EMA length to reconstruct");
    for (double o : in_ofs)
        if (!(o > 0)) fail("post-hoc EMA", "a snapshot's position must be > 0 images");
    if (!(out_ofs > 0)) fail("post-hoc EMA", "the reconstruction's position must be > 0 images");
    auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    torch::Tensor A = torch::empty({int64_t(n), int64_t(n)}, opts), B = torch::empty({int64_t(n), int64_t(m)}, opts);
    auto a = A.accessor<double, 2>();
    auto b = B.accessor<double, 2>();
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < n; ++j) a[i][j] = power_function_correlation(in_ofs[i], in_std[i], in_ofs[j], in_std[j]);
        for (size_t j = 0; j < m; ++j) b[i][j] = power_function_correlation(in_ofs[i], in_std[i], out_ofs, out_std[j]);
    }
    torch::Tensor X;
    try {
        X = at::linalg_solve(A, B);
    } catch (const c10::Error&) {
        fail("post-hoc EMA", "the stored snapshots cannot represent that EMA (a singular system): two snapshots "
                             "at the same position with the same length?");
    }
    if (!torch::isfinite(X).all().item<bool>())
        fail("post-hoc EMA", "the stored snapshots cannot represent that EMA (no finite solution)");
    return X / X.sum(0, true);
}

double edm2_learning_rate(double cur_nimg, double batch, double ref_lr, double ref_batches, double rampup_images)
{
    double lr = ref_lr;
    if (ref_batches > 0) lr /= std::sqrt(std::max(cur_nimg / (ref_batches * batch), 1.0));
    if (rampup_images > 0) lr *= std::min(cur_nimg / rampup_images, 1.0);
    return lr;
}

}  // namespace ect
