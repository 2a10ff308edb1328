// `ect denoise`: the network's outputs for given inputs (x, sigma, class labels), as the official
// networks' outputs are compared in tests/fixtures. A case file is input: each tensor is checked
// against the model before anything runs, and the cases run in batches, so memory stays bounded
// for any number of cases.
#pragma once

#include "ect/method/precond.h"

#include <torch/torch.h>

#include <string>

namespace ect {

struct DenoiseCases {
    torch::Tensor x;       // [N, C, H, W] float32, finite
    torch::Tensor sigma;   // [N], each in (0, kMaxCaseSigma]
    torch::Tensor labels;  // [N, label_dim] float32, finite; undefined for an unconditional model
};

// EDM samples from sigma 80; beyond this a level means nothing (and inf gave NaN outputs).
constexpr double kMaxCaseSigma = 1e5;

// Reads `path` (safetensors: x, sigma, optional class_labels) and checks it against `config`;
// Error naming the file otherwise.
DenoiseCases read_denoise_cases(const std::string& path, const NetworkConfig& config);

struct DenoiseResults {
    torch::Tensor d_train, d_eval, f;  // EDM's preconditioning, the consistency one, the raw F
};

// The network over the cases, `batch` at a time on `device`; the results on the CPU.
DenoiseResults denoise_cases(Denoiser& net, const DenoiseCases& cases, int64_t batch, const torch::Device& device);

}  // namespace ect
