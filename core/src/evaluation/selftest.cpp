// The parity checks of `ect selftest` and the parity test, one function per fixture file.
#include "ect/evaluation/selftest.h"

#include "ect/build_config.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/method/losses.h"
#include "ect/network/model_file.h"
#include "ect/io/safetensors.h"
#include "ect/method/samplers.h"
#include "ect/method/cmt.h"
#include "ect/method/dpm_solver.h"
#include "ect/method/edit.h"
#include "ect/method/tcm.h"
#include "ect/training/phema.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>

namespace ect {
namespace {

using json = nlohmann::json;
using Report = std::function<void(ParityCheck)>;

struct Fixtures {
    std::string dir;
    torch::Device device;
    std::string path(const std::string& name) const { return (std::filesystem::path(dir) / name).string(); }
    torch::Tensor at(const TensorFile& f, const std::string& key) const { return f.at(key).to(device); }
};

void check(const Report& report, const std::string& name, const torch::Tensor& ours, const torch::Tensor& ref,
           double tolerance)
{
    report({name, relative_l2_error(ours, ref), tolerance, {}});
}

// D_train, D_eval and F of the two reference networks on their stored cases.
void networks(const Fixtures& fx, const Report& report)
{
    for (const std::string model : {"songunet-uncond32", "songunet-cond28"}) {
        auto m = load_model(fx.path(model + ".safetensors"), fx.device);
        const auto cases = read_safetensors(fx.path(model + ".cases.safetensors"));
        const torch::Tensor labels = cases.contains("class_labels") ? fx.at(cases, "class_labels") : torch::Tensor();
        const torch::Tensor x = fx.at(cases, "x"), sigma = fx.at(cases, "sigma");
        torch::NoGradGuard no_grad;
        m.net->eval();
        check(report, "network " + model + " D_train", m.net->forward(x, sigma, labels, Preconditioning::Training),
              cases.at("D_train"), kParityTolerance);
        check(report, "network " + model + " D_eval", m.net->forward(x, sigma, labels, Preconditioning::Consistency),
              cases.at("D_eval"), kParityTolerance);
        check(report, "network " + model + " F", m.net->raw(x, sigma, labels), cases.at("F"), kParityTolerance);
    }
}

// r(t) for every mapping, q, k, b and stage in the table (keys "r/<mapping>/q<q>/k<k>/b<b>/stage<s>").
void mapping(const Fixtures& fx, const Report& report)
{
    const auto file = read_safetensors(fx.path("ect-mapping.safetensors"));
    const json keys = json::parse(file.metadata.at("ect.keys"));
    for (const auto& key_json : keys) {
        const std::string key = key_json.get<std::string>();
        std::vector<std::string> parts;
        for (size_t at = 0, next; at <= key.size(); at = next + 1) {
            next = key.find('/', at);
            if (next == std::string::npos) next = key.size();
            parts.push_back(key.substr(at, next - at));
        }
        if (parts.size() != 6) fail(fx.path("ect-mapping.safetensors"), "unexpected key '" + key + "'");
        EctLossConfig cfg;
        cfg.mapping = EctLossConfig::parse_mapping(parts[1]);
        cfg.q = std::stod(parts[2].substr(1));
        cfg.k = std::stod(parts[3].substr(1));
        cfg.b = std::stod(parts[4].substr(1));
        const int stage = std::stoi(parts[5].substr(5));
        check(report, "mapping " + key, ect_target_level(fx.at(file, "t"), stage, cfg), file.at(key), kParityTolerance);
    }
}

// The per-sample ECT loss for each stored setting, on the unconditional network in training mode.
void ect_losses(const Fixtures& fx, const Report& report)
{
    auto m = load_model(fx.path("songunet-uncond32.safetensors"), fx.device);
    m.net->train();  // as the reference loss runs (dropout 0 in this model)
    const auto file = read_safetensors(fx.path("ect-loss.safetensors"));
    const json keys = json::parse(file.metadata.at("ect.keys"));
    const json settings = json::parse(file.metadata.at("ect.settings"));
    if (keys.size() != settings.size()) fail(fx.path("ect-loss.safetensors"), "keys and settings differ in number");
    for (size_t i = 0; i < keys.size(); ++i) {
        const json& s = settings[i];
        EctLossConfig cfg;
        cfg.mapping = EctLossConfig::parse_mapping(s.at("adj").get<std::string>());
        cfg.q = s.at("q");
        cfg.k = s.at("k");
        cfg.b = s.at("b");
        cfg.c = s.at("c");
        cfg.P_mean = s.at("P_mean");
        cfg.P_std = s.at("P_std");
        const auto terms = ect_loss(m.net, fx.at(file, "y"), {}, fx.at(file, "rnd_normal"), fx.at(file, "eps"),
                                    s.at("stage").get<int>(), cfg);
        check(report, "ect-loss " + keys[i].get<std::string>(), terms.loss, file.at(keys[i].get<std::string>()),
              kParityTolerance);
    }
}

void edm_losses(const Fixtures& fx, const Report& report)
{
    auto m = load_model(fx.path("songunet-uncond32.safetensors"), fx.device);
    m.net->train();
    const auto file = read_safetensors(fx.path("edm-loss.safetensors"));
    torch::NoGradGuard no_grad;
    const torch::Tensor loss =
        edm_loss(m.net, fx.at(file, "y"), {}, fx.at(file, "rnd_normal"), fx.at(file, "noise"), EdmLossConfig{});
    check(report, "edm-loss", loss, file.at("loss"), kParityTolerance);
}

// EDM Heun and the consistency sampler from stored latents (the fixture re-noises every step with
// one stored tensor).
void samplers(const Fixtures& fx, const Report& report)
{
    auto m = load_model(fx.path("songunet-uncond32.safetensors"), fx.device);
    const auto file = read_safetensors(fx.path("samplers.safetensors"));
    const torch::Tensor z = fx.at(file, "latents");
    for (int steps : {2, 6, 18}) {
        const std::string key = "heun/steps" + std::to_string(steps);
        check(report, "sampler " + key, sample_edm(m.net, z, {}, steps, EdmSolver::Heun), file.at(key),
              kSamplerParityTolerance);
    }
    const torch::Tensor renoise = fx.at(file, "cm/renoise");
    const std::vector<std::pair<std::string, std::vector<double>>> cm{
        {"cm/steps1", {}}, {"cm/steps2_mid0.821", {0.821}}, {"cm/steps3_mid1.526_0.4", {1.526, 0.4}}};
    for (const auto& [key, mid] : cm)
        check(report, "sampler " + key, sample_consistency(m.net, z, {}, mid, std::vector<torch::Tensor>(mid.size(), renoise)),
              file.at(key), mid.empty() ? kParityTolerance : kSamplerParityTolerance);
}

// shared/fixtures/families: the folder beside the reference fixtures.
std::filesystem::path families_dir(const Fixtures& fx)
{
    std::filesystem::path reference = std::filesystem::path(fx.dir).lexically_normal();
    if (!reference.has_filename()) reference = reference.parent_path();  // ".../reference/"
    return reference.parent_path() / "families";
}

// The ImageNet-64 families' fixtures (shared/fixtures/families, beside the reference folder):
// official snapshots imported, then D_train, D_eval, F and the noise label on their cases.
void families(const Fixtures& fx, const Report& report)
{
    const std::filesystem::path dir = families_dir(fx);
    if (!std::filesystem::is_directory(dir)) fail(dir.string(), "the network-family fixtures are not there");
    for (const std::string name :
         {"adm-edm-cond16", "adm-ect-uncond16", "vp-uncond16", "ve-uncond16", "edm2-cond16", "edm2-ect-cond16"}) {
        auto m = load_model((dir / (name + ".pkl")).string(), fx.device);
        const auto cases = read_safetensors((dir / (name + ".cases.safetensors")).string());
        const torch::Tensor labels = cases.contains("class_labels") ? fx.at(cases, "class_labels") : torch::Tensor();
        const torch::Tensor x = fx.at(cases, "x"), sigma = fx.at(cases, "sigma");
        const bool consistency = m.metadata["ect.kind"] == "consistency";
        torch::NoGradGuard no_grad;
        m.net->eval();
        const std::string label = "family " + name + " ";
        // The float32 network's outputs (D_eval, F, D_train) are not those of float16 weights.
        const bool float16 = cases.contains("D_eval_fp16_weights");
        const auto eval_mode = consistency ? Preconditioning::Consistency : Preconditioning::Training;
        if (!float16) {
            check(report, label + "D_eval", m.net->forward(x, sigma, labels, eval_mode), cases.at("D_eval"),
                  kFamilyParityTolerance);
        }
        if (cases.contains("F") && !float16)
            check(report, label + "F", m.net->raw(x, sigma, labels), cases.at("F"), kFamilyParityTolerance);
        // After the eval-mode checks: EDM2's training pass rewrites the weights it uses.
        if (cases.contains("D_train") && !float16) {
            m.net->train();  // dropout 0 in the fixtures: training mode differs only in preconditioning
            check(report, label + "D_train", m.net->forward(x, sigma, labels, Preconditioning::Training),
                  cases.at("D_train"), kFamilyParityTolerance);
            m.net->eval();
            // EDM2's forced weight normalisation: the training-mode pass rewrote every weight.
            std::vector<torch::Tensor> ours, theirs;
            for (const auto& [key, t] : cases.tensors) {
                if (key.rfind("wn/", 0) != 0) continue;
                std::string tensor = key.substr(3);
                tensor = tensor.rfind("unet.", 0) == 0 ? "model." + tensor.substr(5) : "model." + tensor;
                const auto p = m.net->named_parameters().find(tensor);
                if (!p) fail(name, "no parameter " + tensor + " for " + key);
                ours.push_back(p->flatten());
                theirs.push_back(t.flatten());
            }
            if (!ours.empty())
                check(report, label + "weights after training pass (" + std::to_string(ours.size()) + ")",
                      torch::cat(ours), torch::cat(theirs), kFamilyParityTolerance);
        }
        if (cases.contains("D_eval_fp16_weights")) {
            // EDM2's own snapshots hold float16 weights: their output in float32 arithmetic.
            check(report, label + "D (float16 weights)", m.net->forward(x, sigma, labels, eval_mode),
                  cases.at("D_eval_fp16_weights"), kFamilyParityTolerance);
        }
        if (cases.contains("logvar")) {
            // Float16 weights again (the head's Fourier features and linear layer): rounding bound.
            check(report, label + "logvar (float16 weights)", m.net->logvar(sigma), cases.at("logvar"),
                  kFloat16WeightsTolerance);
        }
        if (cases.contains("c_noise")) {
            const auto c = precond_coefficients(sigma.reshape({-1, 1, 1, 1}), Preconditioning::Training, m.config);
            check(report, label + "c_noise", c.c_noise.flatten(), cases.at("c_noise"), kFamilyParityTolerance);
        }
    }
}

// ECT's ImageNet-64 loss (locuslab/ect branch imgnet) over an EDM2 network: snrpk weighting
// (t² + σ_d²)/(t·σ_d)², the target pass without the forced weight normalisation.
void imagenet_losses(const Fixtures& fx, const Report& report)
{
    const std::filesystem::path dir = families_dir(fx);
    const TensorFile weights = read_safetensors((dir / "ect-imgnet-loss.net.safetensors").string());
    const TensorFile file = read_safetensors((dir / "ect-imgnet-loss.cases.safetensors").string());
    const json kw = json::parse(file.metadata.at("official_kwargs"));
    NetworkConfig c;
    c.arch = "edm2";
    c.img_resolution = kw.at("img_resolution");
    c.img_channels = kw.at("img_channels");
    c.label_dim = kw.at("label_dim");
    c.model_channels = kw.at("model_channels");
    c.channel_mult = kw.at("channel_mult").get<std::vector<int>>();
    c.num_blocks = kw.at("num_blocks");
    c.attn_resolutions = kw.at("attn_resolutions").get<std::vector<int>>();
    c.dropout = kw.at("dropout");
    c.channel_mult_noise = c.channel_mult.front();  // EDM2's None: the first level's width
    c.channel_mult_emb = *std::max_element(c.channel_mult.begin(), c.channel_mult.end());  // and the widest
    c.family_options = R"({"logvar_channels": 0})";  // ECT's Precond has no uncertainty head
    const std::vector<std::string> keys = json::parse(file.metadata.at("keys")).get<std::vector<std::string>>();
    for (const auto& key : keys) {
        Denoiser net(c);  // each setting from the network's state before the loss
        TensorFile named = weights;
        for (auto& [name, t] : named.tensors)
            if (name.rfind("unet.", 0) == 0) name = "model." + name.substr(5);
        load_weights(net, named, "ect-imgnet-loss.net.safetensors");
        net->to(fx.device);
        net->train();
        // loss/q<q>/c<c>/k<k>/b<b>/adj<mapping>/stage<s>/P_mean<m>/P_std<s>
        std::vector<std::string> parts;
        for (size_t at = 0, next; at <= key.size(); at = next + 1) {
            next = key.find('/', at);
            if (next == std::string::npos) next = key.size();
            parts.push_back(key.substr(at, next - at));
        }
        if (parts.size() != 9) fail("ect-imgnet-loss.cases.safetensors", "unexpected key '" + key + "'");
        EctLossConfig cfg;
        cfg.q = std::stod(parts[1].substr(1));
        cfg.c = std::stod(parts[2].substr(1));
        cfg.k = std::stod(parts[3].substr(1));
        cfg.b = std::stod(parts[4].substr(1));
        cfg.mapping = EctLossConfig::parse_mapping(parts[5].substr(3));
        cfg.weighting = EctWeighting::Edm;  // ECT's "snrpk"
        cfg.P_mean = std::stod(parts[7].substr(6));
        cfg.P_std = std::stod(parts[8].substr(5));
        const auto terms = ect_loss(net, fx.at(file, "y"), fx.at(file, "class_labels"), fx.at(file, "rnd_normal"),
                                    fx.at(file, "eps"), std::stoi(parts[6].substr(5)), cfg);
        check(report, "imagenet-loss " + key.substr(5), terms.loss, file.at(key), kFamilyParityTolerance);
    }
}

// EDM2's power-function EMA, post-hoc coefficients and learning-rate schedule.
void phema(const Fixtures& fx, const Report& report)
{
    const TensorFile file = read_safetensors((families_dir(fx) / "edm2-phema.cases.safetensors").string());
    auto values = [&](const std::string& key) {
        const torch::Tensor t = file.at(key).to(torch::kFloat64).contiguous();
        return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    };
    const std::vector<double> t_next = values("beta/t_next");
    for (const char* std_name : {"0.010", "0.050", "0.100", "0.150"}) {
        std::vector<double> beta;
        for (double t : t_next) beta.push_back(power_function_beta(std::stod(std_name), t, 256));
        check(report, std::string("phema beta/std") + std_name, torch::tensor(beta, torch::kFloat64),
              file.at(std::string("beta/std") + std_name), kFamilyParityTolerance);
    }
    // The EMA of a trajectory of weights, step i bringing it to (i + 1)·256 images.
    const torch::Tensor trajectory = file.at("ema/trajectory").to(torch::kFloat32);
    for (const char* std_name : {"0.050", "0.100"}) {
        torch::Tensor ema = trajectory[0].clone();
        for (int64_t i = 0; i < trajectory.size(0); ++i) {
            const double beta = power_function_beta(std::stod(std_name), double(i + 1) * 256, 256);
            ema.lerp_(trajectory[i], 1 - beta);
        }
        check(report, std::string("phema ema-") + std_name, ema, file.at(std::string("ema/result-") + std_name),
              kFamilyParityTolerance);
    }
    check(report, "phema posthoc coefficients",
          solve_posthoc_coefficients(values("posthoc/in_ofs"), values("posthoc/in_std"), 8 << 20, values("posthoc/out_std")),
          file.at("posthoc/coef"), kFamilyParityTolerance);
    std::vector<double> lr;
    for (double nimg : values("lr/nimg")) lr.push_back(edm2_learning_rate(nimg, 2048, 0.012, 70e3, 10e6));
    check(report, "phema learning rate", torch::tensor(lr, torch::kFloat64), file.at("lr/value"), kFamilyParityTolerance);
}

// The few-step methods since ECT (tests/fixtures/methods.safetensors, made by sony/cmt's and
// NVlabs/TCM's code: tests/fixtures/make_method_references.py) on the reference SongUNet.
void methods(const Fixtures& fx, const Report& report)
{
    const std::string path = method_fixtures_file();
    const TensorFile file = read_safetensors(path);
    auto net = load_model(fx.path("songunet-uncond32.safetensors"), fx.device);
    // The student of CMT and of TCM's second stage: every parameter times the file's scale.
    auto student = load_model(fx.path("songunet-uncond32.safetensors"), fx.device);
    {
        torch::NoGradGuard no_grad;
        const double scale = std::stod(file.metadata.at("student_scale"));
        for (auto& p : student.net->parameters()) p.mul_(scale);
    }
    net.net->eval();
    const torch::Tensor z = fx.at(file, "latents");
    for (const auto& key_json : json::parse(file.metadata.at("solver_keys"))) {
        const std::string key = key_json.get<std::string>();  // dpm/order<k>/steps<n>
        const int order = std::stoi(key.substr(key.find("order") + 5));
        const int steps = std::stoi(key.substr(key.find("steps") + 5));
        check(report, "dpm-solver++ " + key.substr(4) + " levels", dpm_solver_levels(steps, kSigmaMax, kHeunSigmaMin),
              file.at(key + "/levels"), kFamilyParityTolerance);
        std::vector<torch::Tensor> trajectory;
        const torch::Tensor x = sample_dpm_solver(net.net, z, {}, steps, order, kSigmaMax, kHeunSigmaMin, &trajectory);
        if (file.contains(key + "/trajectory"))
            check(report, "dpm-solver++ " + key.substr(4) + " trajectory", torch::stack(trajectory),
                  file.at(key + "/trajectory"), kFamilyParityTolerance);
        else
            check(report, "dpm-solver++ " + key.substr(4), x, file.at(key), kFamilyParityTolerance);
    }
    student.net->train();
    for (const auto& key_json : json::parse(file.metadata.at("cmt_keys"))) {
        const std::string key = key_json.get<std::string>();  // cmt/nfe<n>/<MSE|MAE>
        CmtLossConfig cfg;
        cfg.nfe = std::stoi(key.substr(key.find("nfe") + 3));
        std::string metric = key.substr(key.rfind('/') + 1);
        std::transform(metric.begin(), metric.end(), metric.begin(), ::tolower);
        cfg.metric = CmtLossConfig::parse_metric(metric);
        const auto terms = cmt_loss(student.net, net.net, fx.at(file, "cmt/y"), {}, fx.at(file, "cmt/eps"), cfg);
        check(report, "cmt-loss " + key.substr(4), terms.loss, file.at(key), kFamilyParityTolerance);
    }
    {
        torch::NoGradGuard no_grad;
        check(report, "tcm precond",
              tcm_denoise(student.net, net.net, fx.at(file, "tcm/x"), fx.at(file, "tcm/sigma"), {}, 1.0),
              file.at("tcm/precond"), kFamilyParityTolerance);
    }
    for (const auto& key_json : json::parse(file.metadata.at("time_keys"))) {
        const std::string key = key_json.get<std::string>();  // time/<dist>/mu<m>/sigma<s>/lower<l>/upper<u>/df<d>
        std::vector<std::string> parts;
        for (size_t at = 0, next; at <= key.size(); at = next + 1) {
            next = key.find('/', at);
            if (next == std::string::npos) next = key.size();
            parts.push_back(key.substr(at, next - at));
        }
        if (parts.size() != 7) fail(path, "unexpected key '" + key + "'");
        TcmLossConfig cfg;
        cfg.time_distribution = TcmLossConfig::parse_time_distribution(parts[1]);
        cfg.P_mean = std::stod(parts[2].substr(2));
        cfg.P_std = std::stod(parts[3].substr(5));
        cfg.t_lower = std::stod(parts[4].substr(5));
        cfg.t_upper = std::stod(parts[5].substr(5));
        cfg.df = std::stod(parts[6].substr(2));
        check(report, "tcm levels " + key.substr(5), tcm_log_levels(file.at(key + "/u"), cfg), file.at(key),
              kFamilyParityTolerance);
    }
    net.net->train();  // TCM's first stage runs as a copy of the trained network, in training mode
    const json settings = json::parse(file.metadata.at("tcm_loss_settings"));
    for (size_t i = 0; i < settings.size(); ++i) {
        const json& s = settings[i];
        TcmLossConfig cfg;
        cfg.P_mean = s.at("P_mean");
        cfg.P_std = s.at("P_std");
        cfg.t_lower = s.at("t_lower");
        cfg.c = s.at("c");
        cfg.q = s.at("q");
        cfg.ratio_limit = s.at("ratio_limit");
        cfg.weighting = TcmLossConfig::parse_weighting(s.at("weighting"));
        cfg.time_distribution = TcmLossConfig::parse_time_distribution(s.at("tdist"));
        cfg.df = s.at("df");
        cfg.boundary_prob = s.at("boundary_prob");
        const std::string prefix = "tcm/loss" + std::to_string(i);
        const bool two_stage = s.at("two_stage");
        const torch::Tensor boundary = tcm_boundary_mask(fx.at(file, prefix + "/perm"), cfg.boundary_prob);
        const auto terms = tcm_loss(student.net, two_stage ? &net.net : nullptr, fx.at(file, "tcm/y"), {},
                                    fx.at(file, prefix + "/logt"), boundary, fx.at(file, prefix + "/eps"),
                                    s.at("stage").get<int>(), cfg);
        const std::string name = "tcm-loss " + std::string(two_stage ? "stage 2 " : "stage 1 ") + std::to_string(i);
        check(report, name, terms.loss, file.at(prefix + "/loss"), kFamilyParityTolerance);
        check(report, name + " t", terms.t, file.at(prefix + "/t"), kFamilyParityTolerance);
        if (two_stage)
            check(report, name + " boundary", terms.boundary, file.at(prefix + "/loss_boundary"), kFamilyParityTolerance);
    }
}

// Zero-shot editing (tests/fixtures/edit.safetensors, made by openai/consistency_models' functions:
// tests/fixtures/make_edit_references.py) with the reference SongUNet as the consistency model.
void edit(const Fixtures& fx, const Report& report)
{
    const std::string path = edit_fixtures_file();
    const TensorFile file = read_safetensors(path);
    auto net = load_model(fx.path("songunet-uncond32.safetensors"), fx.device);
    net.net->eval();
    const ConsistencyFunction f = [&](const torch::Tensor& x, double level) {
        torch::NoGradGuard no_grad;
        return net.net->forward(x, torch::full({x.size(0)}, level, x.options()), {}, Preconditioning::Consistency);
    };
    const torch::Tensor images = fx.at(file, "images");
    for (const auto& key_json : json::parse(file.metadata.at("cases"))) {
        const std::string key = key_json.get<std::string>();  // <task>/<evaluations>
        EditOperator op;
        op.task = parse_edit_task(key.substr(0, key.find('/')), path);
        op.factor = 8;  // iterative_superres's patch size
        if (op.task == EditTask::Inpaint) op.mask = fx.at(file, "inpaint/mask");
        const torch::Tensor start = fx.at(file, key + "/start");
        const torch::Tensor y = images.slice(0, 0, start.size(0));
        const torch::Tensor known = op.known(y);
        if (file.contains(key + "/known")) check(report, "edit " + key + " known", known, file.at(key + "/known"), kFamilyParityTolerance);
        const torch::Tensor levels = file.at(key + "/levels").to(torch::kFloat64);
        const std::vector<double> tau(levels.data_ptr<double>(), levels.data_ptr<double>() + levels.numel());
        const std::vector<torch::Tensor> noise = fx.at(file, key + "/noise").unbind(0);
        check(report, "edit " + key, edit_iterate(f, op, known, start, tau, noise, 0.002, 80), file.at(key + "/result"),
              kFamilyParityTolerance);
    }
}

}  // namespace

double relative_l2_error(const torch::Tensor& ours, const torch::Tensor& ref)
{
    const torch::Tensor a = ours.detach().to(torch::kCPU, torch::kFloat64);
    const torch::Tensor b = ref.detach().to(torch::kCPU, torch::kFloat64);
    if (!a.sizes().equals(b.sizes())) return std::numeric_limits<double>::infinity();
    return (a - b).norm().item<double>() / std::max(b.norm().item<double>(), 1e-300);
}

const std::vector<std::string>& parity_check_groups()
{
    static const std::vector<std::string> names{"networks", "mapping",      "ect-loss", "edm-loss", "samplers",
                                                "families", "imagenet-loss", "phema",   "methods", "edit"};
    return names;
}

std::vector<ParityCheck> run_parity_checks(const std::string& fixtures_dir, const torch::Device& device,
                                           const std::function<void(const ParityCheck&)>& progress,
                                           const std::vector<std::string>& only)
{
    for (const auto& g : only)
        if (std::find(parity_check_groups().begin(), parity_check_groups().end(), g) == parity_check_groups().end())
        {
            std::string names;
            for (const auto& n : parity_check_groups()) names += (names.empty() ? "" : ", ") + n;
            fail("selftest", "unknown check group '" + g + "' (use " + names + ")");
        }
    use_strict_fp32();  // the reference ran in full fp32
    std::vector<ParityCheck> results;
    const Report report = [&](ParityCheck c) {
        if (progress) progress(c);
        results.push_back(std::move(c));
    };
    const Fixtures fx{fixtures_dir, device};
    const std::vector<std::pair<std::string, void (*)(const Fixtures&, const Report&)>> groups{
        {"networks", networks}, {"mapping", mapping}, {"ect-loss", ect_losses}, {"edm-loss", edm_losses},
        {"samplers", samplers}, {"families", families}, {"imagenet-loss", imagenet_losses}, {"phema", phema},
        {"methods", methods}, {"edit", edit}};
    for (const auto& [name, run] : groups) {
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
        try {
            run(fx, report);
        } catch (const std::exception& e) {
            // A missing or malformed fixture fails its group with the reason; the others still run.
            ParityCheck c{name, std::numeric_limits<double>::infinity(), 0, e.what()};
            if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) c.problem = c10->what_without_backtrace();
            c.problem = c.problem.substr(0, c.problem.find('\n'));
            report(c);
        }
    }
    return results;
}

std::string method_fixtures_file()
{
    if (const char* env = std::getenv("ECT_METHOD_FIXTURES"); env && *env) return env;
    return ECT_METHOD_FIXTURES_FILE;
}

std::string edit_fixtures_file()
{
    return (std::filesystem::path(method_fixtures_file()).parent_path() / "edit.safetensors").string();
}

std::string default_fixtures_dir()
{
    if (const char* env = std::getenv("ECT_FIXTURES"); env && *env) return env;
    return ECT_DEFAULT_FIXTURES_DIR;
}

}  // namespace ect
