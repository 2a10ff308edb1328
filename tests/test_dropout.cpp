// ECT's shared dropout: the target pass sees exactly the student's masks, by construction.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/method/losses.h"

#include <ATen/CPUGeneratorImpl.h>

using namespace ect;

static Denoiser net_{nullptr};
static torch::Tensor y_, eps_, rnd_;

TEST_CASE(initTestCase)
{
    torch::manual_seed(7);
    net_ = Denoiser(ect::test::tiny_config(0, 0.2));
    // Make what follows the dropout matter: EDM's init scales conv1, proj and the output conv by 1e-5.
    torch::NoGradGuard no_grad;
    for (auto& p : net_->named_parameters())
        for (const char* name : {"conv1.weight", "proj.weight", "aux_conv.weight"})
            if (p.key().find(name) != std::string::npos) p.value().normal_(0, 0.2);
    net_->train();
    y_ = torch::rand({6, 1, 16, 16}) * 2 - 1;
    eps_ = torch::randn({6, 1, 16, 16});
    rnd_ = torch::randn({6});
}

TEST_CASE(dropout_is_active)
{
    // Two forward passes with independent masks differ: dropout really runs in training mode.
    torch::NoGradGuard no_grad;
    const auto x = y_ + eps_;
    DropoutMasks a, b;
    const auto ya = net_->forward(x, torch::ones({6}), {}, Preconditioning::Training, &a);
    const auto yb = net_->forward(x, torch::ones({6}), {}, Preconditioning::Training, &b);
    REQUIRE((ya - yb).abs().max().item<double>() > 1e-4);
    REQUIRE_EQ(a.drawn(), size_t(10));  // every UNetBlock of the tiny network drew one mask
}

TEST_CASE(r_equal_t_gives_zero_distance)
{
    // const mapping with a huge q: 1 − 1/q^(s+1) rounds to 1 in float32, so r = t exactly.
    EctLossConfig cfg;
    cfg.mapping = EctMapping::Const;
    cfg.q = 1e30;
    const auto terms = ect_loss(net_, y_, {}, rnd_, eps_, 0, cfg);
    REQUIRE(torch::equal(terms.r, terms.t));
    REQUIRE((terms.r > 0).all().item<bool>());
    for (int i = 0; i < 6; ++i) REQUIRE_EQ(terms.distance[i].item<float>(), 0.0f);
}

TEST_CASE(r_below_t_uses_student_masks)
{
    EctLossConfig cfg;  // sigmoid mapping, q = 2
    DropoutMasks masks;
    // Stage 0 has both kinds of sample: a tiny t (rnd −5, t ≈ 1.5e-5) maps to r = 0 and a large one
    // (rnd 2, t ≈ 18) to r ≈ t/2.
    torch::Tensor rnd = rnd_.clone();
    rnd[0] = -5.0f;
    rnd[1] = 2.0f;
    const auto terms = ect_loss(net_, y_, {}, rnd, eps_, 0, cfg, &masks);
    REQUIRE((terms.r < terms.t).all().item<bool>());
    const auto positive = terms.r > 0;
    REQUIRE(positive.any().item<bool>());
    torch::NoGradGuard no_grad;
    const auto r_safe = torch::where(positive, terms.r, terms.t);
    const auto x_r = y_ + eps_ * r_safe.reshape({6, 1, 1, 1});
    // The target equals a pass with the student's masks...
    const auto same = net_->forward(x_r, r_safe, {}, Preconditioning::Training, &masks);
    const auto sel = positive.nonzero().flatten();
    REQUIRE(torch::equal(terms.target.index_select(0, sel), same.index_select(0, sel)));
    // ...and not a pass with fresh masks.
    DropoutMasks fresh;
    const auto other = net_->forward(x_r, r_safe, {}, Preconditioning::Training, &fresh);
    REQUIRE((terms.target.index_select(0, sel) - other.index_select(0, sel)).abs().max().item<double>() > 1e-4);
    // Samples with r = 0 target the clean image.
    const auto zero = (~positive).nonzero().flatten();
    REQUIRE(zero.numel() > 0);
    REQUIRE(torch::equal(terms.target.index_select(0, zero), y_.index_select(0, zero)));
}

TEST_CASE(r_zero_everywhere_targets_clean_image)
{
    // Stage 0 with t tiny: every r clamps to 0, so the target is y and no σ = 0 reaches the net.
    EctLossConfig cfg;
    const auto rnd = torch::full({6}, -5.0f);  // t = exp(−1.1 − 10) ≈ 1.5e-5
    DropoutMasks masks;
    const auto terms = ect_loss(net_, y_, {}, rnd, eps_, 0, cfg, &masks);
    REQUIRE((terms.r == 0).all().item<bool>());
    REQUIRE(torch::equal(terms.target, y_));
    REQUIRE(torch::isfinite(terms.loss).all().item<bool>());
}

TEST_CASE(boolean_masks_equal_inverted_float_dropout)
{
    // A kept mask of booleans gives exactly h · (bernoulli(1 − p) / (1 − p)), the float mask of
    // the same random draws, forward and backward, and reapplies the same mask.
    const double p = 0.3;
    const torch::Tensor h = torch::randn({4, 8, 5, 5}).requires_grad_();
    DropoutMasks masks(at::detail::createCPUGenerator(42));
    const torch::Tensor out = masks.apply(0, h, p);
    at::Generator gen = at::detail::createCPUGenerator(42);
    const torch::Tensor expected_mask = torch::empty_like(h).bernoulli_(1 - p, gen).div_(1 - p);
    REQUIRE(torch::equal(out, h.detach() * expected_mask));
    out.sum().backward();
    REQUIRE(torch::equal(h.grad(), expected_mask));
    REQUIRE(torch::equal(masks.apply(0, h.detach() * 2, p), h.detach() * 2 * expected_mask));
    REQUIRE_EQ(masks.drawn(), size_t(1));
    const double kept = (out != 0).to(torch::kFloat64).mean().item<double>();
    REQUIRE_MSG(std::abs(kept - (1 - p)) < 0.1, "kept ", kept);
}

TEST_CASE(masks_of_a_split_batch_are_the_whole_batch_masks)
{
    // A step's batch split into passes (or over ranks) sees the rows of masks drawn for the whole
    // batch: the passes' outputs together are the whole batch's, whatever the split, and a
    // second pass over the same rows (ECT's target pass) sees the same masks.
    const double p = 0.25;
    const torch::Tensor h = torch::randn({6, 3, 4, 4});
    DropoutMasks whole(at::detail::createCPUGenerator(7));
    const torch::Tensor expected = whole.apply(0, h, p);
    for (const int64_t rows : {1, 2, 3}) {
        DropoutMasks split(at::detail::createCPUGenerator(7));
        std::vector<torch::Tensor> parts;
        for (int64_t first = 0; first < 6; first += rows) {
            split.use_rows(6, first);
            const torch::Tensor part = split.apply(0, h.narrow(0, first, rows), p);
            REQUIRE(torch::equal(split.apply(0, h.narrow(0, first, rows), p), part));
            parts.push_back(part);
        }
        REQUIRE_MSG(torch::equal(torch::cat(parts), expected), rows, " rows per pass");
    }
    DropoutMasks bad(at::detail::createCPUGenerator(7));
    bad.use_rows(6, 4);
    REQUIRE_THROWS(Error, bad.apply(0, h.narrow(0, 0, 3), p));  // rows 4..6 of a batch of 6
    REQUIRE_THROWS(Error, bad.use_rows(6, 6));
}

TEST_CASE(gradients_reach_student_only)
{
    net_->zero_grad();
    EctLossConfig cfg;
    const auto terms = ect_loss(net_, y_, {}, rnd_, eps_, 1, cfg);
    REQUIRE(!terms.target.requires_grad());
    terms.loss.mean().backward();
    double total = 0;
    for (const auto& p : net_->parameters()) total += p.grad().defined() ? p.grad().abs().sum().item<double>() : 0;
    REQUIRE(total > 0);
}
