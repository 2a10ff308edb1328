// TCM's losses and two-stage denoiser (NVlabs/TCM training/loss.py ECMLoss, networks_tcm.py
// TCMPrecond and torch_utils/misc.py truncated_normal / truncated_t are the reference).
#include "ect/method/tcm.h"

#include "ect/error.h"
#include "method/forced_normalisation.h"

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace ect {

TcmTimeDistribution TcmLossConfig::parse_time_distribution(const std::string& name)
{
    if (name == "normal") return TcmTimeDistribution::Normal;
    if (name == "t") return TcmTimeDistribution::StudentT;
    fail("TCM time distribution", "unknown distribution '" + name + "' (use normal or t)");
}

std::string TcmLossConfig::time_distribution_name(TcmTimeDistribution d)
{
    switch (d) {  // no default: -Werror=switch names a distribution without a name
    case TcmTimeDistribution::Normal: return "normal";
    case TcmTimeDistribution::StudentT: return "t";
    }
    throw std::logic_error("unknown TCM time distribution");
}

TcmWeighting TcmLossConfig::parse_weighting(const std::string& name)
{
    if (name == "default") return TcmWeighting::InverseGap;
    if (name == "cout") return TcmWeighting::InverseCout;
    if (name == "cout_sq") return TcmWeighting::InverseCoutSquared;
    if (name == "sqrt") return TcmWeighting::InverseSqrtGap;
    if (name == "one") return TcmWeighting::One;
    fail("TCM weighting", "unknown weighting '" + name + "' (use default, cout, cout_sq, sqrt or one)");
}

std::string TcmLossConfig::weighting_name(TcmWeighting w)
{
    switch (w) {
    case TcmWeighting::InverseGap: return "default";
    case TcmWeighting::InverseCout: return "cout";
    case TcmWeighting::InverseCoutSquared: return "cout_sq";
    case TcmWeighting::InverseSqrtGap: return "sqrt";
    case TcmWeighting::One: return "one";
    }
    throw std::logic_error("unknown TCM weighting");
}

namespace {

// I_z(a, b), the regularised incomplete beta function, by its continued fraction (modified
// Lentz), evaluated where it converges fast (z < (a + 1)/(a + b + 2)) and by symmetry elsewhere.
// `z1` = 1 − z, passed separately so that neither is formed by a cancelling subtraction.
double incomplete_beta(double a, double b, double z, double z1)
{
    if (z <= 0) return 0;
    if (z1 <= 0) return 1;
    if (z > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(b, a, z1, z);
    const double log_front = a * std::log(z) + b * std::log(z1) - (std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
    constexpr double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * z / (a + 1);
    d = 1 / (std::abs(d) < tiny ? tiny : d);
    double f = d;
    for (int m = 1; m <= 10000; ++m) {
        for (int half = 0; half < 2; ++half) {  // the even then the odd term of the fraction
            const double num = half == 0 ? m * (b - m) * z / ((a + 2 * m - 1) * (a + 2 * m))
                                         : -(a + m) * (a + b + m) * z / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + num * d;
            d = 1 / (std::abs(d) < tiny ? tiny : d);
            c = 1 + num / c;
            if (std::abs(c) < tiny) c = tiny;
            const double delta = c * d;
            f *= delta;
            if (half == 1 && std::abs(delta - 1) < 1e-16) return std::exp(log_front) * f / a;
        }
    }
    return std::exp(log_front) * f / a;
}

// The standard distribution's survival function S(x) = P(X > x), accurate in the upper tail.
double survival(double x, const TcmLossConfig& cfg)
{
    if (cfg.time_distribution == TcmTimeDistribution::Normal) return 0.5 * std::erfc(x / std::sqrt(2.0));
    // Student-t with ν degrees of freedom: S(x) = ½·I_{ν/(ν+x²)}(ν/2, ½) for x ≥ 0, symmetric.
    const double nu = cfg.df, x2 = x * x;
    const double tail = 0.5 * incomplete_beta(nu / 2, 0.5, nu / (nu + x2), x2 / (nu + x2));
    return x >= 0 ? tail : 1 - tail;
}

double cdf(double x, const TcmLossConfig& cfg)
{
    return survival(-x, cfg);  // both distributions are symmetric
}

// x in [lo, hi] where the increasing g(x) crosses `target`, by bisection to the last bit.
double bisect(const std::function<double(double)>& g, double target, double lo, double hi)
{
    for (int i = 0; i < 400; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        (g(mid) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace

torch::Tensor tcm_log_levels(const torch::Tensor& u, const TcmLossConfig& cfg)
{
    if (!(cfg.t_lower > 0) || !(cfg.t_upper > cfg.t_lower)) fail("TCM", "needs 0 < t_lower < t_upper");
    if (!(cfg.P_std > 0)) fail("TCM", "the scale of ln t must be positive");
    if (cfg.time_distribution == TcmTimeDistribution::StudentT && !(cfg.df > 0))
        fail("TCM", "the Student-t degrees of freedom must be positive");
    const double a = (std::log(cfg.t_lower) - cfg.P_mean) / cfg.P_std;
    const double b = (std::log(cfg.t_upper) - cfg.P_mean) / cfg.P_std;
    const torch::Tensor draws = u.detach().to(torch::kCPU, torch::kFloat64).contiguous().flatten();
    torch::Tensor out = torch::empty_like(draws);
    const double* in = draws.data_ptr<double>();
    double* x = out.data_ptr<double>();
    // Above the median the survival function keeps its precision (1 − F loses it in the tail).
    const bool upper = a >= 0;
    const double Fa = upper ? survival(a, cfg) : cdf(a, cfg), Fb = upper ? survival(b, cfg) : cdf(b, cfg);
    for (int64_t i = 0; i < draws.numel(); ++i) {
        const double p = Fa + in[i] * (Fb - Fa);
        const double z = upper ? bisect([&](double v) { return -survival(v, cfg); }, -p, a, b)
                               : bisect([&](double v) { return cdf(v, cfg); }, p, a, b);
        x[i] = z * cfg.P_std + cfg.P_mean;
    }
    return out.to(u.device());
}

double tcm_ratio(int stage, const TcmLossConfig& cfg)
{
    return std::min(1 - 1 / std::pow(cfg.q, stage + 1), cfg.ratio_limit);
}

torch::Tensor tcm_gap(const torch::Tensor& t, double ratio)
{
    const torch::Tensor dt = t * (1 - ratio) * (1 + 8 * torch::sigmoid(-t));
    return t - torch::clamp_min(t - dt, 1e-6);  // r = t − Δt, kept at ≥ 1e-6
}

torch::Tensor tcm_denoise(Denoiser& second, Denoiser& first, const torch::Tensor& x, const torch::Tensor& sigma,
                          const torch::Tensor& labels, double transition_t, DropoutMasks* masks)
{
    const int64_t n = x.size(0);
    const torch::Tensor s = sigma.reshape({-1}).expand({n});
    const torch::Tensor use_second = s >= transition_t;
    // Each stage only where it is used (asking costs a host sync, as TCMPrecond's .any() does).
    torch::Tensor below, above;
    if ((~use_second).any().item<bool>()) {
        torch::NoGradGuard no_grad;
        below = first->forward(x, s, labels, Preconditioning::Training, masks);
    }
    if (use_second.any().item<bool>()) above = second->forward(x, s, labels, Preconditioning::Training, masks);
    if (!below.defined()) return above;
    if (!above.defined()) return below;
    return torch::where(use_second.reshape({n, 1, 1, 1}), above, below);
}

torch::Tensor tcm_boundary_mask(const torch::Tensor& permutation, double boundary_prob)
{
    const int64_t n = permutation.numel();
    const auto k = int64_t(double(n) * boundary_prob);  // Python's int(): towards zero
    torch::Tensor mask = torch::zeros({n}, torch::TensorOptions().dtype(torch::kBool).device(permutation.device()));
    if (k > 0) mask.index_fill_(0, permutation.flatten().slice(0, 0, k).to(torch::kLong), true);
    return mask;
}

TcmLossTerms tcm_loss(Denoiser& net, Denoiser* first, const torch::Tensor& y, const torch::Tensor& labels,
                      const torch::Tensor& log_t, const torch::Tensor& boundary, const torch::Tensor& eps, int stage,
                      const TcmLossConfig& cfg, DropoutMasks* masks)
{
    if (!eps.sizes().equals(y.sizes())) fail("TCM loss", "noise and images differ in shape");
    const int64_t n = y.size(0);
    if (log_t.numel() != n) fail("TCM loss", "one level per image is needed");
    DropoutMasks local;
    DropoutMasks* shared = masks ? masks : &local;  // one mask set for every pass

    // Levels in float64, as TCM's come from numpy; the networks compute in float32.
    torch::Tensor t = log_t.to(y.device(), torch::kFloat64).reshape({n}).exp();
    const bool has_boundary = first && boundary.defined() && boundary.any().item<bool>();
    torch::Tensor at_boundary;
    if (has_boundary) {
        at_boundary = boundary.to(y.device(), torch::kBool).reshape({n});
        t = torch::where(at_boundary, torch::full_like(t, cfg.transition_t + 1e-8), t);
    }
    const double ratio = tcm_ratio(stage, cfg);
    const torch::Tensor gap = tcm_gap(t, ratio);
    const torch::Tensor r = t - gap;
    auto denoise = [&](const torch::Tensor& x, const torch::Tensor& level) {
        return first ? tcm_denoise(net, *first, x, level, labels, cfg.transition_t, shared)
                     : net->forward(x, level, labels, Preconditioning::Training, shared);
    };
    const torch::Tensor y64 = y.to(torch::kFloat64), eps64 = eps.to(torch::kFloat64);
    const torch::Tensor student = denoise(y64 + eps64 * t.reshape({n, 1, 1, 1}), t);
    torch::Tensor target;
    {
        torch::NoGradGuard no_grad;
        ForcedNormalisationOff forced_off(*net->model);
        target = torch::nan_to_num(denoise(y64 + eps64 * r.reshape({n, 1, 1, 1}), r));  // r ≥ 1e-6 > 0 always
    }
    const torch::Tensor S = (student - target).square().reshape({n, -1}).sum(1);
    torch::Tensor d;
    if (cfg.c > 0) d = (S + cfg.c * cfg.c).sqrt() - cfg.c;  // pseudo-Huber on the L2 distance
    else d = cfg.sqrt ? S.sqrt() : S;
    d = d.to(torch::kFloat64);
    const double sd = net->config().sigma_data;
    torch::Tensor loss;
    switch (cfg.weighting) {
    case TcmWeighting::InverseGap: loss = d / gap; break;
    case TcmWeighting::InverseCout: loss = d / (t * sd / (t * t + sd * sd).sqrt()); break;
    case TcmWeighting::InverseCoutSquared: loss = d / (t * sd / (t * t + sd * sd).sqrt()).square(); break;
    case TcmWeighting::InverseSqrtGap: loss = d / (t - r).sqrt(); break;
    case TcmWeighting::One: loss = d; break;
    }
    TcmLossTerms terms;
    if (has_boundary) {
        terms.boundary = loss.index({at_boundary});
        terms.loss = loss.index({~at_boundary});
        terms.t = t.index({~at_boundary});
    } else {
        terms.loss = loss;
        terms.boundary = torch::zeros_like(loss);
        terms.t = t;
    }
    terms.total = terms.loss.mean() + cfg.w_boundary * terms.boundary.mean();
    return terms;
}

}  // namespace ect
