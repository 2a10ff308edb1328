// NetworkConfig: JSON round trip and validation of SongUNet architectures.
#include "ect/network/network_config.h"

#include "ect/error.h"
#include "ect/io/json_read.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <type_traits>
#include <sstream>

namespace ect {

using json = nlohmann::json;

NetworkConfig NetworkConfig::cifar10_ddpmpp()
{
    NetworkConfig c;
    c.img_resolution = 32;
    c.img_channels = 3;
    c.model_channels = 128;
    c.channel_mult = {2, 2, 2};
    c.num_blocks = 4;
    c.attn_resolutions = {16};
    c.dropout = 0.2;  // ECT's tuning dropout
    return c;
}

namespace {

// A whole number that fits an int: 28.7 or 1e9 (a float) and 2^40 are refused, not truncated.
int strict_int(const json& v, const char* key, const std::string& source)
{
    if (!v.is_number_integer())
        fail(source, std::string("field '") + key + "' must be a whole number, not " + v.dump());
    if (v.is_number_unsigned() ? v.get<uint64_t>() > uint64_t(INT_MAX)
                               : (v.get<int64_t>() > INT_MAX || v.get<int64_t>() < INT_MIN))
        fail(source, std::string("field '") + key + "' is out of range: " + v.dump());
    return int(v.get<int64_t>());
}

double strict_double(const json& v, const char* key, const std::string& source)
{
    if (!v.is_number()) fail(source, std::string("field '") + key + "' must be a number, not " + v.dump());
    return v.get<double>();
}

template <typename T>
void read_field(const json& j, const char* key, T& out, const std::string& source)
{
    if (!j.contains(key)) return;  // absent keys keep EDM's SongUNet defaults
    const json& v = j.at(key);
    if constexpr (std::is_same_v<T, int>) {
        out = strict_int(v, key, source);
    } else if constexpr (std::is_same_v<T, double>) {
        out = strict_double(v, key, source);
    } else if constexpr (std::is_same_v<T, std::vector<int>> || std::is_same_v<T, std::vector<double>>) {
        if (!v.is_array() || v.size() > 64)
            fail(source, std::string("field '") + key + "' must be a list of at most 64 numbers, not " + v.dump());
        out.clear();
        for (const auto& item : v) {
            if constexpr (std::is_same_v<T, std::vector<int>>) out.push_back(strict_int(item, key, source));
            else out.push_back(strict_double(item, key, source));
        }
    } else {
        if (!v.is_string()) fail(source, std::string("field '") + key + "' must be text, not " + v.dump());
        out = v.get<std::string>();
    }
}

}  // namespace

NetworkConfig NetworkConfig::from_json(const std::string& text, const std::string& source)
{
    json j;
    try {
        // A description is a flat object with a few short lists: 3 levels and a few hundred values
        // (its text may be as long as a header; 100 MiB of "[" would take gigabytes as values).
        j = parse_json_bounded(text, source, 3, 4096);
    } catch (const json::exception& e) {
        fail(source, std::string("network description is not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) fail(source, "network description is not a JSON object");
    for (const char* key : {"arch", "img_resolution", "img_channels"})
        if (!j.contains(key)) fail(source, std::string("network description lacks '") + key + "'");
    NetworkConfig c;
    read_field(j, "arch", c.arch, source);
    read_field(j, "img_resolution", c.img_resolution, source);
    read_field(j, "img_channels", c.img_channels, source);
    read_field(j, "label_dim", c.label_dim, source);
    read_field(j, "model_channels", c.model_channels, source);
    read_field(j, "channel_mult", c.channel_mult, source);
    read_field(j, "channel_mult_emb", c.channel_mult_emb, source);
    read_field(j, "channel_mult_noise", c.channel_mult_noise, source);
    read_field(j, "num_blocks", c.num_blocks, source);
    read_field(j, "attn_resolutions", c.attn_resolutions, source);
    read_field(j, "dropout", c.dropout, source);
    read_field(j, "embedding_type", c.embedding_type, source);
    read_field(j, "encoder_type", c.encoder_type, source);
    read_field(j, "decoder_type", c.decoder_type, source);
    read_field(j, "resample_filter", c.resample_filter, source);
    read_field(j, "sigma_data", c.sigma_data, source);
    read_field(j, "sigma_min", c.sigma_min, source);
    c.validate(source);
    return c;
}

std::string NetworkConfig::to_json() const
{
    json j = {{"arch", arch},
              {"img_resolution", img_resolution},
              {"img_channels", img_channels},
              {"label_dim", label_dim},
              {"model_channels", model_channels},
              {"channel_mult", channel_mult},
              {"channel_mult_emb", channel_mult_emb},
              {"channel_mult_noise", channel_mult_noise},
              {"num_blocks", num_blocks},
              {"attn_resolutions", attn_resolutions},
              {"dropout", dropout},
              {"embedding_type", embedding_type},
              {"encoder_type", encoder_type},
              {"decoder_type", decoder_type},
              {"resample_filter", resample_filter},
              {"sigma_data", sigma_data},
              {"sigma_min", sigma_min}};
    return j.dump();
}

void NetworkConfig::validate(const std::string& source) const
{
    auto bad = [&](const std::string& what) { fail(source, "invalid network: " + what); };
    if (arch != "songunet") bad("unsupported arch '" + arch + "' (only 'songunet')");
    if (img_channels < 1 || img_channels > 64) bad("img_channels must be 1..64");
    if (label_dim < 0 || label_dim > 100000) bad("label_dim must be >= 0");
    if (model_channels < 4 || model_channels > 4096) bad("model_channels must be 4..4096");
    if (channel_mult.empty() || channel_mult.size() > 8) bad("channel_mult needs 1..8 levels");
    for (int m : channel_mult)
        if (m < 1 || m > 64) bad("channel_mult entries must be 1..64");
    if (channel_mult_emb < 1 || channel_mult_emb > 64 || channel_mult_noise < 1 || channel_mult_noise > 64)
        bad("channel_mult_emb and channel_mult_noise must be 1..64");
    if (num_blocks < 1 || num_blocks > 64) bad("num_blocks must be 1..64");
    if (img_resolution < 1 || img_resolution > 4096) bad("img_resolution must be 1..4096");
    const int levels = static_cast<int>(channel_mult.size());
    if (img_resolution % (1 << (levels - 1)) != 0)
        bad("img_resolution " + std::to_string(img_resolution) + " is not divisible by 2^" +
            std::to_string(levels - 1) + " for " + std::to_string(levels) + " levels");
    if (!(dropout >= 0 && dropout < 1)) bad("dropout must be in [0, 1)");
    if (embedding_type != "positional" && embedding_type != "fourier")
        bad("embedding_type must be 'positional' or 'fourier'");
    if (encoder_type != "standard" && encoder_type != "skip" && encoder_type != "residual")
        bad("encoder_type must be 'standard', 'skip' or 'residual'");
    if (decoder_type != "standard" && decoder_type != "skip") bad("decoder_type must be 'standard' or 'skip'");
    if (resample_filter.empty() || resample_filter.size() > 8) bad("resample_filter needs 1..8 taps");
    double sum = 0;
    for (double f : resample_filter) sum += f;
    if (model_channels * channel_mult_noise < 4) bad("noise embedding needs at least 4 channels");
    // Ranges where the preconditioning's float32 arithmetic means something: EDM uses 0.5 and
    // 0.002; a sigma_data of 1e300 or 1e-300 passes "> 0" and samples NaN, zeros or infinities.
    if (!(sigma_data >= 1e-3 && sigma_data <= 1e3)) bad("sigma_data must be in [0.001, 1000] (EDM: 0.5)");
    if (!(sigma_min >= 0 && sigma_min <= 1)) bad("sigma_min must be in [0, 1] (ECT: 0.002)");
    for (double f : resample_filter)
        if (!(std::abs(f) <= 1e3)) bad("resample_filter taps must be finite, within ±1000");
    if (std::abs(sum) < 1e-6) bad("resample_filter taps sum to zero");
}

std::string NetworkConfig::summary() const
{
    std::ostringstream s;
    auto list = [&](const auto& v) {
        s << '[';
        for (size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
        s << ']';
    };
    s << "SongUNet " << img_resolution << 'x' << img_resolution << 'x' << img_channels << ", ";
    if (label_dim)
        s << label_dim << " classes";
    else
        s << "unconditional";
    s << ", channels " << model_channels << 'x';
    list(channel_mult);
    s << ", " << num_blocks << " blocks, attention at ";
    list(attn_resolutions);
    s << ", " << embedding_type << " embedding, " << encoder_type << " encoder, dropout " << dropout;
    return s.str();
}

}  // namespace ect
