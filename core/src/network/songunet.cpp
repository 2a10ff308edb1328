// SongUNet as in EDM's training/networks.py, with the same parameter names and initialisation.
#include "ect/network/songunet.h"

#include "ect/error.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>

namespace ect {
namespace {

namespace F = torch::nn::functional;

const double kSkipScale = std::sqrt(0.5);  // residual and attention outputs are scaled by √0.5
constexpr double kBlockEps = 1e-6;         // GroupNorm eps in SongUNet
constexpr double kZeroInit = 1e-5;         // conv1 / proj / output conv: init_zero weight
const double kAttnInit = std::sqrt(0.2);   // qkv: init_attn weight

// Where the constructors put parameters: the CPU, or the meta device under MetaConstruction.
thread_local bool t_meta_construction = false;

torch::TensorOptions build_options()
{
    return t_meta_construction ? torch::TensorOptions().device(torch::kMeta) : torch::TensorOptions();
}

// EDM weight_init('xavier_uniform'): √(6/(fan_in+fan_out)) · U(-1, 1).
torch::Tensor xavier_uniform(at::IntArrayRef shape, int64_t fan_in, int64_t fan_out)
{
    return std::sqrt(6.0 / static_cast<double>(fan_in + fan_out)) * (torch::rand(shape, build_options()) * 2 - 1);
}

}  // namespace

MetaConstruction::MetaConstruction() : previous_(t_meta_construction)
{
    t_meta_construction = true;
}

MetaConstruction::~MetaConstruction()
{
    t_meta_construction = previous_;
}

size_t DropoutMasks::drawn() const
{
    return static_cast<size_t>(std::count_if(masks_.begin(), masks_.end(), [](const auto& m) { return m.defined(); }));
}

void DropoutMasks::use_rows(int64_t total, int64_t offset)
{
    if (total < 0 || offset < 0 || (total > 0 && offset >= total)) fail("dropout", "bad rows of a batch");
    total_ = total;
    offset_ = offset;
}

torch::Tensor DropoutMasks::apply(size_t slot, const torch::Tensor& h, double p)
{
    if (slot >= masks_.size()) {
        masks_.resize(slot + 1);
        scales_.resize(slot + 1);
    }
    torch::Tensor& whole = masks_[slot];
    const int64_t n = h.dim() > 0 ? h.size(0) : 1;
    if (total_ > 0 && (h.dim() == 0 || offset_ + n > total_))
        fail("dropout", "a pass's rows lie outside the batch its masks were drawn for");
    if (!whole.defined()) {
        torch::NoGradGuard no_grad;
        auto shape = h.sizes().vec();
        if (total_ > 0) shape[0] = total_;
        // Drawn as floats (the same random stream as a float mask), kept as booleans.
        const auto options = h.options().requires_grad(false).memory_format(h.suggest_memory_format());
        const torch::Tensor drawn = torch::empty(shape, options).bernoulli_(1 - p, generator_);
        whole = drawn.to(torch::kBool);
        // 1/(1 − p) rounded as a float mask's value would be: ones ÷ (1 − p) in h's dtype.
        scales_[slot] = torch::ones({}, h.options().requires_grad(false)).div_(1 - p);
    }
    const torch::Tensor m = total_ > 0 ? whole.narrow(0, offset_, n) : whole;
    if (!m.sizes().equals(h.sizes())) fail("dropout", "shared dropout mask reused for a tensor of another shape");
    // where() keeps only the boolean mask for backward; h · scale keeps only the 0-dim scale.
    return torch::where(m, h * scales_[slot].to(h.scalar_type()), torch::zeros({}, h.options()));
}

// ---------------------------------------------------------------------------------------------

EdmLinearImpl::EdmLinearImpl(int in_features, int out_features, double init_weight)
{
    weight = register_parameter("weight", xavier_uniform({out_features, in_features}, in_features, out_features) * init_weight);
    bias = register_parameter("bias", torch::zeros({out_features}, build_options()));
}

torch::Tensor EdmLinearImpl::forward(const torch::Tensor& x)
{
    return torch::addmm(bias, x, weight.t());
}

EdmConv2dImpl::EdmConv2dImpl(const EdmConv2dOptions& o)
    : in_channels(o.in_channels()), out_channels(o.out_channels()), up(o.up()), down(o.down()),
      fused_resample(o.fused_resample())
{
    const int in_ch = in_channels, out_ch = out_channels, kernel = o.kernel();
    const double init_weight = o.init_weight();
    const std::vector<double>& filter = o.resample_filter();
    if (up && down) fail("network", "a convolution cannot both up- and down-sample");
    if (kernel) {
        const int64_t fan_in = int64_t(in_ch) * kernel * kernel, fan_out = int64_t(out_ch) * kernel * kernel;
        weight = register_parameter("weight", xavier_uniform({out_ch, in_ch, kernel, kernel}, fan_in, fan_out) * init_weight);
        bias = register_parameter("bias", torch::zeros({out_ch}, build_options()));
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
    weight = register_parameter("weight", torch::ones({num_channels}, build_options()));
    bias = register_parameter("bias", torch::zeros({num_channels}, build_options()));
}

torch::Tensor EdmGroupNormImpl::forward(const torch::Tensor& x)
{
    return torch::group_norm(x, groups, weight, bias, eps);
}

// ---------------------------------------------------------------------------------------------

UNetBlockImpl::UNetBlockImpl(const UNetBlockOptions& o) : options(o)
{
    const auto& f = o.resample_filter;
    norm0 = register_module("norm0", EdmGroupNorm(o.in_channels, kBlockEps));
    conv0 = register_module("conv0", EdmConv2d(EdmConv2dOptions(o.in_channels, o.out_channels, 3).up(o.up).down(o.down).resample_filter(f)));
    affine = register_module("affine", EdmLinear(o.emb_channels, o.out_channels, 1.0));
    norm1 = register_module("norm1", EdmGroupNorm(o.out_channels, kBlockEps));
    conv1 = register_module("conv1", EdmConv2d(EdmConv2dOptions(o.out_channels, o.out_channels, 3).init_weight(kZeroInit)));
    if (o.out_channels != o.in_channels || o.up || o.down)  // resample_proj: always a 1×1 projection
        skip = register_module("skip", EdmConv2d(EdmConv2dOptions(o.in_channels, o.out_channels, 1).up(o.up).down(o.down).resample_filter(f)));
    if (o.attention) {
        norm2 = register_module("norm2", EdmGroupNorm(o.out_channels, kBlockEps));
        qkv = register_module("qkv", EdmConv2d(EdmConv2dOptions(o.out_channels, o.out_channels * 3, 1).init_weight(kAttnInit)));
        proj = register_module("proj", EdmConv2d(EdmConv2dOptions(o.out_channels, o.out_channels, 1).init_weight(kZeroInit)));
    }
}

torch::Tensor UNetBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& emb, DropoutMasks* masks)
{
    torch::Tensor h = conv0->forward(torch::silu(norm0->forward(x)));
    const torch::Tensor params = affine->forward(emb).unsqueeze(2).unsqueeze(3);
    h = torch::silu(norm1->forward(h + params));
    if (options.dropout > 0 && is_training()) {
        if (masks)
            h = masks->apply(options.dropout_slot, h, options.dropout);
        else
            h = torch::dropout(h, options.dropout, true);
    }
    h = conv1->forward(h);
    h = (h + (skip ? skip->forward(x) : x)) * kSkipScale;

    if (options.attention) {
        const int64_t n = h.size(0), c = h.size(1);  // one head: C/heads = C
        const torch::Tensor qkv_ = qkv->forward(norm2->forward(h)).reshape({n, c, 3, -1});
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
        h = (proj->forward(a.reshape(h.sizes())) + h) * kSkipScale;
    }
    return h;
}

// ---------------------------------------------------------------------------------------------

SongUNetImpl::SongUNetImpl(const NetworkConfig& c) : config(c)
{
    config.validate();
    const int emb_channels = c.model_channels * c.channel_mult_emb;
    const int noise_channels = c.model_channels * c.channel_mult_noise;
    size_t slot = 0;
    auto block = [&](int cin, int cout, bool up, bool down, bool attention) {
        UNetBlockOptions o;
        o.in_channels = cin;
        o.out_channels = cout;
        o.emb_channels = emb_channels;
        o.up = up;
        o.down = down;
        o.attention = attention;
        o.dropout = c.dropout;
        o.resample_filter = c.resample_filter;
        o.dropout_slot = slot++;
        return UNetBlock(o).ptr();
    };
    auto has_attn = [&](int res) {
        return std::find(c.attn_resolutions.begin(), c.attn_resolutions.end(), res) != c.attn_resolutions.end();
    };

    // Mapping.
    if (c.embedding_type == "fourier") {
        auto map_noise = register_module("map_noise", std::make_shared<torch::nn::Module>());
        constexpr double kFourierScale = 16;  // EDM's NCSN++ initial frequency scale
        fourier_freqs_ = map_noise->register_buffer("freqs", torch::randn({noise_channels / 2}, build_options()) * kFourierScale);
    }
    if (c.label_dim) map_label_ = register_module("map_label", EdmLinear(c.label_dim, noise_channels, 1.0));
    map_layer0_ = register_module("map_layer0", EdmLinear(noise_channels, emb_channels, 1.0));
    map_layer1_ = register_module("map_layer1", EdmLinear(emb_channels, emb_channels, 1.0));

    // Encoder.
    auto enc = register_module("enc", std::make_shared<torch::nn::Module>());
    auto add_enc = [&](const std::string& name, Kind kind, std::shared_ptr<torch::nn::Module> m) {
        enc->register_module(name, m);
        encoder_.push_back({kind, std::move(m)});
    };
    const int levels = static_cast<int>(c.channel_mult.size());
    const int in_channels = c.img_channels, out_channels = c.img_channels;
    int cout = in_channels, caux = in_channels;
    std::vector<int> skips;
    for (int level = 0; level < levels; ++level) {
        const int res = c.img_resolution >> level;
        const std::string r = std::to_string(res) + "x" + std::to_string(res);
        if (level == 0) {
            const int cin = cout;
            cout = c.model_channels;
            add_enc(r + "_conv", Kind::Conv, EdmConv2d(EdmConv2dOptions(cin, cout, 3)).ptr());
            skips.push_back(cout);
        } else {
            add_enc(r + "_down", Kind::Block, block(cout, cout, false, true, false));
            skips.push_back(cout);
            if (c.encoder_type == "skip") {
                add_enc(r + "_aux_down", Kind::AuxDown,
                        EdmConv2d(EdmConv2dOptions(caux, caux, 0).down(true).resample_filter(c.resample_filter)).ptr());
                add_enc(r + "_aux_skip", Kind::AuxSkip,
                        EdmConv2d(EdmConv2dOptions(caux, cout, 1)).ptr());
            }
            if (c.encoder_type == "residual") {
                add_enc(r + "_aux_residual", Kind::AuxResidual,
                        EdmConv2d(EdmConv2dOptions(caux, cout, 3).down(true).resample_filter(c.resample_filter).fused_resample(true)).ptr());
                caux = cout;
            }
        }
        for (int idx = 0; idx < c.num_blocks; ++idx) {
            const int cin = cout;
            cout = c.model_channels * c.channel_mult[level];
            add_enc(r + "_block" + std::to_string(idx), Kind::Block, block(cin, cout, false, false, has_attn(res)));
            skips.push_back(cout);
        }
    }

    // Decoder.
    auto dec = register_module("dec", std::make_shared<torch::nn::Module>());
    auto add_dec = [&](const std::string& name, Kind kind, std::shared_ptr<torch::nn::Module> m) {
        dec->register_module(name, m);
        decoder_.push_back({kind, std::move(m)});
    };
    for (int level = levels - 1; level >= 0; --level) {
        const int res = c.img_resolution >> level;
        const std::string r = std::to_string(res) + "x" + std::to_string(res);
        if (level == levels - 1) {
            add_dec(r + "_in0", Kind::Block, block(cout, cout, false, false, true));
            add_dec(r + "_in1", Kind::Block, block(cout, cout, false, false, false));
        } else {
            add_dec(r + "_up", Kind::Block, block(cout, cout, true, false, false));
        }
        for (int idx = 0; idx <= c.num_blocks; ++idx) {
            const int cin = cout + skips.back();
            skips.pop_back();
            cout = c.model_channels * c.channel_mult[level];
            add_dec(r + "_block" + std::to_string(idx), Kind::Block,
                    block(cin, cout, false, false, idx == c.num_blocks && has_attn(res)));
        }
        if (c.decoder_type == "skip" || level == 0) {
            if (c.decoder_type == "skip" && level < levels - 1)
                add_dec(r + "_aux_up", Kind::AuxUp,
                        EdmConv2d(EdmConv2dOptions(out_channels, out_channels, 0).up(true).resample_filter(c.resample_filter)).ptr());
            add_dec(r + "_aux_norm", Kind::AuxNorm, EdmGroupNorm(cout, kBlockEps).ptr());
            add_dec(r + "_aux_conv", Kind::AuxConv,
                    EdmConv2d(EdmConv2dOptions(cout, out_channels, 3).init_weight(kZeroInit)).ptr());
        }
    }
}

torch::Tensor SongUNetImpl::embed_noise(const torch::Tensor& noise_labels)
{
    const torch::Tensor x = noise_labels.to(torch::kFloat32).reshape({-1});
    torch::Tensor phase;
    if (fourier_freqs_.defined()) {
        phase = torch::outer(x, fourier_freqs_ * (2 * M_PI));
    } else {
        // freqs_i = (1/10000)^(i/(C/2 − 1)), the "endpoint" positional embedding of DDPM++
        const int64_t half = int64_t(config.model_channels) * config.channel_mult_noise / 2;
        const torch::Tensor i = torch::arange(0, half, torch::TensorOptions().dtype(torch::kFloat32).device(x.device()));
        const torch::Tensor freqs = torch::pow(1.0 / 10000, i / double(half - 1));
        phase = torch::outer(x, freqs);
    }
    // [cos, sin], then the halves swapped to [sin, cos] as SongUNet.forward does.
    return torch::cat({phase.sin(), phase.cos()}, 1);
}

torch::Tensor SongUNetImpl::forward(const torch::Tensor& x_in, const torch::Tensor& noise_labels,
                                    const torch::Tensor& class_labels, DropoutMasks* masks)
{
    torch::Tensor emb = embed_noise(noise_labels);
    if (map_label_) {
        if (!class_labels.defined()) fail("network", "a class-conditional network needs class labels");
        emb = emb + map_label_->forward(class_labels * std::sqrt(double(config.label_dim)));
    }
    emb = torch::silu(map_layer0_->forward(emb));
    emb = torch::silu(map_layer1_->forward(emb));

    torch::Tensor x = x_in, aux = x_in;
    std::vector<torch::Tensor> skips;
    for (const auto& s : encoder_) {
        switch (s.kind) {
        case Kind::Conv:
            x = std::static_pointer_cast<EdmConv2dImpl>(s.module)->forward(x);
            skips.push_back(x);
            break;
        case Kind::Block:
            x = std::static_pointer_cast<UNetBlockImpl>(s.module)->forward(x, emb, masks);
            skips.push_back(x);
            break;
        case Kind::AuxDown:
            aux = std::static_pointer_cast<EdmConv2dImpl>(s.module)->forward(aux);
            break;
        case Kind::AuxSkip:
            x = skips.back() = x + std::static_pointer_cast<EdmConv2dImpl>(s.module)->forward(aux);
            break;
        case Kind::AuxResidual:
            x = skips.back() = aux =
                (x + std::static_pointer_cast<EdmConv2dImpl>(s.module)->forward(aux)) / std::sqrt(2.0);
            break;
        default:
            break;
        }
    }

    torch::Tensor out, tmp;
    for (const auto& s : decoder_) {
        switch (s.kind) {
        case Kind::AuxUp:
            out = std::static_pointer_cast<EdmConv2dImpl>(s.module)->forward(out);
            break;
        case Kind::AuxNorm:
            tmp = std::static_pointer_cast<EdmGroupNormImpl>(s.module)->forward(x);
            break;
        case Kind::AuxConv:
            tmp = std::static_pointer_cast<EdmConv2dImpl>(s.module)->forward(torch::silu(tmp));
            out = out.defined() ? tmp + out : tmp;
            break;
        case Kind::Block: {
            auto b = std::static_pointer_cast<UNetBlockImpl>(s.module);
            if (x.size(1) != b->options.in_channels) {
                x = torch::cat({x, skips.back()}, 1);
                skips.pop_back();
            }
            x = b->forward(x, emb, masks);
            break;
        }
        default:
            break;
        }
    }
    return out;
}

namespace {

// A convolution's weight applied at an output resolution of res × res.
int64_t conv_flops(const EdmConv2dImpl& conv, int64_t res)
{
    return conv.weight.defined() ? 2 * conv.weight.numel() * res * res : 0;
}

int64_t linear_flops(const EdmLinearImpl& linear)
{
    return 2 * linear.weight.numel();
}

// A residual block whose output has resolution `res`.
int64_t block_flops(const UNetBlockImpl& b, int64_t res)
{
    int64_t f = conv_flops(*b.conv0, res) + linear_flops(*b.affine) + conv_flops(*b.conv1, res);
    if (b.skip) f += conv_flops(*b.skip, res);
    if (b.options.attention) {
        const int64_t c = b.options.out_channels, hw = res * res;
        f += conv_flops(*b.qkv, res) + conv_flops(*b.proj, res);
        f += 2 * (2 * hw * hw * c);  // qᵀk and v·wᵀ
    }
    return f;
}

}  // namespace

int64_t SongUNetImpl::flops_per_image() const
{
    int64_t f = linear_flops(*map_layer0_) + linear_flops(*map_layer1_);
    if (map_label_) f += linear_flops(*map_label_);
    int64_t res = config.img_resolution, aux_res = config.img_resolution;
    for (const auto& s : encoder_) {
        switch (s.kind) {
        case Kind::Conv:
            f += conv_flops(*std::static_pointer_cast<EdmConv2dImpl>(s.module), res);
            break;
        case Kind::Block: {
            const auto b = std::static_pointer_cast<UNetBlockImpl>(s.module);
            if (b->options.down) res /= 2;
            f += block_flops(*b, res);
            break;
        }
        case Kind::AuxDown:
            aux_res /= 2;
            break;
        case Kind::AuxSkip:
            f += conv_flops(*std::static_pointer_cast<EdmConv2dImpl>(s.module), aux_res);
            break;
        case Kind::AuxResidual:  // fused: the 3×3 convolution runs before the 2× down-sampling
            f += conv_flops(*std::static_pointer_cast<EdmConv2dImpl>(s.module), aux_res);
            aux_res /= 2;
            break;
        case Kind::AuxUp:
        case Kind::AuxNorm:
        case Kind::AuxConv:
            break;
        }
    }
    for (const auto& s : decoder_) {
        switch (s.kind) {
        case Kind::Block: {
            const auto b = std::static_pointer_cast<UNetBlockImpl>(s.module);
            if (b->options.up) res *= 2;
            f += block_flops(*b, res);
            break;
        }
        case Kind::AuxConv:
            f += conv_flops(*std::static_pointer_cast<EdmConv2dImpl>(s.module), res);
            break;
        case Kind::Conv:
        case Kind::AuxDown:
        case Kind::AuxSkip:
        case Kind::AuxResidual:
        case Kind::AuxUp:
        case Kind::AuxNorm:
            break;
        }
    }
    return f;
}

int64_t count_parameters(const torch::nn::Module& module)
{
    int64_t n = 0;
    for (const auto& p : module.parameters()) n += p.numel();
    return n;
}

}  // namespace ect
