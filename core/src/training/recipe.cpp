// Training recipes: the preset table, TrainConfig's JSON form and its checks.
#include "ect/training/recipe.h"

#include "ect/device.h"
#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/network/families.h"
#include "ect/training/objective.h"
#include "ect/training/phema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace ect {

using json = nlohmann::json;

namespace {

// The optimisation settings of one mode of a preset.
struct ModeColumns {
    int64_t batch;
    double lr, warmup_kimg, dropout;
    double ema_beta, ema_halflife_kimg, ema_rampup;  // a half-life > 0 replaces the per-step beta
    double stage_kimg;                               // ECT's stage length (tuning)
    int64_t steps;
};

// One preset: the network and the run settings both modes share, then the pretraining (EDM, Adam)
// and the tuning (ECT, RAdam) columns. Every network is its family's defaults (SongUNet: positional
// embedding, standard encoder and decoder) with the row's shape.
struct PresetRow {
    const char* name;
    const char* arch;  // the network family (network_families())
    int resolution, image_channels, classes;  // the data the network is drawn for (other data: network_for_data)
    int channels;
    std::vector<int> channel_mult;
    int blocks;
    std::vector<int> attn;
    int64_t log_every, sample_every, checkpoint_every;
    int grid_count, grid_heun_steps;
    ModeColumns pretrain, tune;
    // What the columns do not hold (the ImageNet-64 EDM2 recipes: Adam's betas, EDM2's learning
    // rate schedule, ECT's ImageNet loss settings), applied last; nullptr for none.
    void (*adjust)(TrainConfig&) = nullptr;
};

// EDM2's ImageNet-64 pretraining (train_edm2.py: Adam (0.9, 0.99), lr/√(t/ref) past 35k batches,
// EDM2Loss at P_mean −0.8, P_std 1.6 with the uncertainty head) and ECT's ImageNet-64 tuning
// (locuslab/ect imgnet ct_train.py and run_imgnet_ecm.sh: Adam (0.9, 0.99), decay 2000 batches,
// q 4, k 8, b 1, c 0.06, sigmoid mapping, snrpk weighting, P_mean −0.8, P_std 1.6, dropout only at
// ≤ 16×16, mid level 1.526).
void edm2_imagenet(TrainConfig& c)
{
    c.optimizer.kind = OptimizerKind::Adam;
    c.optimizer.beta1 = 0.9;
    c.optimizer.beta2 = 0.99;
    c.optimizer.eps = 1e-8;
    c.edm.P_mean = -0.8;
    c.edm.P_std = 1.6;
    c.network.channel_mult_noise = 1;  // EDM2's None: the first level's width (mult 1)
    c.network.channel_mult_emb = 4;    // and the widest (mult 4)
    if (!find_objective(c.objective).from_base()) {
        c.lr_ref_batches = 35000;
        c.ema_stds = {0.050, 0.100};  // EDM2's PowerFunctionEMA defaults
        c.network.family_options = R"({"logvar_channels": 128})";
    } else {
        c.lr_ref_batches = 2000;
        c.ect.q = 4;
        c.ect.k = 8;
        c.ect.b = 1;
        c.ect.c = 0.06;
        c.ect.mapping = EctMapping::Sigmoid;
        c.ect.weighting = EctWeighting::Edm;  // ECT's "snrpk": (t² + σ_d²)/(t·σ_d)²
        c.ect.P_mean = -0.8;
        c.ect.P_std = 1.6;
        c.two_step_mid = 1.526;
        c.ema_stds = {0.050, 0.100};  // ECT's ImageNet loop keeps EDM2's profiles beside its EMA (β 0.9999)
        c.network.family_options = R"({"logvar_channels": 0, "dropout_res": 16})";
    }
}

// clang-format off
const std::vector<PresetRow> kPresets{
    // EDM's CIFAR-10 DDPM++ recipe (Adam 1e-3, 10 Mimg warm-up, batch 512, dropout 0.13, EMA
    // half-life 0.5 Mimg, 200 Mimg) and the official ECT recipe (RAdam 1e-4, batch 128, dropout
    // 0.2, EMA 0.9999, a stage every 3.2 Mimg = 25k iterations, 25.6 Mimg).
    //                                                     log  grids ckpt grid heun   batch lr   warmup drop  beta    half rampup stage steps
    //                                                     every every every size steps
    {"cifar10",   "songunet", 32, 3, 0,  128, {2, 2, 2},    4, {16}, 100, 1000, 1000, 64,  18, {512, 1e-3, 10000, 0.13, 0.9999, 500, 0.05, 3200, 390625},
                                                                                    {128, 1e-4, 0,     0.2,  0.9999, 0,   0,    3200, 200000}},
    // EDM's FFHQ and AFHQv2 64×64 DDPM++ (train.py --cres=1,2,2,2 --batch=256 --lr=2e-4, dropout
    // 0.05 and 0.25, 200 Mimg; their --augment=0.15 is not ours). Tuning takes ECT's CIFAR-10
    // settings with the dataset's dropout.
    {"ffhq64",    "songunet", 64, 3, 0,  128, {1, 2, 2, 2}, 4, {16}, 100, 1000, 1000, 64,  18, {256, 2e-4, 10000, 0.05, 0.9999, 500, 0.05, 3200, 781250},
                                                                                    {128, 1e-4, 0,     0.05, 0.9999, 0,   0,    3200, 200000}},
    {"afhqv2-64", "songunet", 64, 3, 0,  128, {1, 2, 2, 2}, 4, {16}, 100, 1000, 1000, 64,  18, {256, 2e-4, 10000, 0.25, 0.9999, 500, 0.05, 3200, 781250},
                                                                                    {128, 1e-4, 0,     0.25, 0.9999, 0,   0,    3200, 200000}},
    // Fashion-MNIST, 28×28×1, 10 classes. tiny, small and base are sized for a 2-core CPU.
    {"tiny",      "songunet", 28, 1, 10, 16,  {1, 2},       1, {},   10,  100,  100,  20,  10, {16,  2e-3, 1,     0.1,  0.9999, 1,   0.05, 3200, 1000},
                                                                                    {16,  2e-4, 0,     0.1,  0.99,   0,   0,    2,    500}},
    {"small",     "songunet", 28, 1, 10, 32,  {1, 2, 2},    1, {7},  20,  250,  250,  40,  18, {64,  1e-3, 10,    0.1,  0.9999, 20,  0.05, 3200, 8000},
                                                                                    {64,  1e-4, 0,     0.1,  0.999,  0,   0,    32,   2000}},
    {"base",      "songunet", 28, 1, 10, 64,  {1, 2, 2},    2, {7},  20,  250,  250,  40,  18, {128, 1e-3, 10,    0.1,  0.9999, 20,  0.05, 3200, 8000},
                                                                                    {128, 1e-4, 0,     0.1,  0.999,  0,   0,    64,   2000}},
    // The bundled models' recipe: 3.2M parameters (12.8 MB), sized for a GPU.
    {"fmnist",    "songunet", 28, 1, 10, 32,  {2, 2, 3},    2, {7},  100, 1000, 2000, 100, 18, {256, 1e-3, 10,    0.1,  0.9999, 50,  0.05, 3200, 20000},
                                                                                    {256, 1e-4, 0,     0.1,  0.999,  0,   0,    200,  4000}},
    // EDM's ImageNet-64 ADM recipe (train.py --arch=adm --cond=1 --batch=4096 --lr=1e-4 --ema=50
    // --dropout=0.10 --duration=2500: 2.5 Gimg); tuning takes ECT's CIFAR-10 settings with its dropout.
    {"adm-img64", "dhariwal", 64, 3, 1000, 192, {1, 2, 3, 4}, 3, {32, 16, 8}, 100, 1000, 1000, 64, 18, {4096, 1e-4, 10000, 0.1, 0.9999, 50000, 0.05, 3200, 610352},
                                                                                    {128, 1e-4, 0,     0.1,  0.9999, 0,   0,    3200, 200000}},
    // EDM2's ImageNet-64 networks (train_edm2.py: batch 2048, lr 1e-2 … 7e-3, EMA by the power
    // function in EDM2; a 50 Mimg half-life here) and ECT's tuning of them (batch 128, lr 1e-3 …
    // 7e-4, dropout 0.4/0.5, EMA 0.9999, a stage every 3.2 Mimg, 12.8 Mimg = 100k iterations).
    {"edm2-img64-s",  "edm2", 64, 3, 1000, 192, {1, 2, 3, 4}, 3, {16, 8}, 100, 1000, 1000, 64, 32, {2048, 1e-2, 10000, 0.0, 0.9999, 50000, 0.05, 3200, 524288},
                                                                                    {128, 1e-3, 0,     0.4,  0.9999, 0,   0,    3200, 100000}, edm2_imagenet},
    {"edm2-img64-m",  "edm2", 64, 3, 1000, 256, {1, 2, 3, 4}, 3, {16, 8}, 100, 1000, 1000, 64, 32, {2048, 9e-3, 10000, 0.1, 0.9999, 50000, 0.05, 3200, 1048576},
                                                                                    {128, 9e-4, 0,     0.5,  0.9999, 0,   0,    3200, 100000}, edm2_imagenet},
    {"edm2-img64-l",  "edm2", 64, 3, 1000, 320, {1, 2, 3, 4}, 3, {16, 8}, 100, 1000, 1000, 64, 32, {2048, 8e-3, 10000, 0.1, 0.9999, 50000, 0.05, 3200, 524288},
                                                                                    {128, 8e-4, 0,     0.5,  0.9999, 0,   0,    3200, 100000}, edm2_imagenet},
    {"edm2-img64-xl", "edm2", 64, 3, 1000, 384, {1, 2, 3, 4}, 3, {16, 8}, 100, 1000, 1000, 64, 32, {2048, 7e-3, 10000, 0.1, 0.9999, 50000, 0.05, 3200, 327680},
                                                                                    {128, 7e-4, 0,     0.5,  0.9999, 0,   0,    3200, 100000}, edm2_imagenet},
};
// clang-format on

}  // namespace

std::vector<std::string> preset_names()
{
    std::vector<std::string> names;
    for (const auto& row : kPresets) names.push_back(row.name);
    return names;
}

TrainConfig make_preset(const std::string& name, const std::string& objective)
{
    const Objective& how = find_objective(objective);
    const PresetRow* row = nullptr;
    for (const auto& r : kPresets)
        if (name == r.name) row = &r;
    if (!row) {
        std::string names;
        for (const auto& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
        fail("preset", "unknown preset '" + name + "' (available: " + names + ")");
    }
    TrainConfig c;
    c.objective = how.name();
    c.preset = name;
    NetworkConfig n;
    n.arch = row->arch;
    n.img_resolution = row->resolution;
    n.img_channels = row->image_channels;
    n.label_dim = row->classes;  // a new run takes its data's classes instead
    n.model_channels = row->channels;
    n.channel_mult = row->channel_mult;
    n.num_blocks = row->blocks;
    n.attn_resolutions = row->attn;
    c.network = n;
    c.log_every = row->log_every;
    c.sample_every = row->sample_every;
    c.checkpoint_every = row->checkpoint_every;
    c.grid_count = row->grid_count;
    c.grid_heun_steps = row->grid_heun_steps;
    c.optimizer.kind = how.from_base() ? OptimizerKind::RAdam : OptimizerKind::Adam;
    const ModeColumns* m = how.from_base() ? &row->tune : &row->pretrain;
    c.batch = m->batch;
    c.optimizer.lr = m->lr;
    c.lr_warmup_kimg = m->warmup_kimg;
    c.dropout = m->dropout;
    c.ema_beta = m->ema_beta;
    c.ema_halflife_kimg = m->ema_halflife_kimg;
    c.ema_rampup = m->ema_rampup;
    c.stage_kimg = m->stage_kimg;
    c.steps = m->steps;
    if (row->adjust) row->adjust(c);
    how.adjust_preset(c);
    return c;
}

NetworkConfig network_for_data(const NetworkConfig& preset, int resolution, int channels, std::string* note)
{
    NetworkConfig n = preset;
    n.img_resolution = resolution;
    n.img_channels = channels;
    const int levels = int(n.channel_mult.size());
    const int divisor = 1 << (levels - 1);
    if (resolution % divisor != 0) {
        const int down = resolution / divisor * divisor, up = down + divisor;
        fail("data", "the images are " + std::to_string(resolution) + "×" + std::to_string(resolution) + "; a network with " +
                         std::to_string(levels) + " levels halves them " + std::to_string(levels - 1) +
                         " times, so the resolution must be divisible by " + std::to_string(divisor) +
                         ": give a resolution (" + (down >= 4 ? std::to_string(down) + " or " : "") + std::to_string(up) +
                         ") to resize them, or fewer levels");
    }
    auto level_of = [&](int res, int top) {  // the depth at which a `top` network works at `res`, or -1
        for (int i = 0; i < levels; ++i)
            if (top % (1 << i) == 0 && top >> i == res) return i;
        return -1;
    };
    std::vector<int> moved;
    n.attn_resolutions.clear();
    for (const int r : preset.attn_resolutions) {
        const int depth = level_of(r, preset.img_resolution);
        if (level_of(r, resolution) >= 0 || depth < 0) {
            n.attn_resolutions.push_back(r);  // a level of the new network (EDM's meaning), or the user's own
        } else {
            n.attn_resolutions.push_back(resolution >> depth);
            moved.push_back(r);
        }
    }
    if (note && !moved.empty()) {
        std::string from, to;
        for (size_t i = 0; i < moved.size(); ++i) from += (i ? ", " : "") + std::to_string(moved[i]);
        for (size_t i = 0; i < n.attn_resolutions.size(); ++i) to += (i ? ", " : "") + std::to_string(n.attn_resolutions[i]);
        *note = "self-attention at resolution " + from + " of the " + std::to_string(preset.img_resolution) + "×" +
                std::to_string(preset.img_resolution) + " preset is at " + to + " in this " + std::to_string(resolution) +
                "×" + std::to_string(resolution) + " network (the same depth)";
    }
    n.validate("data");
    return n;
}

void use_network_family(TrainConfig& c, const std::string& arch)
{
    if (arch == c.network.arch) return;
    c.network.arch = network_family(arch, "network family").name;  // Error naming the known ones
    c.network.family_options = "{}";  // the family's own defaults
    if (c.network.arch == "edm2" && !find_objective(c.objective).from_base()) {
        c.edm.P_mean = -0.8;
        c.edm.P_std = 1.6;
    }
}

namespace {

// The recipe's plain values with their JSON keys, listed once for writing and for reading.
template <class Config, class Visit>
void plain_fields(Config& c, Visit&& v)
{
    v("preset", c.preset), v("data", c.data), v("data_limit", c.data_limit), v("xflip", c.xflip);
    v("conditional", c.conditional), v("base_model", c.base_model), v("dropout", c.dropout), v("batch", c.batch);
    v("batch_per_pass", c.batch_per_pass), v("steps", c.steps), v("seed", c.seed), v("device", c.device);
    v("threads", c.threads), v("lr", c.optimizer.lr), v("beta1", c.optimizer.beta1), v("beta2", c.optimizer.beta2);
    v("eps", c.optimizer.eps), v("lr_warmup_kimg", c.lr_warmup_kimg), v("ema_beta", c.ema_beta);
    v("ema_halflife_kimg", c.ema_halflife_kimg), v("ema_rampup", c.ema_rampup);
    v("log_every", c.log_every), v("sample_every", c.sample_every), v("checkpoint_every", c.checkpoint_every);
    v("grid_count", c.grid_count);
}

// Values added after the first release: run folders made before them lack them, and read their
// defaults (quality measurement off).
template <class Config, class Visit>
void later_fields(Config& c, Visit&& v)
{
    v("eval_every", c.eval_every), v("eval_count", c.eval_count), v("eval_data", c.eval_data);
    v("eval_features", c.eval_features), v("max_nonfinite_steps", c.max_nonfinite_steps);
    v("resolution", c.resolution), v("image_channels", c.image_channels);
    v("sample_seconds", c.sample_seconds), v("checkpoint_seconds", c.checkpoint_seconds);
    v("keep_snapshots", c.keep_snapshots), v("lr_ref_batches", c.lr_ref_batches);
    v("continue_schedule", c.continue_schedule);
}

}  // namespace

std::string TrainConfig::to_json() const
{
    json j = {{"objective", objective},
              {"network", json::parse(network.to_json())},
              {"optimizer", OptimizerOptions::kind_name(optimizer.kind)},
              {"precision", precision}};
    auto put = [&](const char* key, const auto& value) { j[key] = value; };
    plain_fields(*this, put);
    later_fields(*this, put);
    // The objective's own options (the others' values are not part of this recipe).
    for (const ObjectiveOption& o : find_objective(objective).options()) {
        const std::string v = option_value(*this, o);
        if (o.is_choice()) j[o.key] = v;
        else j[o.key] = json::parse(v);
    }
    j["ema_stds"] = ema_stds;
    return j.dump(2);
}

TrainConfig TrainConfig::from_json(const std::string& text, const std::string& source)
{
    json j;
    try {
        // A run's config.json: the recipe and its network, 4 levels and a few hundred values.
        j = parse_json_bounded(text, source, 4, 4096);
    } catch (const json::exception& e) {
        fail(source, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) fail(source, "not a recipe (a JSON object)");
    TrainConfig c;
    try {
        // Each value of the type its field has: a batch of 16.5 or 1e300 is refused, not truncated
        // (nlohmann's get<int> of a float truncates, and of an out-of-range one is undefined).
        auto get = [&](const char* key, auto& value) {
            using T = std::decay_t<decltype(value)>;
            const json& v = j.at(key);
            if constexpr (std::is_same_v<T, bool>) {
                if (!v.is_boolean()) fail(source, std::string("'") + key + "' must be true or false");
                value = v.get<bool>();
            } else if constexpr (std::is_integral_v<T>) {
                const auto x = json_whole(v, std::is_signed_v<T> ? int64_t(std::numeric_limits<T>::min()) : 0,
                                          int64_t(std::min<uint64_t>(uint64_t(std::numeric_limits<T>::max()), uint64_t(INT64_MAX))));
                if (!x) fail(source, std::string("'") + key + "' must be a whole number within its type, not " + v.dump().substr(0, 40));
                value = T(*x);
            } else if constexpr (std::is_floating_point_v<T>) {
                const auto x = json_number(v);
                if (!x) fail(source, std::string("'") + key + "' must be a finite number, not " + v.dump().substr(0, 40));
                value = T(*x);
            } else {
                if (!v.is_string()) fail(source, std::string("'") + key + "' must be a string");
                value = v.get<std::string>();
            }
        };
        plain_fields(c, get);
        later_fields(c, [&](const char* key, auto& value) {
            if (j.contains(key)) get(key, value);
        });
        if (j.contains("ema_stds")) {  // a later field too: earlier runs have no profiles
            const json& list = j.at("ema_stds");
            if (!list.is_array() || list.size() > kMaxEmaProfiles)
                fail(source, "'ema_stds' must be a list of at most " + std::to_string(kMaxEmaProfiles) + " EMA lengths");
            for (const json& v : list) {
                const auto x = json_number(v);
                if (!x) fail(source, "'ema_stds' must hold finite numbers, not " + v.dump().substr(0, 40));
                c.ema_stds.push_back(*x);
            }
        }
        // Runs made before the objective table name a mode: pretrain (EDM) or tune (ECT).
        if (j.contains("objective")) {
            if (!j.at("objective").is_string()) fail(source, "'objective' must be a name");
            c.objective = find_objective(j.at("objective").get<std::string>(), source).name();
        } else {
            c.objective = j.at("mode").get<std::string>() == "pretrain" ? "edm" : "ect";
        }
        // Every objective's options where present (a run made before the table lists EDM's and
        // ECT's both), each of its type and within its bounds.
        for (const ObjectiveOption& o : all_objective_options()) {
            if (!j.contains(o.key)) continue;
            const json& v = j.at(o.key);
            if (o.is_choice() && !v.is_string()) fail(source, "'" + o.key + "' must be a name");
            if (!o.is_choice() && !v.is_number()) fail(source, "'" + o.key + "' must be a number, not " + v.dump().substr(0, 40));
            try {
                set_option(c, o, o.is_choice() ? v.get<std::string>() : v.dump(), o.key);
            } catch (const Error& e) {
                std::string what = e.what();
                if (what.rfind(o.key + ": ", 0) == 0) what = what.substr(o.key.size() + 2);
                fail(source, "'" + o.key + "': " + what);
            }
        }
        c.network = NetworkConfig::from_json(j.at("network").dump(), source);
        c.optimizer.kind = OptimizerOptions::parse_kind(j.at("optimizer"));
        // Runs made before --precision stored a tf32 switch (or nothing: strict fp32).
        if (j.contains("precision"))
            c.precision = j.at("precision").get<std::string>();
        else
            c.precision = j.value("tf32", false) ? "tf32" : "fp32";
    } catch (const json::exception& e) {
        fail(source, std::string("incomplete or mistyped recipe (") + e.what() + ")");
    }
    // The recipe's bounds, as for the command line's flags, with the file named: a batch of 2^40
    // from a run's config.json is that file's fault.
    try {
        c.validate();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Other) throw;  // a front end words those itself
        std::string what = e.what();
        if (what.rfind("recipe: ", 0) == 0) what = what.substr(8);
        fail(source, what);
    }
    return c;
}

Cadence parse_cadence(const std::string& text, const std::string& source)
{
    const auto bad = [&] {
        fail(source, "'" + text + "' is not an interval (steps such as 250, or a time such as 90s, 5min or 1h)");
    };
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        bad();
    }
    const std::string unit = text.substr(used);
    if (text.substr(0, used).find_first_not_of("0123456789.") != std::string::npos) bad();  // no signs, exponents or hex
    if (!std::isfinite(value) || value < 0 || text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) bad();
    Cadence c;
    if (unit.empty()) {
        if (value != std::floor(value) || value > double(int64_t(1) << 40)) bad();
        c.steps = int64_t(value);
        return c;
    }
    double scale = 0;
    if (unit == "s") scale = 1;
    else if (unit == "min") scale = 60;
    else if (unit == "h") scale = 3600;
    else bad();
    c.seconds = value * scale;
    if (c.seconds > 1e7) bad();
    return c;
}

void TrainConfig::validate() const
{
    auto bad = [](const std::string& what) { fail("recipe", what); };
    const Objective& how = find_objective(objective, "recipe");
    if (how.from_base() && base_model.empty())
        fail(ErrorKind::NoBaseModel, {}, "recipe", how.title() + " needs a base model (--base MODEL)");
    if (continue_schedule && (!how.from_base() || how.keeps_base()))
        bad(how.title() + " cannot continue a model it made: it reads its base again on every resume (--continue is for "
                          "ECT tuning and TCM's first stage)");
    // Upper bounds as the command line's flags have them: a run folder's config.json is read
    // with the same limits (a batch of 2⁴⁰ or 100,000 threads from a file is refused, not tried).
    if (batch < 1 || batch > (1 << 20)) bad("batch must be 1..1048576");
    if (std::min<int64_t>(batch, batch_per_pass > 0 ? batch_per_pass : batch) > 16384)
        bad("a pass of more than 16384 images does not fit in memory: give batch-per-pass");
    if (threads < 0 || threads > 1024) bad("threads must be 0..1024");
    if (steps > (int64_t(1) << 40) || log_every > (int64_t(1) << 40) || sample_every > (int64_t(1) << 40) ||
        checkpoint_every > (int64_t(1) << 40) || eval_every > (int64_t(1) << 40) || data_limit < 0 ||
        data_limit > (int64_t(1) << 40) || max_nonfinite_steps > (int64_t(1) << 40))
        bad("step counts and intervals must be below 2^40");
    if (!(optimizer.eps <= 1)) bad("eps must be <= 1");
    if (batch_per_pass < 0 || (batch_per_pass > 0 && batch % batch_per_pass != 0))
        bad("batch (" + std::to_string(batch) + ") must be a multiple of batch-per-pass (" +
            std::to_string(batch_per_pass) + ")");
    if (max_nonfinite_steps < 0) bad("max-nonfinite must be >= 0");
    if (steps < 1) bad("steps must be >= 1");
    if (!(optimizer.lr > 0)) bad("lr must be > 0");
    if (optimizer.beta1 < 0 || optimizer.beta1 >= 1 || optimizer.beta2 < 0 || optimizer.beta2 >= 1)
        bad("betas must be in [0, 1)");
    if (!(optimizer.eps > 0)) bad("eps must be > 0");
    if (dropout < 0 || dropout >= 1) bad("dropout must be in [0, 1)");
    if (ema_beta < 0 || ema_beta > 1) bad("ema-beta must be in [0, 1]");
    if (ema_halflife_kimg < 0 || ema_rampup < 0 || lr_warmup_kimg < 0) bad("EMA half-life, ramp-up and warm-up must be >= 0");
    if (ema_stds.size() > kMaxEmaProfiles) bad("at most " + std::to_string(kMaxEmaProfiles) + " EMA profiles (ema-std)");
    for (size_t i = 0; i < ema_stds.size(); ++i) {
        // In whole thousandths from 0.001: the snapshots are named, matched on resume and
        // reconstructed by that text (EDM2's std:.3f), so 0.0504 would silently be 0.050.
        if (!(ema_stds[i] >= 0.001 && ema_stds[i] < 0.28) || std::abs(ema_stds[i] * 1000 - std::round(ema_stds[i] * 1000)) > 1e-6)
            bad("an EMA length (ema-std, σ_rel) is in whole thousandths in [0.001, 0.28), not " + std::to_string(ema_stds[i]));
        for (size_t k = 0; k < i; ++k)
            if (phema_std_text(ema_stds[k]) == phema_std_text(ema_stds[i]))
                bad("the EMA length " + phema_std_text(ema_stds[i]) + " is listed twice (ema-std)");
    }
    if (!(lr_ref_batches >= 0 && lr_ref_batches <= 1e12)) bad("lr_ref_batches must be in [0, 1e12] (0: a constant rate)");
    // Every objective's options (the others' keep their defaults or what a file gave them).
    for (const ObjectiveOption& o : all_objective_options()) check_option(*this, o);
    how.validate(*this);
    if (log_every < 1 || sample_every < 0 || checkpoint_every < 0) bad("log/checkpoint intervals must be >= 1");
    if (checkpoint_every == 0 && !(checkpoint_seconds > 0)) bad("checkpoints need an interval in steps or seconds");
    if (!(sample_seconds >= 0 && sample_seconds <= 1e7) || !(checkpoint_seconds >= 0 && checkpoint_seconds <= 1e7))
        bad("time intervals must be 0 (off) .. 10,000,000 seconds");
    if (keep_snapshots < 0 || keep_snapshots > 100000) bad("keep-snapshots must be 0..100000");
    if (grid_count < 1 || grid_count > 1024) bad("grid-count must be 1..1024");
    if (eval_every < 0) bad("eval-every must be >= 0");
    if (eval_count < 2 || eval_count > 1000000) bad("eval-count must be 2..1000000 (FD needs a covariance)");
    if (resolution != 0 && (resolution < 4 || resolution > 4096)) bad("resolution must be 4..4096 (0: the data's own)");
    if (image_channels != 0 && image_channels != 1 && image_channels != 3)
        bad("image-channels must be 1 (grayscale) or 3 (RGB)");
    if (precision != "auto") parse_precision(precision);
    network.validate("recipe");
}

}  // namespace ect
