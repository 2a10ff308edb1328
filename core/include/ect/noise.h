// Reproducible sampling noise: image i of seed S draws from its own CPU generator, so a seed
// gives the same sample on any device, at any batch size, and in any position of a batch.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace ect {

struct SampleNoise {
    torch::Tensor latents;               // [N, C, H, W] float32, z ~ N(0, I)
    std::vector<torch::Tensor> renoise;  // one [N, C, H, W] tensor per re-noising step
};

// Noise for images first..first+count−1 of `seed`: image i uses a CPU generator seeded with
// seed + i, drawing its latent first and then `renoise_steps` re-noising tensors.
SampleNoise seeded_noise(uint64_t seed, int64_t first, int64_t count, int channels, int resolution, int renoise_steps);

// One-hot labels [count, label_dim]: `class_index` for all, or, if negative, image i gets
// class (first + i) mod label_dim so a grid shows every class. Undefined when label_dim = 0.
torch::Tensor class_labels_for(int64_t first, int64_t count, int label_dim, int class_index);

}  // namespace ect
