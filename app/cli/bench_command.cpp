// `ect bench`: training and sampling throughput of presets on this machine, with achieved
// TFLOP/s and MFU (figures for the README and the side-by-side GPU benchmark).
#include "cli_args.h"
#include "commands.h"

#include "ect/device.h"
#include "ect/network/model_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace ect::cli {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

// One measured configuration: a row of the table and an object of --json.
struct Measurement {
    std::string preset, what;  // what: "pretrain", "tune", or a sampler such as "cm:1"
    int64_t parameters = 0, batch = 0;
    int nfe = 0;                    // network evaluations per image (sampling)
    double images_per_second = 0;
    double flops_per_image = 0;     // per training image or per sample
    double peak_memory_mb = 0;      // CUDA: caching allocator peak; CPU: resident set
    double peak_tflops = 0;         // the card's peak for the precision (0: unknown)
    std::string device, precision;
    bool channels_last = false;
    bool step_graph = false;  // training: the steps ran as a replayed CUDA graph
    int world_size = 1;             // training under torchrun: ranks (img/s is their total)
    std::string backend;

    double tflops() const { return images_per_second * flops_per_image / 1e12; }
    nlohmann::json to_json() const
    {
        nlohmann::json j = {{"preset", preset},
                            {"what", what},
                            {"parameters", parameters},
                            {"batch", batch},
                            {"img_per_s", images_per_second},
                            {"s_per_kimg", 1000 / images_per_second},
                            {"peak_memory_mb", peak_memory_mb},
                            {"gflops_per_image", flops_per_image / 1e9},
                            {"tflops", tflops()},
                            {"device", device},
                            {"precision", precision},
                            {"layout", channels_last ? "nhwc" : "nchw"}};
        if (nfe == 0) j["step_graph"] = step_graph;
        if (nfe > 0) j["nfe"] = nfe;
        if (!backend.empty()) {
            j["world_size"] = world_size;
            j["backend"] = backend;
            j["img_per_s_per_rank"] = images_per_second / world_size;
        }
        if (peak_tflops > 0) j["mfu"] = tflops() / peak_tflops;
        return j;
    }
};

double memory_mb(const torch::Device& device)
{
    return double(device.is_cuda() ? device_peak_memory(device) : process_resident_bytes()) / (1 << 20);
}

// Times `steps` training steps after 3 warm-up steps (cuDNN autotuning, allocator growth).
// `mode`: "pretrain" (EDM), "tune" (ECT) or an objective's name.
std::string objective_of_mode(const std::string& mode)
{
    return mode == "pretrain" ? "edm" : mode == "tune" ? "ect" : mode;
}

Measurement bench_training(const std::string& name, const std::string& mode, const Args& args, const fs::path& tmp, int64_t steps,
                           const std::shared_ptr<DistributedGroup>& group)
{
    TrainConfig c = make_preset(name, objective_of_mode(mode));
    const Objective& objective = find_objective(c.objective);
    c.device = args.text("device", "auto");
    c.threads = static_cast<int>(args.integer("threads", 0, 0, 1024));
    if (args.has("precision")) c.precision = args.text("precision");
    c.batch = args.integer("batch", c.batch, 1, 1 << 20);
    c.batch_per_pass = 0;
    if (args.has("data")) c.data = args.text("data");
    // The preset's own network whatever the data: its images are resized to it.
    c.resolution = c.network.img_resolution;
    c.image_channels = c.network.img_channels;
    if (name == "cifar10") c.conditional = false;  // EDM's and ECT's CIFAR-10 DDPM++ are unconditional
    const std::string dir = (tmp / (name + "-" + mode)).string();
    if (objective.from_base()) {
        // Tune from a randomly initialised network of the tuning recipe's architecture (ECT's
        // EDM2 variant: no uncertainty head, dropout at <= 16x16, as the official imgnet branch).
        Denoiser base(c.network);
        save_model((tmp / (name + "-base.safetensors")).string(), base, {{"ect.kind", "diffusion"}});
        c.base_model = (tmp / (name + "-base.safetensors")).string();
    }
    // With step graphs: RAdam's first 5 steps run uncaptured (momentum only), then the graph's
    // warm-up steps and its capture, all before the clock starts.
    const int64_t kWarmup = step_graphs_enabled() ? 6 + StepGraph::kWarmupSteps + 2 : 3;
    c.steps = kWarmup + steps;
    c.sample_every = 0;
    c.checkpoint_every = c.steps + 1;
    c.log_every = c.steps;  // the only read-back of the statistics is at the end
    c.grid_count = 1;
    c.grid_heun_steps = 2;
    auto trainer = Trainer::start(c, dir, group);  // in a group: rank 0's random base weights everywhere
    clock_type::time_point start, end;
    TrainEvents ev;
    // Progress arrives every step on every device (loss points on CUDA only at log ticks).
    ev.progress = [&](const TrainProgress& p) {
        if (p.step == kWarmup || p.step == c.steps) {
            synchronize(trainer->device());
            if (p.step == kWarmup) reset_device_peak_memory(trainer->device());
            (p.step == kWarmup ? start : end) = clock_type::now();
        }
    };
    trainer->run(ev);
    Measurement m;
    m.preset = name;
    m.what = mode;
    m.parameters = count_parameters(*trainer->net());
    m.batch = c.batch;
    m.images_per_second = double(steps * c.batch) / std::chrono::duration<double>(end - start).count();
    // Backward costs about twice the forward; ECT adds the target pass, CMT the teacher's (forward only).
    const double passes = objective.passes_per_image(c);
    m.flops_per_image = passes * double(trainer->net()->model->flops_per_image());
    m.peak_memory_mb = memory_mb(trainer->device());
    m.peak_tflops = device_peak_tflops(trainer->device(), trainer->precision());
    m.device = describe_device(trainer->device());
    m.precision = precision_name(trainer->precision());
    m.channels_last = trainer->net()->channels_last();
    m.step_graph = trainer->step_graph_replayed();
    if (group) {
        // The ranks step together (each step ends in their gradient sum), so rank 0's clock times the group.
        m.world_size = group->size();
        m.backend = group->backend();
        m.peak_tflops *= group->size();
    }
    return m;
}

// Times `reps` calls of a sampler on a batch of `batch` seeds after one warm-up call.
Measurement bench_sampling(const std::string& name, const std::string& spec, int64_t batch, int reps,
                           const torch::Device& device, Precision precision)
{
    const auto colon = spec.find(':');
    GenerateSettings s;
    s.sampler = GenerateSettings::parse_sampler(spec.substr(0, colon));
    s.steps = colon == std::string::npos ? s.info().default_steps : std::stoi(spec.substr(colon + 1));
    if (s.info().takes_mid) s.mid = GenerateSettings::default_mid(s.steps);
    if (s.info().takes_mid && s.steps > 2)  // any decreasing levels time the same
        for (int k = 1; k < s.steps; ++k) s.mid.push_back(kCifarMidLevel / k);
    s.count = batch;
    s.batch = static_cast<int>(batch);
    Denoiser net(make_preset(name, "edm").network);
    net->to(device);
    PrecisionScope scope(precision, device);
    generate(net, s);  // warm-up
    synchronize(device);
    reset_device_peak_memory(device);
    const auto start = clock_type::now();
    for (int r = 0; r < reps; ++r) generate(net, s);
    synchronize(device);
    Measurement m;
    m.preset = name;
    m.what = spec;
    m.parameters = count_parameters(*net);
    m.batch = batch;
    m.nfe = s.nfe();
    m.images_per_second = double(reps * batch) / std::chrono::duration<double>(clock_type::now() - start).count();
    m.flops_per_image = double(m.nfe) * double(net->model->flops_per_image());
    m.peak_memory_mb = memory_mb(device);
    m.peak_tflops = device_peak_tflops(device, precision);
    m.device = describe_device(device);
    m.precision = precision_name(precision);
    m.channels_last = net->channels_last();
    return m;
}

void print_row(const Measurement& m)
{
    char mfu[16] = "-";
    if (m.peak_tflops > 0) std::snprintf(mfu, sizeof mfu, "%.1f%%", 100 * m.tflops() / m.peak_tflops);
    std::string what = m.what;
    if (m.nfe > 0) what += " (NFE " + std::to_string(m.nfe) + ")";
    std::printf("%-8s %-16s %11lld %6lld %10.1f %9.3f %10.1f %9.2f %7s", m.preset.c_str(), what.c_str(),
                static_cast<long long>(m.parameters), static_cast<long long>(m.batch), m.images_per_second,
                1000 / m.images_per_second, m.peak_memory_mb, m.tflops(), mfu);
    if (!m.backend.empty()) std::printf(" %10.1f", m.images_per_second / m.world_size);
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace

int bench_command(int argc, char** argv)
{
    Args args("bench",
              "Measure training throughput (EDM pretraining, ECT tuning) and sampling throughput of presets with\n"
              "randomly initialised networks: images per second, seconds per thousand images, peak memory, and the\n"
              "achieved TFLOP/s (FLOPs counted from the network's shapes) with MFU against the card's peak.",
              {{"presets", "A,B,..", "Presets to measure (default tiny,small,base)"},
               {"modes", "M,..", "pretrain (EDM), tune (ECT), another objective (cmt), sample (default pretrain,tune)"},
               {"steps", "N", "Timed training steps per measurement (default 20)"},
               {"batch", "N", "Training batch (default: the preset's)"},
               {"data", "SOURCE", "Training data (default fashion-mnist, resized to the network)"},
               {"samplers", "S,..", "Samplers to time: cm:K, heun:N, euler:N (default cm:1,cm:2,heun:18)"},
               {"sample-batch", "N", "Images per sampling call (default 64)"},
               {"sample-reps", "N", "Timed sampling calls per sampler (default 3)"},
               {"latency", "", "Also time 1-step sampling of one image (batch 1)"},
               {"device", "NAME", "auto (default), cpu, cuda or cuda:N"},
               {"threads", "N", "CPU threads (default: all cores)"},
               {"precision", "P", "fp32, tf32 or bf16 (default fp32 on the CPU, tf32 on CUDA)"},
               {"layout", "L", "Network memory layout: nchw, nhwc (channels_last) or auto (default: nchw)"},
               {"step-graph", "", "Capture each training step as one CUDA graph (EDM and ECT, one process)"},
               {"json", "", "Print one JSON object per line instead of the table"},
               {"dist-timeout", "S", "Under torchrun: seconds a rank waits for the others (default 1800)"}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    if (args.has("layout")) set_layout_mode(parse_layout_mode(args.text("layout")));
    if (args.has("step-graph")) set_step_graphs_enabled(true);
    const std::vector<std::string> presets = args.has("presets") ? args.list("presets") : std::vector<std::string>{"tiny", "small", "base"};
    const std::vector<std::string> modes = args.has("modes") ? args.list("modes") : std::vector<std::string>{"pretrain", "tune"};
    for (const auto& m : modes) {
        const auto names = objective_names();
        if (m != "pretrain" && m != "tune" && m != "sample" && std::find(names.begin(), names.end(), m) == names.end())
            throw UsageError("unknown mode '" + m + "' (use pretrain, tune, sample or an objective: " + [&] {
                std::string list;
                for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                return list;
            }() + ")");
    }
    for (const auto& p : presets) {
        const auto names = preset_names();
        if (std::find(names.begin(), names.end(), p) == names.end()) throw UsageError("unknown preset '" + p + "'");
    }
    const int64_t steps = args.integer("steps", 20, 1, 100000);
    const int64_t sample_batch = args.integer("sample-batch", 64, 1, 1 << 16);
    const int reps = static_cast<int>(args.integer("sample-reps", 3, 1, 10000));
    const bool json = args.has("json");
    // Under torchrun the training measurements run on every rank (the batch is split over them);
    // rank 0 prints, and times sampling alone.
    const auto group = join_launch_group(args.text("device", "auto"), args.integer("dist-timeout", 0, 1, 7 * 24 * 3600));
    const bool root = !group || group->is_root();
    init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    if (group && !args.has("threads")) init_threads(group->default_threads());
    const torch::Device device = group ? group->device() : resolve_device(args.text("device", "auto"));
    const Precision precision = precision_from_args(args, device);
    if (device.is_cuda()) set_cudnn_benchmark(true);

    const fs::path tmp = fs::temp_directory_path() / ("ect-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    struct Cleanup {
        fs::path p;
        ~Cleanup() { fs::remove_all(p); }
    } cleanup{tmp};

    if (!json && root) {
        std::printf("%s, %s, %s", describe_device(device).c_str(), precision_name(precision).c_str(),
                    channels_last_for(device) ? "channels_last (NHWC)" : "NCHW");
        if (group)
            std::printf("; %d ranks (%s): training img/s and TFLOP/s are the ranks' total, memory rank 0's", group->size(),
                        group->backend().c_str());
        std::printf("\n%-8s %-16s %11s %6s %10s %9s %10s %9s %7s%s\n", "preset", "what", "parameters", "batch", "img/s",
                    "s/kimg", "memory MB", "TFLOP/s", "MFU", group ? "  img/s/rank" : "");
    }
    auto report = [&](const Measurement& m) {
        if (!root) return;
        if (json)
            std::printf("%s\n", m.to_json().dump().c_str());
        else
            print_row(m);
        std::fflush(stdout);
    };
    for (const auto& name : presets) {
        for (const auto& mode : modes) {
            if (mode != "sample") report(bench_training(name, mode, args, tmp, steps, group));
            if (mode != "sample" || !root) continue;
            const std::vector<std::string> samplers =
                args.has("samplers") ? args.list("samplers") : std::vector<std::string>{"cm:1", "cm:2", "heun:18"};
            for (const auto& spec : samplers) {
                try {
                    report(bench_sampling(name, spec, sample_batch, reps, device, precision));
                } catch (const std::invalid_argument&) {
                    throw UsageError("bad sampler '" + spec + "' (write NAME:STEPS with NAME one of " + sampler_names() + ")");
                }
            }
            if (args.has("latency")) report(bench_sampling(name, "cm:1", 1, std::max(reps, 20), device, precision));
        }
    }
    return 0;
}

}  // namespace ect::cli
