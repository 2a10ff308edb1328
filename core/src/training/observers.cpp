// The standard observers of a run: sample grids and FD (observers.h).
#include "ect/training/observers.h"

#include "ect/io/image_io.h"
#include "ect/method/generate.h"
#include "ect/network/bundled.h"

#include <torch/torch.h>

namespace ect {

namespace {

using clock = std::chrono::steady_clock;

bool seconds_since(clock::time_point since, double seconds)
{
    return seconds > 0 && std::chrono::duration<double>(clock::now() - since).count() >= seconds;
}

}  // namespace

torch::Tensor grid_samples(Trainer& trainer)
{
    const GenerateSettings s = trainer.objective().grid_sampler(trainer.config());
    Denoiser model = trainer.sampling_model();
    return s.info().run(model, trainer.grid_latents(), trainer.grid_labels(), s.steps, s.mid, {}).to(torch::kFloat32).cpu();
}

void GridObserver::emit(Trainer& trainer, const TrainEvents& events)
{
    const torch::Tensor images = grid_samples(trainer);
    write_image(trainer.grid_path(trainer.step()), tile_grid(images_to_uint8(images), 0, 1));
    if (events.samples) events.samples(trainer.step(), images);
    last_ = clock::now();
}

void GridObserver::begin(Trainer& trainer, const TrainEvents& events)
{
    last_ = clock::now();  // the time cadence counts from the start of each run() call
    if (trainer.step() == 0) emit(trainer, events);  // step 0: the starting model (a base model's 1-step output)
}

bool GridObserver::after_step(Trainer& trainer, const TrainEvents& events)
{
    const TrainConfig& c = trainer.config();
    if (trainer.step() == c.steps) return false;  // end() draws the last one
    if (!((c.sample_every > 0 && trainer.step() % c.sample_every == 0) || seconds_since(last_, c.sample_seconds))) return false;
    emit(trainer, events);
    return true;
}

void GridObserver::end(Trainer& trainer, const TrainEvents& events, bool trained, bool)
{
    // Not when this call trained nothing (a finished run opened again).
    if (trained) emit(trainer, events);
}

QualityObserver::QualityObserver(const Trainer& trainer)
{
    const TrainConfig& c = trainer.config();
    const std::string features =
        c.eval_features.empty() ? require_bundled(kBundledClassifier, "FD classifier (--eval-features)") : c.eval_features;
    const std::string reference = !c.eval_data.empty()                    ? c.eval_data
                                  : c.data.rfind("fashion-mnist", 0) == 0 ? "fashion-mnist:test"
                                                                          : c.data;
    probe_ = std::make_unique<QualityProbe>(features, reference, c.network, trainer.device());
}

void QualityObserver::measure(Trainer& trainer, const TrainEvents& events)
{
    const auto t0 = clock::now();
    const TrainConfig& c = trainer.config();
    if (!announced_ && events.message)
        events.message("quality: FD of " + std::to_string(c.eval_count) + " samples against " + probe_->reference_name() +
                       " (" + std::to_string(probe_->reference_count()) + " images)");
    announced_ = true;
    std::vector<std::pair<std::string, GenerateSettings>> samplers = trainer.objective().eval_samplers(c);
    for (auto& [name, s] : samplers) {
        s.count = c.eval_count;
        s.batch = trainer.device().is_cuda() ? 1000 : 250;
    }
    TrainEvalRecord rec{trainer.step(), double(trainer.images_seen()) / 1000, {}, c.eval_count, 0};
    Denoiser model = trainer.sampling_model();
    for (const auto& [name, settings] : samplers) rec.fd.emplace_back(name, probe_->fd(model, settings));
    rec.seconds = std::chrono::duration<double>(clock::now() - t0).count();
    trainer.folder().append_log(rec.to_json());
    if (events.eval) events.eval(rec);
}

void QualityObserver::begin(Trainer& trainer, const TrainEvents& events)
{
    if (trainer.step() == 0 && trainer.objective().eval_at_start()) measure(trainer, events);  // the base model as a CM
}

bool QualityObserver::after_step(Trainer& trainer, const TrainEvents& events)
{
    const TrainConfig& c = trainer.config();
    if (trainer.step() % c.eval_every != 0 || trainer.step() == c.steps) return false;
    measure(trainer, events);
    return true;
}

void QualityObserver::end(Trainer& trainer, const TrainEvents& events, bool trained, bool finished)
{
    if (trained && finished) measure(trainer, events);
}

std::vector<std::unique_ptr<TrainObserver>> standard_observers(const Trainer& trainer)
{
    std::vector<std::unique_ptr<TrainObserver>> out;
    out.push_back(std::make_unique<GridObserver>());
    if (trainer.config().eval_every > 0) out.push_back(std::make_unique<QualityObserver>(trainer));
    return out;
}

}  // namespace ect
