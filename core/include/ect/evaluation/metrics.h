// Sample quality: Fréchet distance (FD) between feature statistics of two image sets, in the
// feature space of the project's classifier or of a user's TorchScript network (e.g. the
// Inception file that FID tools use).
#pragma once

#include "ect/evaluation/classifier.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace ect {

// Running mean and covariance of feature vectors, accumulated in float64.
class FeatureStats {
public:
    void add(const torch::Tensor& features);  // [N, D], any float dtype and device
    void merge(const FeatureStats& other);    // as if other's features had been added here
    int64_t count() const { return count_; }
    int64_t dim() const { return sum_.defined() ? sum_.size(0) : 0; }
    torch::Tensor mean() const;        // float64 [D]
    torch::Tensor covariance() const;  // float64 [D, D], unbiased (N − 1)

private:
    torch::Tensor sum_, outer_;
    int64_t count_ = 0;
};

// ‖μa − μb‖² + tr(Σa + Σb − 2 (Σa^½ Σb Σa^½)^½), computed with symmetric eigendecompositions in
// float64 (the matrix square root of a symmetric PSD product, so no complex parts arise).
double frechet_distance(const FeatureStats& a, const FeatureStats& b);

// Maps images to feature vectors.
class FeatureNetwork {
public:
    virtual ~FeatureNetwork() = default;
    // images: uint8 [N, C, H, W] (what is saved to disk; generated samples are quantised first).
    virtual torch::Tensor features(const torch::Tensor& images_u8) = 0;  // float [N, D] on the CPU
    virtual std::string description() const = 0;
};

// The project's classifier (a safetensors file with `ect.classifier` metadata).
std::unique_ptr<FeatureNetwork> classifier_features(const std::string& path, const torch::Device& device);

// A TorchScript file. Its forward receives uint8 [N, 3, H, W] (grayscale repeated to three
// channels), as the FID Inception file expects, plus return_features=True when its forward has
// that argument; it must return [N, D] (or a tuple/list whose first item is).
std::unique_ptr<FeatureNetwork> torchscript_features(const std::string& path, const torch::Device& device);

// Chooses by content: a safetensors classifier or a TorchScript archive.
std::unique_ptr<FeatureNetwork> load_feature_network(const std::string& path, const torch::Device& device);

// Statistics of images[begin, end) (uint8 [N, C, H, W]) in batches.
FeatureStats image_stats(FeatureNetwork& net, const torch::Tensor& images_u8, int64_t begin, int64_t end,
                         int64_t batch = 500);

}  // namespace ect
