// Reproducible sampling noise from a counter-based generator (Philox-4x32-10 written with tensor
// ops): the noise of image g is a pure function of g, so a seed gives the same sample on any
// device, at any batch size and in any position of a batch, and it is drawn where it is used.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace ect {

struct SampleNoise {
    torch::Tensor latents;               // [N, C, H, W] float32, z ~ N(0, I)
    std::vector<torch::Tensor> renoise;  // one [N, C, H, W] tensor per re-noising step
};

// Noise for images first..first+count−1 of `seed`: image i is image number seed + first + i of
// one endless sequence (so seed S, image 1 is seed S + 1, image 0), with its latent in stream 0
// and re-noising tensor k in stream k + 1. Computed on `device` with integer arithmetic plus a
// float64 Box–Muller transform, so CPU and GPU give the same float32 values.
SampleNoise seeded_noise(uint64_t seed, int64_t first, int64_t count, int channels, int resolution, int renoise_steps,
                         const torch::Device& device = torch::kCPU);

// Standard normal float32 values [count, streams, elements] for images `first_image`.. of the
// sequence: the generator itself, exposed for tests.
torch::Tensor counter_normals(uint64_t first_image, int64_t count, int64_t streams, int64_t elements,
                              const torch::Device& device = torch::kCPU);

// Philox-4x32-10 of int64 counters [..., 4] (32-bit words) under key (key0, key1): [..., 4]
// words. The block function of counter_normals, exposed for its known-answer tests.
torch::Tensor philox4x32_10(const torch::Tensor& counters, uint32_t key0, uint32_t key1);

// One-hot labels [count, label_dim]: `class_index` for all, or, if negative, image i gets
// class (first + i) mod label_dim so a grid shows every class. Undefined when label_dim = 0.
torch::Tensor class_labels_for(int64_t first, int64_t count, int label_dim, int class_index);

}  // namespace ect
