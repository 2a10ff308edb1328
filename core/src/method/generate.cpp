// Seeded generation shared by `ect sample` and the studio.
#include "ect/method/generate.h"

#include "ect/build_config.h"
#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/io/hash.h"
#include "ect/training/dataset.h"
#include "ect/method/noise.h"

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace ect {

SamplerKind GenerateSettings::parse_sampler(const std::string& name)
{
    return sampler_info(name).kind;
}

std::string GenerateSettings::sampler_name(SamplerKind kind)
{
    return sampler_info(kind).name;
}

std::vector<double> GenerateSettings::default_mid(int steps)
{
    if (steps == 2) return {kCifarMidLevel};
    return {};
}

std::string mid_levels_key(int steps)
{
    return "ect.mid." + std::to_string(steps);
}

std::vector<double> parse_levels(const std::string& text, const std::string& source)
{
    std::vector<double> out;
    size_t at = 0;
    while (at <= text.size()) {
        const size_t comma = text.find(',', at);
        const std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        size_t used = 0;
        double v = 0;
        try {
            v = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || !std::isfinite(v))
            fail(ErrorKind::BadLevels, {text}, source, "bad level list '" + text + "'");
        out.push_back(v);
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    return out;
}

std::string format_levels(const std::vector<double>& levels)
{
    std::string out;
    char buf[32];
    for (double v : levels) {
        std::snprintf(buf, sizeof buf, "%.4g", v);
        out += (out.empty() ? "" : ",") + std::string(buf);
    }
    return out;
}

std::vector<double> default_mid(const std::map<std::string, std::string>& metadata, int steps)
{
    if (steps < 2) return {};
    const auto it = metadata.find(mid_levels_key(steps));
    if (it != metadata.end()) {
        try {
            auto levels = parse_levels(it->second, it->first);
            // Stored levels are used only when sampling can use them (decreasing, within (0, 80));
            // others would make every default run fail as if the user had typed them.
            bool usable = static_cast<int>(levels.size()) == steps - 1;
            for (size_t i = 0; usable && i < levels.size(); ++i)
                usable = levels[i] > 0 && levels[i] < kSigmaMax && (i == 0 || levels[i] < levels[i - 1]);
            if (usable) return levels;
        } catch (const Error&) {
            // A damaged entry falls back to the built-in default rather than making the model unusable.
        }
    }
    return GenerateSettings::default_mid(steps);
}

std::vector<double> default_mid(const ModelFile& model, int steps)
{
    return default_mid(model.metadata, steps);
}

std::vector<std::string> class_names(const ModelFile& model)
{
    const int n = model.config.label_dim;
    std::vector<std::string> names;
    if (n <= 0) return names;
    const auto it = model.metadata.find("ect.class_names");
    if (it != model.metadata.end()) {
        // A list of names, one per class (label_dim is bounded): anything deeper or longer is no
        // such list, and is refused while parsed rather than built.
        nlohmann::json j;
        try {
            j = parse_json_bounded(it->second, model.path, 2, size_t(n) + 2);
        } catch (const std::exception&) {
            j = nullptr;  // damaged names: the numbers below
        }
        if (j.is_array() && int(j.size()) == n && std::all_of(j.begin(), j.end(), [](const auto& v) { return v.is_string(); }))
            return j.get<std::vector<std::string>>();
    }
    const auto data = model.metadata.find("ect.data");
    if (n == 10 && data != model.metadata.end() && data->second.rfind("fashion-mnist", 0) == 0)
        return fashion_mnist_class_names();
    for (int c = 0; c < n; ++c) names.push_back(std::to_string(c));
    return names;
}

int GenerateSettings::nfe() const
{
    return info().nfe(steps);
}

void GenerateSettings::validate(const NetworkConfig& config) const
{
    const SamplerInfo& sampler = info();
    if (steps < sampler.min_steps)
        fail("sampler", std::string(sampler.label) + " sampling needs at least " + std::to_string(sampler.min_steps) +
                            (sampler.min_steps == 1 ? " step" : " steps"));
    if (sampler.takes_mid) {
        if (static_cast<int>(mid.size()) != steps - 1)
            fail("sampler", std::string(sampler.label) + " sampling with " + std::to_string(steps) + " steps needs " +
                                std::to_string(steps - 1) + " mid levels, got " + std::to_string(mid.size()));
        double previous = kSigmaMax;
        for (double t : mid)
            if (!(t > 0) || !(t < previous)) fail("sampler", "mid levels must decrease from 80 and stay above 0");
            else previous = t;
    } else if (!mid.empty()) {
        fail("sampler", std::string("mid levels do not apply to ") + sampler.label + " sampling");
    }
    if (count < 1) fail("sampler", "count must be >= 1");
    if (batch < 1) fail("sampler", "batch must be >= 1");
    if (class_index >= 0 && config.label_dim == 0) fail("class", "the model is not class-conditional");
    if (class_index >= config.label_dim && config.label_dim > 0)
        fail("class", "class " + std::to_string(class_index) + " does not exist (the model has " +
                          std::to_string(config.label_dim) + " classes: 0.." + std::to_string(config.label_dim - 1) + ")");
}

ParameterList generation_parameters(const ModelFile& model, const GenerateSettings& s, const std::string& model_hash,
                                    const ParameterList& after_seed)
{
    ParameterList p;
    p.emplace_back("Steps", std::to_string(s.steps));
    p.emplace_back("Sampler", s.info().label);  // untranslated: other tools read this text
    if (!s.mid.empty()) p.emplace_back("Mid levels", format_levels(s.mid));
    p.emplace_back("Seed", std::to_string(s.seed));
    if (after_seed.empty()) p.emplace_back("Count", std::to_string(s.count));
    p.insert(p.end(), after_seed.begin(), after_seed.end());
    p.emplace_back("Class", s.class_index >= 0 ? std::to_string(s.class_index) : std::string("all"));
    p.emplace_back("NFE", std::to_string(s.nfe()));
    const std::string side = std::to_string(model.config.img_resolution);
    p.emplace_back("Size", side + "x" + side);
    p.emplace_back("Model", std::filesystem::path(model.path).stem().string());
    p.emplace_back("Model hash", model_hash);
    p.emplace_back("Version", std::string("ECT Studio ") + ECT_VERSION);
    return p;
}

std::string format_parameters(const ParameterList& pairs)
{
    std::string out;
    for (const auto& [key, value] : pairs) {
        std::string v = value;
        if (v.find_first_of(",:") != std::string::npos) {
            std::string quoted = "\"";
            for (char ch : v) quoted += ch == '"' ? std::string("\\\"") : std::string(1, ch);
            v = quoted + "\"";
        }
        out += (out.empty() ? "" : ", ") + key + ": " + v;
    }
    return out;
}

std::string short_file_hash(const std::string& path)
{
    try {
        return sha256_file(path).substr(0, 10);
    } catch (const std::exception&) {
        return {};
    }
}

SamplerKind default_sampler(const ModelFile& model)
{
    const auto kind = model.metadata.find("ect.kind");
    return kind != model.metadata.end() && kind->second == "diffusion" ? SamplerKind::Heun : SamplerKind::Consistency;
}

torch::Tensor generate_from_latents(Denoiser& net, const GenerateSettings& s, const torch::Tensor& latents,
                                    const torch::Tensor& labels, const std::vector<torch::Tensor>& renoise)
{
    const torch::Device device = net->parameters().front().device();
    // Inputs: latents, then the labels (if any), then the re-noising tensors (consistency).
    std::vector<torch::Tensor> inputs{latents.to(device, torch::kFloat32)};
    const bool has_labels = labels.defined();
    if (has_labels) inputs.push_back(labels.to(device, torch::kFloat32));
    const size_t renoise_used = s.info().takes_mid ? s.mid.size() : 0;
    if (renoise.size() < renoise_used)
        fail("sampler", std::to_string(s.mid.size()) + " mid levels need as many re-noising tensors");
    for (size_t k = 0; k < renoise_used; ++k) inputs.push_back(renoise[k].to(device, torch::kFloat32));

    auto run = [&](const std::vector<torch::Tensor>& in) {
        const torch::Tensor& z = in[0];
        const torch::Tensor l = has_labels ? in[1] : torch::Tensor();
        const std::vector<torch::Tensor> r(in.begin() + (has_labels ? 2 : 1), in.end());
        return s.info().run(net, z, l, s.steps, s.mid, r);
    };
    if (!device.is_cuda()) return run(inputs).cpu();
    // On CUDA the whole sampler (every network evaluation) is one captured graph per setting.
    // The levels are baked into the graph: the key holds them exactly.
    std::string key = GenerateSettings::sampler_name(s.sampler) + ":" + std::to_string(s.steps) + ":";
    for (double t : s.mid) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g,", t);
        key += buf;
    }
    key += ":" + c10::str(latents.sizes()) + (has_labels ? ":labels:" : ":") + math_mode_key();
    std::vector<torch::Tensor> weights = net->parameters();
    for (const auto& b : net->buffers()) weights.push_back(b);
    torch::Tensor out;
    {
        EvaluationWatch::Suspend suspend;  // a captured graph runs every evaluation in one replay
        out = net->sampling_graphs.run(key, inputs, weights, run).cpu();
    }
    EvaluationWatch::note(s.nfe());
    return out;
}

bool generate_batches(Denoiser& net, const GenerateSettings& s,
                      const std::function<bool(int64_t first, const torch::Tensor& images)>& consume)
{
    const NetworkConfig& cfg = net->config();
    s.validate(cfg);
    const torch::Device device = net->parameters().front().device();
    const int renoise_steps = s.info().takes_mid ? s.steps - 1 : 0;
    for (int64_t first = 0; first < s.count; first += s.batch) {
        const int64_t n = std::min<int64_t>(s.batch, s.count - first);
        // Image i: noise from seed + i, class i mod classes (or the chosen class).
        // Drawn on the network's device: no host work and no copy per batch.
        const auto noise = seeded_noise(s.seed, first, n, cfg.img_channels, cfg.img_resolution, renoise_steps, device);
        const torch::Tensor labels = class_labels_for(first, n, cfg.label_dim, s.class_index);
        if (!consume(first, generate_from_latents(net, s, noise.latents, labels, noise.renoise))) return false;
    }
    return true;
}

torch::Tensor generate(Denoiser& net, const GenerateSettings& s, const std::function<bool()>& cancelled)
{
    if (cancelled && cancelled()) return {};
    std::vector<torch::Tensor> outputs;
    bool complete = false;
    try {
        complete = generate_batches(net, s, [&](int64_t, const torch::Tensor& images) {
            outputs.push_back(images);
            return !(cancelled && cancelled());
        });
    } catch (const SamplingCancelled&) {
        return {};  // an EvaluationWatch stopped it between evaluations
    }
    if (!complete || (cancelled && cancelled())) return {};
    return torch::cat(outputs);
}

torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, double t)
{
    const torch::Tensor a64 = a.to(torch::kFloat64), b64 = b.to(torch::kFloat64);
    const double na = a64.norm().item<double>(), nb = b64.norm().item<double>();
    const double cos_omega = std::clamp((a64 * b64).sum().item<double>() / std::max(na * nb, 1e-300), -1.0, 1.0);
    const double omega = std::acos(cos_omega);
    if (omega < 1e-6) return ((1 - t) * a64 + t * b64).to(a.scalar_type());
    const double s = std::sin(omega);
    return (std::sin((1 - t) * omega) / s * a64 + std::sin(t * omega) / s * b64).to(a.scalar_type());
}

SampleNoise interpolated_noise(const NetworkConfig& cfg, const GenerateSettings& s, const std::vector<uint64_t>& corners,
                               const std::vector<std::pair<double, double>>& points)
{
    if (corners.size() != 2 && corners.size() != 4) fail("interpolation", "needs 2 or 4 corner seeds");
    const int renoise = s.info().takes_mid ? s.steps - 1 : 0;
    std::vector<SampleNoise> c;
    for (uint64_t seed : corners) c.push_back(seeded_noise(seed, 0, 1, cfg.img_channels, cfg.img_resolution, renoise));
    const bool two_d = c.size() == 4;
    auto mix = [&](auto get, double u, double v) {
        const torch::Tensor top = slerp(get(c[0]), get(c[1]), u);
        return two_d ? slerp(top, slerp(get(c[2]), get(c[3]), u), v) : top;
    };
    std::vector<torch::Tensor> latents;
    std::vector<std::vector<torch::Tensor>> renoise_rows(static_cast<size_t>(renoise));
    for (const auto& [u, v] : points) {
        latents.push_back(mix([](const SampleNoise& n) { return n.latents; }, u, v));
        for (size_t k = 0; k < renoise_rows.size(); ++k)
            renoise_rows[k].push_back(mix([k](const SampleNoise& n) { return n.renoise[k]; }, u, v));
    }
    SampleNoise out;
    out.latents = torch::cat(latents);
    for (auto& row : renoise_rows) out.renoise.push_back(torch::cat(row));
    return out;
}

}  // namespace ect
