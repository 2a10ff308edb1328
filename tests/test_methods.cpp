// The few-step methods since ECT, beyond their parity (test_parity, `ect selftest --only methods`):
// DPM-Solver++'s evaluations, orders and convergence, CMT's trajectory batch, TCM's levels,
// boundary samples and two-stage denoiser.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/evaluation/classifier.h"
#include "ect/method/cmt.h"
#include "ect/method/dpm_solver.h"
#include "ect/method/edit.h"
#include "ect/method/samplers.h"
#include "ect/method/tcm.h"
#include "ect/training/objective.h"

#include <cmath>

using namespace ect;

static Denoiser net_{nullptr};

TEST_CASE(initTestCase)
{
    torch::manual_seed(0);
    net_ = Denoiser(ect::test::tiny_config(3));
    net_->eval();
}

TEST_CASE(dpm_solver_evaluates_once_per_step)
{
    const torch::Tensor z = torch::randn({2, 1, 16, 16});
    const torch::Tensor labels = torch::eye(3).slice(0, 0, 2);
    for (int order = 1; order <= 3; ++order) {
        for (int steps : {order, order + 1, 7}) {
            ect::check::set_row("order " + std::to_string(order) + ", " + std::to_string(steps) + " steps");
            int64_t evaluations = 0;
            EvaluationWatch watch([&](int64_t n) { return evaluations = n, true; });
            std::vector<torch::Tensor> trajectory;
            const torch::Tensor x = sample_dpm_solver(net_, z, labels, steps, order, 80, 0.002, &trajectory);
            REQUIRE_EQ(evaluations, int64_t(steps));  // NFE = steps: the last level needs no evaluation
            REQUIRE_EQ(trajectory.size(), size_t(steps + 1));
            REQUIRE(torch::equal(trajectory.front(), z.to(torch::kFloat64) * 80));
            REQUIRE(torch::equal(trajectory.back(), x));
            REQUIRE_EQ(x.scalar_type(), torch::kFloat64);
            REQUIRE(torch::isfinite(x).all().item<bool>());
        }
    }
    REQUIRE_THROWS(Error, sample_dpm_solver(net_, z, {}, 2, 3, 80, 0.002));  // order 3 needs 3 steps
    REQUIRE_THROWS(Error, sample_dpm_solver(net_, z, {}, 4, 4, 80, 0.002));
    REQUIRE_THROWS(Error, dpm_solver_levels(4, 0.002, 80));
    const torch::Tensor levels = dpm_solver_levels(4, 80, 0.002);
    const auto t = levels.accessor<double, 1>();
    for (int i = 0; i < 4; ++i)  // uniform in −ln t: a constant ratio between levels
        REQUIRE(std::abs(std::log(t[i] / t[i + 1]) - std::log(80 / 0.002) / 4) < 1e-12);
    const SamplerInfo& row = sampler_info(std::string("dpm++"));
    REQUIRE(row.for_diffusion_models && !row.takes_mid);
    REQUIRE_EQ(row.nfe(10), 10);
}

TEST_CASE(dpm_solver_converges_to_the_ode_solution)
{
    // With many steps DPM-Solver++ and Heun solve the same probability-flow ODE: their results
    // meet (up to the last level, 0.002, where DPM-Solver++ stops), and higher orders get there
    // with fewer steps than the first (DDIM).
    const torch::Tensor z = torch::randn({2, 1, 16, 16});
    const torch::Tensor reference = sample_edm(net_, z, {}, 200, EdmSolver::Heun);
    auto error = [&](int steps, int order) {
        return ect::test::relative_error(sample_dpm_solver(net_, z, {}, steps, order, 80, 0.002), reference);
    };
    REQUIRE_MSG(error(100, 2) < 5e-3, std::to_string(error(100, 2)).c_str());
    REQUIRE(error(8, 2) < error(8, 1));
    REQUIRE(error(8, 3) < error(8, 1));
}

TEST_CASE(cmt_learns_every_trajectory_point_but_the_end)
{
    torch::manual_seed(1);
    Denoiser student(ect::test::tiny_config(3));
    student->train();
    const torch::Tensor y = torch::rand({2, 1, 16, 16}) * 2 - 1, eps = torch::randn({2, 1, 16, 16});
    const torch::Tensor labels = torch::eye(3).slice(0, 1, 3);
    CmtLossConfig cfg;
    cfg.nfe = 5;
    const auto terms = cmt_loss(student, net_, y, labels, eps, cfg);
    REQUIRE_EQ(terms.loss.sizes(), (c10::IntArrayRef{10}));
    // Step-major: the N points of the first level (t_max) first, the last level (before t_min) last.
    REQUIRE_EQ(terms.levels[0].item<double>(), 80.0);
    REQUIRE_EQ(terms.levels[1].item<double>(), 80.0);
    REQUIRE_EQ(terms.levels[9].item<double>(), dpm_solver_levels(5, 80, 0.002)[4].item<double>());
    // The target is the teacher's trajectory end from y + t_max·eps, without gradients.
    REQUIRE(!terms.target.requires_grad());
    std::vector<torch::Tensor> trajectory;
    const torch::Tensor end = solve_dpm_solver(net_, y.to(torch::kFloat64) + 80 * eps.to(torch::kFloat64), labels,
                                               5, 3, 80, 0.002);
    REQUIRE(ect::test::relative_error(terms.target, end) < 1e-6);
    terms.loss.mean().backward();
    for (const auto& p : net_->parameters()) REQUIRE(!p.grad().defined());  // the teacher stays frozen
    bool student_grad = false;
    for (const auto& p : student->parameters()) student_grad |= p.grad().defined() && p.grad().abs().sum().item<double>() > 0;
    REQUIRE(student_grad);
    cfg.metric = CmtMetric::L2;
    const auto l2 = cmt_loss(student, net_, y, labels, eps, cfg);
    REQUIRE(ect::test::relative_error(l2.loss.square(), terms.loss.detach()) < 1e-5);  // MAE² = MSE (sums)
    REQUIRE_EQ(CmtLossConfig::parse_metric("mae"), CmtMetric::L2);
    REQUIRE_THROWS(Error, CmtLossConfig::parse_metric("lpips"));
    // Trajectory-major (the trainer's order): the same points, each trajectory's together.
    student->eval();  // no dropout: the orders must agree to the bit
    const auto step_major = cmt_loss(student, net_, y, labels, eps, cfg);
    const auto by_trajectory = cmt_loss(student, net_, y, labels, eps, cfg, nullptr, true);
    REQUIRE_EQ(by_trajectory.levels[0].item<double>(), 80.0);
    REQUIRE_EQ(by_trajectory.levels[5].item<double>(), 80.0);  // trajectory 1's first point
    REQUIRE(torch::allclose(by_trajectory.loss.reshape({2, 5}), step_major.loss.reshape({5, 2}).t(), 1e-5, 1e-7));
}

TEST_CASE(classifier_distance_is_lpips_without_learned_weights)
{
    torch::manual_seed(2);
    ClassifierConfig fc;
    fc.resolution = 16;
    Classifier features(fc);
    features->eval();
    const torch::Tensor a = torch::rand({3, 1, 16, 16}) * 2 - 1, b = torch::rand({3, 1, 16, 16}) * 2 - 1;
    const std::vector<torch::Tensor> stages = features->stage_features(a);
    REQUIRE_EQ(stages.size(), size_t(3));
    REQUIRE_EQ(stages[0].sizes(), (c10::IntArrayRef{3, 32, 16, 16}));
    REQUIRE_EQ(stages[1].sizes(), (c10::IntArrayRef{3, 64, 8, 8}));
    REQUIRE_EQ(stages[2].sizes(), (c10::IntArrayRef{3, 128, 4, 4}));
    // The last stage, average-pooled, is what the FD features read.
    REQUIRE(torch::allclose(torch::silu(torch::nn::functional::linear(stages[2].mean({2, 3}),
                                                                       features->named_parameters()["feature.weight"],
                                                                       features->named_parameters()["feature.bias"])),
                            features->features(a), 1e-5, 1e-6));
    // The distance written out from the stages, image by image.
    const torch::Tensor d = classifier_distance(features, a, b);
    const std::vector<torch::Tensor> other = features->stage_features(b);
    for (int64_t i = 0; i < 3; ++i) {
        double expected = 0;
        for (size_t s = 0; s < 3; ++s) {
            const torch::Tensor x = stages[s][i], y = other[s][i];
            const torch::Tensor xn = x / (x.norm(2, 0, true) + 1e-10), yn = y / (y.norm(2, 0, true) + 1e-10);
            expected += (xn - yn).square().sum(0).mean().item<double>();
        }
        REQUIRE(std::abs(d[i].item<double>() - expected) < 1e-5 * expected);
    }
    REQUIRE(d.min().item<double>() > 0);
    REQUIRE(d.max().item<double>() <= 12);
    REQUIRE(torch::allclose(classifier_distance(features, b, a), d, 1e-5, 1e-7));  // symmetric
    REQUIRE_EQ(classifier_distance(features, a, a).abs().max().item<double>(), 0.0);
    REQUIRE_THROWS(Error, classifier_distance(features, a, torch::zeros({3, 1, 8, 8})));
    REQUIRE_THROWS(Error, classifier_distance(features, torch::zeros({3, 3, 16, 16}), torch::zeros({3, 3, 16, 16})));
}

TEST_CASE(cmt_feature_metric_uses_the_given_distance)
{
    torch::manual_seed(3);
    Denoiser student(ect::test::tiny_config(3));
    student->eval();
    ClassifierConfig fc;
    fc.resolution = 16;
    Classifier features(fc);
    features->eval();
    for (auto& p : features->parameters()) p.set_requires_grad(false);
    const torch::Tensor y = torch::rand({2, 1, 16, 16}) * 2 - 1, eps = torch::randn({2, 1, 16, 16});
    const torch::Tensor labels = torch::eye(3).slice(0, 0, 2);
    CmtLossConfig cfg;
    cfg.nfe = 3;
    cfg.metric = CmtMetric::Feature;
    REQUIRE_THROWS(Error, cmt_loss(student, net_, y, labels, eps, cfg));  // no feature network given
    REQUIRE_EQ(CmtLossConfig::parse_metric("feature"), CmtMetric::Feature);
    REQUIRE_EQ(CmtLossConfig::metric_name(CmtMetric::Feature), std::string("feature"));
    const auto distance = [&](const torch::Tensor& a, const torch::Tensor& b) { return classifier_distance(features, a, b); };
    const auto terms = cmt_loss(student, net_, y, labels, eps, cfg, nullptr, false, distance);
    REQUIRE_EQ(terms.loss.sizes(), (c10::IntArrayRef{6}));
    // Each point's term is the distance between the network's output there and the trajectory's end.
    cfg.metric = CmtMetric::SquaredL2;
    const auto mse = cmt_loss(student, net_, y, labels, eps, cfg);
    std::vector<torch::Tensor> trajectory;
    solve_dpm_solver(net_, y.to(torch::kFloat64) + 80 * eps.to(torch::kFloat64), labels, 3, 3, 80, 0.002, &trajectory);
    const torch::Tensor point = trajectory[1].slice(0, 1, 2).to(torch::kFloat32);  // level 2 of trajectory 1: row 3
    const torch::Tensor out = student->forward(point, terms.levels.slice(0, 3, 4), labels.slice(0, 1, 2), Preconditioning::Training);
    REQUIRE(std::abs(terms.loss[3].item<double>() - classifier_distance(features, out, terms.target.slice(0, 1, 2)).item<double>()) <
            1e-4 * terms.loss[3].item<double>());
    REQUIRE(std::abs(mse.loss[3].item<double>() - (out - terms.target.slice(0, 1, 2)).square().sum().item<double>()) <
            1e-4 * mse.loss[3].item<double>());
    terms.loss.mean().backward();
    bool student_grad = false;
    for (const auto& p : student->parameters()) student_grad |= p.grad().defined() && p.grad().abs().sum().item<double>() > 0;
    REQUIRE(student_grad);
    for (const auto& p : features->parameters()) REQUIRE(!p.grad().defined());
}

TEST_CASE(cmt_feature_metric_refuses_images_the_classifier_does_not_read)
{
    // The bundled classifier reads 28×28 grey images; this 16×16 model's run is refused at its
    // start, in one message that names both shapes and the way out.
    TrainConfig c = make_preset("tiny", "cmt");
    c.cmt.metric = CmtMetric::Feature;
    Denoiser base(ect::test::tiny_config(3));
    std::string message;
    try {
        find_objective("cmt").begin(c, &base, torch::kCPU);
    } catch (const Error& e) {
        message = e.what();
    }
    REQUIRE_MSG(message.find("28×28×1") != std::string::npos && message.find("16×16×1") != std::string::npos &&
                    message.find("--metric mse") != std::string::npos,
                message.c_str());
    c.cmt.metric = CmtMetric::SquaredL2;  // the official distances fit any images
    REQUIRE(find_objective("cmt").begin(c, &base, torch::kCPU) != nullptr);
}

TEST_CASE(tcm_levels_stay_in_their_range)
{
    const torch::Tensor u = torch::linspace(0, 1 - 1e-12, 101, torch::kFloat64);
    for (const char* dist : {"normal", "t"}) {
        for (double df : {0.01, 2.0}) {
            ect::check::set_row(std::string(dist) + " df " + std::to_string(df));
            TcmLossConfig cfg;
            cfg.time_distribution = TcmLossConfig::parse_time_distribution(dist);
            cfg.df = df;
            cfg.P_mean = 0;
            cfg.P_std = 0.2;
            cfg.t_lower = 1;
            const torch::Tensor log_t = tcm_log_levels(u, cfg);
            REQUIRE(log_t.min().item<double>() >= std::log(cfg.t_lower) - 1e-12);
            REQUIRE(log_t.max().item<double>() <= std::log(cfg.t_upper) + 1e-9);
            REQUIRE((log_t.slice(0, 1) >= log_t.slice(0, 0, -1)).all().item<bool>());  // increasing in u
            REQUIRE(std::abs(log_t[0].item<double>()) < 1e-9);  // u = 0 is the lower bound, ln 1
        }
    }
    // The heavy tail of a Student-t with 0.01 degrees of freedom reaches far further than a normal.
    TcmLossConfig normal, heavy;
    normal.P_mean = heavy.P_mean = 0;
    normal.P_std = heavy.P_std = 0.2;
    normal.t_lower = heavy.t_lower = 1;
    heavy.time_distribution = TcmTimeDistribution::StudentT;
    heavy.df = 0.01;
    ect::check::set_row("");
    const torch::Tensor u9 = torch::full({1}, 0.9, torch::kFloat64);  // scipy: ln t = 2.346 and 0.329
    REQUIRE(std::abs(tcm_log_levels(u9, heavy).item<double>() - 2.3460633549) < 1e-8);
    REQUIRE(std::abs(tcm_log_levels(u9, normal).item<double>() - 0.3289707254) < 1e-8);
    REQUIRE_THROWS(Error, TcmLossConfig::parse_time_distribution("cauchy"));
    REQUIRE_THROWS(Error, TcmLossConfig::parse_weighting("lpips"));
}

TEST_CASE(tcm_second_stage_hands_low_levels_to_the_first)
{
    torch::manual_seed(2);
    Denoiser second(ect::test::tiny_config(3));
    second->train();
    net_->train();
    const torch::Tensor x = torch::randn({4, 1, 16, 16});
    const torch::Tensor sigma = torch::tensor({0.5, 0.999, 1.0, 20.0});
    const torch::Tensor labels = torch::eye(3).index({torch::tensor({0, 1, 2, 0})});
    torch::NoGradGuard no_grad;
    const torch::Tensor both = tcm_denoise(second, net_, x, sigma, labels, 1.0);
    const torch::Tensor first_only = net_->forward(x, sigma, labels, Preconditioning::Training);
    const torch::Tensor second_only = second->forward(x, sigma, labels, Preconditioning::Training);
    REQUIRE(torch::equal(both.slice(0, 0, 2), first_only.slice(0, 0, 2)));
    REQUIRE(torch::equal(both.slice(0, 2), second_only.slice(0, 2)));
    net_->eval();
}

TEST_CASE(tcm_boundary_samples_form_the_boundary_loss)
{
    torch::manual_seed(3);
    Denoiser second(ect::test::tiny_config(3));
    second->train();
    net_->train();
    const int64_t n = 8;
    const torch::Tensor y = torch::rand({n, 1, 16, 16}) * 2 - 1, eps = torch::randn({n, 1, 16, 16});
    const torch::Tensor labels = torch::eye(3).index({torch::arange(n) % 3});
    TcmLossConfig cfg;
    cfg.time_distribution = TcmTimeDistribution::StudentT;
    cfg.P_mean = 0;
    cfg.P_std = 0.2;
    cfg.df = 0.01;
    cfg.t_lower = 1;
    cfg.boundary_prob = 0.25;
    const torch::Tensor log_t = tcm_log_levels(torch::rand({n}, torch::kFloat64), cfg);
    const torch::Tensor boundary = tcm_boundary_mask(torch::randperm(n), cfg.boundary_prob);
    REQUIRE_EQ(boundary.sum().item<int64_t>(), int64_t(2));
    const auto terms = tcm_loss(second, &net_, y, labels, log_t, boundary, eps, 5, cfg);
    REQUIRE_EQ(terms.loss.numel(), int64_t(6));
    REQUIRE_EQ(terms.boundary.numel(), int64_t(2));
    REQUIRE((terms.t >= 1).all().item<bool>());
    REQUIRE(std::abs(terms.total.item<double>() -
                     (terms.loss.mean() + 0.1 * terms.boundary.mean()).item<double>()) < 1e-9);
    terms.total.backward();
    for (const auto& p : net_->parameters()) REQUIRE(!p.grad().defined());  // the first stage stays frozen
    // The first stage alone (no first-stage network): every sample in `loss`, a zero boundary.
    const auto stage1 = tcm_loss(second, nullptr, y, labels, log_t, boundary, eps, 5, cfg);
    REQUIRE_EQ(stage1.loss.numel(), n);
    REQUIRE(torch::equal(stage1.boundary, torch::zeros_like(stage1.loss)));
    REQUIRE_EQ(tcm_ratio(30, cfg), cfg.ratio_limit);
    REQUIRE_EQ(tcm_ratio(0, cfg), 0.5);
    net_->eval();
}

TEST_CASE(edit_projections_keep_what_is_known)
{
    // Each task's replace() takes what is known from the first image and the rest from the
    // second: a projection (applying it twice changes nothing), exact for the mask's pixels.
    torch::manual_seed(4);
    const torch::Tensor a = torch::rand({2, 3, 16, 16}) * 2 - 1, b = torch::rand({2, 3, 16, 16}) * 2 - 1;
    EditOperator inpaint;
    inpaint.mask = (torch::rand({1, 1, 16, 16}) < 0.5).to(torch::kFloat32);
    const torch::Tensor mixed = inpaint.replace(a, b);
    const torch::Tensor kept = inpaint.mask.expand_as(a).to(torch::kBool);
    REQUIRE(torch::equal(mixed.masked_select(kept), a.masked_select(kept)));
    REQUIRE(torch::equal(mixed.masked_select(~kept), b.masked_select(~kept)));
    REQUIRE(torch::equal(inpaint.known(a).masked_select(~kept), -torch::ones_like(a).masked_select(~kept)));

    EditOperator superres;
    superres.task = EditTask::SuperRes;
    for (int factor : {2, 4}) {
        superres.factor = factor;
        const torch::Tensor sr = superres.replace(a, b);
        const auto pool = [&](const torch::Tensor& x) { return torch::avg_pool2d(x, {factor, factor}); };
        REQUIRE(torch::allclose(pool(sr), pool(a), 1e-5, 1e-6));  // the known: a's block means
        REQUIRE(torch::allclose(sr - superres.known(sr), b - superres.known(b), 1e-5, 1e-6));  // the rest: b's detail
        REQUIRE(torch::allclose(superres.replace(a, sr), sr, 1e-5, 1e-6));
    }
    superres.factor = 3;
    REQUIRE_THROWS(Error, superres.known(a));  // 3 does not divide 16

    EditOperator colorize;
    colorize.task = EditTask::Colorize;
    const torch::Tensor grey = colorize.known(a);
    // The known part lies on the luminance axis: its channels are in the ratio 0.2989 : 0.5870 : 0.1140.
    REQUIRE(torch::allclose(grey[0][0] * 0.5870, grey[0][1] * 0.2989, 1e-5, 1e-6));
    REQUIRE(torch::allclose(colorize.known(colorize.replace(a, b)), grey, 1e-5, 1e-6));
    REQUIRE_THROWS(Error, colorize.known(torch::zeros({1, 1, 16, 16})));  // grey models have no colour to find

    EditOperator sketch;
    sketch.task = EditTask::Sketch;
    REQUIRE(torch::equal(sketch.replace(a, b), b));
    REQUIRE_EQ(parse_edit_task("superres"), EditTask::SuperRes);
    REQUIRE_THROWS(Error, parse_edit_task("outpaint"));
    EditOperator no_mask;
    REQUIRE_THROWS(Error, no_mask.known(a));
    no_mask.mask = torch::ones({1, 1, 8, 8});
    REQUIRE_THROWS(Error, no_mask.known(a));  // a mask of another size
}

TEST_CASE(edit_iterate_evaluates_once_per_level)
{
    // Algorithm 4 with a stand-in consistency function that records its levels.
    std::vector<double> seen;
    const ConsistencyFunction f = [&](const torch::Tensor& x, double level) {
        seen.push_back(level);
        return x * 0.5;
    };
    EditOperator op;
    op.mask = torch::zeros({1, 1, 4, 4});
    op.mask.index_put_({0, 0, 0}, 1.0);  // the first row is known
    const torch::Tensor images = torch::full({1, 1, 4, 4}, 0.25);
    const torch::Tensor known = op.known(images);
    const std::vector<torch::Tensor> noise{torch::ones({1, 1, 4, 4}), torch::ones({1, 1, 4, 4})};
    const torch::Tensor out = edit_iterate(f, op, known, torch::full({1, 1, 4, 4}, 4.0), {80, 5, 0.5}, noise);
    REQUIRE_EQ(seen, (std::vector<double>{80, 5, 0.5}));
    REQUIRE(torch::equal(out[0][0][0], torch::full({4}, 0.25)));  // the known row, exactly
    // Elsewhere: clamp(4·0.5) = 1, re-noised to 1 + √(5² − t_min²); its half clamped to 1 again,
    // re-noised to 1 + √(0.5² − t_min²); the last level returns its half, no noise added.
    const double expected = (1 + std::sqrt(0.25 - 4e-6)) * 0.5;
    REQUIRE(std::abs(out[0][0][3][3].item<double>() - expected) < 1e-6);
    REQUIRE_THROWS(Error, edit_iterate(f, op, known, images, {5, 80}, noise));  // levels must decrease
    REQUIRE_THROWS(Error, edit_iterate(f, op, known, images, {80, 5, 0.5}, {}));  // noise for each re-noising
}
