// The layers of EDM's training/networks.py (Linear, Conv2d, GroupNorm, UNetBlock), shared by the
// SongUNet (DDPM++/NCSN++) and DhariwalUNet (ADM) families, with EDM's parameter names.
#pragma once

#include "ect/network/backbone.h"

#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <string>
#include <vector>

namespace ect {

// Fully-connected layer, EDM layout: weight [out, in], bias [out] (absent with bias = false).
struct EdmLinearImpl : torch::nn::Module {
    EdmLinearImpl(int in_features, int out_features, const WeightInit& init, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;
};
TORCH_MODULE(EdmLinear);

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
    TORCH_ARG(WeightInit, init) = WeightInit{};
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

// EDM's UNetBlock arguments; each family fills them with its own settings.
struct UNetBlockOptions {
    int in_channels = 0, out_channels = 0, emb_channels = 0;
    bool up = false, down = false;
    int num_heads = 0;  // self-attention heads; 0 = no attention
    double dropout = 0;
    double skip_scale = 1;
    double eps = 1e-5;  // GroupNorm eps
    std::vector<double> resample_filter{1, 1};
    bool resample_proj = false;  // a 1×1 projection on the resampled skip even when channels agree
    bool adaptive_scale = true;  // the embedding gives a scale and a shift (ADM), else a shift (DDPM++)
    WeightInit init, init_zero, init_attn;
    size_t dropout_slot = 0;  // which DropoutMasks slot this block reads
    bool attention() const { return num_heads > 0; }
};

// Residual block: conv0(SiLU(GN0 x)) → SiLU(GN1 h ⊙ (1 + scale) + shift) or SiLU(GN1(h + shift)) →
// conv1(dropout h), skip, ·skip_scale; then optional multi-head self-attention.
struct UNetBlockImpl : torch::nn::Module {
    explicit UNetBlockImpl(const UNetBlockOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& emb, DropoutMasks* masks);
    // FLOPs of one pass for one image whose output is res × res.
    int64_t flops(int64_t res) const;
    UNetBlockOptions options;
    EdmGroupNorm norm0{nullptr}, norm1{nullptr}, norm2{nullptr};
    EdmConv2d conv0{nullptr}, conv1{nullptr}, skip{nullptr}, qkv{nullptr}, proj{nullptr};
    EdmLinear affine{nullptr};
};
TORCH_MODULE(UNetBlock);

// EDM's PositionalEmbedding: [cos(x·f), sin(x·f)] with f_i = (1/10000)^(i/(C/2 − endpoint)).
torch::Tensor positional_embedding(const torch::Tensor& noise_labels, int64_t channels, bool endpoint);

// FLOPs of a convolution applied at an output resolution of res × res, and of a linear layer.
int64_t conv_flops(const EdmConv2dImpl& conv, int64_t res);
int64_t linear_flops(const EdmLinearImpl& linear);

}  // namespace ect
