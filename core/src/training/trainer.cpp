// The training loop of `ect pretrain` / `ect tune` and of the studio's training panel.
#include "ect/training/trainer.h"

#include "ect/build_config.h"
#include "ect/network/bundled.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/io/hash.h"
#include "ect/io/image_io.h"
#include "ect/network/model_file.h"
#include "ect/network/backbone.h"
#include "ect/training/objective.h"
#include "ect/training/phema.h"
#include "ect/method/generate.h"
#include "ect/method/noise.h"
#include "ect/method/samplers.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace ect {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Trainer

namespace {

constexpr const char* kStateChecksumKey = "ect.state_sha256";


constexpr int64_t kDeviceDataCap = int64_t(8) << 30;  // datasets up to 8 GiB may live on the GPU
constexpr double kLossSmoothing = 0.95;  // progress line: de-biased EMA of step losses
constexpr int64_t kTickStats = 11;        // the statistics' slots (see tick_stats_)
constexpr int64_t kStopSlot = 10;         // ranks that asked to stop


// A non-negative count stored as metadata text ("512000"); anything else is a damaged file.
int64_t parse_count(const std::string& text, const std::string& source)
{
    int64_t v = 0;
    const bool digits = !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) v = std::stoll(text);
    if (!digits) fail(source, "damaged metadata: '" + text.substr(0, 40) + "' is not a count");
    return v;
}

// Tensors of `file` under `prefix.`, with the prefix removed.
// The state's name of power-function profile i ("phema.0"), and the lengths as the state lists them.
std::string phema_part(size_t i)
{
    return "phema." + std::to_string(i);
}

std::string ema_lengths_text(const std::vector<double>& stds)
{
    std::string out;
    for (size_t i = 0; i < stds.size(); ++i) out += (i ? "," : "") + phema_std_text(stds[i]);
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> with_prefix(const TensorFile& file, const std::string& prefix)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& [name, t] : file.tensors)
        if (name.rfind(prefix + ".", 0) == 0) out.emplace_back(name.substr(prefix.size() + 1), t);
    return out;
}

// SHA-256 of a state's tensors (name, type, shape, bytes; in name order) and metadata, stored in
// the state and checked on resume: a torn or bit-flipped file is caught before it is trained on.
std::string state_checksum(std::vector<std::pair<std::string, torch::Tensor>> tensors,
                           const std::map<std::string, std::string>& metadata)
{
    std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    Sha256 h;
    for (const auto& [key, value] : metadata) {
        if (key == kStateChecksumKey) continue;
        h.update(key.c_str(), key.size() + 1);
        h.update(value.c_str(), value.size() + 1);
    }
    for (const auto& [name, t] : tensors) {
        const torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
        h.update(name.c_str(), name.size() + 1);
        const std::string type = c10::toString(c.scalar_type());
        h.update(type.c_str(), type.size() + 1);
        for (const int64_t d : c.sizes()) h.update(&d, sizeof d);
        h.update(c.data_ptr(), c.nbytes());
    }
    return h.hex();
}

// An exception's message for another rank to print: LibTorch's without its C++ backtrace.
std::string message_of(const std::exception& e)
{
    if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e)) {
        const std::string text = c10_error->what_without_backtrace();
        return text.substr(0, text.find('\n'));
    }
    return e.what();
}

void copy_into(Denoiser& net, const std::vector<std::pair<std::string, torch::Tensor>>& values, const std::string& source)
{
    TensorFile f;
    f.source = source;
    f.tensors = values;
    load_weights(net, f, source);
}

}  // namespace

Trainer::Trainer(const TrainConfig& config, const std::string& run_dir, const ResumeOptions* resume,
                 std::shared_ptr<DistributedGroup> group)
    : cfg_(config), objective_(&find_objective(config.objective)), folder_(run_dir), group_(std::move(group)),
      noise_gen_(at::detail::createCPUGenerator(0))
{
    cfg_.validate();
    // Ranks on one machine share its cores; on CUDA each rank has its GPU (cuda:LOCAL_RANK).
    init_threads(cfg_.threads > 0 || !group_ ? cfg_.threads : group_->default_threads());
    device_ = group_ ? group_->device() : resolve_device(cfg_.device);
    if (group_) {
        const int64_t ranks = group_->size();
        if (cfg_.batch % ranks != 0)
            fail("batch", "a batch of " + std::to_string(cfg_.batch) + " does not split evenly over " +
                              std::to_string(ranks) + " ranks");
        if (cfg_.batch_per_pass > 0 && (cfg_.batch / ranks) % cfg_.batch_per_pass != 0)
            fail("batch", "each rank's " + std::to_string(cfg_.batch / ranks) + " images of a step are not a multiple of "
                          "batch-per-pass (" + std::to_string(cfg_.batch_per_pass) + ")");
    }
    precision_ = cfg_.precision == "auto" ? default_precision(device_) : parse_precision(cfg_.precision);
    check_precision(precision_, device_);
    per_step_loss_ = !device_.is_cuda();
    if (device_.is_cuda()) set_cudnn_benchmark(true);  // as the official loop: fixed shapes, so autotuning pays

    // The network: from the base model (tuning), the recipe (pretraining), or the saved state.
    TensorFile state;
    NetworkConfig net_cfg = cfg_.network;
    const bool resuming = resume != nullptr;
    if (resuming) {
        state = read_state(resume->trust_unchecked_state);
        const auto it = state.metadata.find(kNetworkMetadataKey);
        if (it == state.metadata.end()) fail(state_path(), "not a training state: no network description");
        net_cfg = NetworkConfig::from_json(it->second, state_path());
        // The description against the state's own tensors before anything is sized by it (the
        // data is resized to it, the network built from it): a small state describing a huge
        // network is refused here, not after gigabytes.
        std::vector<std::string> parts{"net", "ema"};
        for (size_t i = 0; i < cfg_.ema_stds.size(); ++i) parts.push_back(phema_part(i));
        for (const std::string& part : parts) {
            TensorFile f;
            f.source = state_path();
            f.tensors = with_prefix(state, part);
            if (f.tensors.empty() && part.rfind("phema", 0) == 0)
                fail(state_path(), "holds no power-function EMA profile '" + part +
                                       "' (the run's config.json lists EMA lengths " + ema_lengths_text(cfg_.ema_stds) +
                                       "): it was written by another run");
            check_described_shapes(net_cfg, f, state_path(), "the state's " + part);
        }
    }
    const Objective& objective = *objective_;
    std::unique_ptr<ModelFile> base;
    if (!resuming && !cfg_.base_model.empty()) {
        base = std::make_unique<ModelFile>(load_model(cfg_.base_model));
        const auto kind = base->metadata.find("ect.kind");
        if (!objective.from_base() && kind != base->metadata.end() && kind->second != "diffusion")
            fail(cfg_.base_model, "is a " + kind->second + " model: pretraining continues diffusion models only");
        // EDM's and ECT's losses weight and precondition for EDM's D(x, σ); a VP or VE network
        // samples and compares, but training it with them would change what its output means.
        if (base->config.precond != "edm")
            fail(cfg_.base_model, "has " + base->config.precond +
                                      " preconditioning: training and tuning take networks with EDM's (EDMPrecond, "
                                      "ECMPrecond); VP and VE models sample and compare only");
        if (base->config.transition_t > 0)
            fail(cfg_.base_model, "is a two-stage (TCM) model: it samples and compares; training starts from a "
                                  "one-stage model (TCM's second stage from its first)");
        net_cfg = base->config;
        base_hash_ = sha256_file(cfg_.base_model);
        const auto seen = base->metadata.find("ect.images_seen");
        if (!objective.from_base() && seen != base->metadata.end()) base_images_ = parse_count(seen->second, cfg_.base_model);
    }
    if (resuming && state.metadata.count("ect.base_model_sha256")) base_hash_ = state.metadata.at("ect.base_model_sha256");
    // An objective that trains with its base model (CMT's teacher) reads it again on resume: the
    // same file it started from, by its SHA-256.
    std::unique_ptr<ModelFile> teacher;
    if (resuming && objective.keeps_base()) {
        const std::string hash = std::filesystem::exists(cfg_.base_model) ? sha256_file(cfg_.base_model) : std::string();
        if (hash.empty())
            fail(cfg_.base_model, "cannot be read, and the run trains with it (" + objective.title() +
                                      "'s base model): put it back to resume");
        if (hash != base_hash_)
            fail(cfg_.base_model, "is not the base model this run started from (its SHA-256 differs): put that one back to resume");
        teacher = std::make_unique<ModelFile>(load_model(cfg_.base_model));
    }
    if (resuming && state.metadata.count("ect.base_images_seen"))
        base_images_ = parse_count(state.metadata.at("ect.base_images_seen"), state_path());

    // The images' size: a new network's follows the data unless the recipe sets it (as EDM's
    // train.py); a base model or a resumed run keeps its own, and the data is resized to it.
    const bool new_network = !resuming && !base;
    if (base) {
        const NetworkConfig& b = base->config;
        if ((cfg_.resolution && cfg_.resolution != b.img_resolution) || (cfg_.image_channels && cfg_.image_channels != b.img_channels))
            fail(cfg_.base_model, "is a " + std::to_string(b.img_resolution) + "×" + std::to_string(b.img_resolution) + "×" +
                                      std::to_string(b.img_channels) + " model: its image size cannot change (leave the "
                                      "resolution and channels to the base model; the data is resized to it)");
    }
    DatasetOptions dopt;
    dopt.resolution = new_network ? cfg_.resolution : net_cfg.img_resolution;
    dopt.channels = new_network ? cfg_.image_channels : net_cfg.img_channels;
    dopt.limit = cfg_.data_limit;
    data_ = load_dataset(cfg_.data, dopt);
    if (new_network) {
        std::string moved;
        net_cfg = network_for_data(net_cfg, int(data_.images.size(2)), int(data_.images.size(1)), &moved);
        if (!moved.empty()) data_notice_ = moved;
    }
    if (data_.native_resolution != net_cfg.img_resolution || data_.native_channels != net_cfg.img_channels) {
        const DataShape own{data_.native_resolution, data_.native_channels}, used{net_cfg.img_resolution, net_cfg.img_channels};
        const std::string whose = base ? "the base model's" : new_network ? "the requested" : "the run's";
        data_notice_ = (data_notice_.empty() ? "" : data_notice_ + "; ") + "the images of " + data_.name + " are " +
                       own.text() + ": resized to " + whose + " " + used.text();
    }
    if (new_network && !objective.from_base())
        net_cfg.label_dim = cfg_.conditional && data_.labels.defined() ? data_.num_classes : 0;
    if (net_cfg.label_dim > 0 && !data_.labels.defined())
        fail(cfg_.data, "the network is class-conditional but this data has no class labels");
    if (net_cfg.label_dim > 0 && data_.num_classes > net_cfg.label_dim)
        fail(cfg_.data, "the data has " + std::to_string(data_.num_classes) + " classes, the network " +
                            std::to_string(net_cfg.label_dim));
    net_cfg.dropout = cfg_.dropout;
    // ECT's ImageNet-64 code tunes EDM2 networks under EDM2's own Precond, EDM's preconditioning,
    // whose c_skip = 1, c_out = 0 at σ = 0 is the boundary condition: the consistency form with
    // σ_min = 0 (as an imported ECT EDM2 snapshot has), not SongUNet's ECMPrecond σ_min 0.002.
    if (!resuming && base) objective.adjust_network(net_cfg);
    cfg_.network = net_cfg;

    torch::manual_seed(cfg_.seed);  // network initialisation (pretraining)
    net_ = Denoiser(net_cfg);
    if (base) copy_state(net_, base->net);  // the base file was read and checked once, above
    if (resuming) copy_into(net_, with_prefix(state, "net"), state_path());
    net_->to(device_);
    net_->train();
    flatten_parameters(net_->parameters(), true);  // after the move: the buffers live on the device
    {
        std::vector<torch::Tensor> grads;
        for (const auto& p : net_->parameters()) grads.push_back(p.grad());
        grad_span_ = contiguous_span(grads);
    }
    ema_ = std::make_unique<EmaWeights>(net_);  // ECT: net and EMA both start from the base EMA
    if (resuming) copy_into(ema_->model(), with_prefix(state, "ema"), state_path());
    if (resuming) {
        const auto listed = state.metadata.find("ect.ema_stds");
        const std::string own = ema_lengths_text(cfg_.ema_stds);
        if ((listed == state.metadata.end() ? std::string() : listed->second) != own)
            fail(state_path(), "was written with EMA lengths '" + (listed == state.metadata.end() ? std::string() : listed->second) +
                                   "', the run's config.json lists '" + own + "': they belong to other runs");
    }
    for (size_t i = 0; i < cfg_.ema_stds.size(); ++i) {  // power-function profiles start as the network, as EDM2's
        phema_.push_back(std::make_unique<EmaWeights>(net_));
        if (resuming) copy_into(phema_.back()->model(), with_prefix(state, phema_part(i)), state_path());
    }

    // The objective's networks besides the trained one (CMT's teacher: the base as it was read).
    ModelFile* kept = base ? base.get() : teacher.get();
    if (objective.keeps_base() && kept) kept->net->to(device_);
    objective_run_ = objective.begin(cfg_, objective.keeps_base() && kept ? &kept->net : nullptr, device_);
    {
        // Each pass of each rank takes whole rows of the objective's draws (CMT: whole trajectories).
        const int64_t per_row = objective_run_->images_per_draw_row(), local = cfg_.batch / world_size();
        const int64_t pass = cfg_.batch_per_pass > 0 ? cfg_.batch_per_pass : local;
        if (local % per_row != 0 || pass % per_row != 0)
            fail("batch", objective.title() + " takes " + std::to_string(per_row) + " images per draw: each rank's " +
                              std::to_string(local) + " images and each pass's " + std::to_string(pass) +
                              " must be multiples of it");
    }

    optimizer_ = std::make_unique<AdamFamily>(net_->parameters(), cfg_.optimizer);
    sampler_ = std::make_unique<IndexSampler>(data_.size(), cfg_.seed);
    noise_gen_ = make_generator(device_, cfg_.seed + 1);
    if (resuming) {
        // Each part validated as it is restored; a refusal names the state file.
        try {
            std::vector<std::pair<std::string, torch::Tensor>> opt;
            for (auto& [name, t] : with_prefix(state, "optim")) opt.emplace_back(name, t.to(device_));
            optimizer_->restore(opt);
            sampler_->restore(with_prefix(state, "sampler"));
            if (!state.contains("rng.noise")) fail("training state", "the noise generator's state is missing");
            try {
                noise_gen_.set_state(state.at("rng.noise").to(torch::kCPU));
            } catch (const c10::Error&) {
                fail("training state", "the noise generator's state is damaged");
            }
        } catch (const Error& e) {
            std::string what = e.what();
            if (what.rfind("training state: ", 0) == 0) what = what.substr(16);
            fail(state_path(), what);
        }
        for (const char* key : {"ect.step", "ect.images_seen"})
            if (!state.metadata.count(key)) fail(state_path(), std::string("not a training state: no ") + key);
        step_ = parse_count(state.metadata.at("ect.step"), state_path());
        nimg_ = parse_count(state.metadata.at("ect.images_seen"), state_path());
        checkpoint_step_ = step_;
    }

    // Fixed grid noise: seeds 0..n−1, the same images `ect sample --seed 0` draws.
    const auto noise = seeded_noise(0, 0, cfg_.grid_count, net_cfg.img_channels, net_cfg.img_resolution, 0);
    grid_latents_ = noise.latents.to(device_);
    grid_labels_ = class_labels_for(0, cfg_.grid_count, net_cfg.label_dim, -1);
    if (grid_labels_.defined()) grid_labels_ = grid_labels_.to(device_);
    tick_stats_ = torch::zeros({kTickStats}, torch::TensorOptions().dtype(torch::kFloat64).device(device_));
    place_data();
    // Quality settings that cannot work (a feature network for other images, a missing reference)
    // fail now, not at the first measurement an hour in. Rank 0 alone measures.
    if (cfg_.eval_every > 0 && is_root()) make_probe();
}

void Trainer::share_weights()
{
    if (!group_) return;
    // Rank 0's weights everywhere: a pretraining's initialisation, a base model or a state read
    // by each rank are then the same bits whatever each rank computed or read.
    std::vector<torch::Tensor> weights;
    for (const auto& t : net_->parameters()) weights.push_back(t);
    for (const auto& t : net_->buffers()) weights.push_back(t);
    for (const auto& t : ema_->model()->parameters()) weights.push_back(t);
    for (const auto& t : ema_->model()->buffers()) weights.push_back(t);
    for (const auto& profile : phema_) {
        for (const auto& t : profile->model()->parameters()) weights.push_back(t);
        for (const auto& t : profile->model()->buffers()) weights.push_back(t);
    }
    group_->broadcast_all(weights);
}

void Trainer::join_or_fail(const std::string& error)
{
    const std::string failure = group_->vote(error.empty(), error);
    if (failure.empty()) return;
    if (!error.empty()) throw Error(error);
    throw Error("rank " + std::to_string(group_->rank()) + " stops with the others: " + failure);
}

void Trainer::place_data()
{
    if (!device_.is_cuda()) return;
    // A dataset that fits (Fashion-MNIST, CIFAR-10 as uint8: 47 and 154 MB) lives on the GPU and
    // is indexed, flipped and scaled there: no host work and no host-to-device copy per step.
    const int64_t bytes = data_.images.numel() * data_.images.element_size();
    const int64_t budget = std::min<int64_t>(kDeviceDataCap, device_memory_free(device_) / 4);
    if (bytes > budget) return;  // batch_pixels() gathers it on the host instead
    data_.images = data_.images.to(device_);
    if (data_.labels.defined()) data_.labels = data_.labels.to(device_);
    sampler_->set_device(device_);
    data_on_device_ = true;
}

torch::Tensor Trainer::batch_pixels(const torch::Tensor& idx)
{
    if (data_on_device_ || !device_.is_cuda()) return data_.pixels(idx);
    // A dataset too large for the GPU: gathered on the host into page-locked memory (LibTorch's
    // host allocator keeps it until the copy is done), copied without a wait, scaled on the GPU.
    auto shape = data_.images.sizes().vec();
    shape[0] = idx.size(0);
    torch::Tensor staged = torch::empty(shape, torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(true));
    torch::index_select_out(staged, data_.images, 0, idx);
    return staged.to(device_, /*non_blocking=*/true).to(torch::kFloat32) / 127.5 - 1;
}

std::unique_ptr<Trainer> Trainer::joined(const std::shared_ptr<DistributedGroup>& group,
                                          const std::function<std::unique_ptr<Trainer>()>& build)
{
    if (!group) return build();
    std::unique_ptr<Trainer> t;
    std::string error;
    try {
        t = build();
    } catch (const std::exception& e) {
        error = message_of(e);
    }
    if (!t) {  // this rank could not even build its trainer: it votes no and reports why
        group->vote(false, error);
        throw Error(error);
    }
    t->join_or_fail(error);
    t->share_weights();
    return t;
}

std::unique_ptr<Trainer> Trainer::start(const TrainConfig& config, const std::string& run_dir,
                                         std::shared_ptr<DistributedGroup> group)
{
    return joined(group, [&] {
        const RunFolder folder(run_dir);
        const bool root = !group || group->is_root();
        if (root && folder.holds_run()) fail(ErrorKind::RunFolderInUse, {run_dir}, run_dir,
                                          "already holds a training run: resume it with --resume, or choose another --out");
        std::unique_ptr<Trainer> t(new Trainer(config, run_dir, nullptr, group));
        if (root) folder.create(t->cfg_);
        return t;
    });
}

std::unique_ptr<Trainer> Trainer::resume(const std::string& run_dir, const ResumeOptions& options,
                                          std::shared_ptr<DistributedGroup> group)
{
    return joined(group, [&] {
        const RunFolder folder(run_dir);
        TrainConfig cfg = folder.read_config();
        if (!folder.has_state())
            fail(run_dir, "has no saved state yet (the run stopped before its first checkpoint): start it again");
        if (options.steps > 0) cfg.steps = options.steps;
        if (options.eval_every >= 0) cfg.eval_every = options.eval_every;
        std::unique_ptr<Trainer> t(new Trainer(cfg, run_dir, &options, group));
        if (!group || group->is_root()) {
            folder.write_config(t->cfg_);
            folder.keep_log_until(t->step_);  // the log follows one trajectory
            // EMA snapshots past the state (it was the previous one: the newest was damaged) are of
            // the continuation being replaced; post-hoc EMA must not mix them in.
            if (const int dropped = folder.remove_phema_after(t->step_))
                t->resume_notice_ += (t->resume_notice_.empty() ? "" : "; ") + std::to_string(dropped) +
                                     " EMA snapshot(s) after step " + std::to_string(t->step_) + " were removed";
        }
        return t;
    });
}

int Trainer::stage() const
{
    return objective_->stage(cfg_, nimg_);
}

double Trainer::learning_rate() const
{
    // The warm-up ramp and EDM2's inverse-square-root decay (either may be off).
    return edm2_learning_rate(double(nimg_), double(cfg_.batch), cfg_.optimizer.lr, cfg_.lr_ref_batches,
                              cfg_.lr_warmup_kimg * 1000);
}

void Trainer::request_stop()
{
    stop_ = true;
    pause_cv_.notify_all();
}

void Trainer::set_paused(bool paused)
{
    paused_ = paused;
    pause_cv_.notify_all();
}

torch::Tensor Trainer::sample_grid()
{
    const GenerateSettings s = objective_->grid_sampler(cfg_);
    Denoiser model = objective_run_->sampling_model(ema_->model());
    return s.info().run(model, grid_latents_, grid_labels_, s.steps, s.mid, {}).to(torch::kFloat32).cpu();
}

void Trainer::emit_samples(const TrainEvents& events)
{
    const torch::Tensor images = sample_grid();
    write_image(grid_path(step_), tile_grid(images_to_uint8(images), 0, 1));
    if (events.samples) events.samples(step_, images);
}

void Trainer::make_probe()
{
    const std::string features =
        cfg_.eval_features.empty() ? require_bundled(kBundledClassifier, "FD classifier (--eval-features)") : cfg_.eval_features;
    const std::string reference = !cfg_.eval_data.empty()                    ? cfg_.eval_data
                                  : cfg_.data.rfind("fashion-mnist", 0) == 0 ? "fashion-mnist:test"
                                                                             : cfg_.data;
    probe_ = std::make_unique<QualityProbe>(features, reference, net_->config(), device_);
}

void Trainer::evaluate(const TrainEvents& events)
{
    const auto t0 = std::chrono::steady_clock::now();
    Denoiser& ema = ema_->model();
    if (!probe_) make_probe();
    if (!probe_announced_ && events.message)
        events.message("quality: FD of " + std::to_string(cfg_.eval_count) + " samples against " +
                       probe_->reference_name() + " (" + std::to_string(probe_->reference_count()) + " images)");
    probe_announced_ = true;
    std::vector<std::pair<std::string, GenerateSettings>> samplers = objective_->eval_samplers(cfg_);
    for (auto& [name, s] : samplers) {
        s.count = cfg_.eval_count;
        s.batch = device_.is_cuda() ? 1000 : 250;
    }
    TrainEvalRecord rec{step_, double(nimg_) / 1000, {}, cfg_.eval_count, 0};
    Denoiser model = objective_run_->sampling_model(ema);
    for (const auto& [name, settings] : samplers) rec.fd.emplace_back(name, probe_->fd(model, settings));
    rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    folder_.append_log(rec.to_json());
    if (events.eval) events.eval(rec);
}

TensorFile Trainer::read_state(bool trust_unchecked)
{
    // A state without a checksum is not damaged but unvouched for (an older ECT Studio, another
    // program): refused with the way out, and never replaced by the previous state silently.
    bool unchecked = false;
    auto read_checked = [&](const std::string& path) {
        TensorFile f = read_safetensors(path);
        const auto it = f.metadata.find(kStateChecksumKey);
        if (it == f.metadata.end() && !trust_unchecked) {
            unchecked = true;
            throw UncheckedStateError(path + ": has no checksum (written before ECT Studio checked its states, or by "
                                             "another program): resume with --trust-state to take it as it is");
        }
        if (it != f.metadata.end() && state_checksum(f.tensors, f.metadata) != it->second)
            fail(path, "its checksum does not match its contents: the file is damaged");
        return f;
    };
    try {
        return read_checked(state_path());
    } catch (const Error& newest) {
        if (unchecked) throw;
        const std::string previous = folder_.previous_state_path();
        if (!std::filesystem::exists(previous)) throw;
        TensorFile f = read_checked(previous);  // when it is damaged too, its own error says so
        resume_notice_ = std::string(newest.what()) + "; resuming from the checkpoint before it";
        return f;
    }
}

void Trainer::save_checkpoint()
{
    if (!group_) return write_checkpoint();
    // One trajectory on every rank means the same bits on every rank; a difference (a rank that
    // skipped a step, a bad GPU) is reported before a state that only rank 0 holds is written.
    // The fingerprint: the weights' bits summed as integers, exact in any order, so ranks with
    // other thread counts (nodes of other sizes) still agree.
    torch::NoGradGuard no_grad;
    uint64_t fingerprint = 0, salt = 1;  // unsigned: wrapping is defined
    std::vector<Denoiser*> models{&net_, &ema_->model()};
    for (auto& profile : phema_) models.push_back(&profile->model());
    for (auto* model : models) {
        for (const auto& p : (*model)->parameters()) {
            const torch::Tensor bits = p.detach().to(torch::kFloat32).contiguous().view({-1}).view(torch::kInt32);
            fingerprint += salt * static_cast<uint64_t>(bits.to(torch::kInt64).sum().item<int64_t>());  // wraps, never rounds
            salt += 2;
        }
    }
    if (!group_->same_everywhere(static_cast<int64_t>(fingerprint)))
        fail("distributed", "the ranks' weights differ at step " + std::to_string(step_) +
                                ": the checkpoint is not written (the previous one, step " + std::to_string(checkpoint_step_) +
                                ", is kept)");
    std::string error;
    if (group_->is_root()) {
        try {
            write_checkpoint();
        } catch (const std::exception& e) {
            error = message_of(e);
        }
    }
    join_or_fail(error);
    checkpoint_step_ = step_;
}

void Trainer::write_checkpoint()
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, t] : named_state(net_)) tensors.emplace_back("net." + name, t);
    for (auto& [name, t] : named_state(ema_->model())) tensors.emplace_back("ema." + name, t);
    for (size_t i = 0; i < phema_.size(); ++i)
        for (auto& [name, t] : named_state(phema_[i]->model())) tensors.emplace_back(phema_part(i) + "." + name, t);
    for (auto& [name, t] : optimizer_->state()) tensors.emplace_back("optim." + name, t);
    for (auto& [name, t] : sampler_->state()) tensors.emplace_back("sampler." + name, t);
    tensors.emplace_back("rng.noise", noise_gen_.get_state());
    // One copy to the host, shared by the checksum and the writer (each would copy a GPU tensor).
    for (auto& entry : tensors) entry.second = entry.second.detach().to(torch::kCPU);
    std::map<std::string, std::string> meta{{kNetworkMetadataKey, cfg_.network.to_json()},
                                            {"ect.step", std::to_string(step_)},
                                            {"ect.images_seen", std::to_string(nimg_)},
                                            {"ect.stage", std::to_string(stage())}};
    if (!phema_.empty()) meta["ect.ema_stds"] = ema_lengths_text(cfg_.ema_stds);
    if (!base_hash_.empty()) meta["ect.base_model_sha256"] = base_hash_;
    if (base_images_ > 0) meta["ect.base_images_seen"] = std::to_string(base_images_);
    // The EMA model with provenance. A model file travels: it names files, never this machine's
    // paths (the base model by its file name and hash, data and evaluation sets by their names).
    TrainConfig recipe = cfg_;
    auto file_name = [](const std::string& p) { return p.empty() ? p : std::filesystem::path(p).filename().string(); };
    recipe.base_model = file_name(recipe.base_model);
    recipe.data = file_name(recipe.data);
    recipe.eval_data = file_name(recipe.eval_data);
    recipe.eval_features = file_name(recipe.eval_features);
    std::map<std::string, std::string> provenance{
        {"ect.kind", objective_->produces()},
        {"ect.objective", objective_->name()},
        {"ect.recipe", recipe.to_json()},
        {"ect.step", std::to_string(step_)},
        {"ect.images_seen", std::to_string(base_images_ + nimg_)},  // a continued pretraining counts its base's
        {"ect.stage", std::to_string(stage())},
        {"ect.data", data_.name},
        {"ect.created_by", std::string("ect ") + ECT_VERSION}};
    if (!base_hash_.empty()) {
        provenance["ect.base_model_sha256"] = base_hash_;
        provenance["ect.base_model"] = file_name(cfg_.base_model);
    }
    for (const auto& [key, value] : objective_->model_metadata(cfg_)) provenance[key] = value;
    if (net_->config().label_dim > 0 && int(data_.class_names.size()) == net_->config().label_dim)
        provenance["ect.class_names"] = nlohmann::json(data_.class_names).dump();
    // One snapshot per power-function profile, all kept: post-hoc EMA combines their history.
    // Before the state: a run killed in between resumes from the state before, which removes the
    // snapshots past it (remove_phema_after), so every snapshot kept has its state's trajectory.
    if (!phema_.empty() && step_ > 0) {
        std::error_code ec;
        std::filesystem::create_directories(folder_.phema_dir(), ec);
        if (ec) fail(folder_.phema_dir(), "cannot be created (" + ec.message() + ")");
        for (size_t i = 0; i < phema_.size(); ++i) {
            auto meta_i = provenance;
            meta_i["ect.phema.std"] = phema_std_text(cfg_.ema_stds[i]);
            meta_i["ect.phema.images"] = std::to_string(nimg_);  // the profile's time (this run's images)
            Denoiser profile = objective_run_->sampling_model(phema_[i]->model());
            save_model(folder_.phema_path(step_, cfg_.ema_stds[i]), profile, meta_i);
        }
    }
    meta[kStateChecksumKey] = state_checksum(tensors, meta);
    // The new state is written whole beside the old one (a full disk fails here, with both old
    // files intact), then the old one becomes the previous state and the new one takes its name.
    const std::string fresh = state_path() + ".new";
    try {
        write_safetensors(fresh, tensors, meta);
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + "; the checkpoint of step " + std::to_string(checkpoint_step_) + " is kept");
    }
    std::error_code ec;
    if (std::filesystem::exists(state_path())) std::filesystem::rename(state_path(), folder_.previous_state_path(), ec);
    if (ec) fail(state_path(), "cannot keep the previous checkpoint (" + ec.message() + ")");
    std::filesystem::rename(fresh, state_path(), ec);
    if (ec) fail(state_path(), "cannot move the new checkpoint into place (" + ec.message() + ")");
    checkpoint_step_ = step_;

    Denoiser model = objective_run_->sampling_model(ema_->model());
    save_model(model_path(), model, provenance);
    if (cfg_.keep_snapshots > 0) folder_.keep_snapshot(step_, cfg_.keep_snapshots);
}

void Trainer::read_tick(double& loss_sum, std::array<double, 4>& band_sum, std::array<double, 4>& band_count,
                        int64_t& nonfinite_steps)
{
    const torch::Tensor host = tick_stats_.to(torch::kCPU);  // the one wait for the GPU per tick
    const auto a = host.accessor<double, 1>();
    loss_sum = a[0];
    for (size_t b = 0; b < 4; ++b) {
        band_sum[b] = a[1 + b];
        band_count[b] = a[5 + b];
    }
    nonfinite_steps = int64_t(a[9]);
    if (a[kStopSlot] > 0) stop_agreed_ = true;
    tick_stats_.zero_();
}

void Trainer::train_step(const TrainEvents& events)
{
    const int64_t ranks = world_size(), rank = group_ ? group_->rank() : 0;
    const int64_t batch = cfg_.batch, local = batch / ranks;
    const int64_t per_pass = cfg_.batch_per_pass > 0 ? cfg_.batch_per_pass : local, passes = local / per_pass;
    const int current_stage = stage();
    const double lr = learning_rate();
    const auto opts = torch::TensorOptions().device(device_);
    optimizer_->zero_grad();
    // The step's statistics, all on the device: [Σ loss, Σ per band (4), count per band (4),
    // non-finite, stop].
    torch::Tensor step_stats = torch::zeros({kTickStats}, opts.dtype(torch::kFloat64));
    // Every random draw is made for the whole batch, in one order, on every rank; each pass of
    // each rank takes its rows. The step is then the same however its batch is split (the cost:
    // each rank draws the others' noise too, a small part of a step).
    const torch::Tensor all_idx = sampler_->next(batch);
    torch::Tensor all_flip;
    if (cfg_.xflip) all_flip = torch::rand({batch, 1, 1, 1}, noise_gen_, opts) < 0.5;
    const std::vector<torch::Tensor> all_draws = objective_run_->draw(noise_gen_, batch, net_->config(), opts);
    const int64_t per_row = objective_run_->images_per_draw_row();
    DropoutMasks masks(noise_gen_);
    for (int64_t pass = 0; pass < passes; ++pass) {
        const int64_t first = rank * local + pass * per_pass;
        masks.use_rows(batch, first);
        PrecisionScope precision(precision_, device_);  // autocast (bf16) for this pass's forward passes
        const torch::Tensor idx = all_idx.narrow(0, first, per_pass);
        torch::Tensor y = batch_pixels(idx);
        torch::Tensor labels =
            net_->config().label_dim ? data_.one_hot(idx, net_->config().label_dim).to(device_, /*non_blocking=*/true) : torch::Tensor();
        if (cfg_.xflip) y = torch::where(all_flip.narrow(0, first, per_pass), y.flip({3}), y);
        std::vector<torch::Tensor> draws;
        for (const torch::Tensor& d : all_draws) draws.push_back(d.narrow(0, first / per_row, per_pass / per_row));
        const PassLoss pass_loss = objective_run_->loss(net_, y, labels, draws, current_stage, &masks);
        (pass_loss.sum / double(batch)).backward();  // Σ loss / batch, as the reference scales it
        const torch::Tensor& per_sample = pass_loss.per_sample;
        const torch::Tensor& level = pass_loss.level;

        // Band statistics as tensor ops (no host wait): band = #edges ≤ level, one-hot sums.
        torch::NoGradGuard no_grad;
        const torch::Tensor ps = per_sample.reshape({-1}).to(torch::kFloat64);
        const torch::Tensor lv = level.detach().reshape({-1}).to(torch::kFloat64);
        torch::Tensor band = torch::zeros_like(lv, lv.options().dtype(torch::kInt64));
        for (double edge : kLossBandEdges) band += (lv >= edge).to(torch::kInt64);
        const torch::Tensor onehot = torch::one_hot(band, 4).to(torch::kFloat64);  // [n, 4]
        step_stats += torch::cat({ps.sum().reshape({1}), (onehot * ps.unsqueeze(1)).sum(0), onehot.sum(0),
                                  torch::zeros({2}, ps.options())});
    }
    if (group_) {
        // Σ over the ranks of Σ loss / batch: the whole batch's gradient, the same bits everywhere.
        if (grad_span_.defined()) {
            group_->all_reduce_sum_buckets(grad_span_);
        } else {
            std::vector<torch::Tensor> grads;
            for (const auto& p : net_->parameters()) grads.push_back(p.grad().reshape({-1}));
            torch::Tensor flat = torch::cat(grads);
            group_->all_reduce_sum_buckets(flat);
            int64_t off = 0;
            for (const auto& p : net_->parameters()) {
                torch::Tensor(p.grad()).copy_(flat.narrow(0, off, p.numel()).view(p.sizes()));
                off += p.numel();
            }
        }
        if (stop_) step_stats[kStopSlot].fill_(1.0);  // a stop asked on this rank travels with the statistics
        group_->all_reduce_sum(step_stats);
    }
    {
        torch::NoGradGuard no_grad;  // a step whose loss is NaN or Inf counts in slot 9
        step_stats[9].add_(torch::isfinite(step_stats[0]).logical_not().to(torch::kFloat64));
    }
    sanitize_gradients(net_->parameters());  // nan_to_num, as the reference
    optimizer_->step(lr);
    const double beta = cfg_.ema_halflife_kimg > 0
                            ? EmaWeights::beta_from_halflife(batch, cfg_.ema_halflife_kimg, cfg_.ema_rampup, nimg_)
                            : cfg_.ema_beta;
    ema_->update(net_, beta);
    nimg_ += batch;
    // EDM2's power-function profiles: β = (1 − batch/images)^(γ+1) with the images after this step.
    for (size_t i = 0; i < phema_.size(); ++i)
        phema_[i]->update(net_, power_function_beta(cfg_.ema_stds[i], double(nimg_), double(batch)));
    ++step_;

    tick_stats_ += step_stats;
    ++tick_steps_;
    last_stage_ = current_stage;
    if (per_step_loss_) {  // the CPU: reading back costs nothing, so the chart gets every step
        const torch::Tensor host = step_stats.to(torch::kCPU);
        const double step_loss = host[0].item<double>() / double(batch);
        if (host[kStopSlot].item<double>() > 0) stop_agreed_ = true;
        nonfinite_in_a_row_ = std::isfinite(step_loss) ? 0 : nonfinite_in_a_row_ + 1;
        host_tick_loss_ += step_loss;
        smoothed_ = kLossSmoothing * smoothed_ + (1 - kLossSmoothing) * step_loss;
        smoothed_weight_ = kLossSmoothing * smoothed_weight_ + (1 - kLossSmoothing);
        if (events.step) events.step({step_, nimg_, current_stage, step_loss, lr});
    }
}

Trainer::Outcome Trainer::run(const TrainEvents& all_events)
{
    using clock = std::chrono::steady_clock;
    // In a group rank 0 alone writes grids, measures quality, logs and calls the events; the
    // others meanwhile wait in the next step's sum (within the group's timeout).
    static const TrainEvents kNoEvents;
    const TrainEvents& events = is_root() ? all_events : kNoEvents;
    const bool root = is_root();
    const int64_t first_step = step_;
    if (step_ == 0 && root) emit_samples(events);  // step 0: the starting model (the base model's 1-step output)
    if (step_ == 0 && root && cfg_.eval_every > 0 && objective_->eval_at_start()) evaluate(events);  // the base model as a CM
    auto tick_start = clock::now();
    // The time cadences count from the start of this call (a grid at step 0 was just drawn).
    auto last_grid = clock::now(), last_checkpoint = clock::now();
    auto due = [&](clock::time_point since, double seconds) {
        return seconds > 0 && std::chrono::duration<double>(clock::now() - since).count() >= seconds;
    };
    int64_t tick_nimg = nimg_;
    double steps_per_second = 0;
    int64_t since_checkpoint = 0;
    bool diverged = false;

    while (step_ < cfg_.steps && !stopping()) {
        if (paused_ && !group_) {  // a group does not pause (the studio trains alone)
            std::unique_lock<std::mutex> lock(pause_mutex_);
            holding_ = true;
            pause_cv_.wait(lock, [&] { return !paused_ || stop_; });
            holding_ = false;
            tick_start = last_grid = last_checkpoint = clock::now();  // paused time is not training time
            tick_nimg = nimg_;
            if (stop_) break;
        }
        const auto t0 = clock::now();
        train_step(events);
        ++since_checkpoint;
        const double dt = std::chrono::duration<double>(clock::now() - t0).count();
        steps_per_second = steps_per_second == 0 ? 1 / dt : 0.9 * steps_per_second + 0.1 / dt;
        if (events.progress)
            events.progress({step_, cfg_.steps, nimg_, stage(),
                             smoothed_weight_ > 0 ? smoothed_ / smoothed_weight_ : std::numeric_limits<double>::quiet_NaN(),
                             steps_per_second,
                             double(cfg_.steps - step_) / steps_per_second});

        if (step_ % cfg_.log_every == 0 || step_ == cfg_.steps) {
            double loss_sum = 0;
            std::array<double, 4> band_sum{}, band_count{};
            int64_t nonfinite = 0;
            read_tick(loss_sum, band_sum, band_count, nonfinite);  // waits for the tick's work on the device
            const double elapsed = std::chrono::duration<double>(clock::now() - tick_start).count();
            TrainLogRecord rec;
            rec.step = step_;
            rec.kimg = double(nimg_) / 1000;
            rec.stage = last_stage_;  // the stage the tick's last step trained at
            const int64_t steps_in_tick = std::max<int64_t>(tick_steps_, 1);
            // The CPU keeps the mean of its per-step read-backs, so the log matches the chart exactly.
            rec.loss = per_step_loss_ ? host_tick_loss_ / double(steps_in_tick)
                                      : loss_sum / double(cfg_.batch * steps_in_tick);
            for (size_t b = 0; b < 4; ++b)
                rec.band_loss[b] = band_count[b] > 0 ? band_sum[b] / band_count[b] : std::numeric_limits<double>::quiet_NaN();
            rec.lr = learning_rate();
            rec.sec_per_kimg = elapsed / std::max(double(nimg_ - tick_nimg) / 1000, 1e-9);
            rec.memory_mb = double(device_.is_cuda() ? device_memory_allocated(device_) : process_resident_bytes()) / (1 << 20);
            rec.nonfinite_steps = nonfinite;
            if (group_) {
                rec.world_size = group_->size();
                rec.backend = group_->backend();
            }
            // CUDA reads losses per tick: a run of bad steps is known when whole ticks are bad.
            if (!per_step_loss_) nonfinite_in_a_row_ = nonfinite == steps_in_tick ? nonfinite_in_a_row_ + nonfinite : 0;
            if (root) folder_.append_log(rec.to_json());
            if (!per_step_loss_) {  // CUDA: the tick's mean is the chart's point and the smoothing's input
                smoothed_ = kLossSmoothing * smoothed_ + (1 - kLossSmoothing) * rec.loss;
                smoothed_weight_ = kLossSmoothing * smoothed_weight_ + (1 - kLossSmoothing);
                if (events.step) events.step({step_, nimg_, rec.stage, rec.loss, rec.lr});
            }
            if (events.log) events.log(rec);
            host_tick_loss_ = 0;
            tick_steps_ = 0;
            tick_start = clock::now();
            tick_nimg = nimg_;
        }
        if (cfg_.max_nonfinite_steps > 0 && nonfinite_in_a_row_ >= cfg_.max_nonfinite_steps) {
            diverged = true;
            break;
        }
        if (root && step_ != cfg_.steps &&
            ((cfg_.sample_every > 0 && step_ % cfg_.sample_every == 0) || due(last_grid, cfg_.sample_seconds))) {
            emit_samples(events);
            last_grid = clock::now();
        }
        if (root && cfg_.eval_every > 0 && step_ % cfg_.eval_every == 0 && step_ != cfg_.steps) {
            evaluate(events);
            tick_start = clock::now();  // evaluation time is not training time
        }
        // No checkpoint while the latest steps are non-finite: the one kept must be good.
        // A time cadence is rank 0's clock: in a group every rank must checkpoint at the same
        // step, so there the step cadence alone counts.
        const bool time_due = !group_ && due(last_checkpoint, cfg_.checkpoint_seconds);
        if (((cfg_.checkpoint_every > 0 && since_checkpoint >= cfg_.checkpoint_every) || time_due) && step_ != cfg_.steps && nonfinite_in_a_row_ == 0) {
            save_checkpoint();
            since_checkpoint = 0;
            last_checkpoint = clock::now();
            if (events.checkpoint) events.checkpoint(state_path());
        }
    }
    if (diverged) {
        // Nothing is saved: the state and model of the last checkpoint are the last good ones.
        if (events.message)
            events.message(std::to_string(nonfinite_in_a_row_) + " steps in a row gave a non-finite loss (NaN or Inf) at step " +
                           std::to_string(step_) + "; training stopped, and the last good checkpoint (step " +
                           std::to_string(checkpoint_step_) + ") is kept");
        return Outcome::Diverged;
    }
    const bool finished = step_ >= cfg_.steps;
    // The final grid and FD, unless this call trained nothing (a finished run opened again). A
    // stopped run gets its grid too: what the run looks like where it stopped.
    if (root && step_ > first_step) emit_samples(events);
    if (root && finished && step_ > first_step && cfg_.eval_every > 0) evaluate(events);
    save_checkpoint();
    if (events.checkpoint) events.checkpoint(state_path());
    return finished ? Outcome::Finished : Outcome::Stopped;
}

}  // namespace ect
