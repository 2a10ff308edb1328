// SamplerWorker: grids from seeds and spherical interpolation between two seeds' noise.
#include "sampler_worker.h"

#include "ema_length.h"
#include "qt_bridge.h"

#include "ect/method/noise.h"

#include <torch/torch.h>

#include <chrono>

namespace studio {

SampleResult SamplerWorker::run(const SampleJob& job, const std::function<bool()>& cancelled,
                                const std::function<void(double)>& progress)
{
    try {
        return run_watched(job, cancelled, progress);
    } catch (const ect::SamplingCancelled&) {
        SampleResult r;  // stopped between two network evaluations: no samples
        r.job = job;
        return r;
    }
}

SampleResult SamplerWorker::run_watched(const SampleJob& job, const std::function<bool()>& cancelled,
                                        const std::function<void(double)>& progress)
{
    SampleResult r;
    r.job = job;
    const torch::Device device = job.model->net->parameters().front().device();
    // The average chosen on the EMA length slider, reconstructed here, off the GUI thread.
    std::shared_ptr<ect::ModelFile> model = job.model;
    if (job.ema_std > 0) {
        model = posthoc_model(job.model, job.ema_std, device, cancelled, progress);
        if (!model) return r;
    }
    ect::Denoiser& net = model->net;
    const auto& cfg = model->config;
    if (job.kind != SampleJob::Kind::Plot) job.settings.validate(cfg);  // a plot's cells were checked by plan_plot
    r.nfe = job.settings.nfe();
    ect::PrecisionScope precision(preferred_precision(device), device);  // this worker thread only
    // Progress and cancellation between network evaluations, not only between batches: a Heun
    // grid of 40 images is one batch of 35 evaluations, tens of seconds on a CPU.
    const int64_t batches = job.kind == SampleJob::Kind::Grid ? (job.settings.count + job.settings.batch - 1) / job.settings.batch : 1;
    const double total = double(std::max<int64_t>(
        1, job.kind == SampleJob::Kind::Plot ? ect::plot_evaluations(job.plan, job.settings.batch) : batches * r.nfe));
    ect::EvaluationWatch watch([&](int64_t done) {
        if (progress) progress(std::min(1.0, double(done) / total));
        return !(cancelled && cancelled());
    });
    const auto start = std::chrono::steady_clock::now();
    if (job.kind == SampleJob::Kind::Plot) {
        r.nfe = 0;  // the cells' own (steps and samplers may differ)
        // Checkpoints load here, on the worker thread, onto the plot model's device.
        r.samples = ect::render_plot(
            job.plan, *model,
            [&](const std::string& path) {
                if (path == model->path) return model;
                auto checkpoint = std::make_shared<ect::ModelFile>(ect::load_model(path, device));
                // Every checkpoint at the chosen EMA length, as the title says (its own step's snapshots).
                if (job.ema_std > 0) {
                    checkpoint = posthoc_model(checkpoint, job.ema_std, device, cancelled);
                    if (!checkpoint) throw ect::SamplingCancelled();
                }
                return checkpoint;
            },
            job.settings.batch, cancelled);
        if (!r.samples.defined()) return r;
        r.grid = grid_image(r.samples, job.plan.columns());
    } else if (job.kind == SampleJob::Kind::Grid) {
        r.samples = ect::generate(net, job.settings, cancelled);
        if (!r.samples.defined()) return r;
        r.grid = grid_image(r.samples, job.columns);
    } else {
        // Points across (and, in 2D, down) between the corner seeds; the last one is the slider's.
        const bool two_d = job.kind == SampleJob::Kind::Interpolation2D;
        std::vector<std::pair<double, double>> uv;  // (across, down)
        auto frac = [&](int i) { return job.row == 1 ? 0.0 : double(i) / (job.row - 1); };
        for (int y = 0; y < (two_d ? job.row : 1); ++y)
            for (int x = 0; x < job.row; ++x) uv.emplace_back(frac(x), two_d ? frac(y) : 0.0);
        uv.emplace_back(job.amount, two_d ? job.amount_y : 0.0);
        std::vector<uint64_t> corners{job.settings.seed, job.seed_b};
        if (two_d) corners.insert(corners.end(), {job.seed_c, job.seed_d});
        const ect::SampleNoise noise = ect::interpolated_noise(cfg, job.settings, corners, uv);
        const int cls = job.settings.class_index >= 0 ? job.settings.class_index : 0;
        torch::Tensor labels = ect::class_labels_for(0, int64_t(uv.size()), cfg.label_dim, cfg.label_dim ? cls : -1);
        if (cancelled && cancelled()) return r;
        r.samples = ect::generate_from_latents(net, job.settings, noise.latents, labels, noise.renoise);
        const int64_t n = r.samples.size(0);
        r.grid = grid_image(r.samples.slice(0, 0, n - 1), job.row);
        r.single = grid_image(r.samples.slice(0, n - 1, n), 1, 0);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.seconds_per_image = seconds / double(r.samples.size(0));
    return r;
}

}  // namespace studio
