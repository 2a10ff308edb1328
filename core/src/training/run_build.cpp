// Building a run: a new one from its recipe (and base model), or a saved one from its state,
// on one process or as a rank of a group. The step and the checkpoints are in trainer.cpp, the
// grids and FD in observers.cpp.
#include "ect/training/trainer.h"

#include "trainer_detail.h"

#include "ect/device.h"
#include "ect/error.h"
#include "ect/io/hash.h"
#include "ect/network/backbone.h"
#include "ect/network/model_file.h"
#include "ect/training/objective.h"
#include "ect/training/observers.h"
#include "ect/training/phema.h"
#include "ect/method/noise.h"
#include "ect/method/samplers.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>

namespace ect {

namespace trainer_detail {

// A non-negative count stored as metadata text ("512000"); anything else is a damaged file.
int64_t parse_count(const std::string& text, const std::string& source)
{
    int64_t v = 0;
    const bool digits = !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
    if (digits) v = std::stoll(text);
    if (!digits) fail(source, "damaged metadata: '" + text.substr(0, 40) + "' is not a count");
    return v;
}

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

}  // namespace trainer_detail

using namespace trainer_detail;

namespace {

constexpr int64_t kDeviceDataCap = int64_t(8) << 30;  // datasets up to 8 GiB may live on the GPU

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
        if (cfg_.continue_schedule) {
            // The model goes on as if the run that made it had not stopped: its images count in
            // the stage schedule and in its successors' provenance, and its base stays the base.
            auto meta = [&](const char* key) {
                const auto it = base->metadata.find(key);
                return it == base->metadata.end() ? std::string() : it->second;
            };
            if (meta("ect.objective") != objective.name())
                fail(cfg_.base_model, "was not made by " + objective.title() +
                                          (meta("ect.objective").empty() ? "" : " (it was made by '" + meta("ect.objective") + "')") +
                                          ": --continue takes a model of the objective it continues");
            if (meta("ect.images_seen").empty())
                fail(cfg_.base_model, "does not say how many images it was trained on (ect.images_seen): it cannot be continued");
            const std::string original = meta("ect.base_model_sha256");
            if (original.size() != 64 || original.find_first_not_of("0123456789abcdef") != std::string::npos)
                fail(cfg_.base_model, "does not name its base model by SHA-256 (ect.base_model_sha256): it cannot be continued");
            continued_from_ = std::filesystem::path(cfg_.base_model).filename().string() + " " + base_hash_;
            base_images_ = parse_count(meta("ect.images_seen"), cfg_.base_model);
            base_hash_ = original;
            base_name_ = meta("ect.base_model");
        }
    }
    if (resuming && state.metadata.count("ect.continued_from")) continued_from_ = state.metadata.at("ect.continued_from");
    if (resuming && state.metadata.count("ect.base_model")) base_name_ = state.metadata.at("ect.base_model");
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
    step_stats_ = torch::zeros_like(tick_stats_);
    place_data();
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
        if (root) t->observers_ = standard_observers(*t);  // rank 0 alone draws and measures
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
            t->observers_ = standard_observers(*t);
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

}  // namespace ect
