// Training data: Fashion-MNIST (IDX), folders of images, and EDM's dataset layout, held as
// uint8 [N, C, H, W] at their own size or the model's, with a resumable shuffling sampler.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ect {

constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

enum class Split { Train, Test };

// T-shirt/top, Trouser, ..., Ankle boot: label order of the IDX files.
const std::vector<std::string>& fashion_mnist_class_names();

struct Dataset {
    std::string name;
    torch::Tensor images;  // uint8 [N, C, R, R]
    torch::Tensor labels;  // int64 [N], or undefined when the data has no labels
    int num_classes = 0;
    std::vector<std::string> class_names;
    std::vector<std::string> skipped;  // "file: reason" for every unreadable input
    // The size of the source images before any resize: the IDX arrays', or the first readable
    // image's (its shorter side; 1 channel for grey, 3 for colour). Others are fitted to it.
    int native_resolution = 0;
    int native_channels = 0;

    int64_t size() const { return images.defined() ? images.size(0) : 0; }
    // Pixels of the samples at `indices`, scaled to [−1, 1] (float32, on the images' device).
    torch::Tensor pixels(const torch::Tensor& indices) const;
    // One-hot labels [n, width] of `indices` (width: the network's classes, at least num_classes;
    // 0 = num_classes), or undefined without labels. A network of 1000 classes tuned on data of 10
    // takes the data's classes as its first 10.
    torch::Tensor one_hot(const torch::Tensor& indices, int64_t width = 0) const;
};

struct DatasetOptions {
    int resolution = 28;  // images are centre-cropped and resized to this (0 = the data's own)
    int channels = 1;     // 1 = grayscale, 3 = RGB (0 = the data's own)
    Split split = Split::Train;
    int64_t limit = 0;  // keep only the first `limit` samples (0 = all)
};

// "fashion-mnist" (Debian's dataset-fashion-mnist; "fashion-mnist:test" for the test split), a
// directory of IDX files, a folder of images (class labels from sub-folders), or an EDM/ECT
// dataset folder with dataset.json. Throws Error for a missing or unusable source; skips and
// reports unreadable files one by one.
Dataset load_dataset(const std::string& source, const DatasetOptions& options);

// The data's own size (native_resolution, native_channels) and a first look at it, read from as
// little of it as tells: the IDX header, or the first readable image. Throws like load_dataset.
struct DataShape {
    int resolution = 0;
    int channels = 0;
    std::string text() const;  // "64×64 RGB", "28×28 grayscale"
};
DataShape probe_dataset(const std::string& source);

// One image file (PNG, JPEG, ... as the image folders read them) centre-cropped and resized to
// resolution×resolution with `channels` channels (grey by luma, or grey copied to RGB): uint8
// [C, R, R]. Throws Error naming the file when it is missing, too large (over 256 MiB or 16
// megapixels) or not a readable image, or when this build reads no images (no OpenImageIO).
torch::Tensor load_image(const std::string& path, int resolution, int channels);

// IDX files (optionally gzip-compressed): images [N, 1, 28, 28] and labels [N].
Dataset load_idx(const std::string& images_path, const std::string& labels_path, const std::string& name);

// An infinite stream of shuffled indices: every epoch is a fresh permutation drawn from its own
// CPU generator. Its whole state is a few tensors, so a resumed run continues the same stream.
class IndexSampler {
public:
    IndexSampler(int64_t size, uint64_t seed);
    torch::Tensor next(int64_t count);  // int64 [count], on the sampler's device
    // Where next() returns its indices (default the CPU). The order itself is always drawn on
    // the CPU, so it does not depend on the device.
    void set_device(const torch::Device& device);

    // state(): the permutation, position and generator state; restore() puts them back.
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    void restore(const std::vector<std::pair<std::string, torch::Tensor>>& state);

private:
    void reshuffle();
    void copy_to_device();
    int64_t size_;
    at::Generator gen_;
    torch::Tensor perm_, device_perm_;
    torch::Device device_{torch::kCPU};
    int64_t cursor_ = 0;
};

}  // namespace ect
