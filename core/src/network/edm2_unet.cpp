// EDM2's magnitude-preserving U-Net (NVlabs/edm2 training/networks_edm2.py, "Analyzing and
// Improving the Training Dynamics of Diffusion Models") with its uncertainty head, and ECT's
// ImageNet-64 variant of it (locuslab/ect branch imgnet: no uncertainty head, dropout only at
// resolutions <= dropout_res, a switch for the forced weight normalisation); its row of the
// family table.
#include "ect/error.h"
#include "ect/network/backbone.h"
#include "ect/network/families.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace ect {
namespace {

using json = nlohmann::json;

// The family's own fields, with EDM2's defaults.
struct Edm2Options {
    double label_balance = 0.5;   // noise embedding (0) against class embedding (1)
    double concat_balance = 0.5;  // skip connections (0) against the main path (1)
    double res_balance = 0.3;     // main branch (0) against the residual branch (1)
    double attn_balance = 0.3;    // main branch (0) against self-attention (1)
    double clip_act = 256;        // output activations clipped to ±clip_act; 0 = not clipped
    int channels_per_head = 64;
    int logvar_channels = 128;    // the uncertainty head's Fourier features; 0 = no head (ECT's)
    int dropout_res = 0;          // dropout only at resolutions <= this; 0 = everywhere (ECT's dropout_res)
    std::vector<double> resample_filter{1, 1};

    static Edm2Options read(const json& j, const std::string& source)
    {
        Edm2Options o;
        using description::read;
        read(j, "label_balance", o.label_balance, source);
        read(j, "concat_balance", o.concat_balance, source);
        read(j, "res_balance", o.res_balance, source);
        read(j, "attn_balance", o.attn_balance, source);
        read(j, "clip_act", o.clip_act, source);
        read(j, "channels_per_head", o.channels_per_head, source);
        read(j, "logvar_channels", o.logvar_channels, source);
        read(j, "dropout_res", o.dropout_res, source);
        read(j, "resample_filter", o.resample_filter, source);
        auto bad = [&](const std::string& what) { fail(source, "invalid network: " + what); };
        for (double t : {o.label_balance, o.concat_balance, o.res_balance, o.attn_balance})
            if (!(t >= 0 && t <= 1)) bad("EDM2's balances must be in [0, 1]");
        if (!(o.clip_act >= 0 && o.clip_act <= 1e6)) bad("clip_act must be in [0, 1e6] (0: no clipping)");
        if (o.channels_per_head < 1 || o.channels_per_head > 4096) bad("channels_per_head must be 1..4096");
        if (o.logvar_channels < 0 || o.logvar_channels > 4096) bad("logvar_channels must be 0..4096");
        if (o.dropout_res < 0 || o.dropout_res > 4096) bad("dropout_res must be 0..4096");
        if (o.resample_filter.empty() || o.resample_filter.size() > 8 || o.resample_filter.size() % 2 != 0)
            bad("EDM2's resample_filter needs an even number of taps, at most 8");
        double sum = 0;
        for (double f : o.resample_filter) {
            if (!(std::abs(f) <= 1e3)) bad("resample_filter taps must be finite, within ±1000");
            sum += f;
        }
        if (std::abs(sum) < 1e-6) bad("resample_filter taps sum to zero");
        return o;
    }
    json to_json() const
    {
        return {{"label_balance", label_balance},     {"concat_balance", concat_balance},
                {"res_balance", res_balance},         {"attn_balance", attn_balance},
                {"clip_act", clip_act},               {"channels_per_head", channels_per_head},
                {"logvar_channels", logvar_channels}, {"dropout_res", dropout_res},
                {"resample_filter", resample_filter}};
    }
};

// normalize(x): x / (ε + ‖x‖·√(|norm| / |x|)) over `dims`, the norm in float32 (EDM2 eq. 66).
torch::Tensor mp_normalize(const torch::Tensor& x, at::IntArrayRef dims, double eps = 1e-4)
{
    torch::Tensor norm = at::linalg_vector_norm(x, 2, dims, /*keepdim=*/true, torch::kFloat32);
    norm = eps + norm * std::sqrt(double(norm.numel()) / double(x.numel()));
    return x / norm.to(x.scalar_type());
}

std::vector<int64_t> all_but_first(const torch::Tensor& x)
{
    std::vector<int64_t> d;
    for (int64_t i = 1; i < x.dim(); ++i) d.push_back(i);
    return d;
}

// Magnitude-preserving SiLU (eq. 81), sum (eq. 88) and concatenation (eq. 103).
torch::Tensor mp_silu(const torch::Tensor& x)
{
    return torch::silu(x) / 0.596;
}

torch::Tensor mp_sum(const torch::Tensor& a, const torch::Tensor& b, double t)
{
    return a.lerp(b, t) / std::sqrt((1 - t) * (1 - t) + t * t);
}

torch::Tensor mp_cat(const torch::Tensor& a, const torch::Tensor& b, double t)
{
    const double na = double(a.size(1)), nb = double(b.size(1));
    const double c = std::sqrt((na + nb) / ((1 - t) * (1 - t) + t * t));
    return torch::cat({a * (c / std::sqrt(na) * (1 - t)), b * (c / std::sqrt(nb) * t)}, 1);
}

// EDM2's 2-D resampling filter: outer(f, f) / (Σf)², [1, 1, k, k], on the CPU.
torch::Tensor resample_filter_2d(const std::vector<double>& taps)
{
    auto f = torch::tensor(taps, torch::kFloat64).to(torch::kFloat32);
    f = f / f.sum();
    return torch::outer(f, f).unsqueeze(0).unsqueeze(1);
}

// EDM2's resample: 2× down (mode < 0) or up (mode > 0) by the filter f (on x's device, in its
// dtype), grouped per channel, no weights.
torch::Tensor resample(const torch::Tensor& x, const torch::Tensor& f, int mode)
{
    const int64_t c = x.size(1), pad = (f.size(-1) - 1) / 2;
    if (mode < 0) return torch::conv2d(x, f.tile({c, 1, 1, 1}), {}, 2, pad, 1, c);
    return torch::conv_transpose2d(x, (f * 4).tile({c, 1, 1, 1}), {}, 2, pad, 0, c);
}

// Magnitude-preserving convolution or fully-connected layer (eq. 47) with the forced weight
// normalisation of training mode (eq. 66): the stored weight itself is renormalised as it is used.
struct MPConvImpl : torch::nn::Module {
    MPConvImpl(int in_channels, int out_channels, int kernel)
    {
        std::vector<int64_t> shape{out_channels, in_channels};
        if (kernel) shape.insert(shape.end(), {kernel, kernel});
        weight = register_parameter("weight", torch::randn(shape, parameter_options()));
    }
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& gain = {})
    {
        torch::Tensor w = weight.to(torch::kFloat32);
        if (is_training() && forced) {
            torch::NoGradGuard no_grad;
            weight.copy_(mp_normalize(w, all_but_first(w)));
        }
        w = mp_normalize(w, all_but_first(w));
        const double fan_in = double(w[0].numel());
        w = gain.defined() ? w * (gain / std::sqrt(fan_in)) : w * (1 / std::sqrt(fan_in));
        w = w.to(x.scalar_type());
        if (w.dim() == 2) return torch::mm(x, w.t());
        return torch::conv2d(x, w, {}, 1, w.size(-1) / 2);
    }
    int64_t flops(int64_t res) const { return 2 * weight.numel() * (weight.dim() == 4 ? res * res : 1); }
    torch::Tensor weight;
    bool forced = true;
};
TORCH_MODULE(MPConv);

// Magnitude-preserving Fourier features (eq. 75): √2·cos(x·freqs + phases).
struct MPFourierImpl : torch::nn::Module {
    explicit MPFourierImpl(int channels)
    {
        freqs = register_buffer("freqs", 2 * M_PI * torch::randn({channels}, parameter_options()));
        phases = register_buffer("phases", 2 * M_PI * torch::rand({channels}, parameter_options()));
    }
    torch::Tensor forward(const torch::Tensor& x)
    {
        const torch::Tensor y = torch::outer(x.to(torch::kFloat32), freqs.to(torch::kFloat32)) + phases.to(torch::kFloat32);
        return (y.cos() * std::sqrt(2.0)).to(x.scalar_type());
    }
    torch::Tensor freqs, phases;
};
TORCH_MODULE(MPFourier);

struct Edm2BlockOptions {
    int in_channels = 0, out_channels = 0, emb_channels = 0;
    bool decoder = false;  // EDM2's flavor 'dec' (else 'enc')
    int resample = 0;      // −1 down, 0 keep, +1 up
    int num_heads = 0;
    double dropout = 0;
    size_t dropout_slot = 0;
};

// EDM2's encoder/decoder block (Figure 21).
struct Edm2BlockImpl : torch::nn::Module {
    Edm2BlockImpl(const Edm2BlockOptions& o, const Edm2Options& e) : options(o), balances(e)
    {
        emb_gain = register_parameter("emb_gain", torch::zeros({}, parameter_options()));
        conv_res0 = register_module("conv_res0", MPConv(o.decoder ? o.in_channels : o.out_channels, o.out_channels, 3));
        emb_linear = register_module("emb_linear", MPConv(o.emb_channels, o.out_channels, 0));
        conv_res1 = register_module("conv_res1", MPConv(o.out_channels, o.out_channels, 3));
        if (o.in_channels != o.out_channels) conv_skip = register_module("conv_skip", MPConv(o.in_channels, o.out_channels, 1));
        if (o.num_heads) {
            if (o.out_channels % o.num_heads != 0)
                fail("network", "invalid network: " + std::to_string(o.out_channels) + " channels do not split into " +
                                    std::to_string(o.num_heads) + " attention heads");
            attn_qkv = register_module("attn_qkv", MPConv(o.out_channels, o.out_channels * 3, 1));
            attn_proj = register_module("attn_proj", MPConv(o.out_channels, o.out_channels, 1));
        }
    }

    torch::Tensor forward(torch::Tensor x, const torch::Tensor& emb, DropoutMasks* masks)
    {
        // Main branch.
        if (options.resample != 0) {
            // The filter is made once per device and dtype, not on every pass (a host-to-device
            // copy per block and step otherwise).
            if (!filter_.defined() || filter_.device() != x.device() || filter_.scalar_type() != x.scalar_type())
                filter_ = resample_filter_2d(balances.resample_filter).to(x.device(), x.scalar_type());
            x = resample(x, filter_, options.resample);
        }
        if (!options.decoder) {
            if (conv_skip) x = conv_skip->forward(x);
            x = mp_normalize(x, {1});  // pixel norm
        }
        // Residual branch.
        torch::Tensor y = conv_res0->forward(mp_silu(x));
        const torch::Tensor c = emb_linear->forward(emb, emb_gain) + 1;
        y = mp_silu(y * c.unsqueeze(2).unsqueeze(3).to(y.scalar_type()));
        y = block_dropout(y, options.dropout, is_training(), masks, options.dropout_slot);
        y = conv_res1->forward(y);
        // Connect the branches.
        if (options.decoder && conv_skip) x = conv_skip->forward(x);
        x = mp_sum(x, y, balances.res_balance);
        // Cosine attention: q, k, v pixel-normalised per head.
        if (options.num_heads) {
            const int64_t n = x.size(0), heads = options.num_heads, hw = x.size(2) * x.size(3);
            y = attn_qkv->forward(x).reshape({n, heads, -1, 3, hw});
            y = mp_normalize(y, {2});
            const torch::Tensor q = y.select(3, 0), k = y.select(3, 1), v = y.select(3, 2);  // [N, h, c, HW]
            const double scale = 1 / std::sqrt(double(q.size(2)));
            const torch::Tensor w = torch::matmul(q.transpose(2, 3), k * scale).softmax(3);  // [N, h, q, k]
            y = torch::matmul(v, w.transpose(2, 3));                                          // [N, h, c, q]
            y = attn_proj->forward(y.reshape(x.sizes()));
            x = mp_sum(x, y, balances.attn_balance);
        }
        if (balances.clip_act > 0) x = x.clamp(-balances.clip_act, balances.clip_act);
        return x;
    }

    int64_t flops(int64_t res) const
    {
        int64_t f = conv_res0->flops(res) + emb_linear->flops(res) + conv_res1->flops(res);
        // An encoder's skip runs at the block's resolution; a decoder's as well (resampled first).
        if (conv_skip) f += conv_skip->flops(res);
        if (options.num_heads) {
            const int64_t hw = res * res;
            f += attn_qkv->flops(res) + attn_proj->flops(res) + 2 * (2 * hw * hw * options.out_channels);
        }
        return f;
    }

    void set_forced(bool on)
    {
        for (auto* m : {conv_res0.get(), emb_linear.get(), conv_res1.get()}) m->forced = on;
        for (auto* m : {&conv_skip, &attn_qkv, &attn_proj})
            if (*m) (*m)->forced = on;
    }

    Edm2BlockOptions options;
    Edm2Options balances;
    torch::Tensor filter_;  // the resampling filter on the device last used (not a parameter or buffer)
    torch::Tensor emb_gain;
    MPConv conv_res0{nullptr}, emb_linear{nullptr}, conv_res1{nullptr}, conv_skip{nullptr}, attn_qkv{nullptr},
        attn_proj{nullptr};
};
TORCH_MODULE(Edm2Block);

struct Edm2UNetImpl : BackboneImpl {
    explicit Edm2UNetImpl(const NetworkConfig& c) : config(c), own(Edm2Options::read(json::parse(c.family_options), "network"))
    {
        config.validate();
        std::vector<int> cblock;
        for (int m : c.channel_mult) cblock.push_back(c.model_channels * m);
        const int cnoise = c.model_channels * c.channel_mult_noise;
        const int cemb = c.model_channels * c.channel_mult_emb;
        out_gain = register_parameter("out_gain", torch::zeros({}, parameter_options()));
        emb_fourier = register_module("emb_fourier", MPFourier(cnoise));
        emb_noise = register_module("emb_noise", MPConv(cnoise, cemb, 0));
        if (c.label_dim) emb_label = register_module("emb_label", MPConv(c.label_dim, cemb, 0));
        size_t slot = 0;
        auto has_attn = [&](int res) {
            return std::find(c.attn_resolutions.begin(), c.attn_resolutions.end(), res) != c.attn_resolutions.end();
        };
        auto block = [&](int cin, int cout, bool decoder, int mode, bool attention, int res) {
            Edm2BlockOptions o;
            o.in_channels = cin;
            o.out_channels = cout;
            o.emb_channels = cemb;
            o.decoder = decoder;
            o.resample = mode;
            o.num_heads = attention ? cout / own.channels_per_head : 0;
            o.dropout = own.dropout_res > 0 && res > own.dropout_res ? 0.0 : c.dropout;
            o.dropout_slot = slot++;
            return Edm2Block(o, own);
        };

        // Encoder: the input gets a channel of ones (a bias the magnitude-preserving layers lack).
        auto enc = register_module("enc", std::make_shared<torch::nn::Module>());
        const int levels = int(cblock.size());
        int cout = c.img_channels + 1;
        std::vector<int> skips;
        for (int level = 0; level < levels; ++level) {
            const int res = c.img_resolution >> level;
            const std::string r = std::to_string(res) + "x" + std::to_string(res);
            if (level == 0) {
                const int cin = cout;
                cout = cblock[level];
                input_conv = enc->register_module(r + "_conv", MPConv(cin, cout, 3));
            } else {
                encoder.push_back(enc->register_module(r + "_down", block(cout, cout, false, -1, false, res)));
            }
            skips.push_back(cout);
            for (int idx = 0; idx < c.num_blocks; ++idx) {
                const int cin = cout;
                cout = cblock[level];
                encoder.push_back(enc->register_module(r + "_block" + std::to_string(idx), block(cin, cout, false, 0, has_attn(res), res)));
                skips.push_back(cout);
            }
        }
        // Decoder: the "block" blocks take a skip (mp_cat), in0/in1/up do not.
        auto dec = register_module("dec", std::make_shared<torch::nn::Module>());
        for (int level = levels - 1; level >= 0; --level) {
            const int res = c.img_resolution >> level;
            const std::string r = std::to_string(res) + "x" + std::to_string(res);
            if (level == levels - 1) {
                decoder.push_back({dec->register_module(r + "_in0", block(cout, cout, true, 0, true, res)), false});
                decoder.push_back({dec->register_module(r + "_in1", block(cout, cout, true, 0, false, res)), false});
            } else {
                decoder.push_back({dec->register_module(r + "_up", block(cout, cout, true, 1, false, res)), false});
            }
            for (int idx = 0; idx <= c.num_blocks; ++idx) {
                const int cin = cout + skips.back();
                skips.pop_back();
                cout = cblock[level];
                decoder.push_back({dec->register_module(r + "_block" + std::to_string(idx), block(cin, cout, true, 0, has_attn(res), res)), true});
            }
        }
        out_conv = register_module("out_conv", MPConv(cout, c.img_channels, 3));
        // The uncertainty head of EDM2's Precond, kept with the network it belongs to.
        if (own.logvar_channels > 0) {
            logvar_fourier = register_module("logvar_fourier", MPFourier(own.logvar_channels));
            logvar_linear = register_module("logvar_linear", MPConv(own.logvar_channels, 1, 0));
        }
    }

    torch::Tensor forward(const torch::Tensor& x_in, const torch::Tensor& noise_labels, const torch::Tensor& class_labels,
                          DropoutMasks* masks) override
    {
        torch::Tensor emb = emb_noise->forward(emb_fourier->forward(noise_labels));
        if (emb_label) {
            if (!class_labels.defined()) fail("network", "a class-conditional network needs class labels");
            emb = mp_sum(emb, emb_label->forward(class_labels * std::sqrt(double(config.label_dim))), own.label_balance);
        }
        emb = mp_silu(emb);

        torch::Tensor x = torch::cat({x_in, torch::ones_like(x_in.narrow(1, 0, 1))}, 1);
        x = input_conv->forward(x);
        std::vector<torch::Tensor> skips{x};
        for (auto& b : encoder) {
            x = b->forward(x, emb, masks);
            skips.push_back(x);
        }
        for (auto& [b, takes_skip] : decoder) {
            if (takes_skip) {
                x = mp_cat(x, skips.back(), own.concat_balance);
                skips.pop_back();
            }
            x = b->forward(x, emb, masks);
        }
        return out_conv->forward(x, out_gain);
    }

    torch::Tensor logvar(const torch::Tensor& noise_labels) override
    {
        if (!logvar_linear) return {};
        return logvar_linear->forward(logvar_fourier->forward(noise_labels)).reshape({-1, 1, 1, 1});
    }

    bool has_logvar() const override { return bool(logvar_linear); }

    void set_forced_weight_normalisation(bool on) override
    {
        for (auto* m : {input_conv.get(), emb_noise.get(), out_conv.get()}) m->forced = on;
        if (emb_label) emb_label->forced = on;
        if (logvar_linear) logvar_linear->forced = on;
        for (auto& b : encoder) b->set_forced(on);
        for (auto& [b, skip] : decoder) b->set_forced(on);
    }

    int64_t flops_per_image() const override
    {
        int64_t f = emb_noise->flops(1) + (emb_label ? emb_label->flops(1) : 0);
        int64_t res = config.img_resolution;
        f += input_conv->flops(res);
        for (const auto& b : encoder) {
            if (b->options.resample < 0) res /= 2;
            f += b->flops(res);
        }
        for (const auto& [b, skip] : decoder) {
            if (b->options.resample > 0) res *= 2;
            f += b->flops(res);
        }
        return f + out_conv->flops(res);
    }

    NetworkConfig config;
    Edm2Options own;
    torch::Tensor out_gain;
    MPFourier emb_fourier{nullptr}, logvar_fourier{nullptr};
    MPConv emb_noise{nullptr}, emb_label{nullptr}, input_conv{nullptr}, out_conv{nullptr}, logvar_linear{nullptr};
    std::vector<Edm2Block> encoder;
    std::vector<std::pair<Edm2Block, bool>> decoder;  // the block, whether it takes a skip
};

std::string edm2_options(const json& j, const NetworkConfig& shared, const std::string& source)
{
    (void)shared;
    return Edm2Options::read(j, source).to_json().dump();
}

void edm2_import(const json& args, NetworkConfig& c, std::string& notes, const std::string& source)
{
    namespace oa = official_args;
    oa::only_known(args,
                   {"img_resolution", "img_channels", "label_dim", "model_channels", "channel_mult", "channel_mult_noise",
                    "channel_mult_emb", "num_blocks", "attn_resolutions", "label_balance", "concat_balance",
                    "resample_filter", "channels_per_head", "dropout", "res_balance", "attn_balance", "clip_act",
                    "dropout_res", "logvar_channels"},
                   "EDM2's UNet", source);
    // EDM2's UNet defaults where the snapshot leaves an argument out; None multipliers select
    // the first and the widest level, as the official constructor does.
    c.model_channels = oa::whole(args, "model_channels", 192, source);
    c.channel_mult = oa::whole_list(args, "channel_mult", {1, 2, 3, 4}, source);
    if (c.channel_mult.empty()) fail(source, "EDM2's channel_mult is empty");
    c.channel_mult_noise = oa::whole(args, "channel_mult_noise", c.channel_mult.front(), source);
    c.channel_mult_emb =
        oa::whole(args, "channel_mult_emb", *std::max_element(c.channel_mult.begin(), c.channel_mult.end()), source);
    c.num_blocks = oa::whole(args, "num_blocks", 3, source);
    c.attn_resolutions = oa::whole_list(args, "attn_resolutions", {16, 8}, source);
    c.dropout = oa::number(args, "dropout", 0, source);
    Edm2Options o;
    o.label_balance = oa::number(args, "label_balance", o.label_balance, source);
    o.concat_balance = oa::number(args, "concat_balance", o.concat_balance, source);
    o.res_balance = oa::number(args, "res_balance", o.res_balance, source);
    o.attn_balance = oa::number(args, "attn_balance", o.attn_balance, source);
    // clip_act None: no clipping (0 here).
    o.clip_act = args.contains("clip_act") && args.at("clip_act").is_null() ? 0 : oa::number(args, "clip_act", o.clip_act, source);
    o.channels_per_head = oa::whole(args, "channels_per_head", o.channels_per_head, source);
    o.dropout_res = oa::whole(args, "dropout_res", 0, source);
    o.resample_filter = oa::number_list(args, "resample_filter", o.resample_filter, source);
    o.logvar_channels = oa::whole(args, "logvar_channels", o.logvar_channels, source);
    c.family_options = o.to_json().dump();
    (void)notes;
}

}  // namespace

NetworkFamily edm2_unet_family()
{
    NetworkFamily f;
    f.name = "edm2";
    f.title = "EDM2 UNet";
    f.official_class = "UNet";
    f.about = "EDM2's magnitude-preserving U-Net (EDM2's ImageNet-64 models; ECT's ImageNet-64 tuning)";
    f.options = edm2_options;
    f.build = [](const NetworkConfig& c) -> std::shared_ptr<BackboneImpl> { return std::make_shared<Edm2UNetImpl>(c); };
    f.official_args = {"img_resolution", "img_channels",       "label_dim",        "model_channels",
                       "channel_mult",   "channel_mult_noise", "channel_mult_emb", "num_blocks",
                       "attn_resolutions", "label_balance",    "concat_balance"};
    f.import = edm2_import;
    f.summary = [](const NetworkConfig& c) {
        const Edm2Options o = Edm2Options::read(json::parse(c.family_options), "network");
        std::string s = o.logvar_channels ? ", uncertainty head" : ", no uncertainty head";
        if (o.dropout_res) s += ", dropout at <= " + std::to_string(o.dropout_res);
        return s;
    };
    return f;
}

}  // namespace ect
