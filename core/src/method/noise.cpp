// Counter-based sampling noise: Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy
// as 1, 2, 3", SC 2011) over int64 tensors holding 32-bit words, then Box–Muller.
#include "ect/method/noise.h"

#include "ect/device.h"
#include "ect/error.h"

#include <torch/torch.h>

#include <array>
#include <cmath>

namespace ect {
namespace {

constexpr int64_t kMask32 = 0xFFFFFFFFLL;
constexpr int64_t kMask16 = 0xFFFFLL;
// Philox-4x32 multipliers and Weyl key increments (Random123).
constexpr int64_t kPhiloxM0 = 0xD2511F53LL, kPhiloxM1 = 0xCD9E8D57LL;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;
// The key is fixed; the image number and the stream go into the counter.
constexpr uint32_t kKey0 = 0x45435420u /* "ECT " */, kKey1 = 0x6E6F6973u /* "nois" */;

using Words = std::array<torch::Tensor, 4>;

// hi, lo = the upper and lower 32 bits of a·m for 32-bit a (tensor) and m (constant). Split into
// 16-bit halves so that no int64 product overflows: exact on every device.
void mulhilo(const torch::Tensor& a, int64_t m, torch::Tensor& hi, torch::Tensor& lo)
{
    const torch::Tensor p_lo = torch::bitwise_and(a, kMask16) * m;  // < 2^48
    const torch::Tensor p_hi = a.__rshift__(16) * m;                // < 2^48
    const torch::Tensor low = p_lo + torch::bitwise_and(p_hi, kMask16).__lshift__(16);  // < 2^49
    lo = torch::bitwise_and(low, kMask32);
    hi = p_hi.__rshift__(16) + low.__rshift__(32);  // < 2^32: the product has 64 bits
}

Words philox(Words c, uint32_t k0 = kKey0, uint32_t k1 = kKey1)
{
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += kPhiloxW0;  // wraps modulo 2^32
            k1 += kPhiloxW1;
        }
        torch::Tensor hi0, lo0, hi1, lo1;
        mulhilo(c[0], kPhiloxM0, hi0, lo0);
        mulhilo(c[2], kPhiloxM1, hi1, lo1);
        c = {torch::bitwise_xor(torch::bitwise_xor(hi1, c[1]), int64_t(k0)), lo1,
             torch::bitwise_xor(torch::bitwise_xor(hi0, c[3]), int64_t(k1)), lo0};
    }
    return c;
}

}  // namespace

torch::Tensor philox4x32_10(const torch::Tensor& counters, uint32_t key0, uint32_t key1)
{
    if (counters.dim() < 1 || counters.size(-1) != 4) fail("noise", "Philox counters must have a last dimension of 4");
    const torch::Tensor c = counters.to(torch::kInt64);
    const Words out = philox({c.select(-1, 0), c.select(-1, 1), c.select(-1, 2), c.select(-1, 3)}, key0, key1);
    return torch::stack({out[0], out[1], out[2], out[3]}, -1);
}

namespace {

// Normals [N, streams, elements] for the image numbers `image` (int64 [N], on the device).
torch::Tensor normals_of(const torch::Tensor& image, int64_t streams, int64_t elements)
{
    const int64_t count = image.size(0);
    const auto i64 = image.options();
    const int64_t blocks = (elements + 3) / 4;  // one Philox call gives four 32-bit words
    // Counter words: (block, stream, image low 32 bits, image high 32 bits), shaped [N, S, B].
    Words c{torch::arange(blocks, i64).view({1, 1, blocks}).expand({count, streams, blocks}),
            torch::arange(streams, i64).view({1, streams, 1}).expand({count, streams, blocks}),
            torch::bitwise_and(image, kMask32).view({count, 1, 1}).expand({count, streams, blocks}),
            image.__rshift__(32).view({count, 1, 1}).expand({count, streams, blocks})};
    for (auto& w : c) w = w.contiguous();
    const Words x = philox(c);

    // Box–Muller in float64 on pairs of words: u₁ ∈ (0, 1] (no log 0), u₂ ∈ [0, 1).
    constexpr double kTwo32 = 4294967296.0;
    auto pair = [&](const torch::Tensor& a, const torch::Tensor& b) {
        const torch::Tensor u1 = (a.to(torch::kFloat64) + 1) / kTwo32;
        const torch::Tensor theta = b.to(torch::kFloat64) * (2 * M_PI / kTwo32);
        const torch::Tensor r = (-2 * u1.log()).sqrt();
        return std::make_pair(r * theta.cos(), r * theta.sin());
    };
    const auto [z0, z1] = pair(x[0], x[1]);
    const auto [z2, z3] = pair(x[2], x[3]);
    const torch::Tensor z = torch::stack({z0, z1, z2, z3}, 3).reshape({count, streams, blocks * 4});
    return z.narrow(2, 0, elements).to(torch::kFloat32).contiguous();
}

}  // namespace

torch::Tensor counter_normals(uint64_t first_image, int64_t count, int64_t streams, int64_t elements,
                              const torch::Device& device)
{
    if (count < 0 || streams < 1 || elements < 1) fail("noise", "bad noise shape");
    const auto i64 = torch::TensorOptions().dtype(torch::kInt64).device(device);
    const torch::Tensor image = torch::arange(count, i64).add_(static_cast<int64_t>(first_image & 0x7FFFFFFFFFFFFFFFULL));
    if (!device.is_cuda() || count == 0) return normals_of(image, streams, elements);
    // On CUDA the ~270 small kernels of the generator are one captured graph per shape, its input
    // the image numbers. Never destroyed: graphs must not outlive the CUDA runtime at exit.
    static GraphCache* graphs = new GraphCache;
    const std::string key = std::to_string(count) + "x" + std::to_string(streams) + "x" + std::to_string(elements) +
                            "@" + std::to_string(device.index());
    return graphs->run(key, {image}, {}, [&](const std::vector<torch::Tensor>& in) {
        return normals_of(in[0], streams, elements);
    });
}

SampleNoise seeded_noise(uint64_t seed, int64_t first, int64_t count, int channels, int resolution, int renoise_steps,
                         const torch::Device& device)
{
    SampleNoise noise;
    const int64_t elements = int64_t(channels) * resolution * resolution;
    if (count == 0) {
        noise.latents = torch::empty({0, channels, resolution, resolution}, torch::TensorOptions().device(device));
        for (int k = 0; k < renoise_steps; ++k) noise.renoise.push_back(noise.latents.clone());
        return noise;
    }
    const torch::Tensor z = counter_normals(seed + static_cast<uint64_t>(first), count, 1 + renoise_steps, elements, device);
    noise.latents = z.select(1, 0).reshape({count, channels, resolution, resolution});
    for (int k = 0; k < renoise_steps; ++k) noise.renoise.push_back(z.select(1, 1 + k).reshape({count, channels, resolution, resolution}));
    return noise;
}

torch::Tensor class_labels_for(int64_t first, int64_t count, int label_dim, int class_index)
{
    if (label_dim == 0) return {};
    if (class_index >= label_dim)
        fail("class", "class " + std::to_string(class_index) + " does not exist (the model has " +
                          std::to_string(label_dim) + " classes: 0.." + std::to_string(label_dim - 1) + ")");
    const torch::Tensor classes = class_index >= 0 ? torch::full({count}, int64_t(class_index), torch::kInt64)
                                                   : torch::arange(first, first + count, torch::kInt64).remainder(label_dim);
    return torch::one_hot(classes, label_dim).to(torch::kFloat32);
}

}  // namespace ect
