// EDM's layers (training/networks.py) with its parameter names and initialisation.
#include "ect/network/edm_layers.h"

#include "ect/error.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>

namespace ect {

EdmLinearImpl::EdmLinearImpl(int in_features, int out_features, const WeightInit& init, bool with_bias)
{
    weight = register_parameter("weight", init.draw({out_features, in_features}, in_features, out_features, init.weight));
    if (with_bias) bias = register_parameter("bias", init.draw({out_features}, in_features, out_features, init.bias));
}

torch::Tensor EdmLinearImpl::forward(const torch::Tensor& x)
{
    return bias.defined() ? torch::addmm(bias, x, weight.t()) : torch::mm(x, weight.t());
}

EdmConv2dImpl::EdmConv2dImpl(const EdmConv2dOptions& o)
    : in_channels(o.in_channels()), out_channels(o.out_channels()), up(o.up()), down(o.down()),
      fused_resample(o.fused_resample())
{
    const int in_ch = in_channels, out_ch = out_channels, kernel = o.kernel();
    const WeightInit& init = o.init();
    const std::vector<double>& filter = o.resample_filter();
    if (up && down) fail("network", "a convolution cannot both up- and down-sample");
    if (kernel) {
        const int64_t fan_in = int64_t(in_ch) * kernel * kernel, fan_out = int64_t(out_ch) * kernel * kernel;
        weight = register_parameter("weight", init.draw({out_ch, in_ch, kernel, kernel}, fan_in, fan_out, init.weight));
        bias = register_parameter("bias", init.draw({out_ch}, fan_in, fan_out, init.bias));
    }
    if (up || down) {
        // f = outer(f, f) / (Σf)², shaped [1, 1, k, k]
        auto f = torch::tensor(filter, torch::kFloat64).to(torch::kFloat32);
        f = torch::outer(f, f).unsqueeze(0).unsqueeze(1) / f.sum().square();
        resample_filter = register_buffer("resample_filter", f);
        nearest_up = up && filter.size() == 2 && filter[0] == filter[1] && filter[0] != 0;
    }
}

torch::Tensor EdmConv2dImpl::forward(torch::Tensor x)
{
    const torch::Tensor& w = weight;
    const int64_t w_pad = w.defined() ? w.size(-1) / 2 : 0;
    const int64_t f_pad = resample_filter.defined() ? (resample_filter.size(-1) - 1) / 2 : 0;
    auto conv = [](const torch::Tensor& in, const torch::Tensor& k, int64_t stride, int64_t pad, int64_t groups) {
        return torch::conv2d(in, k, {}, stride, pad, 1, groups);
    };
    if (fused_resample && up && w.defined()) {
        x = torch::conv_transpose2d(x, resample_filter.mul(4).tile({in_channels, 1, 1, 1}), {}, 2,
                                    std::max<int64_t>(f_pad - w_pad, 0), 0, in_channels);
        x = conv(x, w, 1, std::max<int64_t>(w_pad - f_pad, 0), 1);
    } else if (fused_resample && down && w.defined()) {
        x = conv(x, w, 1, w_pad + f_pad, 1);
        x = conv(x, resample_filter.tile({out_channels, 1, 1, 1}), 2, 0, out_channels);
    } else {
        if (up && nearest_up)
            x = torch::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
        else if (up)
            x = torch::conv_transpose2d(x, resample_filter.mul(4).tile({in_channels, 1, 1, 1}), {}, 2, f_pad, 0,
                                        in_channels);
        if (down) x = conv(x, resample_filter.tile({in_channels, 1, 1, 1}), 2, f_pad, in_channels);
        if (w.defined()) x = conv(x, w, 1, w_pad, 1);
    }
    if (bias.defined()) x = x + bias.reshape({1, -1, 1, 1});
    return x;
}

EdmGroupNormImpl::EdmGroupNormImpl(int num_channels, double eps_) : groups(std::min(32, num_channels / 4)), eps(eps_)
{
    if (groups < 1 || num_channels % groups != 0)
        fail("network", "invalid network: GroupNorm cannot split " + std::to_string(num_channels) + " channels into " +
                            std::to_string(groups) + " groups");
    weight = register_parameter("weight", torch::ones({num_channels}, parameter_options()));
    bias = register_parameter("bias", torch::zeros({num_channels}, parameter_options()));
}

torch::Tensor EdmGroupNormImpl::forward(const torch::Tensor& x)
{
    return torch::group_norm(x, groups, weight, bias, eps);
}

// ---------------------------------------------------------------------------------------------

UNetBlockImpl::UNetBlockImpl(const UNetBlockOptions& o) : options(o)
{
    const auto& f = o.resample_filter;
    norm0 = register_module("norm0", EdmGroupNorm(o.in_channels, o.eps));
    conv0 = register_module("conv0", EdmConv2d(EdmConv2dOptions(o.in_channels, o.out_channels, 3).up(o.up).down(o.down).resample_filter(f).init(o.init)));
    affine = register_module("affine", EdmLinear(o.emb_channels, o.out_channels * (o.adaptive_scale ? 2 : 1), o.init));
    norm1 = register_module("norm1", EdmGroupNorm(o.out_channels, o.eps));
    conv1 = register_module("conv1", EdmConv2d(EdmConv2dOptions(o.out_channels, o.out_channels, 3).init(o.init_zero)));
    if (o.out_channels != o.in_channels || o.up || o.down) {
        const int kernel = o.resample_proj || o.out_channels != o.in_channels ? 1 : 0;
        skip = register_module("skip", EdmConv2d(EdmConv2dOptions(o.in_channels, o.out_channels, kernel).up(o.up).down(o.down).resample_filter(f).init(o.init)));
    }
    if (o.attention()) {
        if (o.out_channels % o.num_heads != 0)
            fail("network", "invalid network: " + std::to_string(o.out_channels) + " channels do not split into " +
                                std::to_string(o.num_heads) + " attention heads");
        norm2 = register_module("norm2", EdmGroupNorm(o.out_channels, o.eps));
        qkv = register_module("qkv", EdmConv2d(EdmConv2dOptions(o.out_channels, o.out_channels * 3, 1).init(o.init_attn)));
        proj = register_module("proj", EdmConv2d(EdmConv2dOptions(o.out_channels, o.out_channels, 1).init(o.init_zero)));
    }
}

torch::Tensor UNetBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& emb, DropoutMasks* masks)
{
    torch::Tensor h = conv0->forward(torch::silu(norm0->forward(x)));
    const torch::Tensor params = affine->forward(emb).unsqueeze(2).unsqueeze(3);
    if (options.adaptive_scale) {
        const auto scale_shift = params.chunk(2, 1);  // x·(1 + scale) + shift
        h = torch::silu(torch::addcmul(scale_shift[1], norm1->forward(h), scale_shift[0] + 1));
    } else {
        h = torch::silu(norm1->forward(h + params));
    }
    h = block_dropout(h, options.dropout, is_training(), masks, options.dropout_slot);
    h = conv1->forward(h);
    h = (h + (skip ? skip->forward(x) : x)) * options.skip_scale;

    if (options.attention()) {
        // Heads split the channels as EDM does: [N·heads, C/heads, 3, HW].
        const int64_t n = h.size(0), heads = options.num_heads, c = h.size(1) / heads;
        const torch::Tensor qkv_ = qkv->forward(norm2->forward(h)).reshape({n * heads, c, 3, -1});
        const torch::Tensor q = qkv_.select(2, 0), k = qkv_.select(2, 1), v = qkv_.select(2, 2);
        torch::Tensor a;
#if TORCH_VERSION_MAJOR >= 2
        if (h.is_cuda()) {
            // LibTorch 2.x on CUDA: the fused kernel (flash / memory-efficient attention), which
            // never stores the [N, HW, HW] weights. Same product: sequence = positions, features = C.
            auto seq = [](const torch::Tensor& t) { return t.transpose(1, 2).contiguous().unsqueeze(1); };  // [N, 1, HW, C]
            a = at::scaled_dot_product_attention(seq(q), seq(k), seq(v)).squeeze(1).transpose(1, 2);
        }
#endif
        if (!a.defined()) {
            // w[n, q, k] = softmax_k(qᵀk / √C) in fp32; a[n, c, q] = Σ_k w[n, q, k] v[n, c, k]
            const torch::Tensor w =
                torch::bmm(q.transpose(1, 2).to(torch::kFloat32), (k / std::sqrt(double(c))).to(torch::kFloat32))
                    .softmax(2)
                    .to(q.scalar_type());
            a = torch::bmm(v, w.transpose(1, 2));
        }
        h = (proj->forward(a.reshape(h.sizes())) + h) * options.skip_scale;
    }
    return h;
}

int64_t conv_flops(const EdmConv2dImpl& conv, int64_t res)
{
    return conv.weight.defined() ? 2 * conv.weight.numel() * res * res : 0;
}

int64_t linear_flops(const EdmLinearImpl& linear)
{
    return 2 * linear.weight.numel();
}

int64_t UNetBlockImpl::flops(int64_t res) const
{
    int64_t f = conv_flops(*conv0, res) + linear_flops(*affine) + conv_flops(*conv1, res);
    if (skip) f += conv_flops(*skip, res);
    if (options.attention()) {
        const int64_t c = options.out_channels, hw = res * res;
        f += conv_flops(*qkv, res) + conv_flops(*proj, res);
        f += 2 * (2 * hw * hw * c);  // qᵀk and v·wᵀ, summed over the heads
    }
    return f;
}

torch::Tensor positional_embedding(const torch::Tensor& noise_labels, int64_t channels, bool endpoint)
{
    const torch::Tensor x = noise_labels.to(torch::kFloat32).reshape({-1});
    const int64_t half = channels / 2;
    const torch::Tensor i = torch::arange(0, half, torch::TensorOptions().dtype(torch::kFloat32).device(x.device()));
    const torch::Tensor freqs = torch::pow(1.0 / 10000, i / double(half - (endpoint ? 1 : 0)));
    const torch::Tensor phase = torch::outer(x, freqs);
    return torch::cat({phase.cos(), phase.sin()}, 1);
}

}  // namespace ect
