// The training loop of `ect pretrain` / `ect tune` and of the studio's training panel: the step,
// the log ticks, the checkpoints. A run is built in run_build.cpp; its grids and FD are observers
// (observers.cpp) that the loop calls between steps.
#include "ect/training/trainer.h"

#include "trainer_detail.h"

#include "ect/build_config.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/network/model_file.h"
#include "ect/training/objective.h"
#include "ect/training/phema.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>

namespace ect {

using namespace trainer_detail;

namespace {

constexpr double kLossSmoothing = 0.95;  // progress line: de-biased EMA of step losses

}  // namespace

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

int Trainer::stage() const
{
    // A continued tuning's schedule counts the images of the model it continues (base_images_;
    // a continued pretraining's base images change no stage: pretraining has one).
    return objective_->stage(cfg_, base_images_ + nimg_);
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

Denoiser Trainer::sampling_model()
{
    return objective_run_->sampling_model(ema_->model());
}

void Trainer::add_observer(std::unique_ptr<TrainObserver> observer)
{
    observers_.push_back(std::move(observer));
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
    if (!continued_from_.empty()) meta["ect.continued_from"] = continued_from_;
    if (!base_name_.empty()) meta["ect.base_model"] = base_name_;
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
        {"ect.images_seen", std::to_string(base_images_ + nimg_)},  // a continued run counts its start model's
        {"ect.stage", std::to_string(stage())},
        {"ect.data", data_.name},
        {"ect.created_by", std::string("ect ") + ECT_VERSION}};
    if (!base_hash_.empty()) {
        provenance["ect.base_model_sha256"] = base_hash_;
        provenance["ect.base_model"] = base_name_.empty() ? file_name(cfg_.base_model) : base_name_;
    }
    if (!continued_from_.empty()) provenance["ect.continued_from"] = continued_from_;  // "name sha256"
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

bool Trainer::step_graph_fits() const
{
    // A captured step must be device work only, the same for every step of a stage: not in a
    // group (its sums and stop vote), with the data on the device (no host gather), an objective
    // without host reads, and an optimizer past RAdam's momentum-only first steps.
    return step_graphs_enabled() && !group_ && objective_run_->capturable() && (data_on_device_ || !device_.is_cuda()) &&
           optimizer_->fixed_form();
}

void Trainer::train_step(const TrainEvents& events)
{
    const int64_t batch = cfg_.batch;
    const int current_stage = stage();
    const double lr = learning_rate();
    const auto opts = torch::TensorOptions().device(device_);

    // The step's numbers from the host, in one buffer on the device: the optimizer's two, the
    // EMA's β (from the images before this step) and each profile's β (EDM2's power function,
    // (1 − batch/images)^(γ+1), with the images after it).
    std::vector<double> numbers = optimizer_->advance(lr);
    numbers.push_back(cfg_.ema_halflife_kimg > 0
                          ? EmaWeights::beta_from_halflife(batch, cfg_.ema_halflife_kimg, cfg_.ema_rampup, nimg_)
                          : cfg_.ema_beta);
    for (double std : cfg_.ema_stds) numbers.push_back(power_function_beta(std, double(nimg_ + batch), double(batch)));
    {
        torch::Tensor host = torch::empty({int64_t(numbers.size())},
                                          torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(device_.is_cuda()));
        float* values = host.data_ptr<float>();
        for (size_t i = 0; i < numbers.size(); ++i) values[i] = static_cast<float>(numbers[i]);
        if (!step_numbers_.defined() || step_numbers_.numel() != host.numel()) {
            step_numbers_ = torch::empty({host.numel()}, opts.dtype(torch::kFloat32));
            step_graph_.clear();  // a captured step reads the old buffer's address
        }
        step_numbers_.copy_(host, /*non_blocking=*/true);  // pinned: the host allocator keeps it until copied
    }

    // Every random draw is made for the whole batch, in one order, on every rank; each pass of
    // each rank takes its rows. The step is then the same however its batch is split (the cost:
    // each rank draws the others' noise too, a small part of a step).
    const torch::Tensor all_idx = sampler_->next(batch);
    torch::Tensor all_flip;
    if (cfg_.xflip) all_flip = torch::rand({batch, 1, 1, 1}, noise_gen_, opts) < 0.5;
    const std::vector<torch::Tensor> all_draws = objective_run_->draw(noise_gen_, batch, net_->config(), opts);
    const torch::Tensor all_labels =
        net_->config().label_dim ? data_.one_hot(all_idx, net_->config().label_dim).to(device_, /*non_blocking=*/true) : torch::Tensor();

    if (step_graph_fits()) {
        // The captured step reads its inputs from buffers refilled in place, and dropout masks
        // redrawn in place in the order of their first draw: the generator's numbers go where
        // an uncaptured step puts them, so both give the same trajectory.
        StepInputs& in = step_inputs_;
        auto refill = [this](torch::Tensor& slot, const torch::Tensor& value) {
            if (!value.defined()) return;
            if (!slot.defined() || !slot.sizes().equals(value.sizes()) || slot.scalar_type() != value.scalar_type()) {
                slot = torch::empty(value.sizes(), value.options());
                step_graph_.clear();  // a captured step reads the old buffer's address
            }
            slot.copy_(value, /*non_blocking=*/true);
        };
        refill(in.idx, all_idx.to(device_));
        refill(in.labels, all_labels);
        refill(in.flip, all_flip);
        in.draws.resize(all_draws.size());
        for (size_t i = 0; i < all_draws.size(); ++i) refill(in.draws[i], all_draws[i]);
        if (!step_masks_) step_masks_ = std::make_unique<DropoutMasks>(noise_gen_);
        step_masks_->redraw();
        // Everything the captured kernels bake in: the stage's constants, the precision, and the
        // addresses of the weights and gradients they read (the flat buffers never move in a run;
        // if they did, the old graph would read freed memory).
        std::ostringstream key;
        key << "stage " << current_stage << ", " << precision_name(precision_) << ", weights at "
            << net_->parameters().front().data_ptr() << ", gradients at " << net_->parameters().front().grad().data_ptr();
        step_graph_.run(key.str(), device_, [&] { step_body(in.idx, in.labels, in.flip, in.draws, *step_masks_, current_stage); });
        ++capturable_steps_;
    } else {
        DropoutMasks masks(noise_gen_);
        step_body(all_idx, all_labels, all_flip, all_draws, masks, current_stage);
    }
    nimg_ += batch;
    ++step_;

    ++tick_steps_;
    last_stage_ = current_stage;
    if (per_step_loss_) {  // the CPU: reading back costs nothing, so the chart gets every step
        const torch::Tensor host = step_stats_.to(torch::kCPU);
        const double step_loss = host[0].item<double>() / double(batch);
        if (host[kStopSlot].item<double>() > 0) stop_agreed_ = true;
        nonfinite_in_a_row_ = std::isfinite(step_loss) ? 0 : nonfinite_in_a_row_ + 1;
        host_tick_loss_ += step_loss;
        smoothed_ = kLossSmoothing * smoothed_ + (1 - kLossSmoothing) * step_loss;
        smoothed_weight_ = kLossSmoothing * smoothed_weight_ + (1 - kLossSmoothing);
        if (events.step) events.step({step_, nimg_, current_stage, step_loss, lr});
    }
}

void Trainer::step_body(const torch::Tensor& all_idx, const torch::Tensor& all_labels, const torch::Tensor& all_flip,
                        const std::vector<torch::Tensor>& all_draws, DropoutMasks& masks, int current_stage)
{
    const int64_t ranks = world_size(), rank = group_ ? group_->rank() : 0;
    const int64_t batch = cfg_.batch, local = batch / ranks;
    const int64_t per_pass = cfg_.batch_per_pass > 0 ? cfg_.batch_per_pass : local, passes = local / per_pass;
    const int64_t per_row = objective_run_->images_per_draw_row();
    optimizer_->zero_grad();
    // The step's statistics, all on the device: [Σ loss, Σ per band (4), count per band (4),
    // non-finite, stop].
    step_stats_.zero_();
    for (int64_t pass = 0; pass < passes; ++pass) {
        const int64_t first = rank * local + pass * per_pass;
        masks.use_rows(batch, first);
        PrecisionScope precision(precision_, device_);  // autocast (bf16) for this pass's forward passes
        const torch::Tensor idx = all_idx.narrow(0, first, per_pass);
        torch::Tensor y = batch_pixels(idx);
        const torch::Tensor labels = all_labels.defined() ? all_labels.narrow(0, first, per_pass) : torch::Tensor();
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
        // [n, 4]; a comparison, not torch::one_hot, whose range checks may read values back
        const torch::Tensor onehot = band.unsqueeze(1).eq(torch::arange(4, band.options())).to(torch::kFloat64);
        step_stats_ += torch::cat({ps.sum().reshape({1}), (onehot * ps.unsqueeze(1)).sum(0), onehot.sum(0),
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
        if (stop_) step_stats_[kStopSlot].fill_(1.0);  // a stop asked on this rank travels with the statistics
        group_->all_reduce_sum(step_stats_);
    }
    torch::NoGradGuard no_grad;
    step_stats_[9].add_(torch::isfinite(step_stats_[0]).logical_not().to(torch::kFloat64));  // a NaN/Inf step
    sanitize_gradients(net_->parameters());  // nan_to_num, as the reference
    optimizer_->apply(step_numbers_.narrow(0, 0, 2));
    ema_->update(net_, step_numbers_[2]);
    for (size_t i = 0; i < phema_.size(); ++i) phema_[i]->update(net_, step_numbers_[3 + int64_t(i)]);
    tick_stats_ += step_stats_;
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
    if (root)
        for (auto& observer : observers_) observer->begin(*this, events);  // step 0: the starting model's grid (and FD)
    auto tick_start = clock::now();
    // The checkpoints' time cadence counts from the start of this call.
    auto last_checkpoint = clock::now();
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
            tick_start = last_checkpoint = clock::now();  // paused time is not training time
            for (auto& observer : observers_) observer->unpaused();
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
        if (root) {
            bool observed = false;  // grids and FD on their cadences
            for (auto& observer : observers_) observed |= observer->after_step(*this, events);
            if (observed) tick_start = clock::now();  // their time is not training time
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
    // The final grid and FD (see each observer's end()).
    if (root)
        for (auto& observer : observers_) observer->end(*this, events, step_ > first_step, finished);
    save_checkpoint();
    if (events.checkpoint) events.checkpoint(state_path());
    return finished ? Outcome::Finished : Outcome::Stopped;
}

}  // namespace ect
