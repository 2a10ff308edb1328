// NetworkConfig: JSON round trip and validation of network descriptions of every family.
#include "ect/network/network_config.h"

#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/network/families.h"

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

const json* list_field(const json& j, const char* key, const std::string& source)
{
    if (!j.contains(key)) return nullptr;
    const json& v = j.at(key);
    if (!v.is_array() || v.size() > 64)
        fail(source, std::string("field '") + key + "' must be a list of at most 64 numbers, not " + v.dump());
    return &v;
}

}  // namespace

// Absent keys keep the value `out` had (the family's default).
namespace description {

void read(const json& j, const char* key, int& out, const std::string& source)
{
    if (j.contains(key)) out = strict_int(j.at(key), key, source);
}

void read(const json& j, const char* key, double& out, const std::string& source)
{
    if (j.contains(key)) out = strict_double(j.at(key), key, source);
}

void read(const json& j, const char* key, std::string& out, const std::string& source)
{
    if (!j.contains(key)) return;
    if (!j.at(key).is_string()) fail(source, std::string("field '") + key + "' must be text, not " + j.at(key).dump());
    out = j.at(key).get<std::string>();
}

void read(const json& j, const char* key, std::vector<int>& out, const std::string& source)
{
    if (const json* v = list_field(j, key, source)) {
        out.clear();
        for (const auto& item : *v) out.push_back(strict_int(item, key, source));
    }
}

void read(const json& j, const char* key, std::vector<double>& out, const std::string& source)
{
    if (const json* v = list_field(j, key, source)) {
        out.clear();
        for (const auto& item : *v) out.push_back(strict_double(item, key, source));
    }
}

}  // namespace description

namespace {

bool is_preconditioning(const std::string& p)
{
    return p == "edm" || p == "vp" || p == "ve";
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
    using description::read;
    NetworkConfig c;
    read(j, "arch", c.arch, source);
    read(j, "precond", c.precond, source);
    read(j, "img_resolution", c.img_resolution, source);
    read(j, "img_channels", c.img_channels, source);
    read(j, "label_dim", c.label_dim, source);
    read(j, "model_channels", c.model_channels, source);
    read(j, "channel_mult", c.channel_mult, source);
    read(j, "channel_mult_emb", c.channel_mult_emb, source);
    read(j, "channel_mult_noise", c.channel_mult_noise, source);
    read(j, "num_blocks", c.num_blocks, source);
    read(j, "attn_resolutions", c.attn_resolutions, source);
    read(j, "dropout", c.dropout, source);
    read(j, "sigma_data", c.sigma_data, source);
    read(j, "sigma_min", c.sigma_min, source);
    read(j, "transition_t", c.transition_t, source);
    read(j, "vp_beta_d", c.vp_beta_d, source);
    read(j, "vp_beta_min", c.vp_beta_min, source);
    read(j, "vp_M", c.vp_M, source);
    // The family's own keys sit beside the shared ones (SongUNet's since the first model files).
    c.family_options = network_family(c.arch, source).options(j, c, source);
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
              {"sigma_data", sigma_data},
              {"sigma_min", sigma_min}};
    // Written only when it is not EDM's, so files of the EDM family read as before in older builds.
    if (precond != "edm") j["precond"] = precond;
    if (transition_t > 0) j["transition_t"] = transition_t;  // only two-stage (TCM) models have it
    if (precond == "vp") {
        j["vp_beta_d"] = vp_beta_d;
        j["vp_beta_min"] = vp_beta_min;
        j["vp_M"] = vp_M;
    }
    // The family's fields in their canonical form, so "{}" (its defaults) and the spelled-out
    // defaults describe a network the same way.
    const json own = json::parse(network_family(arch).options(json::parse(family_options), *this, "network"));
    for (const auto& [key, value] : own.items())
        if (!j.contains(key)) j[key] = value;
    return j.dump();
}

void NetworkConfig::validate(const std::string& source) const
{
    auto bad = [&](const std::string& what) { fail(source, "invalid network: " + what); };
    const NetworkFamily& family = network_family(arch, source);
    if (!is_preconditioning(precond)) bad("precond must be 'edm', 'vp' or 've', not '" + precond + "'");
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
    if (model_channels * channel_mult_noise < 4) bad("noise embedding needs at least 4 channels");
    // Ranges where the preconditioning's float32 arithmetic means something: EDM uses 0.5 and
    // 0.002; a sigma_data of 1e300 or 1e-300 passes "> 0" and samples NaN, zeros or infinities.
    if (!(sigma_data >= 1e-3 && sigma_data <= 1e3)) bad("sigma_data must be in [0.001, 1000] (EDM: 0.5)");
    if (!(sigma_min >= 0 && sigma_min <= 1)) bad("sigma_min must be in [0, 1] (ECT: 0.002)");
    if (!(transition_t == 0 || (transition_t >= 1e-3 && transition_t <= 80)))
        bad("transition_t must be 0 (one stage) or in [0.001, 80] (TCM: 1)");
    if (transition_t > 0 && precond != "edm") bad("a two-stage (TCM) network has EDM's preconditioning");
    if (!(vp_beta_d > 0 && vp_beta_d <= 1e3) || !(vp_beta_min >= 0 && vp_beta_min <= 1e3))
        bad("vp_beta_d must be in (0, 1000] and vp_beta_min in [0, 1000] (EDM: 19.9 and 0.1)");
    if (vp_M < 2 || vp_M > 1000000) bad("vp_M must be 2..1000000 (EDM: 1000)");
    json own;
    try {
        own = parse_json_bounded(family_options, source, 3, 4096);
    } catch (const json::exception& e) {
        bad(std::string("the family's fields are not valid JSON (") + e.what() + ")");
    }
    if (!own.is_object()) bad("the family's fields are not a JSON object");
    family.options(own, *this, source);  // throws on a bad field of the family's own
}

std::string NetworkConfig::family_title() const
{
    const NetworkFamily* f = nullptr;
    for (const auto& row : network_families())
        if (row.name == arch) f = &row;
    return f ? f->title : arch;
}

std::string NetworkConfig::summary() const
{
    std::ostringstream s;
    auto list = [&](const auto& v) {
        s << '[';
        for (size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
        s << ']';
    };
    s << family_title() << ' ' << img_resolution << 'x' << img_resolution << 'x' << img_channels << ", ";
    if (label_dim)
        s << label_dim << " classes";
    else
        s << "unconditional";
    s << ", channels " << model_channels << 'x';
    list(channel_mult);
    s << ", " << num_blocks << " blocks, attention at ";
    list(attn_resolutions);
    for (const auto& row : network_families())
        if (row.name == arch && row.summary) s << row.summary(*this);
    s << ", dropout " << dropout;
    if (precond == "vp") s << ", VP preconditioning";
    if (precond == "ve") s << ", VE preconditioning";
    if (transition_t > 0) s << ", two stages (TCM: the first below t' = " << transition_t << ")";
    return s.str();
}

}  // namespace ect
