// Seeded generation shared by the CLI and the studio: settings checks, cancellation, slerp.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/method/generate.h"
#include "ect/method/noise.h"
#include "ect/method/xy_plot.h"

#include <set>

using namespace ect;

static Denoiser net_{nullptr};

TEST_CASE(initTestCase)
{
    torch::manual_seed(0);
    net_ = Denoiser(ect::test::tiny_config(3));
}

TEST_CASE(settings_checks)
{
    struct Row {
        const char *name, *sampler;
        int steps;
        std::vector<double> mid;
        int cls;
        std::string expected;  // "" = accepted
    };
    const Row rows[] = {
        {"cm 3 steps, no mids", "cm", 3, {}, -1, "needs 2 mid levels"},
        {"rising mids", "cm", 3, {0.5, 1.0}, -1, "must decrease"},
        {"heun 1 step", "heun", 1, {}, -1, "at least 2 steps"},
        {"mids for heun", "heun", 4, {1.0}, -1, "do not apply to EDM Heun"},
        {"missing class", "cm", 1, {}, 3, "class 3 does not exist"},
        {"fine", "cm", 2, {0.821}, 2, ""},
    };
    for (const Row& r : rows) {
        ect::check::set_row(r.name);
        GenerateSettings s;
        s.sampler = GenerateSettings::parse_sampler(r.sampler);
        s.steps = r.steps;
        s.mid = r.mid;
        s.class_index = r.cls;
        std::string message;
        try {
            s.validate(net_->config());
        } catch (const Error& e) {
            message = e.what();
        }
        REQUIRE_MSG(r.expected.empty() ? message.empty() : message.find(r.expected) != std::string::npos, message);
    }
}

TEST_CASE(nfe)
{
    GenerateSettings s;
    s.sampler = SamplerKind::Heun;
    s.steps = 18;
    REQUIRE_EQ(s.nfe(), 35);
    s.sampler = SamplerKind::Consistency;
    s.steps = 2;
    REQUIRE_EQ(s.nfe(), 2);
}

TEST_CASE(cancelled_generation_returns_nothing)
{
    GenerateSettings s;
    s.count = 8;
    s.batch = 2;
    int asked = 0;
    const auto out = generate(net_, s, [&] { return ++asked > 2; });
    REQUIRE(!out.defined());
    REQUIRE_EQ(asked, 3);  // stopped before the third batch
    REQUIRE_EQ(generate(net_, s).size(0), int64_t(8));
}

TEST_CASE(generate_matches_explicit_noise)
{
    GenerateSettings s;
    s.seed = 9;
    s.count = 3;
    s.steps = 2;
    s.mid = {0.821};
    const auto out = generate(net_, s);
    const auto noise = seeded_noise(9, 0, 3, 1, 16, 1);
    const auto ref = generate_from_latents(net_, s, noise.latents, class_labels_for(0, 3, 3, -1), noise.renoise);
    REQUIRE(torch::equal(out, ref));
}

TEST_CASE(sampler_table_drives_everything)
{
    // Every row: found by its kind and by its name, its defaults valid, and it generates.
    std::set<std::string> names;
    for (const auto& info : sampler_table()) {
        REQUIRE_EQ(&sampler_info(info.kind), &info);
        REQUIRE_EQ(&sampler_info(std::string(info.name)), &info);
        REQUIRE(names.insert(info.name).second);
        REQUIRE(info.min_steps >= 1 && info.default_steps >= info.min_steps);
        GenerateSettings s;
        s.sampler = info.kind;
        s.steps = std::max(info.min_steps, 2);
        if (info.takes_mid) s.mid = GenerateSettings::default_mid(s.steps);
        s.count = 2;
        REQUIRE_EQ(s.nfe(), info.nfe(s.steps));
        REQUIRE_EQ(GenerateSettings::sampler_name(info.kind), std::string(info.name));
        const auto images = generate(net_, s);
        REQUIRE_EQ(images.sizes(), (c10::IntArrayRef{2, 1, 16, 16}));
        REQUIRE(torch::isfinite(images).all().item<bool>());
    }
    REQUIRE_EQ(sampler_names("|"), std::string("cm|heun|euler|dpm++"));
    try {
        sampler_info(std::string("ddpm"));
        FAIL_CASE("an unknown sampler was accepted");
    } catch (const Error& e) {
        REQUIRE_MSG(std::string(e.what()).find("use cm, heun, euler, dpm++") != std::string::npos, e.what());
    }
    // One parser for mid levels everywhere (CLI, studio): an empty item is refused.
    REQUIRE_THROWS(Error, parse_levels("2,,1", "mid"));
    REQUIRE_EQ(parse_levels("2.5,0.5", "mid"), (std::vector<double>{2.5, 0.5}));
}

TEST_CASE(interpolated_noise_spans_the_corners)
{
    GenerateSettings s;
    s.steps = 2;  // one re-noising tensor per image
    const auto& cfg = net_->config();
    const auto a = seeded_noise(3, 0, 1, 1, 16, 1), b = seeded_noise(4, 0, 1, 1, 16, 1);
    const auto n = interpolated_noise(cfg, s, {3, 4}, {{0.0, 0.0}, {1.0, 0.0}, {0.5, 0.0}});
    REQUIRE_EQ(n.latents.size(0), int64_t(3));
    REQUIRE_EQ(n.renoise.size(), size_t(1));
    REQUIRE(torch::allclose(n.latents[0], a.latents[0], 1e-6, 1e-6));
    REQUIRE(torch::allclose(n.latents[1], b.latents[0], 1e-6, 1e-6));
    REQUIRE(torch::allclose(n.renoise[0][1], b.renoise[0][0], 1e-6, 1e-6));
    REQUIRE(torch::allclose(n.latents[2], slerp(a.latents[0], b.latents[0], 0.5), 1e-6, 1e-6));
    // Four corners: (0, 1) is the bottom-left corner; Heun needs no re-noising.
    s.sampler = SamplerKind::Heun;
    s.steps = 4;
    const auto c = seeded_noise(5, 0, 1, 1, 16, 0);
    const auto four = interpolated_noise(cfg, s, {3, 4, 5, 6}, {{0.0, 1.0}});
    REQUIRE(four.renoise.empty());
    REQUIRE(torch::allclose(four.latents[0], c.latents[0], 1e-6, 1e-6));
    REQUIRE_THROWS(Error, interpolated_noise(cfg, s, {3, 4, 5}, {{0.0, 0.0}}));
}

TEST_CASE(slerp_endpoints_and_norm)
{
    torch::manual_seed(1);
    const auto a = torch::randn({1, 16, 16}), b = torch::randn({1, 16, 16});
    REQUIRE(torch::allclose(slerp(a, b, 0), a, 1e-6, 1e-6));
    REQUIRE(torch::allclose(slerp(a, b, 1), b, 1e-6, 1e-6));
    // Halfway between two independent Gaussian draws keeps a Gaussian's norm (a lerp would shrink it).
    const double mid = slerp(a, b, 0.5).norm().item<double>(), ends = 0.5 * (a.norm() + b.norm()).item<double>();
    REQUIRE(std::abs(mid - ends) / ends < 0.05);
    REQUIRE(torch::allclose(slerp(a, a, 0.3), a, 1e-6, 1e-6));
}

// ---------------------------------------------------------------------------------------------
// X/Y plots

static std::vector<std::string> labels_of(const PlotAxis& axis)
{
    std::vector<std::string> out;
    for (const auto& v : axis.values) out.push_back(v.label);
    return out;
}

TEST_CASE(plot_axis_values)
{
    PlotContext context;
    context.class_names = {"T-shirt", "Trouser", "Sneaker"};
    context.checkpoints = {{100, "/r/snapshots/model-100.safetensors"}, {200, "/r/snapshots/model-200.safetensors"},
                           {300, "/r/snapshots/model-300.safetensors"}};
    struct Row {
        const char* name;
        PlotAxisKind kind;
        std::string text;
        std::vector<std::string> labels;  // expected, or empty when refused
        std::string error;                // a part of the refusal
    };
    const Row rows[] = {
        {"seed list", PlotAxisKind::Seed, " 3, 5 ,9", {"3", "5", "9"}, ""},
        {"seed range", PlotAxisKind::Seed, "0-3", {"0", "1", "2", "3"}, ""},
        {"stepped range", PlotAxisKind::Seed, "0-20 (+10), 7", {"0", "10", "20", "7"}, ""},
        {"negative seed", PlotAxisKind::Seed, "-1", {}, "not a whole number"},
        {"seed repeated", PlotAxisKind::Seed, "1, 1", {}, "given twice"},
        {"too many", PlotAxisKind::Seed, "0-999999", {}, "more than 24 values"},
        {"backwards range", PlotAxisKind::Seed, "5-2", {}, "not a whole number or a range"},
        {"empty", PlotAxisKind::Steps, "  ", {}, "none given"},
        {"steps 0", PlotAxisKind::Steps, "0, 1", {}, "outside 1..200"},
        {"steps", PlotAxisKind::Steps, "1-3", {"1", "2", "3"}, ""},
        {"mid lists", PlotAxisKind::Mid, "0.821; 2.756,0.7144", {"0.821", "2.756,0.7144"}, ""},
        {"mid rising", PlotAxisKind::Mid, "0.5,1", {}, "must decrease"},
        {"mid bad", PlotAxisKind::Mid, "0.5;;1", {}, "empty value"},
        {"class names and numbers", PlotAxisKind::Class, "sneaker, 0", {"Sneaker", "T-shirt"}, ""},
        {"class all", PlotAxisKind::Class, "ALL", {"T-shirt", "Trouser", "Sneaker"}, ""},
        {"class missing", PlotAxisKind::Class, "3", {}, "class 3 does not exist"},
        {"class unknown name", PlotAxisKind::Class, "Boot", {}, "neither a class"},
        {"samplers", PlotAxisKind::Sampler, "heun, CM, euler", {"Heun", "ECT", "Euler"}, ""},
        {"sampler caption", PlotAxisKind::Sampler, "ect", {"ECT"}, ""},
        {"sampler unknown", PlotAxisKind::Sampler, "ddim", {}, "use cm, heun, euler, dpm++"},
        {"checkpoints all", PlotAxisKind::Checkpoint, "all", {"step 100", "step 200", "step 300"}, ""},
        {"checkpoint range", PlotAxisKind::Checkpoint, "150-300", {"step 200", "step 300"}, ""},
        {"checkpoint missing", PlotAxisKind::Checkpoint, "250", {}, "the run has steps 100, 200, 300"},
    };
    for (const Row& r : rows) {
        ect::check::set_row(r.name);
        try {
            const PlotAxis axis = parse_plot_axis(r.kind, r.text, context);
            REQUIRE_MSG(r.error.empty(), "accepted, expected: ", r.error);
            REQUIRE_EQ(labels_of(axis), r.labels);
        } catch (const Error& e) {
            REQUIRE_MSG(!r.error.empty() && std::string(e.what()).find(r.error) != std::string::npos, e.what());
            // The refusal names the axis, as the user chose it.
            REQUIRE_MSG(std::string(e.what()).find(plot_axis_info(r.kind).label) != std::string::npos, e.what());
        }
    }
    REQUIRE_EQ(parse_plot_axis(PlotAxisKind::Checkpoint, "200", context).values[0].path,
               std::string("/r/snapshots/model-200.safetensors"));
    REQUIRE_THROWS(Error, parse_plot_axis(PlotAxisKind::Class, "all", PlotContext{}));  // unconditional
    REQUIRE_THROWS(Error, parse_plot_axis(PlotAxisKind::Checkpoint, "all", PlotContext{}));  // not a run
    // The table: every row found by kind and by name.
    for (const auto& info : plot_axis_table()) {
        REQUIRE_EQ(&plot_axis_info(info.kind), &info);
        REQUIRE_EQ(&plot_axis_info(std::string(info.name)), &info);
    }
    REQUIRE_THROWS(Error, plot_axis_info(std::string("cfg")));
}

TEST_CASE(plot_plan_applies_each_axis)
{
    const NetworkConfig& cfg = net_->config();  // 3 classes
    const PlotContext context{{"a", "b", "c"}, {}};
    GenerateSettings base;
    base.steps = 2;
    base.mid = {1.5};
    base.seed = 11;
    // Sampler × Steps means the same with the axes swapped: each sampler at the given steps.
    for (bool swapped : {false, true}) {
        ect::check::set_row(swapped ? "steps × sampler" : "sampler × steps");
        const PlotAxis sampler = parse_plot_axis(PlotAxisKind::Sampler, "cm, heun", context);
        const PlotAxis steps = parse_plot_axis(PlotAxisKind::Steps, "2, 3", context);
        const PlotPlan plan = swapped ? plan_plot(base, true, steps, sampler, cfg) : plan_plot(base, true, sampler, steps, cfg);
        REQUIRE_EQ(plan.cells.size(), size_t(4));
        for (const PlotCell& cell : plan.cells) {
            const int s_index = swapped ? cell.row : cell.column, t_index = swapped ? cell.column : cell.row;
            REQUIRE_EQ(cell.settings.sampler, s_index == 0 ? SamplerKind::Consistency : SamplerKind::Heun);
            REQUIRE_EQ(cell.settings.steps, t_index == 0 ? 2 : 3);
            REQUIRE_EQ(cell.settings.count, int64_t(1));
            REQUIRE_EQ(cell.settings.seed, uint64_t(11));
            REQUIRE_EQ(cell.settings.class_index, 0);  // "all classes in turn" is class 0 for one image
            // Typed levels stay where the step count is the typed one; elsewhere the model's.
            const bool typed = cell.settings.sampler == SamplerKind::Consistency && cell.settings.steps == 2;
            REQUIRE_EQ(cell.mid_from_model, cell.settings.sampler == SamplerKind::Consistency && !typed);
            if (typed) REQUIRE_EQ(cell.settings.mid, (std::vector<double>{1.5}));
            if (cell.settings.sampler == SamplerKind::Heun) REQUIRE(cell.settings.mid.empty());
        }
    }
    // Mid levels set the step count; class and seed axes set theirs.
    const PlotPlan mid = plan_plot(base, false, parse_plot_axis(PlotAxisKind::Mid, "0.821; 2.756,0.7144", context),
                                   parse_plot_axis(PlotAxisKind::Class, "c, a", context), cfg);
    REQUIRE_EQ(mid.columns(), 2);
    REQUIRE_EQ(mid.rows(), 2);
    REQUIRE_EQ(mid.cells[1].settings.steps, 3);
    REQUIRE_EQ(mid.cells[1].settings.mid, (std::vector<double>{2.756, 0.7144}));
    REQUIRE_EQ(mid.cells[1].settings.class_index, 2);
    REQUIRE_EQ(mid.cells[2].settings.class_index, 0);
    REQUIRE(!mid.cells[0].mid_from_model);
    // One axis: a row; the parameters text names the axes as typed.
    const PlotPlan row = plan_plot(base, false, parse_plot_axis(PlotAxisKind::Seed, "0-2", context), PlotAxis{}, cfg);
    REQUIRE_EQ(row.rows(), 1);
    REQUIRE_EQ(row.cells[2].settings.seed, uint64_t(2));
    REQUIRE_EQ(plot_parameters(mid), std::string("X: Mid levels 0.821; 2.756,0.7144; Y: Class c, a"));
    REQUIRE_EQ(plot_parameters(row), std::string("X: Seed 0-2"));
    // Refusals: the same axis twice, and a cell that cannot sample (named).
    const PlotAxis seeds = parse_plot_axis(PlotAxisKind::Seed, "1, 2", context);
    REQUIRE_THROWS(Error, plan_plot(base, false, seeds, seeds, cfg));
    try {
        plan_plot(base, false, parse_plot_axis(PlotAxisKind::Sampler, "heun", context),
                  parse_plot_axis(PlotAxisKind::Steps, "1, 4", context), cfg);
        FAIL_CASE("Heun at 1 step was planned");
    } catch (const Error& e) {
        REQUIRE_MSG(std::string(e.what()).find("the cell Sampler Heun, Steps 1 cannot sample") != std::string::npos, e.what());
    }
}

TEST_CASE(plot_cells_are_the_grids_images)
{
    // A cell is the image `generate` makes for its seed, whatever the batching of the plot.
    ModelFile model;
    model.path = "tiny.safetensors";
    model.config = net_->config();
    model.net = net_;
    model.metadata["ect.mid.3"] = "2.5,0.6";
    const PlotContext context{{"a", "b", "c"}, {}};
    GenerateSettings base;
    base.class_index = 1;
    const PlotPlan plan = plan_plot(base, false, parse_plot_axis(PlotAxisKind::Seed, "4, 9, 2", context),
                                    parse_plot_axis(PlotAxisKind::Steps, "1, 3", context), model.config);
    auto no_checkpoints = [](const std::string&) -> std::shared_ptr<ModelFile> { throw Error("no checkpoints here"); };
    int64_t evaluations = 0;
    torch::Tensor images;
    {
        EvaluationWatch watch([&](int64_t n) {
            evaluations = n;
            return true;
        });
        images = render_plot(plan, model, no_checkpoints, 2);
    }
    REQUIRE_EQ(images.sizes(), (c10::IntArrayRef{6, 1, 16, 16}));
    // Batches of 2: seeds {4, 9} then {2}, at 1 step (1 evaluation each) and 3 steps (3 each).
    REQUIRE_EQ(plot_evaluations(plan, 2), int64_t(1 + 1 + 3 + 3));
    REQUIRE_EQ(evaluations, plot_evaluations(plan, 2));
    for (const PlotCell& cell : plan.cells) {
        GenerateSettings s = cell.settings;
        if (cell.mid_from_model) s.mid = default_mid(model, s.steps);
        if (s.steps == 3) REQUIRE_EQ(s.mid, (std::vector<double>{2.5, 0.6}));  // the model's stored levels
        const auto expected = generate(net_, s);
        REQUIRE_MSG(torch::allclose(images[cell.row * plan.columns() + cell.column], expected[0], 1e-6, 1e-6),
                    "cell ", cell.column, ",", cell.row);
    }
    // A step count the model has no levels for is refused by name.
    const PlotPlan four = plan_plot(base, false, parse_plot_axis(PlotAxisKind::Steps, "4", context), PlotAxis{}, model.config);
    try {
        render_plot(four, model, no_checkpoints);
        FAIL_CASE("4 steps without levels rendered");
    } catch (const Error& e) {
        REQUIRE_MSG(std::string(e.what()).find("no mid levels for 4 steps") != std::string::npos, e.what());
    }
    // Cancelled between calls: nothing.
    REQUIRE(!render_plot(plan, model, no_checkpoints, 64, [] { return true; }).defined());
}
