// `ect denoise`'s case files: read and checked against the model, then run in batches.
#include "ect/method/denoise_cases.h"

#include "ect/error.h"
#include "ect/io/safetensors.h"

#include <algorithm>
#include <vector>

namespace ect {

DenoiseCases read_denoise_cases(const std::string& path, const NetworkConfig& config)
{
    const TensorFile file = read_safetensors(path);
    for (const char* name : {"x", "sigma"})
        if (!file.contains(name)) fail(path, std::string("not a case file: missing tensor '") + name + "'");
    DenoiseCases c;
    // Shapes first (else LibTorch's own words about a convolution), then values.
    const torch::Tensor x = file.at("x");
    const std::string want = "[N, " + std::to_string(config.img_channels) + ", " + std::to_string(config.img_resolution) +
                             ", " + std::to_string(config.img_resolution) + "]";
    if (x.dim() != 4 || x.size(1) != config.img_channels || x.size(2) != config.img_resolution ||
        x.size(3) != config.img_resolution)
        fail(path, "x does not fit the model: it must be " + want + ", got " + c10::str(x.sizes()));
    if (x.size(0) == 0) fail(path, "x holds no cases");
    const torch::Tensor sigma = file.at("sigma");
    if (sigma.numel() != x.size(0) || (sigma.dim() > 1 && sigma.numel() != sigma.size(0)))
        fail(path, "sigma has " + std::to_string(sigma.numel()) + " values for " + std::to_string(x.size(0)) +
                       " images (it must be [N])");
    c.x = x.to(torch::kFloat32);
    c.sigma = sigma.to(torch::kFloat32).reshape({-1});
    if (!(c.sigma > 0).all().item<bool>() || !(c.sigma <= kMaxCaseSigma).all().item<bool>())
        fail(path, "every sigma must be in (0, 100000] (EDM samples from 80)");
    if (!torch::isfinite(c.x).all().item<bool>()) fail(path, "x holds NaN or infinite values");
    if (file.contains("class_labels")) {
        const torch::Tensor labels = file.at("class_labels");
        if (labels.dim() != 2 || labels.size(0) != x.size(0) || labels.size(1) != config.label_dim)
            fail(path, "class_labels must be [" + std::to_string(x.size(0)) + ", " + std::to_string(config.label_dim) +
                           "], got " + c10::str(labels.sizes()));
        c.labels = labels.to(torch::kFloat32);
        if (!torch::isfinite(c.labels).all().item<bool>()) fail(path, "class_labels hold NaN or infinite values");
    } else if (config.label_dim) {
        fail(path, "the model is class-conditional but the cases have no class_labels");
    }
    return c;
}

DenoiseResults denoise_cases(Denoiser& net, const DenoiseCases& cases, int64_t batch, const torch::Device& device)
{
    torch::NoGradGuard no_grad;
    batch = std::max<int64_t>(batch, 1);
    // The network's activations for `batch` cases at a time; only the results accumulate.
    std::vector<torch::Tensor> d_train, d_eval, f;
    const int64_t n = cases.x.size(0);
    for (int64_t at = 0; at < n; at += batch) {
        const int64_t end = std::min(n, at + batch);
        const torch::Tensor x = cases.x.slice(0, at, end).to(device), sigma = cases.sigma.slice(0, at, end).to(device);
        const torch::Tensor labels = cases.labels.defined() ? cases.labels.slice(0, at, end).to(device) : torch::Tensor();
        d_train.push_back(net->forward(x, sigma, labels, Preconditioning::Training).cpu());
        d_eval.push_back(net->forward(x, sigma, labels, Preconditioning::Consistency).cpu());
        f.push_back(net->raw(x, sigma, labels).cpu());
    }
    return {torch::cat(d_train), torch::cat(d_eval), torch::cat(f)};
}

}  // namespace ect
