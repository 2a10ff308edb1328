// Presets and the fitting of their networks to data of another size.
#include "check.h"

#include "ect/error.h"
#include "ect/training/objective.h"
#include "ect/training/recipe.h"

#include <nlohmann/json.hpp>

#include <functional>

using namespace ect;

namespace {

std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE(presets_draw_official_networks)
{
    for (const auto& name : preset_names())
        for (const char* mode : {"edm", "ect", "cmt"}) make_preset(name, mode).network.validate(name);
    // cifar10 is EDM's and ECT's CIFAR-10 DDPM++.
    NetworkConfig cifar = make_preset("cifar10", "edm").network, official = NetworkConfig::cifar10_ddpmpp();
    cifar.dropout = official.dropout;
    REQUIRE_EQ(cifar.to_json(), official.to_json());
    // EDM's FFHQ / AFHQv2 64×64 DDPM++: 128 channels × [1, 2, 2, 2], attention at 16, unconditional.
    for (const char* name : {"ffhq64", "afhqv2-64"}) {
        const TrainConfig c = make_preset(name, "edm");
        REQUIRE_EQ(c.network.img_resolution, 64);
        REQUIRE_EQ(c.network.img_channels, 3);
        REQUIRE_EQ(c.network.model_channels, 128);
        REQUIRE(c.network.channel_mult == (std::vector<int>{1, 2, 2, 2}));
        REQUIRE(c.network.attn_resolutions == (std::vector<int>{16}));
        REQUIRE_EQ(c.network.num_blocks, 4);
        REQUIRE_EQ(c.batch, int64_t(256));
        REQUIRE_EQ(c.optimizer.lr, 2e-4);
    }
    REQUIRE_EQ(make_preset("ffhq64", "edm").dropout, 0.05);
    REQUIRE_EQ(make_preset("afhqv2-64", "edm").dropout, 0.25);
}

TEST_CASE(networks_follow_the_data)
{
    std::string note;
    // A level of the new network keeps EDM's absolute meaning: CIFAR-10's attention at 16 stays.
    NetworkConfig n = network_for_data(make_preset("cifar10", "edm").network, 64, 1, &note);
    REQUIRE_EQ(n.img_resolution, 64);
    REQUIRE_EQ(n.img_channels, 1);
    REQUIRE(n.attn_resolutions == (std::vector<int>{16}));
    REQUIRE(note.empty());
    // No such level: the attention moves to the same depth, and the note says so.
    n = network_for_data(make_preset("cifar10", "edm").network, 28, 1, &note);
    REQUIRE(n.attn_resolutions == (std::vector<int>{14}));
    REQUIRE_MSG(note.find("self-attention at resolution 16 of the 32×32 preset is at 14") != std::string::npos, note);
    note.clear();
    n = network_for_data(make_preset("small", "edm").network, 64, 3, &note);
    REQUIRE(n.attn_resolutions == (std::vector<int>{16}));
    REQUIRE_EQ(n.model_channels, 32);
    REQUIRE(n.channel_mult == (std::vector<int>{1, 2, 2}));
    // An attention resolution that is no level of the preset either is the user's: kept.
    NetworkConfig own = make_preset("small", "edm").network;
    own.attn_resolutions = {5};
    REQUIRE(network_for_data(own, 64, 3).attn_resolutions == (std::vector<int>{5}));
    // A resolution that does not halve evenly: the message names the nearest that do.
    const std::string message = error_of([] { network_for_data(make_preset("ffhq64", "edm").network, 28, 3); });
    REQUIRE_MSG(message.find("must be divisible by 8: give a resolution (24 or 32)") != std::string::npos, message);
}

TEST_CASE(image_size_round_trips_and_is_checked)
{
    TrainConfig c = make_preset("tiny", "edm");
    c.resolution = 64;
    c.image_channels = 3;
    const TrainConfig back = TrainConfig::from_json(c.to_json(), "config.json");
    REQUIRE_EQ(back.resolution, 64);
    REQUIRE_EQ(back.image_channels, 3);
    // A run folder written before these fields reads them as "the data's own".
    nlohmann::json old = nlohmann::json::parse(c.to_json());
    old.erase("resolution");
    old.erase("image_channels");
    const TrainConfig older = TrainConfig::from_json(old.dump(), "config.json");
    REQUIRE_EQ(older.resolution, 0);
    REQUIRE_EQ(older.image_channels, 0);
    c.image_channels = 2;
    REQUIRE_THROWS(Error, c.validate());
    c.image_channels = 0;
    c.resolution = 2;
    REQUIRE_THROWS(Error, c.validate());
}

TEST_CASE(cadences_in_steps_or_seconds)
{
    REQUIRE_EQ(parse_cadence("250", "--sample-every").steps, int64_t(250));
    REQUIRE_EQ(parse_cadence("250", "--sample-every").seconds, 0.0);
    REQUIRE_EQ(parse_cadence("90s", "x").seconds, 90.0);
    REQUIRE_EQ(parse_cadence("1.5min", "x").seconds, 90.0);
    REQUIRE_EQ(parse_cadence("2h", "x").seconds, 7200.0);
    REQUIRE_EQ(parse_cadence("0", "x").steps, int64_t(0));
    for (const char* bad : {"", "s", "-5", "5x", "1.5", "90 s", "nan", "inf", "1e300s", "0x10", "+5"}) {
        check::set_row(bad);
        REQUIRE_THROWS(Error, parse_cadence(bad, "--sample-every"));
    }
    check::set_row("");
    // The time cadences and the snapshots kept travel in config.json; older runs read them as off.
    TrainConfig c = make_preset("tiny", "edm");
    c.sample_seconds = 60;
    c.checkpoint_every = 0;
    c.checkpoint_seconds = 120;
    c.keep_snapshots = 3;
    const TrainConfig back = TrainConfig::from_json(c.to_json(), "config.json");
    REQUIRE_EQ(back.sample_seconds, 60.0);
    REQUIRE_EQ(back.checkpoint_seconds, 120.0);
    REQUIRE_EQ(back.checkpoint_every, int64_t(0));
    REQUIRE_EQ(back.keep_snapshots, int64_t(3));
    nlohmann::json old = nlohmann::json::parse(make_preset("tiny", "edm").to_json());
    for (const char* key : {"sample_seconds", "checkpoint_seconds", "keep_snapshots"}) old.erase(key);
    const TrainConfig older = TrainConfig::from_json(old.dump(), "config.json");
    REQUIRE_EQ(older.sample_seconds, 0.0);
    REQUIRE_EQ(older.keep_snapshots, int64_t(8));
    // Checkpoints need some cadence; negative or absurd times are refused.
    c.checkpoint_seconds = 0;
    REQUIRE_THROWS(Error, c.validate());
    c.checkpoint_seconds = -1;
    REQUIRE_THROWS(Error, c.validate());
    c.checkpoint_seconds = std::nan("");
    REQUIRE_THROWS(Error, c.validate());
}

TEST_CASE(a_run_folders_config_is_held_to_the_flags_bounds)
{
    // config.json is input: a value the command line would refuse is refused from the file too,
    // and a number of the wrong kind is refused, not truncated (batch 16.5 was read as 16).
    TrainConfig c = make_preset("tiny", "edm");
    const nlohmann::json good = nlohmann::json::parse(c.to_json());
    TrainConfig::from_json(good.dump(), "config.json");
    struct Row {
        const char* key;
        nlohmann::json value;
        const char* expected;
    };
    for (const Row& r : {Row{"batch", 16.5, "'batch' must be a whole number"},
                         Row{"batch", int64_t(1) << 40, "batch must be 1..1048576"},
                         Row{"batch", 1000000, "does not fit in memory"},
                         Row{"threads", 100000, "threads must be 0..1024"},
                         Row{"grid_heun_steps", 2147483647, "grid-heun-steps must be 2..1000"},
                         Row{"eps", 1e308, "eps must be <= 1"},
                         Row{"lr", "0.1", "'lr' must be a finite number"},
                         Row{"xflip", 1, "'xflip' must be true or false"},
                         Row{"steps", -1, "steps must be >= 1"},
                         // A stage of 1e-300 kimg made the stage number overflow an int (undefined).
                         Row{"stage_kimg", 1e-300, "stage-kimg must be in [0.001, 1e+12]"}}) {
        check::set_row(std::string(r.key) + " = " + r.value.dump());
        nlohmann::json j = good;
        j[r.key] = r.value;
        const std::string m = error_of([&] { TrainConfig::from_json(j.dump(), "run/config.json"); });
        REQUIRE_MSG(m.find(r.expected) != std::string::npos, m);
        REQUIRE_MSG(m.rfind("run/config.json: ", 0) == 0, m);  // the file is named
    }
    // Nesting beyond a recipe's is refused while parsing.
    const std::string m = error_of([&] { TrainConfig::from_json(std::string(10000, '[') + std::string(10000, ']'), "run/config.json"); });
    REQUIRE_MSG(m.find("nested deeper") != std::string::npos, m);
}

TEST_CASE(imagenet_presets_follow_the_official_recipes)
{
    // ECT's ImageNet-64 tuning (locuslab/ect imgnet: ct_train.py's edm2-img64-* and run_imgnet_ecm.sh).
    const TrainConfig s = make_preset("edm2-img64-s", "ect");
    REQUIRE_EQ(s.network.arch, std::string("edm2"));
    REQUIRE(s.optimizer.kind == OptimizerKind::Adam);
    REQUIRE_EQ(s.optimizer.beta2, 0.99);
    REQUIRE_EQ(s.optimizer.lr, 1e-3);
    REQUIRE_EQ(s.lr_ref_batches, 2000.0);
    REQUIRE_EQ(s.dropout, 0.4);
    REQUIRE_EQ(s.ect.q, 4.0);
    REQUIRE_EQ(s.ect.c, 0.06);
    REQUIRE(s.ect.weighting == EctWeighting::Edm);  // snrpk
    REQUIRE_EQ(s.ect.P_mean, -0.8);
    REQUIRE_EQ(s.ect.P_std, 1.6);
    REQUIRE_EQ(s.two_step_mid, 1.526);
    REQUIRE_EQ(s.batch, int64_t(128));
    REQUIRE_EQ(s.steps, int64_t(100000));  // 12.8 Mimg
    REQUIRE(nlohmann::json::parse(s.network.to_json()).at("dropout_res") == 16);
    REQUIRE_EQ(make_preset("edm2-img64-xl", "ect").optimizer.lr, 7e-4);
    REQUIRE_EQ(make_preset("edm2-img64-m", "ect").dropout, 0.5);
    // EDM2's ImageNet-64 pretraining (train_edm2.py): batch 2048, lr 1e-2 decaying past 35k
    // batches, EDM2Loss at (−0.8, 1.6) with the uncertainty head, 1 Gimg for S.
    const TrainConfig p = make_preset("edm2-img64-s", "edm");
    REQUIRE_EQ(p.batch, int64_t(2048));
    REQUIRE_EQ(p.optimizer.lr, 1e-2);
    REQUIRE_EQ(p.lr_ref_batches, 35000.0);
    REQUIRE_EQ(p.edm.P_mean, -0.8);
    REQUIRE_EQ(p.steps * p.batch, int64_t(1024) << 20);
    REQUIRE(nlohmann::json::parse(p.network.to_json()).at("logvar_channels") == 128);
    // The recipe's new values survive the run folder's JSON.
    TrainConfig with_base = s;
    with_base.base_model = "edm2-img64-s.pkl";  // a tuning recipe names its base
    const TrainConfig back = TrainConfig::from_json(with_base.to_json(), "config.json");
    REQUIRE_EQ(back.two_step_mid, 1.526);
    REQUIRE_EQ(back.lr_ref_batches, 2000.0);
    // EDM2's two power-function EMA profiles (ECT's ImageNet loop keeps them too), through JSON;
    // a recipe without the key (runs before profiles) has none, and bad lists are refused.
    REQUIRE(s.ema_stds == (std::vector<double>{0.05, 0.10}));
    REQUIRE(p.ema_stds == (std::vector<double>{0.05, 0.10}));
    REQUIRE(back.ema_stds == s.ema_stds);
    REQUIRE(make_preset("cifar10", "ect").ema_stds.empty());
    nlohmann::json older = nlohmann::json::parse(with_base.to_json());
    older.erase("ema_stds");
    REQUIRE(TrainConfig::from_json(older.dump(), "config.json").ema_stds.empty());
    for (const char* bad : {R"([0.05, 0.05])", R"([0.3])", R"([0.0504])", R"([0.0005])", R"([0])", R"("0.05")", R"([0.01,0.02,0.03,0.04,0.05,0.06,0.07,0.08,0.09])"}) {
        nlohmann::json j = nlohmann::json::parse(with_base.to_json());
        j["ema_stds"] = nlohmann::json::parse(bad);
        REQUIRE_THROWS(Error, TrainConfig::from_json(j.dump(), "config.json"));
    }
    // Another family for a preset's pretraining: its defaults, and for EDM2 its noise levels
    // (EDM's would leave σ = 80 untrained); tuning and the preset's own family are left alone.
    TrainConfig tiny = make_preset("tiny", "edm");
    use_network_family(tiny, "edm2");
    REQUIRE_EQ(tiny.network.arch, std::string("edm2"));
    REQUIRE_EQ(tiny.network.family_options, std::string("{}"));
    REQUIRE_EQ(tiny.edm.P_mean, -0.8);
    REQUIRE_EQ(tiny.edm.P_std, 1.6);
    TrainConfig adm_tiny = make_preset("tiny", "edm");
    use_network_family(adm_tiny, "dhariwal");
    REQUIRE_EQ(adm_tiny.edm.P_mean, make_preset("tiny", "edm").edm.P_mean);
    REQUIRE_THROWS(Error, use_network_family(adm_tiny, "unet3000"));
    // EDM's ImageNet-64 ADM.
    const TrainConfig adm = make_preset("adm-img64", "edm");
    REQUIRE_EQ(adm.network.arch, std::string("dhariwal"));
    REQUIRE_EQ(adm.batch, int64_t(4096));
    REQUIRE_EQ(adm.ema_halflife_kimg, 50000.0);
}

TEST_CASE(the_objective_table_owns_options_json_and_flags)
{
    // Every row has a name, options with keys and flags, and a preset column.
    REQUIRE_EQ(objective_names(), (std::vector<std::string>{"ect", "edm", "cmt", "tcm", "tcm2"}));
    for (const Objective* o : objectives()) {
        check::set_row(o->name());
        REQUIRE(!o->title().empty() && !o->options().empty());
        REQUIRE(o->produces() == "diffusion" || o->produces() == "consistency");
        const TrainConfig c = make_preset("tiny", o->name());
        REQUIRE_EQ(c.objective, o->name());
        REQUIRE_EQ(c.optimizer.kind, o->from_base() ? OptimizerKind::RAdam : OptimizerKind::Adam);
        // Its options travel in config.json: each key present, and read back the same.
        const nlohmann::json j = nlohmann::json::parse(c.to_json());
        REQUIRE_EQ(j.at("objective").get<std::string>(), o->name());
        for (const ObjectiveOption& option : o->options()) REQUIRE_MSG(j.contains(option.key), option.key);
        TrainConfig with_base = c;
        with_base.base_model = "base.safetensors";
        const TrainConfig back = TrainConfig::from_json(with_base.to_json(), "config.json");
        for (const ObjectiveOption& option : o->options()) REQUIRE_EQ(option_value(back, option), option_value(c, option));
    }
    check::set_row("");
    // Only the objective's own options are written: a pretraining recipe has no ECT gap factor.
    REQUIRE(!nlohmann::json::parse(make_preset("tiny", "edm").to_json()).contains("q"));
    REQUIRE(nlohmann::json::parse(make_preset("tiny", "ect").to_json()).contains("q"));

    // Runs made before the table say "mode": pretrain reads as EDM, tune as ECT.
    nlohmann::json old = nlohmann::json::parse(make_preset("tiny", "edm").to_json());
    old.erase("objective");
    old["mode"] = "pretrain";
    REQUIRE_EQ(TrainConfig::from_json(old.dump(), "config.json").objective, std::string("edm"));
    old["mode"] = "tune";
    old["base_model"] = "base.safetensors";
    old["q"] = 3.0;
    const TrainConfig tuned = TrainConfig::from_json(old.dump(), "config.json");
    REQUIRE_EQ(tuned.objective, std::string("ect"));
    REQUIRE_EQ(tuned.ect.q, 3.0);
    // An unknown objective, a mistyped or out-of-bounds option are refused, naming the file.
    nlohmann::json bad = old;
    bad["objective"] = "gan";
    std::string m = error_of([&] { TrainConfig::from_json(bad.dump(), "run/config.json"); });
    REQUIRE_MSG(m.find("unknown objective 'gan' (known: ect, edm, cmt, tcm, tcm2)") != std::string::npos, m);
    for (const auto& [key, value] : std::vector<std::pair<const char*, nlohmann::json>>{
             {"cmt_nfe", 2.5}, {"cmt_nfe", 100000}, {"cmt_metric", "lpips"}, {"mapping", 1}, {"q", "2"}}) {
        check::set_row(std::string(key) + " = " + value.dump());
        bad = old;
        bad[key] = value;
        m = error_of([&] { TrainConfig::from_json(bad.dump(), "run/config.json"); });
        REQUIRE_MSG(m.rfind("run/config.json: ", 0) == 0 && m.find(key) != std::string::npos, m);
    }
    check::set_row("");

    // set_option checks text as a flag gives it, whatever the process's locale.
    TrainConfig c = make_preset("tiny", "cmt");
    const auto options = find_objective("cmt").options();
    const ObjectiveOption& nfe = options.at(0);
    REQUIRE_EQ(nfe.flag, std::string("nfe"));
    set_option(c, nfe, "8", "--nfe");
    REQUIRE_EQ(c.cmt.nfe, 8);
    for (const char* text : {"8.5", "1", "65", "eight", "", "8 ", "nan", "1e400"}) {
        check::set_row(text);
        REQUIRE_THROWS(Error, set_option(c, nfe, text, "--nfe"));
    }
    check::set_row("");
    REQUIRE_EQ(c.cmt.nfe, 8);  // a refused value changes nothing
    REQUIRE_MSG(error_of([&] { set_option(c, nfe, "65", "--nfe"); }) == "--nfe: nfe must be 2..64",
                error_of([&] { set_option(c, nfe, "65", "--nfe"); }));
}

TEST_CASE(cmt_presets_follow_sony_cmt)
{
    // run_cmt_cifar.sh: RAdam 2e-4 (twice ECT's), batch 128, EMA 0.999, 16 teacher steps of
    // order 3, 38.4 Mimg, mid level 0.77569; then ECT from it (q 4096, EMA 0.9999) is a tune run.
    const TrainConfig c = make_preset("cifar10", "cmt");
    REQUIRE_EQ(c.optimizer.kind, OptimizerKind::RAdam);
    REQUIRE_EQ(c.optimizer.lr, 2e-4);
    REQUIRE_EQ(c.batch, int64_t(128));
    REQUIRE_EQ(c.ema_beta, 0.999);
    REQUIRE_EQ(c.steps * c.batch, int64_t(38400000));
    REQUIRE_EQ(c.cmt.nfe, 16);
    REQUIRE_EQ(c.cmt.order, 3);
    REQUIRE_EQ(c.two_step_mid, 0.77569);
    REQUIRE(find_objective("cmt").keeps_base());
    // A batch that is no whole number of trajectories is refused.
    TrainConfig odd = c;
    odd.base_model = "base.safetensors";
    odd.batch = 120;
    const std::string m = error_of([&] { odd.validate(); });
    REQUIRE_MSG(m.find("multiple of its teacher steps (16)") != std::string::npos, m);
}

TEST_CASE(tcm_presets_follow_nvlabs_tcm)
{
    // NVlabs/TCM's CIFAR-10 scripts: stage 1 batch 512, RAdam 1e-4, c 1e-8, a stage every 25k
    // iterations; stage 2 batch 1024 at 5e-5, t' = 1 = t_lower, ln t ~ Student-t(0.01) at (0, 0.2),
    // a quarter of each batch at t' weighted 0.1; it keeps its base (the first stage).
    const TrainConfig one = make_preset("cifar10", "tcm"), two = make_preset("cifar10", "tcm2");
    REQUIRE_EQ(one.batch, int64_t(512));
    REQUIRE_EQ(one.optimizer.lr, 1e-4);
    REQUIRE_EQ(one.tcm.c, 1e-8);
    REQUIRE_EQ(one.stage_kimg, 12800.0);
    REQUIRE_EQ(one.tcm.time_distribution, TcmTimeDistribution::Normal);
    REQUIRE_EQ(two.batch, int64_t(1024));
    REQUIRE_EQ(two.optimizer.lr, 5e-5);
    REQUIRE_EQ(two.tcm.time_distribution, TcmTimeDistribution::StudentT);
    REQUIRE_EQ(two.tcm.df, 0.01);
    REQUIRE_EQ(two.tcm.P_mean, 0.0);
    REQUIRE_EQ(two.tcm.P_std, 0.2);
    REQUIRE_EQ(two.tcm.transition_t, 1.0);
    REQUIRE_EQ(two.tcm.t_lower, 1.0);
    REQUIRE_EQ(two.tcm.boundary_prob, 0.25);
    REQUIRE_EQ(two.tcm.w_boundary, 0.1);
    REQUIRE(!find_objective("tcm").keeps_base() && find_objective("tcm2").keeps_base());
    // The second stage trains at t ≥ t' only.
    TrainConfig bad = two;
    bad.base_model = "first.safetensors";
    bad.tcm.t_lower = 0.5;
    const std::string m = error_of([&] { bad.validate(); });
    REQUIRE_MSG(m.find("t-lower must be at least transition-t") != std::string::npos, m);
}
