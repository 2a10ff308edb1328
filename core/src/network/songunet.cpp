// SongUNet as in EDM's training/networks.py, with the same parameter names and initialisation,
// and its row of the family table.
#include "ect/network/songunet.h"

#include "ect/error.h"
#include "ect/network/families.h"

#include <nlohmann/json.hpp>

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>

namespace ect {

using json = nlohmann::json;

namespace {

const double kSkipScale = std::sqrt(0.5);  // residual and attention outputs are scaled by √0.5
constexpr double kBlockEps = 1e-6;         // GroupNorm eps in SongUNet
// EDM's SongUNet initialisation: xavier_uniform; conv1 / proj / output conv ×1e-5; qkv ×√0.2.
const WeightInit kInit{WeightInit::Mode::XavierUniform, 1.0, 0.0};
const WeightInit kInitZero{WeightInit::Mode::XavierUniform, 1e-5, 0.0};
const WeightInit kInitAttn{WeightInit::Mode::XavierUniform, std::sqrt(0.2), 0.0};

}  // namespace

namespace {

// SongUNet's own fields of a description; absent ones keep EDM's defaults.
SongUNetOptions read_songunet_options(const json& j, const std::string& source)
{
    SongUNetOptions o;
    description::read(j, "embedding_type", o.embedding_type, source);
    description::read(j, "encoder_type", o.encoder_type, source);
    description::read(j, "decoder_type", o.decoder_type, source);
    description::read(j, "resample_filter", o.resample_filter, source);
    return o;
}

}  // namespace

SongUNetOptions SongUNetOptions::of(const NetworkConfig& config, const std::string& source)
{
    return read_songunet_options(json::parse(config.family_options), source);
}

SongUNetImpl::SongUNetImpl(const NetworkConfig& c) : config(c), options(SongUNetOptions::of(c))
{
    config.validate();
    const SongUNetOptions& so = options;
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
        o.num_heads = attention ? 1 : 0;
        o.dropout = c.dropout;
        o.skip_scale = kSkipScale;
        o.eps = kBlockEps;
        o.resample_filter = so.resample_filter;
        o.resample_proj = true;
        o.adaptive_scale = false;
        o.init = kInit;
        o.init_zero = kInitZero;
        o.init_attn = kInitAttn;
        o.dropout_slot = slot++;
        return UNetBlock(o).ptr();
    };
    auto has_attn = [&](int res) {
        return std::find(c.attn_resolutions.begin(), c.attn_resolutions.end(), res) != c.attn_resolutions.end();
    };

    // Mapping.
    if (so.embedding_type == "fourier") {
        auto map_noise = register_module("map_noise", std::make_shared<torch::nn::Module>());
        constexpr double kFourierScale = 16;  // EDM's NCSN++ initial frequency scale
        fourier_freqs_ = map_noise->register_buffer("freqs", torch::randn({noise_channels / 2}, parameter_options()) * kFourierScale);
    }
    if (c.label_dim) map_label_ = register_module("map_label", EdmLinear(c.label_dim, noise_channels, kInit));
    map_layer0_ = register_module("map_layer0", EdmLinear(noise_channels, emb_channels, kInit));
    map_layer1_ = register_module("map_layer1", EdmLinear(emb_channels, emb_channels, kInit));

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
            add_enc(r + "_conv", Kind::Conv, EdmConv2d(EdmConv2dOptions(cin, cout, 3).init(kInit)).ptr());
            skips.push_back(cout);
        } else {
            add_enc(r + "_down", Kind::Block, block(cout, cout, false, true, false));
            skips.push_back(cout);
            if (so.encoder_type == "skip") {
                add_enc(r + "_aux_down", Kind::AuxDown,
                        EdmConv2d(EdmConv2dOptions(caux, caux, 0).down(true).resample_filter(so.resample_filter)).ptr());
                add_enc(r + "_aux_skip", Kind::AuxSkip,
                        EdmConv2d(EdmConv2dOptions(caux, cout, 1).init(kInit)).ptr());
            }
            if (so.encoder_type == "residual") {
                add_enc(r + "_aux_residual", Kind::AuxResidual,
                        EdmConv2d(EdmConv2dOptions(caux, cout, 3).down(true).resample_filter(so.resample_filter).fused_resample(true).init(kInit)).ptr());
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
        if (so.decoder_type == "skip" || level == 0) {
            if (so.decoder_type == "skip" && level < levels - 1)
                add_dec(r + "_aux_up", Kind::AuxUp,
                        EdmConv2d(EdmConv2dOptions(out_channels, out_channels, 0).up(true).resample_filter(so.resample_filter)).ptr());
            add_dec(r + "_aux_norm", Kind::AuxNorm, EdmGroupNorm(cout, kBlockEps).ptr());
            add_dec(r + "_aux_conv", Kind::AuxConv,
                    EdmConv2d(EdmConv2dOptions(cout, out_channels, 3).init(kInitZero)).ptr());
        }
    }
}

torch::Tensor SongUNetImpl::embed_noise(const torch::Tensor& noise_labels)
{
    const torch::Tensor x = noise_labels.to(torch::kFloat32).reshape({-1});
    torch::Tensor phase;
    if (fourier_freqs_.defined()) {
        phase = torch::outer(x, fourier_freqs_ * (2 * M_PI));
        return torch::cat({phase.sin(), phase.cos()}, 1);
    }
    // The "endpoint" positional embedding of DDPM++, [cos, sin], then the halves swapped to
    // [sin, cos] as SongUNet.forward does.
    const torch::Tensor e =
        positional_embedding(x, int64_t(config.model_channels) * config.channel_mult_noise, /*endpoint=*/true);
    return e.reshape({e.size(0), 2, -1}).flip(1).reshape(e.sizes());
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
            f += b->flops(res);
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
            f += b->flops(res);
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

// ---------------------------------------------------------------------------------------------
// The family row.

namespace {

std::string songunet_options(const json& j, const NetworkConfig& shared, const std::string& source)
{
    auto bad = [&](const std::string& what) { fail(source, "invalid network: " + what); };
    const SongUNetOptions o = read_songunet_options(j, source);
    if (o.embedding_type != "positional" && o.embedding_type != "fourier")
        bad("embedding_type must be 'positional' or 'fourier'");
    if (o.encoder_type != "standard" && o.encoder_type != "skip" && o.encoder_type != "residual")
        bad("encoder_type must be 'standard', 'skip' or 'residual'");
    if (o.decoder_type != "standard" && o.decoder_type != "skip") bad("decoder_type must be 'standard' or 'skip'");
    if (o.resample_filter.empty() || o.resample_filter.size() > 8) bad("resample_filter needs 1..8 taps");
    double sum = 0;
    for (double f : o.resample_filter) {
        if (!(std::abs(f) <= 1e3)) bad("resample_filter taps must be finite, within ±1000");
        sum += f;
    }
    if (std::abs(sum) < 1e-6) bad("resample_filter taps sum to zero");
    (void)shared;
    return json{{"embedding_type", o.embedding_type},
                {"encoder_type", o.encoder_type},
                {"decoder_type", o.decoder_type},
                {"resample_filter", o.resample_filter}}
        .dump();
}

void songunet_import(const json& args, NetworkConfig& c, std::string& notes, const std::string& source)
{
    namespace oa = official_args;
    oa::only_known(args,
                   {"img_resolution", "in_channels", "out_channels", "label_dim", "augment_dim", "model_channels",
                    "channel_mult", "channel_mult_emb", "num_blocks", "attn_resolutions", "dropout", "label_dropout",
                    "embedding_type", "channel_mult_noise", "encoder_type", "decoder_type", "resample_filter"},
                   "SongUNet", source);
    // EDM's SongUNet defaults where the snapshot leaves an argument out.
    c.model_channels = oa::whole(args, "model_channels", 128, source);
    c.channel_mult = oa::whole_list(args, "channel_mult", {1, 2, 2, 2}, source);
    c.channel_mult_emb = oa::whole(args, "channel_mult_emb", 4, source);
    c.channel_mult_noise = oa::whole(args, "channel_mult_noise", 1, source);
    c.num_blocks = oa::whole(args, "num_blocks", 4, source);
    c.attn_resolutions = oa::whole_list(args, "attn_resolutions", {16}, source);
    c.dropout = oa::number(args, "dropout", 0.10, source);
    c.family_options = json{{"embedding_type", oa::text(args, "embedding_type", "positional", source)},
                            {"encoder_type", oa::text(args, "encoder_type", "standard", source)},
                            {"decoder_type", oa::text(args, "decoder_type", "standard", source)},
                            {"resample_filter", oa::number_list(args, "resample_filter", {1, 1}, source)}}
                           .dump();
    oa::note_training_only(args, notes, source);
}

}  // namespace

NetworkFamily songunet_family()
{
    NetworkFamily f;
    f.name = "songunet";
    f.title = "SongUNet";
    f.official_class = "SongUNet";
    f.about = "EDM's DDPM++ / NCSN++ U-Net (CIFAR-10, FFHQ, AFHQ; ECT's CIFAR-10 models)";
    f.options = songunet_options;
    f.build = [](const NetworkConfig& c) -> std::shared_ptr<BackboneImpl> { return std::make_shared<SongUNetImpl>(c); };
    f.official_args = {"img_resolution", "in_channels",    "out_channels",     "label_dim",       "augment_dim",
                       "model_channels", "channel_mult",   "channel_mult_emb", "num_blocks",      "attn_resolutions",
                       "dropout",        "label_dropout",  "embedding_type",   "channel_mult_noise", "encoder_type",
                       "decoder_type",   "resample_filter"};
    f.import = songunet_import;
    f.summary = [](const NetworkConfig& c) {
        const SongUNetOptions o = SongUNetOptions::of(c);
        return ", " + o.embedding_type + " embedding, " + o.encoder_type + " encoder";
    };
    return f;
}

}  // namespace ect
