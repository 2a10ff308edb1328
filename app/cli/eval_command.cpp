// `ect eval` (FD of a model's samples against real images), `ect search-mid` (the consistency
// mid levels with the lowest FD) and `ect train-classifier` (the network FD's features come from).
#include "cli_args.h"
#include "commands.h"

#include "ect/network/snapshot.h"

#include "ect/network/bundled.h"
#include "ect/evaluation/classifier.h"
#include "ect/training/dataset.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/method/generate.h"
#include "ect/io/image_io.h"
#include "ect/evaluation/metrics.h"
#include "ect/evaluation/plot.h"
#include "ect/network/model_file.h"
#include "ect/evaluation/quality.h"
#include "ect/io/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace ect::cli {

Precision precision_from_args(const Args& args, const torch::Device& device)
{
    if (!args.has("precision")) return default_precision(device);
    try {
        const Precision p = parse_precision(args.text("precision"));
        check_precision(p, device);
        return p;
    } catch (const UsageError&) {
        throw;
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
}

GenerateSettings generate_settings_from_args(const Args& args, const ModelFile& model, const SettingsLimits& limits)
{
    GenerateSettings s;
    try {  // every error here is a flag that does not fit: report it as a usage error
        s.sampler = args.has("sampler") ? GenerateSettings::parse_sampler(args.text("sampler")) : default_sampler(model);
        const SamplerInfo& info = s.info();
        s.steps = static_cast<int>(args.integer("steps", info.default_steps, info.min_steps, 1000));
        if (args.has("mid")) s.mid = parse_levels(args.text("mid"), "--mid");
        else if (info.takes_mid) s.mid = default_mid(model, s.steps);
        s.seed = static_cast<uint64_t>(args.integer("seed", 0, 0, 1LL << 62));
        s.count = args.integer("count", limits.default_count, limits.min_count, limits.max_count);
        s.batch = static_cast<int>(args.integer("batch", limits.default_batch, 1, limits.max_batch));
        s.class_index = static_cast<int>(args.integer("class", -1, 0, 1 << 30));
        s.validate(model.config);
    } catch (const UsageError&) {
        throw;
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    return s;
}

Flag sampler_flag()
{
    std::string text = sampler_names(", ") + " (";
    for (const auto& info : sampler_table()) text += std::string(info.name) + ": " + info.label + ", ";
    return {"sampler", "NAME", text + "default by the model's kind; cm without --model)"};
}

Flag steps_flag()
{
    std::string text = "Steps (";
    for (const auto& info : sampler_table())
        text += std::string(info.name) + " " + std::to_string(info.min_steps) + ".., default " +
                std::to_string(info.default_steps) + (&info == &sampler_table().back() ? ")" : "; ");
    return {"steps", "K", text};
}

void note_if_snapshot(const std::string& path)
{
    if (!is_pickle_file(path)) return;
    std::fprintf(stderr, "note: %s is an official EDM, EDM2 or ECT snapshot, converted in memory; 'ect import %s --out MODEL.safetensors' "
                         "keeps the conversion\n", path.c_str(), path.c_str());
}

ModelFile load_model_noting(const std::string& path, const torch::Device& device, const LoadOptions& options)
{
    ModelFile model = load_model(path, device, options);
    note_if_snapshot(path);
    return model;
}

std::string default_model_for(const std::string& sampler)
{
    try {
        return sampler_info(sampler).for_diffusion_models ? require_bundled(kBundledDiffusion, "diffusion model")
                                                          : require_bundled(kBundledConsistency, "consistency model");
    } catch (const UsageError&) {
        throw;
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// The reference images and the feature network, shared by eval and search-mid.
struct Reference {
    std::unique_ptr<FeatureNetwork> features;
    std::string features_path, data_name;
    torch::Tensor images;  // uint8 [N, C, H, W]
    FeatureStats half_a, half_b;  // the two halves (eval's floor) ...
    FeatureStats stats;           // ... and all of it, merged: every image's features taken once
};

Reference load_reference(const Args& args, const NetworkConfig& net, const std::string& default_data,
                         const torch::Device& device)
{
    Reference ref;
    ref.features_path = args.has("features") ? args.text("features") : require_bundled(kBundledClassifier, "FD classifier");
    ref.features = load_feature_network(ref.features_path, device);
    DatasetOptions o;
    o.resolution = net.img_resolution;
    o.channels = net.img_channels;
    o.limit = args.integer("data-count", 0, 0, 1LL << 40);
    const Dataset data = load_dataset(args.text("data", default_data), o);
    if (data.size() < 4) fail(data.name, "too few reference images for FD");
    ref.data_name = data.name;
    ref.images = data.images;
    const int64_t n = data.size();
    ref.half_a = image_stats(*ref.features, ref.images, 0, n / 2);
    ref.half_b = image_stats(*ref.features, ref.images, n / 2, n);
    ref.stats = ref.half_a;
    ref.stats.merge(ref.half_b);
    return ref;
}

struct SampleStats {
    FeatureStats stats;
    double seconds = 0;  // generation only (feature extraction excluded)
    torch::Tensor first_images;  // the first few samples, for a preview grid
};

SampleStats sample_stats(Denoiser& net, const GenerateSettings& s, FeatureNetwork& features, bool progress)
{
    SampleStats out;
    // Generation time only: each batch arrives on the CPU (its device work done); the clock
    // restarts after its features are taken.
    auto start = Clock::now();
    generate_batches(net, s, [&](int64_t first, const torch::Tensor& images) {
        out.seconds += seconds_since(start);
        if (!out.first_images.defined()) out.first_images = images.slice(0, 0, std::min<int64_t>(images.size(0), 100));
        out.stats.add(features.features(quantise_samples(images)));
        if (progress) {
            std::fprintf(stderr, "\r  %lld/%lld samples", static_cast<long long>(first + images.size(0)),
                         static_cast<long long>(s.count));
            std::fflush(stderr);
        }
        start = Clock::now();
        return true;
    });
    if (progress) std::fprintf(stderr, "\n");
    return out;
}

std::string model_path_from_args(const Args& args)
{
    return args.has("model") ? args.text("model") : default_model_for(args.text("sampler", "cm"));
}

std::vector<Flag> common_flags(const std::string& default_data)
{
    return {{"model", "FILE", "Model (.safetensors); default: the bundled model that fits the sampler"},
            {"features", "FILE", "Feature network: a classifier from ect train-classifier (default: the bundled one)\n"
                                 "or a TorchScript file such as FID's Inception (takes uint8 [N,3,H,W])"},
            {"data", "SOURCE", "Reference images (default " + default_data + ")"},
            {"data-count", "N", "Use only the first N reference images"},
            {"seed", "S", "First seed of the samples"},
            {"batch", "B", "Images per network call (default 250)"},
            {"device", "NAME", "auto (default), cpu, cuda or cuda:N"},
            {"precision", "P", "fp32, tf32 or bf16 (default fp32 on the CPU, tf32 on CUDA)"},
            {"threads", "N", "CPU threads (default: all cores)"},
            {"json", "", "Print one JSON object instead of text"}};
}

// One row of `ect eval --models`: a model with a sampler.
struct TableRow {
    std::string model, objective;
    GenerateSettings settings;
    double fd = 0, seconds_per_image = 0;
};

// The table's names for the models: their file names, with as many parent folders as tell them
// apart (runs all write model.safetensors: ect/model.safetensors, cmt/model.safetensors).
std::vector<std::string> distinct_names(const std::vector<std::string>& paths)
{
    auto tail = [](const std::string& path, int parts) {
        std::filesystem::path p = std::filesystem::path(path).lexically_normal(), out;
        std::vector<std::string> names;
        for (const auto& part : p) names.push_back(part.string());
        const int from = std::max(0, int(names.size()) - parts);
        for (int i = from; i < int(names.size()); ++i) out /= names[size_t(i)];
        return out.string();
    };
    for (int parts = 1; parts < 8; ++parts) {
        std::vector<std::string> out;
        bool clash = false;
        for (size_t i = 0; i < paths.size(); ++i) {
            out.push_back(tail(paths[i], parts));
            // The same file named twice keeps its short name; two files with one name do not.
            for (size_t k = 0; k < i; ++k)
                clash |= out[k] == out[i] && std::filesystem::path(paths[k]).lexically_normal() !=
                                                 std::filesystem::path(paths[i]).lexically_normal();
        }
        if (!clash) return out;
    }
    return paths;
}

// "NAME:STEPS" (or NAME alone: its default steps) → settings of that sampler and steps.
GenerateSettings parse_sampler_spec(const std::string& spec)
{
    const auto colon = spec.find(':');
    GenerateSettings s;
    try {
        s.sampler = GenerateSettings::parse_sampler(spec.substr(0, colon));
    } catch (const Error& e) {
        throw UsageError(std::string("--samplers: ") + e.what());
    }
    s.steps = s.info().default_steps;
    if (colon != std::string::npos) {
        const std::string steps = spec.substr(colon + 1);
        if (steps.empty() || steps.size() > 4 || steps.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError("--samplers: '" + spec + "' is not NAME:STEPS");
        s.steps = std::stoi(steps);
    }
    if (s.steps < s.info().min_steps) throw UsageError("--samplers: " + spec + " takes at least " + std::to_string(s.info().min_steps) + " steps");
    return s;
}

// `ect eval --models A,B --samplers cm:1,cm:2,dpm++:4,heun:18`: one FD table, a row per model and
// each sampler that fits its kind (consistency samplers for consistency models, the others for
// diffusion models), all on the same seeds against the same reference statistics.
int eval_table(const Args& args)
{
    init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    const torch::Device device = resolve_device(args.text("device", "auto"));
    const Precision precision = precision_from_args(args, device);
    PrecisionScope precision_scope(precision, device);
    const bool json_out = args.has("json");
    std::vector<std::string> paths, specs;
    for (std::stringstream in(args.text("models")); in.good();) {
        std::string p;
        std::getline(in, p, ',');
        if (!p.empty()) paths.push_back(p);
    }
    for (std::stringstream in(args.text("samplers", "cm:1,cm:2,heun:18,dpm++:4")); in.good();) {
        std::string p;
        std::getline(in, p, ',');
        if (!p.empty()) specs.push_back(p);
    }
    if (paths.empty() || paths.size() > 64) throw UsageError("--models takes 1 to 64 model files");
    if (specs.empty() || specs.size() > 64) throw UsageError("--samplers takes 1 to 64 samplers");
    std::vector<GenerateSettings> samplers;
    for (const auto& spec : specs) samplers.push_back(parse_sampler_spec(spec));
    const int64_t count = args.integer("count", 10000, 2, 10000000);
    const uint64_t seed = static_cast<uint64_t>(args.integer("seed", 0, 0, 1LL << 62));
    const int batch = static_cast<int>(args.integer("batch", 250, 1, 100000));

    std::unique_ptr<Reference> ref;
    std::vector<TableRow> rows;
    const std::vector<std::string> names = distinct_names(paths);
    for (size_t m = 0; m < paths.size(); ++m) {
        const std::string& path = paths[m];
        ModelFile model = load_model_noting(path, device);
        if (!ref) ref = std::make_unique<Reference>(load_reference(args, model.config, "fashion-mnist:test", device));
        const std::string kind = model.kind(), objective = model.objective();
        bool any = false;
        for (GenerateSettings s : samplers) {
            if (s.info().for_diffusion_models != (kind == "diffusion")) continue;
            any = true;
            s.count = count;
            s.seed = seed;
            s.batch = batch;
            if (s.info().takes_mid) s.mid = default_mid(model, s.steps);
            s.validate(model.config);
            if (!json_out) std::fprintf(stderr, "%s, %s %d:\n", path.c_str(), s.info().name, s.steps);
            SampleStats gen = sample_stats(model.net, s, *ref->features, !json_out);
            TableRow row{names[m], objective, s,
                         frechet_distance(gen.stats, ref->stats), gen.seconds / static_cast<double>(count)};
            if (json_out) {
                std::cout << nlohmann::json{{"model", path}, {"objective", objective}, {"kind", kind},
                                            {"sampler", s.info().name}, {"steps", s.steps}, {"mid", s.mid},
                                            {"nfe", s.nfe()}, {"fd", row.fd}, {"count", count},
                                            {"seconds_per_image", row.seconds_per_image},
                                            {"reference", ref->data_name}, {"features", ref->features->description()}}
                                 .dump()
                          << std::endl;
            }
            rows.push_back(row);
        }
        if (!any) fail(path, "is a " + kind + " model and no sampler of --samplers fits it");
    }
    if (json_out) return 0;
    std::printf("FD of %lld samples (seeds %llu..) against %s, floor %.4g (its halves); features: %s\n",
                static_cast<long long>(count), static_cast<unsigned long long>(seed), ref->data_name.c_str(),
                frechet_distance(ref->half_a, ref->half_b), ref->features->description().c_str());
    std::printf("%-32s %-9s %-8s %5s %4s %9s %10s\n", "model", "objective", "sampler", "steps", "NFE", "FD", "s/image");
    for (const TableRow& r : rows)
        std::printf("%-32s %-9s %-8s %5d %4d %9.4g %10.5f\n", r.model.c_str(), r.objective.c_str(), r.settings.info().name,
                    r.settings.steps, r.settings.nfe(), r.fd, r.seconds_per_image);
    return 0;
}

}  // namespace

int eval_command(int argc, char** argv)
{
    std::vector<Flag> flags = common_flags("fashion-mnist:test");
    flags.insert(flags.begin() + 1,
                 {sampler_flag(),
                  steps_flag(),
                  {"mid", "T1,..", "cm mid levels (default: the model's searched levels)"},
                  {"count", "N", "Samples (default 10000)"},
                  {"grid", "FILE", "Also save a grid of the first 100 samples"},
                  {"models", "A,B,..", "An FD table instead: these models, each with every sampler of --samplers that\n"
                                       "fits its kind (cm for consistency models, heun/euler/dpm++ for diffusion models)"},
                  {"samplers", "S:K,..", "With --models: samplers and steps (default cm:1,cm:2,heun:18,dpm++:4)"}});
    Args args("eval",
              "Fréchet distance (FD) between a model's samples and real images, in a classifier's feature space.\n"
              "Also prints the floor: the FD between the two halves of the reference images.",
              flags, {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    if (args.has("models")) {
        for (const char* single : {"model", "sampler", "steps", "mid", "grid"})
            if (args.has(single)) throw UsageError(std::string("--") + single + " goes with one model; with --models give --samplers");
        return eval_table(args);
    }
    if (args.has("samplers")) throw UsageError("--samplers goes with --models");
    init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    const torch::Device device = resolve_device(args.text("device", "auto"));
    auto model = load_model_noting(model_path_from_args(args), device);
    // At least 2 samples: FD needs a covariance.
    const GenerateSettings s = generate_settings_from_args(args, model, {10000, 2, 10000000, 250, 100000});
    const bool json_out = args.has("json");
    const Precision precision = precision_from_args(args, device);
    PrecisionScope precision_scope(precision, device);

    const auto t0 = Clock::now();
    Reference ref = load_reference(args, model.config, "fashion-mnist:test", device);
    const int64_t n = ref.images.size(0);
    const double floor = frechet_distance(ref.half_a, ref.half_b);
    SampleStats gen = sample_stats(model.net, s, *ref.features, !json_out);
    const double fd = frechet_distance(gen.stats, ref.stats);
    if (args.has("grid")) write_image(args.text("grid"), tile_grid(images_to_uint8(gen.first_images), 10, 2));

    const std::string sampler = GenerateSettings::sampler_name(s.sampler);
    const double spi = gen.seconds / static_cast<double>(s.count);
    if (json_out) {
        nlohmann::json j = {{"fd", fd},
                            {"fd_floor", floor},
                            {"nfe", s.nfe()},
                            {"count", s.count},
                            {"seconds_per_image", spi},
                            {"sampler", sampler},
                            {"steps", s.steps},
                            {"mid", s.mid},
                            {"seed", s.seed},
                            {"model", model.path},
                            {"features", ref.features->description()},
                            {"reference", ref.data_name},
                            {"reference_count", n},
                            {"device", describe_device(device)},
                            {"precision", precision_name(precision)},
                            {"seconds_total", seconds_since(t0)}};
        std::cout << j.dump() << '\n';
        return 0;
    }
    std::printf("FD %.4g  (floor %.4g: halves of %s)\n", fd, floor, ref.data_name.c_str());
    std::printf("  %s, %s %d step%s%s (NFE %d), %lld samples, %.5f s/image on %s\n", model.path.c_str(), sampler.c_str(),
                s.steps, s.steps == 1 ? "" : "s", s.mid.empty() ? "" : (" mid " + format_levels(s.mid)).c_str(), s.nfe(),
                static_cast<long long>(s.count), spi, describe_device(device).c_str());
    std::printf("  features: %s\n", ref.features->description().c_str());
    return 0;
}

int search_mid_command(int argc, char** argv)
{
    std::vector<Flag> flags = common_flags("fashion-mnist (train split: held out from the test set eval uses)");
    flags.insert(flags.begin() + 1,
                 {{"steps", "K", "Consistency steps: 2 (default) or 3"},
                  {"count", "N", "Samples per trial (default 5000)"},
                  {"candidates", "T1,..", "Levels tried first (default 13 levels from 0.05 to 20, log-spaced)"},
                  {"refine", "N", "Golden-section refinements per level (default 6)"},
                  {"write", "", "Store the levels found in the model file (metadata ect.mid.K)"}});
    Args args("search-mid",
              "Find the consistency sampler's mid levels (2-step: one, 3-step: two) that give the lowest FD on held-out\n"
              "data: a log-spaced scan, then golden-section refinement of each level in turn. With --write the model\n"
              "file keeps them, and `ect sample`, `ect eval` and the studio use them by default.",
              flags, {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    const torch::Device device = resolve_device(args.text("device", "auto"));
    const std::string path = args.has("model") ? args.text("model") : default_model_for("cm");
    auto model = load_model_noting(path, device);
    const int steps = static_cast<int>(args.integer("steps", 2, 2, 3));
    const int refine = static_cast<int>(args.integer("refine", 6, 0, 50));
    std::vector<double> candidates;
    if (args.has("candidates")) {
        candidates = args.numbers("candidates");
        for (double c : candidates)
            if (!(c > 0 && c < 80)) throw UsageError("candidate levels must lie in (0, 80)");
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    } else {
        for (int i = 0; i < 13; ++i) candidates.push_back(0.05 * std::pow(400.0, i / 12.0));
    }
    if (static_cast<int>(candidates.size()) < steps - 1) throw UsageError("too few candidate levels");
    const bool json_out = args.has("json");

    GenerateSettings s;
    s.sampler = SamplerKind::Consistency;
    s.steps = steps;
    s.seed = static_cast<uint64_t>(args.integer("seed", 1000000, 0, 1LL << 62));  // apart from eval's seeds
    s.count = args.integer("count", 5000, 2, 10000000);
    s.batch = static_cast<int>(args.integer("batch", 250, 1, 100000));
    Reference ref = load_reference(args, model.config, "fashion-mnist", device);

    int trials = 0;
    auto fd_of = [&](const std::vector<double>& levels) {
        GenerateSettings t = s;
        t.mid = levels;
        const double fd = frechet_distance(sample_stats(model.net, t, *ref.features, false).stats, ref.stats);
        ++trials;
        if (!json_out) std::printf("  mid %-16s FD %.4g\n", format_levels(levels).c_str(), fd), std::fflush(stdout);
        return fd;
    };

    // The scan: every candidate (2 steps) or every decreasing pair of candidates (3 steps).
    std::vector<double> best;
    double best_fd = INFINITY;
    const int m = static_cast<int>(candidates.size());
    for (int i = m - 1; i >= 0; --i) {
        if (steps == 2) {
            const std::vector<double> levels{candidates[i]};
            const double fd = fd_of(levels);
            if (fd < best_fd) best_fd = fd, best = levels;
        } else {
            for (int j = i - 1; j >= 0; --j) {
                const std::vector<double> levels{candidates[i], candidates[j]};
                const double fd = fd_of(levels);
                if (fd < best_fd) best_fd = fd, best = levels;
            }
        }
    }
    // Refinement: golden-section search in log t for each level in turn, within the neighbouring
    // candidates (and below the level before it, above the one after it).
    for (size_t k = 0; k < best.size() && refine > 0; ++k) {
        auto at = std::find(candidates.begin(), candidates.end(), best[k]) - candidates.begin();
        double lo = at > 0 ? candidates[at - 1] : best[k] / 2;
        double hi = at + 1 < m ? candidates[at + 1] : std::min(best[k] * 2, 79.0);
        if (k > 0) hi = std::min(hi, best[k - 1] * 0.999);
        if (k + 1 < best.size()) lo = std::max(lo, best[k + 1] * 1.001);
        double a = std::log(lo), b = std::log(hi);
        const double g = (std::sqrt(5.0) - 1) / 2;
        auto trial = [&](double x) {
            std::vector<double> levels = best;
            levels[k] = std::exp(x);
            return std::make_pair(fd_of(levels), levels);
        };
        double c = b - g * (b - a), d = a + g * (b - a);
        auto fc = trial(c), fdd = trial(d);
        for (int it = 0; it < refine; ++it) {
            if (fc.first < fdd.first) b = d, d = c, fdd = fc, c = b - g * (b - a), fc = trial(c);
            else a = c, c = d, fc = fdd, d = a + g * (b - a), fdd = trial(d);
        }
        for (const auto& r : {fc, fdd})
            if (r.first < best_fd) best_fd = r.first, best = r.second;
    }

    if (args.has("write")) {
        TensorFile file = read_safetensors(path);
        file.metadata[mid_levels_key(steps)] = format_levels(best);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", best_fd);
        file.metadata[mid_levels_key(steps) + ".fd"] = buf;
        file.metadata[mid_levels_key(steps) + ".reference"] = ref.data_name;
        write_safetensors(path, file.tensors, file.metadata);
    }
    if (json_out) {
        std::cout << nlohmann::json{{"steps", steps},        {"mid", best},           {"fd", best_fd},
                                    {"count", s.count},      {"trials", trials},      {"reference", ref.data_name},
                                    {"model", model.path},   {"written", args.has("write")}}
                         .dump()
                  << '\n';
        return 0;
    }
    std::printf("best %d-step mid levels: %s (FD %.4g on %s, %d trials of %lld samples)%s\n", steps,
                format_levels(best).c_str(), best_fd, ref.data_name.c_str(), trials, static_cast<long long>(s.count),
                args.has("write") ? ("; stored in " + path).c_str() : "");
    return 0;
}

int train_classifier_command(int argc, char** argv)
{
    Args args("train-classifier",
              "Train the CNN classifier whose penultimate features `ect eval` measures FD in, and report its test\n"
              "accuracy after each epoch.",
              {{"data", "SOURCE", "Labelled training images (default fashion-mnist)"},
               {"test", "SOURCE", "Labelled test images (default fashion-mnist:test)"},
               {"epochs", "N", "Epochs (default 4)"},
               {"batch", "N", "Images per step (default 128)"},
               {"lr", "X", "Adam learning rate, decayed to 0 on a cosine (default 1e-3)"},
               {"seed", "S", "Random seed (default 0)"},
               {"device", "NAME", "auto (default), cpu, cuda or cuda:N"},
               {"threads", "N", "CPU threads (default: all cores)"},
               {"out", "FILE", "Where to write the classifier (.safetensors)", true}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    ClassifierTrainOptions o;
    o.epochs = static_cast<int>(args.integer("epochs", 4, 1, 1000));
    o.batch = args.integer("batch", 128, 1, 100000);
    o.lr = args.number("lr", 1e-3);
    if (!(o.lr > 0)) throw UsageError("--lr must be > 0");
    o.seed = static_cast<uint64_t>(args.integer("seed", 0, 0, 1LL << 62));
    o.device = resolve_device(args.text("device", "auto"));
    DatasetOptions train_opts;
    const Dataset train = load_dataset(args.text("data", "fashion-mnist"), train_opts);
    train_opts.resolution = static_cast<int>(train.images.size(2));
    train_opts.channels = static_cast<int>(train.images.size(1));
    train_opts.split = Split::Test;
    const Dataset test = load_dataset(args.text("test", "fashion-mnist:test"), train_opts);
    if (!train.labels.defined() || !test.labels.defined()) fail(train.name, "a classifier needs labelled images");
    std::printf("training on %s (%lld images), testing on %s (%lld), %s\n", train.name.c_str(),
                static_cast<long long>(train.size()), test.name.c_str(), static_cast<long long>(test.size()),
                describe_device(o.device).c_str());
    double accuracy = 0;
    Classifier net = train_classifier(train, test, o, [&](const ClassifierEpoch& e) {
        accuracy = e.test_accuracy;
        std::printf("epoch %d/%d: loss %.4f, test accuracy %.2f%% (%.0f s)\n", e.epoch, o.epochs, e.train_loss,
                    100 * e.test_accuracy, e.seconds);
        std::fflush(stdout);
    });
    char acc[32];
    std::snprintf(acc, sizeof acc, "%.4f", accuracy);
    save_classifier(args.text("out"), net,
                    {{"ect.test_accuracy", acc},
                     {"ect.data", train.name},
                     {"ect.test_data", test.name},
                     {"ect.recipe", nlohmann::json{{"epochs", o.epochs}, {"batch", o.batch}, {"lr", o.lr}, {"seed", o.seed},
                                                   {"xflip", o.xflip}}
                                        .dump()}});
    std::printf("wrote %s: test accuracy %.2f%%\n", args.text("out").c_str(), 100 * accuracy);
    return 0;
}

}  // namespace ect::cli

namespace ect::cli {

int plot_command(int argc, char** argv)
{
    Args args("plot",
              "Draw what training and evaluation measured as a line chart (PNG): FD against NFE from\n"
              "`ect eval --json` results (a line per model and sampler), or FD (or the loss) against training\n"
              "images from run folders (a line per run and FD probe).",
              {{"out", "FILE", "Chart to write (.png)", true},
               {"y", "WHAT", "fd (default) or loss (run folders only)"},
               {"labels", "A=B,..", "Rename models or runs in the legend (e.g. edm=base,fmnist-ect=ECT)"},
               {"probes", "K,..", "Run folders: only these FD probes (cm1, cm2, heun18; default all)"},
               {"smooth", "N", "With --y loss: each point the mean of the last N log records (default 1: as logged)"},
               {"title", "TEXT", "Title above the chart (default: what is plotted)"},
               {"linear", "", "Linear y axis (default logarithmic: FD spans decades)"},
               {"width", "PX", "Width in pixels (default 760)"},
               {"height", "PX", "Height in pixels (default 480)"}},
              {"INPUT..."}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    PlotInputOptions options;
    options.y = args.text("y", "fd");
    if (options.y != "fd" && options.y != "loss") throw UsageError("--y is fd or loss, not '" + options.y + "'");
    if (args.has("labels")) {
        for (const std::string& item : args.list("labels")) {
            const size_t eq = item.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
                throw UsageError("--labels takes OLD=NEW pairs separated by commas, not '" + item + "'");
            options.labels.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        }
    }
    if (args.has("probes")) {
        options.probes = args.list("probes");
        if (options.probes.empty()) throw UsageError("--probes needs at least one name (cm1, cm2, heun18, ...)");
    }
    options.smooth = int(args.integer("smooth", 1, 1, 100000));
    if (args.has("smooth") && options.y != "loss") throw UsageError("--smooth goes with --y loss");
    const std::string out = args.text("out");
    const std::string ext = std::filesystem::path(out).extension().string();
    if (ext != ".png" && ext != ".PNG") throw UsageError("--out must be a .png file");
    check_output_path(out);
    PlotSpec spec = plot_from_inputs(args.positional(), options);
    if (args.has("title")) spec.title = args.text("title");
    if (args.has("linear")) spec.log_y = false;
    spec.width = int(args.integer("width", 760, 240, 4096));
    spec.height = int(args.integer("height", 480, 160, 4096));
    std::string inputs;
    for (const auto& in : args.positional()) inputs += (inputs.empty() ? "" : ", ") + in;
    write_image(out, render_plot(spec), {{"parameters", "ect plot: " + spec.title + "; y " + options.y + "; inputs " + inputs}});
    std::cout << "wrote " << out << " (" << spec.series.size() << " lines)\n";
    return 0;
}

}  // namespace ect::cli
