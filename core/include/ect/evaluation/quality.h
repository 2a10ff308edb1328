// Sample quality measured the same way everywhere: the FD of a network's samples against a
// reference image set, in a feature network's space. `ect eval` reports it; training measures it
// every --eval-every steps (the loss alone does not show quality: ECT's jumps at every stage).
#pragma once

#include "ect/method/generate.h"
#include "ect/evaluation/metrics.h"

#include <memory>
#include <string>
#include <vector>

namespace ect {

// Samples as a saved image holds them (y·127.5 + 128, clamped): uint8 [N, C, H, W] on the CPU.
torch::Tensor quantise_samples(const torch::Tensor& images);

// Feature statistics of the samples `settings` describes (seeds settings.seed...), taken batch by
// batch: the samples are never all held at once. `on_batch(done)` is told the samples so far.
FeatureStats sample_feature_stats(Denoiser& net, const GenerateSettings& settings, FeatureNetwork& features,
                                  const std::function<void(int64_t done, const torch::Tensor& images)>& on_batch = {});

// A feature network and the statistics of a reference set, taken once; then FD of any sampler.
class QualityProbe {
public:
    // `features_path`: a classifier or TorchScript file (load_feature_network); `reference`:
    // a dataset source (load_dataset) at the network's resolution and channels. Both are loaded
    // and tried on two images now (a wrong file fails here); the reference statistics are taken
    // at the first measurement.
    QualityProbe(const std::string& features_path, const std::string& reference, const NetworkConfig& net,
                 const torch::Device& device);
    double fd(Denoiser& net, const GenerateSettings& settings);
    const std::string& reference_name() const { return reference_name_; }
    int64_t reference_count() const { return images_.size(0); }

private:
    std::unique_ptr<FeatureNetwork> features_;
    torch::Tensor images_;  // the reference set, uint8 [N, C, H, W]
    FeatureStats reference_;
    std::string reference_name_;
};

}  // namespace ect
