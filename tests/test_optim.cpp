// RAdam and Adam against hand-computed updates, and the EMA arithmetic.
#include "check.h"
#include "core_support.h"

#include "ect/training/optim.h"

#include <cmath>

using namespace ect;

namespace {

// RAdam (Liu et al. 2020) for one scalar, written out independently of the library.
std::vector<double> radam_by_hand(double p, const std::vector<double>& grads, double lr, double b1, double b2,
                                  double eps)
{
    std::vector<double> out;
    double m = 0, v = 0;
    const double rho_inf = 2 / (1 - b2) - 1;
    for (size_t i = 0; i < grads.size(); ++i) {
        const double t = double(i + 1), g = grads[i];
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        const double m_hat = m / (1 - std::pow(b1, t));
        const double rho_t = rho_inf - 2 * t * std::pow(b2, t) / (1 - std::pow(b2, t));
        if (rho_t > 5) {
            const double l = std::sqrt(1 - std::pow(b2, t)) / (std::sqrt(v) + eps);
            const double r = std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
            p -= lr * m_hat * r * l;
        } else {
            p -= lr * m_hat;
        }
        out.push_back(p);
    }
    return out;
}

}  // namespace

TEST_CASE(radam_first_step_is_sgd_on_momentum)
{
    // Step 1: ρ_1 = 1 ≤ 5, m̂ = g, so p ← p − lr·g exactly.
    torch::Tensor p = torch::tensor({1.0, -2.0}, torch::kFloat64).requires_grad_();
    AdamFamily opt({p}, {OptimizerKind::RAdam, 0.1, 0.9, 0.999, 1e-8});
    p.mutable_grad() = torch::tensor({0.5, -4.0}, torch::kFloat64);
    opt.step(0.1);
    REQUIRE_EQ(p[0].item<double>(), 1.0 - 0.1 * 0.5);
    REQUIRE_EQ(p[1].item<double>(), -2.0 + 0.1 * 4.0);
}

TEST_CASE(radam_matches_hand_computation)
{
    // 12 steps cross the switch to the rectified update (ρ_t > 5 from step 6 with β₂ = 0.999).
    const std::vector<double> grads{0.3, -1.2, 0.7, 2.0, -0.4, 0.9, 1.5, -2.2, 0.1, 0.6, -0.8, 1.1};
    const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const auto expected = radam_by_hand(0.25, grads, lr, b1, b2, eps);
    torch::Tensor p = torch::tensor({0.25}, torch::kFloat64).requires_grad_();
    AdamFamily opt({p}, {OptimizerKind::RAdam, lr, b1, b2, eps});
    for (size_t i = 0; i < grads.size(); ++i) {
        p.mutable_grad() = torch::tensor({grads[i]}, torch::kFloat64);
        opt.step(lr);
        REQUIRE_MSG(std::abs(p.item<double>() - expected[i]) < 1e-14, "step ", i + 1);
    }
    REQUIRE_EQ(opt.steps(), int64_t(12));
}

TEST_CASE(adam_first_step_moves_by_lr)
{
    // Step 1: m̂ = g, v̂ = g², so p ← p − lr·g/(|g| + ε).
    torch::Tensor p = torch::tensor({3.0}, torch::kFloat64).requires_grad_();
    AdamFamily opt({p}, {OptimizerKind::Adam, 0.5, 0.9, 0.99, 1e-8});
    p.mutable_grad() = torch::tensor({-2.0}, torch::kFloat64);
    opt.step(0.5);
    REQUIRE(std::abs(p.item<double>() - (3.0 + 0.5 * 2.0 / (2.0 + 1e-8))) < 1e-14);
}

TEST_CASE(parameters_without_gradient_stay)
{
    torch::Tensor a = torch::ones({2}).requires_grad_(), b = torch::ones({2}).requires_grad_();
    AdamFamily opt({a, b}, {});
    a.mutable_grad() = torch::ones({2});
    opt.step(0.1);
    REQUIRE(torch::equal(b, torch::ones({2})));
    REQUIRE(!torch::equal(a, torch::ones({2})));
}

TEST_CASE(state_round_trip_continues_identically)
{
    auto run = [](bool interrupt) {
        torch::Tensor p = torch::tensor({0.5, 1.5}).requires_grad_();
        auto opt = std::make_unique<AdamFamily>(std::vector<torch::Tensor>{p}, OptimizerOptions{});
        for (int i = 0; i < 10; ++i) {
            if (interrupt && i == 4) {
                const auto saved = opt->state();
                std::vector<std::pair<std::string, torch::Tensor>> copy;
                for (const auto& [n, t] : saved) copy.emplace_back(n, t.clone());
                opt = std::make_unique<AdamFamily>(std::vector<torch::Tensor>{p}, OptimizerOptions{});
                opt->restore(copy);
            }
            p.mutable_grad() = torch::tensor({std::sin(i * 1.0f), std::cos(i * 1.0f)});
            opt->step(1e-2);
        }
        return p.detach().clone();
    };
    REQUIRE(torch::equal(run(false), run(true)));
}

TEST_CASE(ema_arithmetic)
{
    torch::manual_seed(0);
    Denoiser net(ect::test::tiny_config());
    EmaWeights ema(net);
    {
        torch::NoGradGuard no_grad;
        for (auto& p : ema.model()->parameters()) p.fill_(0);
        for (auto& p : net->parameters()) p.fill_(1);
    }
    ema.update(net, 0.9);  // 0.9·0 + 0.1·1
    for (auto& p : ema.model()->parameters()) REQUIRE(torch::allclose(p, torch::full_like(p, 0.1)));
    ema.update(net, 0.9);  // 0.9·0.1 + 0.1·1 = 0.19
    for (auto& p : ema.model()->parameters()) REQUIRE(torch::allclose(p, torch::full_like(p, 0.19)));
    ema.update(net, 1.0);  // β = 1 freezes the average
    for (auto& p : ema.model()->parameters()) REQUIRE(torch::allclose(p, torch::full_like(p, 0.19)));
}

TEST_CASE(flat_buffers_keep_values_and_collect_gradients)
{
    torch::manual_seed(3);
    Denoiser net(ect::test::tiny_config(3));
    std::vector<torch::Tensor> before;
    for (const auto& p : net->parameters()) before.push_back(p.detach().clone());
    REQUIRE(!contiguous_span(net->parameters()).defined());  // separate tensors at first
    const FlatBuffers flat = flatten_parameters(net->parameters(), true);
    const auto params = net->parameters();
    for (size_t i = 0; i < params.size(); ++i) REQUIRE(torch::equal(params[i], before[i]));
    REQUIRE(torch::equal(contiguous_span(params), flat.values));
    REQUIRE_EQ(flat.values.numel(), count_parameters(*net));
    // backward() accumulates into the flat gradient buffer in place.
    const torch::Tensor x = torch::randn({2, 1, 16, 16});
    const torch::Tensor y = net->forward(x, torch::full({2}, 1.5), torch::eye(3).slice(0, 0, 2));
    y.square().mean().backward();
    std::vector<torch::Tensor> grads;
    for (const auto& p : net->parameters()) grads.push_back(p.grad());
    const torch::Tensor g = contiguous_span(grads);
    REQUIRE(g.defined());
    REQUIRE_EQ(g.data_ptr(), flat.grads.data_ptr());
    REQUIRE(flat.grads.abs().sum().item<double>() > 0);
}

TEST_CASE(flat_update_equals_per_parameter_update)
{
    // The same network trained twice, once with flat buffers (a few kernels per step) and once
    // tensor by tensor: the same weights, EMA and optimizer state. 10 steps cross RAdam's switch.
    for (const auto& [row, kind] : {std::pair{"adam", OptimizerKind::Adam}, std::pair{"radam", OptimizerKind::RAdam}}) {
        ect::check::set_row(row);
        const OptimizerOptions o{kind, 1e-3, 0.9, 0.99, 1e-8};
        auto train = [&](bool flat) {
            torch::manual_seed(4);
            Denoiser net(ect::test::tiny_config(3));
            if (flat) flatten_parameters(net->parameters(), true);
            EmaWeights ema(net);
            AdamFamily opt(net->parameters(), o);
            for (int step = 0; step < 10; ++step) {
                opt.zero_grad();
                torch::manual_seed(100 + step);
                const torch::Tensor x = torch::randn({2, 1, 16, 16});
                net->forward(x, torch::full({2}, 0.7), torch::eye(3).slice(0, 0, 2)).square().mean().backward();
                if (step == 3) {  // a NaN gradient is sanitised to 0 on both paths
                    torch::NoGradGuard no_grad;
                    net->named_parameters()["model.map_layer0.weight"].grad()[0][0] = NAN;
                }
                sanitize_gradients(net->parameters());
                opt.step(1e-3);
                ema.update(net, 0.9);
            }
            std::vector<torch::Tensor> out;
            for (const auto& p : net->parameters()) out.push_back(p.detach().clone());
            for (const auto& p : ema.model()->parameters()) out.push_back(p.detach().clone());
            for (const auto& [name, t] : opt.state()) out.push_back(t.clone());
            return out;
        };
        const auto a = train(true), b = train(false);
        REQUIRE_EQ(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            REQUIRE_MSG(torch::isfinite(a[i]).all().item<bool>(), "nan_to_num reached every gradient");
            REQUIRE_MSG(torch::allclose(a[i], b[i], 1e-5, 1e-7), "tensor ", i);
        }
    }
}

TEST_CASE(ema_halflife)
{
    // Half-life of 100 images at batch 100: β = 0.5.
    REQUIRE_EQ(EmaWeights::beta_from_halflife(100, 0.1, 0, 0), 0.5);
    // Ramp-up 0.5 after 100 images caps the half-life at 50 images: β = 0.25.
    REQUIRE_EQ(EmaWeights::beta_from_halflife(100, 0.1, 0.5, 100), 0.25);
    // EDM CIFAR-10: half-life 500 kimg at batch 512.
    REQUIRE(std::abs(EmaWeights::beta_from_halflife(512, 500, 0, 0) - std::pow(0.5, 512.0 / 500000)) < 1e-15);
}
