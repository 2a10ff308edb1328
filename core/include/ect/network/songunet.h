// SongUNet (EDM's DDPM++/NCSN++ U-Net) with EDM's parameter names, and shared dropout masks.
#pragma once

#include "ect/network/network_config.h"

#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace ect {

// Dropout masks drawn once and handed to every forward pass that gets this object. ECT's target
// pass must see the student's masks (ECT-SPEC, loss step 4): both passes read the same slots, so
// the masks are identical by construction on any device, with no RNG replay.
class DropoutMasks {
public:
    // Masks are drawn from `generator` (a generator of the tensors' device), or from the
    // device's default generator when none is given.
    explicit DropoutMasks(c10::optional<at::Generator> generator = c10::nullopt) : generator_(std::move(generator)) {}
    // Inverted dropout of `h` with the mask of `slot` (keep with probability 1 − p, kept values
    // scaled by 1/(1 − p)), the mask drawn at the first request and reused by later ones. Masks are
    // held as booleans (a quarter of float masks' memory), and backward() keeps only them.
    torch::Tensor apply(size_t slot, const torch::Tensor& h, double p);
    // The passes see rows [offset, offset + n) of a batch of `total`: each mask is drawn for the
    // whole batch (at its first request) and each pass takes its rows. A training step's masks
    // then do not depend on how its batch is split into passes or over ranks. total 0: the
    // batch is the tensors' own (the default).
    void use_rows(int64_t total, int64_t offset);
    void clear()
    {
        masks_.clear();
        scales_.clear();
    }
    size_t drawn() const;

private:
    c10::optional<at::Generator> generator_;
    int64_t total_ = 0, offset_ = 0;
    std::vector<torch::Tensor> masks_;  // bool, true = kept; for the whole batch
    std::vector<torch::Tensor> scales_;  // 1/(1 − p) as a 0-dim tensor of the activations' dtype
};

// Fully-connected layer, EDM layout: weight [out, in], bias [out].
struct EdmLinearImpl : torch::nn::Module {
    EdmLinearImpl(int in_features, int out_features, double init_weight);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;
};
TORCH_MODULE(EdmLinear);

// While one is alive on a thread, the networks built there put their parameters on the meta
// device: every tensor has its shape and no memory. Used to compare a file's tensors with the
// network its metadata describes before anything that size is allocated.
class MetaConstruction {
public:
    MetaConstruction();
    ~MetaConstruction();
    MetaConstruction(const MetaConstruction&) = delete;
    MetaConstruction& operator=(const MetaConstruction&) = delete;

private:
    bool previous_;
};

// A convolution's options, named (as torch::nn::Conv2dOptions):
//   EdmConv2dOptions(in, out, 3).down(true).resample_filter(f).fused_resample(true)
struct EdmConv2dOptions {
    EdmConv2dOptions(int in_channels, int out_channels, int kernel)
        : in_channels_(in_channels), out_channels_(out_channels), kernel_(kernel) {}
    TORCH_ARG(int, in_channels);
    TORCH_ARG(int, out_channels);
    TORCH_ARG(int, kernel);  // 0: resampling only, no weight
    TORCH_ARG(bool, up) = false;
    TORCH_ARG(bool, down) = false;
    TORCH_ARG(std::vector<double>, resample_filter) = std::vector<double>{1, 1};  // used with up or down
    TORCH_ARG(bool, fused_resample) = false;  // resample and convolve in one pass (EDM's fused_resample)
    TORCH_ARG(double, init_weight) = 1.0;     // scales the Xavier-uniform initial weight
};

// Convolution with optional up/down-sampling by a separable FIR filter (EDM's Conv2d). A
// `resample_filter` buffer exists exactly when up or down is set.
struct EdmConv2dImpl : torch::nn::Module {
    explicit EdmConv2dImpl(const EdmConv2dOptions& options);
    torch::Tensor forward(torch::Tensor x);
    int in_channels, out_channels;
    bool up, down, fused_resample;
    // The [1, 1] filter: up-sampling by it is nearest-neighbour ×2 exactly (each output pixel is
    // one input pixel times 1), done without the grouped transposed convolution.
    bool nearest_up = false;
    torch::Tensor weight, bias, resample_filter;
};
TORCH_MODULE(EdmConv2d);

// GroupNorm with min(32, C/4) groups.
struct EdmGroupNormImpl : torch::nn::Module {
    EdmGroupNormImpl(int num_channels, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    int groups;
    double eps;
    torch::Tensor weight, bias;
};
TORCH_MODULE(EdmGroupNorm);

struct UNetBlockOptions {
    int in_channels = 0, out_channels = 0, emb_channels = 0;
    bool up = false, down = false, attention = false;
    double dropout = 0;
    std::vector<double> resample_filter{1, 1};
    size_t dropout_slot = 0;  // which DropoutMasks slot this block reads
};

// Residual block: conv0(SiLU(GN0 x)) → SiLU(GN1(h + affine(emb))) → conv1(dropout h), skip,
// ·√0.5; then optional one-head self-attention (DDPM++ settings of EDM's UNetBlock).
struct UNetBlockImpl : torch::nn::Module {
    explicit UNetBlockImpl(const UNetBlockOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb, DropoutMasks* masks);
    UNetBlockOptions options;
    EdmGroupNorm norm0{nullptr}, norm1{nullptr}, norm2{nullptr};
    EdmConv2d conv0{nullptr}, conv1{nullptr}, skip{nullptr}, qkv{nullptr}, proj{nullptr};
    EdmLinear affine{nullptr};
};
TORCH_MODULE(UNetBlock);

struct SongUNetImpl : torch::nn::Module {
    explicit SongUNetImpl(const NetworkConfig& config);
    // F(x, c_noise, labels): x [N, C, H, W], noise_labels [N], class_labels [N or 1, label_dim] or
    // undefined. With `masks`, dropout (in training mode) uses the shared masks.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& noise_labels,
                          const torch::Tensor& class_labels, DropoutMasks* masks = nullptr);

    NetworkConfig config;

    // Floating-point operations of one forward pass for one image, counted from the layer
    // shapes: 2 per multiply-add of every convolution, linear layer and attention product
    // (normalisations, activations and resampling filters are not counted, as in MFU figures).
    int64_t flops_per_image() const;

private:
    enum class Kind { Conv, Block, AuxDown, AuxSkip, AuxResidual, AuxUp, AuxNorm, AuxConv };
    struct Stage {
        Kind kind;
        std::shared_ptr<torch::nn::Module> module;
    };
    torch::Tensor embed_noise(const torch::Tensor& noise_labels);

    std::vector<Stage> encoder_, decoder_;
    EdmLinear map_label_{nullptr}, map_layer0_{nullptr}, map_layer1_{nullptr};
    torch::Tensor fourier_freqs_;  // NCSN++ only
};
TORCH_MODULE(SongUNet);

int64_t count_parameters(const torch::nn::Module& module);

}  // namespace ect
