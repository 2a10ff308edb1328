// Seeded generation shared by the CLI and the studio: settings checks, cancellation, slerp.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/method/generate.h"
#include "ect/method/noise.h"

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
    REQUIRE_EQ(sampler_names("|"), std::string("cm|heun|euler"));
    try {
        sampler_info(std::string("ddpm"));
        FAIL_CASE("an unknown sampler was accepted");
    } catch (const Error& e) {
        REQUIRE_MSG(std::string(e.what()).find("use cm, heun, euler") != std::string::npos, e.what());
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
