// DhariwalUNet (ADM, "Diffusion Models Beat GANs") as in EDM's training/networks.py, with its
// parameter names and initialisation, and its row of the family table.
#include "ect/error.h"
#include "ect/network/edm_layers.h"
#include "ect/network/families.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace ect {
namespace {

using json = nlohmann::json;

constexpr int kChannelsPerHead = 64;  // EDM's DhariwalUNet: heads = channels / 64
// EDM's DhariwalUNet initialisation: kaiming_uniform ×√(1/3) for weights and biases; zeros for
// the layers that end a residual branch.
const WeightInit kInit{WeightInit::Mode::KaimingUniform, std::sqrt(1.0 / 3), std::sqrt(1.0 / 3)};
const WeightInit kInitZero{WeightInit::Mode::KaimingUniform, 0.0, 0.0};

int channels_per_head(const NetworkConfig& c)
{
    int v = kChannelsPerHead;
    description::read(json::parse(c.family_options), "channels_per_head", v, "network");
    return v;
}

struct DhariwalUNetImpl : BackboneImpl {
    explicit DhariwalUNetImpl(const NetworkConfig& c) : config(c)
    {
        config.validate();
        const int emb_channels = c.model_channels * c.channel_mult_emb;
        const int per_head = channels_per_head(c);
        size_t slot = 0;
        auto has_attn = [&](int res) {
            return std::find(c.attn_resolutions.begin(), c.attn_resolutions.end(), res) != c.attn_resolutions.end();
        };
        auto block = [&](int cin, int cout, bool up, bool down, bool attention) {
            UNetBlockOptions o;
            o.in_channels = cin;
            o.out_channels = cout;
            o.emb_channels = emb_channels;
            o.up = up;
            o.down = down;
            o.num_heads = attention ? cout / per_head : 0;  // fewer channels than a head: no attention
            o.dropout = c.dropout;
            o.init = kInit;
            o.init_zero = kInitZero;
            o.init_attn = kInit;
            o.dropout_slot = slot++;
            return UNetBlock(o);
        };

        // Mapping: the positional embedding has model_channels channels (no endpoint).
        map_layer0 = register_module("map_layer0", EdmLinear(c.model_channels, emb_channels, kInit));
        map_layer1 = register_module("map_layer1", EdmLinear(emb_channels, emb_channels, kInit));
        if (c.label_dim) {
            const WeightInit label_init{WeightInit::Mode::KaimingNormal, std::sqrt(double(c.label_dim)), 0.0};
            map_label = register_module("map_label", EdmLinear(c.label_dim, emb_channels, label_init, /*bias=*/false));
        }

        // Encoder.
        auto enc = register_module("enc", std::make_shared<torch::nn::Module>());
        const int levels = int(c.channel_mult.size());
        int cout = c.img_channels;
        std::vector<int> skips;
        for (int level = 0; level < levels; ++level) {
            const int res = c.img_resolution >> level;
            const std::string r = std::to_string(res) + "x" + std::to_string(res);
            if (level == 0) {
                const int cin = cout;
                cout = c.model_channels * c.channel_mult[level];
                input_conv = enc->register_module(r + "_conv", EdmConv2d(EdmConv2dOptions(cin, cout, 3).init(kInit)));
            } else {
                encoder.push_back(enc->register_module(r + "_down", block(cout, cout, false, true, false)));
            }
            skips.push_back(cout);
            for (int idx = 0; idx < c.num_blocks; ++idx) {
                const int cin = cout;
                cout = c.model_channels * c.channel_mult[level];
                encoder.push_back(enc->register_module(r + "_block" + std::to_string(idx), block(cin, cout, false, false, has_attn(res))));
                skips.push_back(cout);
            }
        }

        // Decoder.
        auto dec = register_module("dec", std::make_shared<torch::nn::Module>());
        for (int level = levels - 1; level >= 0; --level) {
            const int res = c.img_resolution >> level;
            const std::string r = std::to_string(res) + "x" + std::to_string(res);
            if (level == levels - 1) {
                decoder.push_back(dec->register_module(r + "_in0", block(cout, cout, false, false, true)));
                decoder.push_back(dec->register_module(r + "_in1", block(cout, cout, false, false, false)));
            } else {
                decoder.push_back(dec->register_module(r + "_up", block(cout, cout, true, false, false)));
            }
            for (int idx = 0; idx <= c.num_blocks; ++idx) {
                const int cin = cout + skips.back();
                skips.pop_back();
                cout = c.model_channels * c.channel_mult[level];
                decoder.push_back(dec->register_module(r + "_block" + std::to_string(idx), block(cin, cout, false, false, has_attn(res))));
            }
        }
        out_norm = register_module("out_norm", EdmGroupNorm(cout, 1e-5));
        out_conv = register_module("out_conv", EdmConv2d(EdmConv2dOptions(cout, c.img_channels, 3).init(kInitZero)));
    }

    torch::Tensor forward(const torch::Tensor& x_in, const torch::Tensor& noise_labels, const torch::Tensor& class_labels,
                          DropoutMasks* masks) override
    {
        torch::Tensor emb = positional_embedding(noise_labels, config.model_channels, /*endpoint=*/false);
        emb = torch::silu(map_layer0->forward(emb));
        emb = map_layer1->forward(emb);
        if (map_label) {
            if (!class_labels.defined()) fail("network", "a class-conditional network needs class labels");
            emb = emb + map_label->forward(class_labels);
        }
        emb = torch::silu(emb);

        torch::Tensor x = input_conv->forward(x_in);
        std::vector<torch::Tensor> skips{x};
        for (auto& b : encoder) {
            x = b->forward(x, emb, masks);
            skips.push_back(x);
        }
        for (auto& b : decoder) {
            if (x.size(1) != b->options.in_channels) {
                x = torch::cat({x, skips.back()}, 1);
                skips.pop_back();
            }
            x = b->forward(x, emb, masks);
        }
        return out_conv->forward(torch::silu(out_norm->forward(x)));
    }

    int64_t flops_per_image() const override
    {
        int64_t f = linear_flops(*map_layer0) + linear_flops(*map_layer1);
        if (map_label) f += linear_flops(*map_label);
        int64_t res = config.img_resolution;
        f += conv_flops(*input_conv, res);
        for (const auto& b : encoder) {
            if (b->options.down) res /= 2;
            f += b->flops(res);
        }
        for (const auto& b : decoder) {
            if (b->options.up) res *= 2;
            f += b->flops(res);
        }
        return f + conv_flops(*out_conv, res);
    }

    NetworkConfig config;
    EdmLinear map_layer0{nullptr}, map_layer1{nullptr}, map_label{nullptr};
    EdmConv2d input_conv{nullptr}, out_conv{nullptr};
    std::vector<UNetBlock> encoder, decoder;
    EdmGroupNorm out_norm{nullptr};
};

std::string dhariwal_options(const json& j, const NetworkConfig& shared, const std::string& source)
{
    int per_head = kChannelsPerHead;
    description::read(j, "channels_per_head", per_head, source);
    if (per_head < 1 || per_head > 4096) fail(source, "invalid network: channels_per_head must be 1..4096");
    // The ADM network's noise embedding is model_channels wide: there is no multiplier to set.
    if (shared.channel_mult_noise != 1)
        fail(source, "invalid network: DhariwalUNet has no channel_mult_noise (it must be 1)");
    return json{{"channels_per_head", per_head}}.dump();
}

void dhariwal_import(const json& args, NetworkConfig& c, std::string& notes, const std::string& source)
{
    namespace oa = official_args;
    oa::only_known(args,
                   {"img_resolution", "in_channels", "out_channels", "label_dim", "augment_dim", "model_channels",
                    "channel_mult", "channel_mult_emb", "num_blocks", "attn_resolutions", "dropout", "label_dropout"},
                   "DhariwalUNet", source);
    // EDM's DhariwalUNet defaults where the snapshot leaves an argument out.
    c.model_channels = oa::whole(args, "model_channels", 192, source);
    c.channel_mult = oa::whole_list(args, "channel_mult", {1, 2, 3, 4}, source);
    c.channel_mult_emb = oa::whole(args, "channel_mult_emb", 4, source);
    c.channel_mult_noise = 1;
    c.num_blocks = oa::whole(args, "num_blocks", 3, source);
    c.attn_resolutions = oa::whole_list(args, "attn_resolutions", {32, 16, 8}, source);
    c.dropout = oa::number(args, "dropout", 0.10, source);
    c.family_options = json{{"channels_per_head", kChannelsPerHead}}.dump();
    oa::note_training_only(args, notes, source);
}

}  // namespace

NetworkFamily dhariwal_unet_family()
{
    NetworkFamily f;
    f.name = "dhariwal";
    f.title = "DhariwalUNet (ADM)";
    f.official_class = "DhariwalUNet";
    f.about = "ADM's U-Net as EDM writes it (EDM's ImageNet-64 model)";
    f.options = dhariwal_options;
    f.build = [](const NetworkConfig& c) -> std::shared_ptr<BackboneImpl> { return std::make_shared<DhariwalUNetImpl>(c); };
    f.official_args = {"img_resolution", "in_channels",      "out_channels", "label_dim",        "augment_dim",
                       "model_channels", "channel_mult",     "channel_mult_emb", "num_blocks",   "attn_resolutions",
                       "dropout",        "label_dropout"};
    f.import = dhariwal_import;
    f.summary = [](const NetworkConfig& c) {
        return ", " + std::to_string(channels_per_head(c)) + " channels per attention head";
    };
    return f;
}

}  // namespace ect
