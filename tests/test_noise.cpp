// The counter-based sampling noise: real Philox (known answers), standard normal values, and the
// same values for an image whatever the batch, position or seed/first split.
#include "check.h"
#include "core_support.h"

#include "ect/method/noise.h"

#include <cmath>

using namespace ect;

TEST_CASE(philox_known_answers)
{
    // Random123's known-answer vectors for philox4x32_10 (counter, key, result).
    struct Row {
        const char* name;
        std::vector<int64_t> counter, key, expected;
    };
    const Row rows[] = {
        {"zeros", {0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {"ones",
         {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
         {0xffffffff, 0xffffffff},
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {"pi",
         {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
         {0xa4093822, 0x299f31d0},
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (const Row& r : rows) {
        ect::check::set_row(r.name);
        const torch::Tensor c = torch::tensor(r.counter, torch::kInt64);
        const torch::Tensor out = philox4x32_10(c, uint32_t(r.key[0]), uint32_t(r.key[1]));
        for (int i = 0; i < 4; ++i) REQUIRE_EQ(out[i].item<int64_t>(), r.expected[size_t(i)]);
    }
}

TEST_CASE(values_are_standard_normal)
{
    const torch::Tensor z = counter_normals(0, 100, 2, 1000).to(torch::kFloat64);  // 200,000 values
    REQUIRE_EQ(z.scalar_type(), torch::kFloat64);
    REQUIRE(std::abs(z.mean().item<double>()) < 0.01);  // σ of the mean: 0.0022
    REQUIRE(std::abs(z.std().item<double>() - 1) < 0.01);
    // Shape: P(|z| < 1) = 0.6827, P(|z| < 2) = 0.9545, P(|z| > 3) = 0.0027.
    const double within1 = (z.abs() < 1).to(torch::kFloat64).mean().item<double>();
    const double within2 = (z.abs() < 2).to(torch::kFloat64).mean().item<double>();
    const double beyond3 = (z.abs() > 3).to(torch::kFloat64).mean().item<double>();
    REQUIRE_MSG(std::abs(within1 - 0.6827) < 0.005, within1);
    REQUIRE_MSG(std::abs(within2 - 0.9545) < 0.003, within2);
    REQUIRE_MSG(std::abs(beyond3 - 0.0027) < 0.0008, beyond3);
    // Neighbouring values (the two halves of a Box–Muller pair, successive blocks) are uncorrelated.
    const torch::Tensor flat = z.reshape({-1});
    const double r = (flat.slice(0, 0, -1) * flat.slice(0, 1)).mean().item<double>();
    REQUIRE_MSG(std::abs(r) < 0.01, r);
}

TEST_CASE(image_noise_is_independent_of_batch_and_position)
{
    const auto all = seeded_noise(5, 0, 10, 3, 8, 2);
    const auto part = seeded_noise(5, 3, 4, 3, 8, 2);
    REQUIRE(torch::equal(part.latents, all.latents.slice(0, 3, 7)));
    for (int k = 0; k < 2; ++k) REQUIRE(torch::equal(part.renoise[k], all.renoise[k].slice(0, 3, 7)));
    // Image i of seed S is image 0 of seed S + i.
    const auto shifted = seeded_noise(8, 0, 4, 3, 8, 2);
    REQUIRE(torch::equal(shifted.latents, part.latents));
    // A single image alone gets the same values as inside a batch.
    REQUIRE(torch::equal(seeded_noise(9, 0, 1, 3, 8, 0).latents[0], all.latents[4]));
}

TEST_CASE(streams_and_images_differ)
{
    const auto n = seeded_noise(0, 0, 2, 1, 16, 1);
    REQUIRE(n.latents.sizes().equals({2, 1, 16, 16}));
    REQUIRE(!torch::allclose(n.latents[0], n.latents[1]));
    REQUIRE(!torch::allclose(n.latents, n.renoise[0]));
    // Element counts that are not a multiple of four keep their prefix.
    const torch::Tensor five = counter_normals(7, 1, 1, 5), eight = counter_normals(7, 1, 1, 8);
    REQUIRE(torch::equal(five, eight.narrow(2, 0, 5)));
}

TEST_CASE(large_image_numbers)
{
    // Seeds near 2^62 (the CLI's maximum) still give finite, distinct values.
    const uint64_t big = (uint64_t(1) << 62) - 3;
    const auto n = seeded_noise(big, 0, 2, 1, 4, 0);
    REQUIRE(torch::isfinite(n.latents).all().item<bool>());
    REQUIRE(!torch::equal(n.latents[0], n.latents[1]));
    REQUIRE(!torch::equal(n.latents, seeded_noise(big - (uint64_t(1) << 32), 0, 2, 1, 4, 0).latents));
}

TEST_CASE(class_labels_cycle_or_fix)
{
    auto classes = [](const torch::Tensor& labels) {
        const torch::Tensor a = labels.argmax(1).contiguous();
        return std::vector<int64_t>(a.data_ptr<int64_t>(), a.data_ptr<int64_t>() + a.numel());
    };
    const torch::Tensor cycle = class_labels_for(8, 4, 10, -1);
    REQUIRE_EQ(classes(cycle), (std::vector<int64_t>{8, 9, 0, 1}));
    REQUIRE_EQ(cycle.sum().item<float>(), 4.0f);
    REQUIRE_EQ(classes(class_labels_for(0, 3, 10, 7)), (std::vector<int64_t>{7, 7, 7}));
    REQUIRE(!class_labels_for(0, 3, 0, -1).defined());
}
