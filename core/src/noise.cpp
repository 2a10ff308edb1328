// Per-image CPU generators for device- and batch-independent sampling noise.
#include "ect/noise.h"

#include "ect/error.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace ect {

SampleNoise seeded_noise(uint64_t seed, int64_t first, int64_t count, int channels, int resolution, int renoise_steps)
{
    SampleNoise noise;
    const std::vector<int64_t> shape{channels, resolution, resolution};
    std::vector<torch::Tensor> latents;
    std::vector<std::vector<torch::Tensor>> renoise(static_cast<size_t>(renoise_steps));
    for (int64_t i = 0; i < count; ++i) {
        at::Generator gen = at::detail::createCPUGenerator(seed + static_cast<uint64_t>(first + i));
        latents.push_back(torch::randn(shape, gen, torch::kFloat32));
        for (auto& r : renoise) r.push_back(torch::randn(shape, gen, torch::kFloat32));
    }
    noise.latents = count ? torch::stack(latents) : torch::empty({0, channels, resolution, resolution});
    for (auto& r : renoise) noise.renoise.push_back(count ? torch::stack(r) : noise.latents.clone());
    return noise;
}

torch::Tensor class_labels_for(int64_t first, int64_t count, int label_dim, int class_index)
{
    if (label_dim == 0) return {};
    if (class_index >= label_dim)
        fail("class", "class " + std::to_string(class_index) + " does not exist (the model has " +
                          std::to_string(label_dim) + " classes: 0.." + std::to_string(label_dim - 1) + ")");
    torch::Tensor labels = torch::zeros({count, label_dim});
    for (int64_t i = 0; i < count; ++i)
        labels[i][class_index >= 0 ? class_index : (first + i) % label_dim] = 1;
    return labels;
}

}  // namespace ect
