// The Fashion-MNIST classifier whose penultimate features define the project's FD metric:
// a small CNN, trained by `ect train-classifier`, stored as safetensors with its settings in
// `ect.classifier` metadata.
#pragma once

#include "ect/training/dataset.h"

#include <torch/nn.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ect {

constexpr const char* kClassifierMetadataKey = "ect.classifier";

struct ClassifierConfig {
    int resolution = 28;
    int channels = 1;
    int classes = 10;
    std::vector<int> widths{32, 64, 128};  // conv widths of the three stages
    int feature_dim = 128;                  // the penultimate layer: the FD feature space

    std::string to_json() const;
    static ClassifierConfig from_json(const std::string& text, const std::string& source);
};

// conv-conv-pool, conv-conv-pool, conv-global pool, then a feature layer and the logits.
// GroupNorm (no running statistics), so training and evaluation compute the same function.
class ClassifierImpl : public torch::nn::Module {
public:
    explicit ClassifierImpl(const ClassifierConfig& config);
    // images: float [N, C, R, R] in [−1, 1].
    torch::Tensor features(const torch::Tensor& images);
    // The activations of its three convolution stages (before each pooling): [N, width, R/2^k, R/2^k].
    std::vector<torch::Tensor> stage_features(const torch::Tensor& images);
    torch::Tensor logits_from_features(const torch::Tensor& features);
    torch::Tensor forward(const torch::Tensor& images) { return logits_from_features(features(images)); }
    const ClassifierConfig& config() const { return cfg_; }

private:
    ClassifierConfig cfg_;
    torch::nn::Sequential body_{nullptr};
    torch::nn::Linear feature_{nullptr}, head_{nullptr};
    torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(Classifier);

struct ClassifierTrainOptions {
    int epochs = 4;
    int64_t batch = 128;
    double lr = 1e-3;
    uint64_t seed = 0;
    bool xflip = true;  // garments are nearly mirror-symmetric: flips add data cheaply
    torch::Device device = torch::kCPU;
};

struct ClassifierEpoch {
    int epoch;
    double train_loss;
    double test_accuracy;
    double seconds;
};

// Trains on `train` and measures accuracy on `test` after each epoch.
Classifier train_classifier(const Dataset& train, const Dataset& test, const ClassifierTrainOptions& options,
                            const std::function<void(const ClassifierEpoch&)>& on_epoch = {});

// A perceptual distance in the classifier's convolution stages, built as LPIPS is without its
// learned channel weights (lpips=False): at each stage, the activations unit-normalised along
// channels, their squared difference summed over channels and averaged over positions; the stages
// summed. a and b: float [N, C, R, R] in [−1, 1]; returns [N], each in [0, 12]. Gradients flow to
// a and b, not to the classifier (CMT's "feature" metric, for want of LPIPS's ImageNet VGG).
torch::Tensor classifier_distance(Classifier& net, const torch::Tensor& a, const torch::Tensor& b);

// Top-1 accuracy on a labelled dataset.
double classifier_accuracy(Classifier& net, const Dataset& data, int64_t batch = 500);

void save_classifier(const std::string& path, Classifier& net, std::map<std::string, std::string> metadata = {});
// Throws Error naming the file when it is not a classifier file or does not fit its settings.
Classifier load_classifier(const std::string& path, const torch::Device& device = torch::kCPU,
                           std::map<std::string, std::string>* metadata = nullptr);

}  // namespace ect
