// The CPU side of the GPU speed paths. channels_last (NHWC) networks: every family computes the
// same function in either layout, the flat training buffers keep each weight's layout, and a run
// trained in one layout matches and resumes in the other. The capturable training step (what a
// CUDA step graph replays): inputs refilled in place, dropout masks redrawn in place, the host's
// numbers in a device buffer; on the CPU it runs uncaptured and must give the same bits.
#include "check.h"
#include "core_support.h"

#include "ect/device.h"
#include "ect/io/safetensors.h"
#include "ect/network/model_file.h"
#include "ect/training/optim.h"
#include "ect/training/trainer.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

using namespace ect;
namespace fs = std::filesystem;

namespace {

// The process's layout mode, put back when a test ends (a failed REQUIRE included).
struct LayoutModeGuard {
    LayoutMode before = layout_mode();
    ~LayoutModeGuard() { set_layout_mode(before); }
};

NetworkConfig family_config(const std::string& arch)
{
    NetworkConfig c = test::tiny_config(/*label_dim=*/10, /*dropout=*/0.2);
    if (arch != "songunet") {
        c.arch = arch;
        c.family_options = "{}";  // the family's defaults (EDM2: with its uncertainty head)
    }
    return c;
}

// Weights with more than one channel in both directions: the ones whose layout can differ.
bool has_a_channels_last_weight(Denoiser& net)
{
    for (const auto& p : net->parameters())
        if (p.dim() == 4 && p.size(1) > 1 && p.size(2) * p.size(3) > 1)
            if (!p.is_contiguous() && p.is_contiguous(torch::MemoryFormat::ChannelsLast)) return true;
    return false;
}

bool every_4d_weight_in(Denoiser& net, torch::MemoryFormat format)
{
    for (const auto& p : net->parameters())
        if (p.dim() == 4 && !p.is_contiguous(format)) return false;
    return true;
}

TrainConfig tiny_run(const std::string& objective, int64_t steps)
{
    TrainConfig c = test::tiny_training(objective, steps);
    c.dropout = 0.2;  // the shared masks take part
    return c;
}

}  // namespace

TEST_CASE(every_family_computes_the_same_function_channels_last)
{
    init_threads(2);
    for (const std::string arch : {"songunet", "dhariwal", "edm2"}) {
        const NetworkConfig cfg = family_config(arch);
        torch::manual_seed(3);
        Denoiser nchw(cfg), nhwc(cfg);
        copy_state(nhwc, nchw);
        nhwc->set_memory_format(torch::MemoryFormat::ChannelsLast);
        REQUIRE_MSG(nhwc->channels_last() && has_a_channels_last_weight(nhwc), arch);
        REQUIRE_MSG(every_4d_weight_in(nhwc, torch::MemoryFormat::ChannelsLast), arch);
        REQUIRE_MSG(!nchw->channels_last() && every_4d_weight_in(nchw, torch::MemoryFormat::Contiguous), arch);

        const int64_t n = 4, res = cfg.img_resolution;
        torch::manual_seed(4);
        const torch::Tensor x = torch::randn({n, cfg.img_channels, res, res}) * 2;
        const torch::Tensor sigma = torch::tensor({0.01, 0.3, 2.0, 40.0});
        const torch::Tensor labels = torch::one_hot(torch::arange(n) % 10, 10).to(torch::kFloat32);

        // Sampling (eval): the same denoiser output, returned in the caller's NCHW layout.
        nchw->eval();
        nhwc->eval();
        {
            torch::NoGradGuard no_grad;
            const torch::Tensor a = nchw->forward(x, sigma, labels, Preconditioning::Consistency);
            const torch::Tensor b = nhwc->forward(x, sigma, labels, Preconditioning::Consistency);
            REQUIRE_MSG(b.is_contiguous(), arch);
            REQUIRE_MSG(test::relative_error(b, a) < 1e-5, arch, ": ", test::relative_error(b, a));
            std::printf("%s channels_last: denoiser output %.2g relative to NCHW", arch.c_str(), test::relative_error(b, a));
            const torch::Tensor ra = nchw->raw(x, sigma, labels), rb = nhwc->raw(x, sigma, labels);
            REQUIRE_MSG(rb.is_contiguous() && test::relative_error(rb, ra) < 1e-5, arch);
        }

        // Training: the same dropout masks from the same seed (drawn in NCHW order in either
        // layout), the same loss and the same gradients.
        nchw->train();
        nhwc->train();
        DropoutMasks masks_a(at::detail::createCPUGenerator(11)), masks_b(at::detail::createCPUGenerator(11));
        const torch::Tensor la = nchw->forward(x, sigma, labels, Preconditioning::Training, &masks_a).square().mean();
        const torch::Tensor lb = nhwc->forward(x, sigma, labels, Preconditioning::Training, &masks_b).square().mean();
        REQUIRE_MSG(masks_a.drawn() > 0 && masks_a.drawn() == masks_b.drawn(), arch);
        REQUIRE_MSG(std::abs(la.item<double>() - lb.item<double>()) < 1e-5 * std::abs(la.item<double>()), arch);
        la.backward();
        lb.backward();
        const auto pa = nchw->parameters(), pb = nhwc->parameters();
        REQUIRE_EQ(pa.size(), pb.size());
        double worst = 0;
        for (size_t i = 0; i < pa.size(); ++i) {
            if (!pa[i].grad().defined()) continue;
            const double err = test::relative_error(pb[i].grad(), pa[i].grad());
            REQUIRE_MSG(err < 1e-4 || pa[i].grad().abs().max().item<double>() < 1e-7, arch, " parameter ", i, ": ", err);
            if (pa[i].grad().abs().max().item<double>() >= 1e-7) worst = std::max(worst, err);
        }
        std::printf(", gradients %.2g at worst\n", worst);
    }
}

TEST_CASE(moving_a_network_follows_the_layout_mode)
{
    LayoutModeGuard guard;
    torch::manual_seed(1);
    Denoiser net(family_config("songunet"));
    const auto before = named_state(net);
    std::vector<torch::Tensor> values;
    for (const auto& [name, t] : before) values.push_back(t.detach().clone());
    set_layout_mode(LayoutMode::ChannelsLast);
    REQUIRE(channels_last_for(torch::kCPU));
    net->to(torch::kCPU);
    REQUIRE(net->channels_last() && has_a_channels_last_weight(net));
    set_layout_mode(LayoutMode::NCHW);
    net->to(torch::kCPU);
    REQUIRE(!net->channels_last() && every_4d_weight_in(net, torch::MemoryFormat::Contiguous));
    // Auto is NCHW until a GPU measurement says otherwise, on the CPU for good.
    set_layout_mode(LayoutMode::Auto);
    REQUIRE(!channels_last_for(torch::kCPU));
    // Values never change with the layout, and a model file is the same bytes in either.
    const auto after = named_state(net);
    for (size_t i = 0; i < after.size(); ++i) REQUIRE_MSG(torch::equal(after[i].second, values[i]), after[i].first);
    REQUIRE_EQ(parse_layout_mode("nhwc"), LayoutMode::ChannelsLast);
    REQUIRE_EQ(layout_mode_name(parse_layout_mode("nchw")), std::string("nchw"));
    REQUIRE_THROWS(Error, parse_layout_mode("NCHW4"));
    const std::string a = test::temp_file("layout-a.safetensors"), b = test::temp_file("layout-b.safetensors");
    save_model(a, net, {});
    net->set_memory_format(torch::MemoryFormat::ChannelsLast);
    save_model(b, net, {});
    REQUIRE(test::slurp(a) == test::slurp(b));
}

TEST_CASE(flat_buffers_keep_each_weights_layout)
{
    // The optimizer, the EMA and nan_to_num run over flat spans: a channels_last weight must stay
    // channels_last in its buffer (a plain view would be NCHW, a transpose in every kernel), with
    // its gradient and moments laid out the same way, so the spans line up element by element.
    torch::manual_seed(2);
    Denoiser a(family_config("songunet")), b(family_config("songunet"));
    copy_state(b, a);
    b->set_memory_format(torch::MemoryFormat::ChannelsLast);
    flatten_parameters(a->parameters(), true);
    flatten_parameters(b->parameters(), true);
    REQUIRE(has_a_channels_last_weight(b) && every_4d_weight_in(b, torch::MemoryFormat::ChannelsLast));
    std::vector<torch::Tensor> grads;
    for (const auto& p : b->parameters()) {
        grads.push_back(p.grad());
        REQUIRE(p.grad().strides().equals(p.strides()));
    }
    REQUIRE(contiguous_span(b->parameters()).defined() && contiguous_span(grads).defined());
    REQUIRE(same_layouts(b->parameters(), grads));
    REQUIRE(!same_layouts(a->parameters(), b->parameters()));
    for (size_t i = 0; i < a->parameters().size(); ++i) REQUIRE(torch::equal(a->parameters()[i], b->parameters()[i]));

    // The same gradients give the same updates, bit for bit: the arithmetic is elementwise.
    AdamFamily opt_a(a->parameters(), {}), opt_b(b->parameters(), {});
    EmaWeights ema_a(a), ema_b(b);
    REQUIRE(ema_b.model()->channels_last() && contiguous_span(ema_b.model()->parameters()).defined());
    for (int step = 0; step < 7; ++step) {  // past RAdam's switch to the rectified update (step 6)
        torch::manual_seed(100 + step);
        for (size_t i = 0; i < a->parameters().size(); ++i) {
            const torch::Tensor g = torch::randn(a->parameters()[i].sizes());
            torch::Tensor(a->parameters()[i].grad()).copy_(g);
            torch::Tensor(b->parameters()[i].grad()).copy_(g);
        }
        sanitize_gradients(a->parameters());
        sanitize_gradients(b->parameters());
        opt_a.step(1e-3);
        opt_b.step(1e-3);
        ema_a.update(a, 0.9);
        ema_b.update(b, 0.9);
    }
    for (size_t i = 0; i < a->parameters().size(); ++i) {
        REQUIRE(torch::equal(a->parameters()[i], b->parameters()[i]));
        REQUIRE(torch::equal(ema_a.model()->parameters()[i], ema_b.model()->parameters()[i]));
    }
    const auto sa = opt_a.state(), sb = opt_b.state();
    for (size_t i = 0; i < sa.size(); ++i) REQUIRE_MSG(torch::equal(sa[i].second, sb[i].second), sa[i].first);
}

TEST_CASE(a_run_trains_and_resumes_across_layouts)
{
    LayoutModeGuard guard;
    init_threads(2);
    const TrainConfig c = tiny_run("edm", 8);
    set_layout_mode(LayoutMode::NCHW);
    const std::string plain = test::fresh_dir("layout-nchw");
    Trainer::start(c, plain)->run();

    set_layout_mode(LayoutMode::ChannelsLast);
    const std::string last = test::fresh_dir("layout-nhwc");
    auto t = Trainer::start(c, last);
    REQUIRE(t->net()->channels_last() && t->ema()->channels_last());
    REQUIRE(contiguous_span(t->net()->parameters()).defined());
    t->run();
    const std::string t_model = t->model_path();
    t.reset();
    auto m_plain = load_model(plain + "/" + fs::path(t_model).filename().string()),
               m_last = load_model(t_model);
    const auto wa = named_state(m_plain.net), wb = named_state(m_last.net);
    for (size_t i = 0; i < wa.size(); ++i)
        REQUIRE_MSG(test::relative_error(wb[i].second, wa[i].second) < 1e-4 || wa[i].second.abs().max().item<double>() == 0,
                    wa[i].first, ": ", test::relative_error(wb[i].second, wa[i].second));
    const auto log_a = test::read_jsonl(plain + "/log.jsonl"), log_b = test::read_jsonl(last + "/log.jsonl");
    REQUIRE_EQ(log_a.size(), log_b.size());
    for (size_t i = 0; i < log_a.size(); ++i) {
        const double la = log_a[i].at("loss").get<double>(), lb = log_b[i].at("loss").get<double>();
        REQUIRE_MSG(std::abs(la - lb) < 1e-4 * la, "step ", i + 1, ": ", la, " against ", lb);
    }

    // A channels_last run stopped at step 4 resumes in NCHW (the state holds values, not layouts)
    // onto the trajectory of an NCHW run stopped and resumed at the same step.
    TrainConfig half = c;
    half.steps = 4;
    const std::string split_last = test::fresh_dir("layout-split-nhwc");
    Trainer::start(half, split_last)->run();
    set_layout_mode(LayoutMode::NCHW);
    const std::string split_plain = test::fresh_dir("layout-split-nchw");
    Trainer::start(half, split_plain)->run();
    for (const auto& dir : {split_last, split_plain}) {
        ResumeOptions more;
        more.steps = c.steps;
        auto resumed = Trainer::resume(dir, more);
        REQUIRE(!resumed->net()->channels_last());
        REQUIRE_EQ(resumed->step(), int64_t(4));
        resumed->run();
    }
    const auto ra = read_safetensors(split_plain + "/state.safetensors"), rb = read_safetensors(split_last + "/state.safetensors");
    REQUIRE_EQ(ra.tensors.size(), rb.tensors.size());
    for (size_t i = 0; i < ra.tensors.size(); ++i) {
        if (!ra.tensors[i].second.is_floating_point()) continue;  // step counts, generator states
        const double err = test::relative_error(rb.tensors[i].second, ra.tensors[i].second);
        REQUIRE_MSG(err < 1e-4 || ra.tensors[i].second.abs().max().item<double>() < 1e-12, ra.tensors[i].first, ": ", err);
    }
}

TEST_CASE(redrawn_masks_are_the_masks_a_first_draw_makes)
{
    // Slots first requested in the order 3, 0: a redraw consumes the generator in that order, so
    // a step whose masks were redrawn in place gets the numbers a fresh step draws on request.
    const torch::Tensor h3 = torch::ones({4, 8, 5, 5}), h0 = torch::ones({4, 2, 3, 3});
    DropoutMasks redrawn(at::detail::createCPUGenerator(7));
    redrawn.apply(3, h3, 0.3);
    redrawn.apply(0, h0, 0.5);
    const torch::Tensor first3 = redrawn.apply(3, h3, 0.3).clone();
    redrawn.redraw();
    const torch::Tensor again3 = redrawn.apply(3, h3, 0.3), again0 = redrawn.apply(0, h0, 0.5);
    REQUIRE(!torch::equal(again3, first3));  // new numbers

    at::Generator gen = at::detail::createCPUGenerator(7);
    DropoutMasks fresh(gen);
    fresh.apply(3, h3, 0.3);
    fresh.apply(0, h0, 0.5);  // the first draws, as above
    DropoutMasks second(gen);  // the next step's masks, drawn on request
    REQUIRE(torch::equal(second.apply(3, h3, 0.3), again3));
    REQUIRE(torch::equal(second.apply(0, h0, 0.5), again0));
    REQUIRE_EQ(redrawn.drawn(), size_t(2));
}

TEST_CASE(optimizer_steps_split_into_host_numbers_and_device_work)
{
    torch::Tensor p = torch::tensor({0.5, -1.0}).requires_grad_();
    AdamFamily radam({p}, {OptimizerKind::RAdam, 0.01, 0.9, 0.999, 1e-8});
    for (int t = 1; t <= 7; ++t) {
        p.mutable_grad() = torch::tensor({0.1 * t, -0.2});
        radam.step(0.01);
        // ρ_t > 5 from step 6 (β₂ = 0.999): momentum only before, rectified for good after.
        REQUIRE_EQ(radam.form(), t < 6 ? AdamFamily::Form::Momentum : AdamFamily::Form::Rectified);
        REQUIRE_EQ(radam.fixed_form(), t >= 6);
    }
    torch::Tensor q = torch::tensor({0.5, -1.0}).requires_grad_();
    AdamFamily adam({q}, {OptimizerKind::Adam, 0.01, 0.9, 0.999, 1e-8});
    const std::vector<double> numbers = adam.advance(0.01);
    REQUIRE(adam.fixed_form() && adam.form() == AdamFamily::Form::Adam);
    REQUIRE_EQ(numbers.size(), size_t(2));
    REQUIRE(std::abs(numbers[0] + 0.01 / (1 - 0.9)) < 1e-12);           // −lr/(1 − β₁)
    REQUIRE(std::abs(numbers[1] - 1 / std::sqrt(1 - 0.999)) < 1e-9);   // 1/√(1 − β₂)
    q.mutable_grad() = torch::tensor({2.0, -3.0});
    adam.apply(torch::tensor(numbers, torch::kFloat64).to(torch::kFloat32));
    // Adam's first step moves each weight by lr·sign(g) (m̂ = g, √v̂ = |g|, ε aside).
    REQUIRE(std::abs(q[0].item<double>() - 0.49) < 1e-6 && std::abs(q[1].item<double>() + 0.99) < 1e-6);
    REQUIRE_THROWS(Error, adam.apply(torch::zeros({3})));
}

TEST_CASE(a_capturable_step_follows_the_same_trajectory)
{
    // With step graphs on, the CPU runs the captured form of the step uncaptured: inputs copied
    // into buffers, masks redrawn in place, the optimizer and EMAs fed from the numbers buffer.
    // Bit for bit the trajectory of the plain step, through RAdam's switch (step 6), a stage
    // change, two passes per step, flips, labels, dropout and two power-function profiles.
    struct GraphsOff {
        ~GraphsOff() { set_step_graphs_enabled(false); }
    } off;
    init_threads(2);
    set_step_graphs_enabled(false);
    const std::string base_dir = test::fresh_dir("graph-base");
    Trainer::start(tiny_run("edm", 3), base_dir)->run();
    for (const std::string objective : {"edm", "ect"}) {
        TrainConfig c = tiny_run(objective, 14);
        if (objective == "ect") {
            c.base_model = base_dir + "/model.safetensors";
            c.stage_kimg = 0.16;  // 10 steps of 16 images: a new stage within the run
        }
        c.batch_per_pass = 8;
        c.xflip = true;
        c.ema_stds = {0.05, 0.10};
        std::string dirs[2];
        for (int graphs = 0; graphs < 2; ++graphs) {
            set_step_graphs_enabled(graphs == 1);
            dirs[graphs] = test::fresh_dir("graph-" + objective + std::to_string(graphs));
            auto t = Trainer::start(c, dirs[graphs]);
            REQUIRE(t->run() == Trainer::Outcome::Finished);
            // EDM's Adam is capturable from step 1, ECT's RAdam from its rectified step 6.
            REQUIRE_EQ(t->capturable_steps(), graphs == 0 ? int64_t(0) : objective == "edm" ? int64_t(14) : int64_t(9));
            if (graphs == 1 && objective == "ect")  // the key names the stage (a new one: a new capture)
                REQUIRE_MSG(t->step_graph_key().rfind("stage 1, fp32, weights at ", 0) == 0, t->step_graph_key());
            REQUIRE(!t->step_graph_replayed());  // the CPU captures nothing
        }
        const auto a = read_safetensors(dirs[0] + "/state.safetensors"), b = read_safetensors(dirs[1] + "/state.safetensors");
        REQUIRE_EQ(a.tensors.size(), b.tensors.size());
        for (size_t i = 0; i < a.tensors.size(); ++i)
            REQUIRE_MSG(torch::equal(a.tensors[i].second, b.tensors[i].second), objective, ": ", a.tensors[i].first);
        const auto la = test::read_jsonl(dirs[0] + "/log.jsonl"), lb = test::read_jsonl(dirs[1] + "/log.jsonl");
        REQUIRE_EQ(la.size(), lb.size());
        for (size_t i = 0; i < la.size(); ++i) REQUIRE_EQ(la[i].at("loss").dump(), lb[i].at("loss").dump());
    }
}
