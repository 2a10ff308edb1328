// FD of generated samples against a reference set (see quality.h).
#include "ect/evaluation/quality.h"

#include "ect/training/dataset.h"
#include "ect/error.h"
#include "ect/io/image_io.h"

#include <torch/torch.h>

namespace ect {

torch::Tensor quantise_samples(const torch::Tensor& images)
{
    return images_to_uint8(images).permute({0, 3, 1, 2}).contiguous();
}

FeatureStats sample_feature_stats(Denoiser& net, const GenerateSettings& settings, FeatureNetwork& features,
                                  const std::function<void(int64_t done, const torch::Tensor& images)>& on_batch)
{
    FeatureStats stats;
    generate_batches(net, settings, [&](int64_t first, const torch::Tensor& images) {
        stats.add(features.features(quantise_samples(images)));
        if (on_batch) on_batch(first + images.size(0), images);
        return true;
    });
    return stats;
}

QualityProbe::QualityProbe(const std::string& features_path, const std::string& reference, const NetworkConfig& net,
                           const torch::Device& device)
    : features_(load_feature_network(features_path, device))
{
    DatasetOptions o;
    o.resolution = net.img_resolution;
    o.channels = net.img_channels;
    const Dataset data = load_dataset(reference, o);
    if (data.size() < 2) fail(data.name, "too few reference images for FD");
    reference_name_ = data.name;
    images_ = data.images;
    features_->features(images_.slice(0, 0, 2));  // throws when the network takes other images
}

double QualityProbe::fd(Denoiser& net, const GenerateSettings& settings)
{
    if (settings.count < 2) fail("FD", "needs at least 2 samples");
    if (reference_.count() == 0) reference_ = image_stats(*features_, images_, 0, images_.size(0));
    return frechet_distance(sample_feature_stats(net, settings, *features_), reference_);
}

}  // namespace ect
