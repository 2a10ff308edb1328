// SamplerWorker: grids from seeds and spherical interpolation between two seeds' noise.
#include "sampler_worker.h"

#include "qt_bridge.h"

#include "ect/noise.h"

#include <torch/torch.h>

#include <chrono>

namespace studio {

SampleResult SamplerWorker::run(const SampleJob& job, const std::function<bool()>& cancelled)
{
    SampleResult r;
    r.id = job.id;
    r.job = job;
    ect::Denoiser& net = job.model->net;
    const auto& cfg = job.model->config;
    job.settings.validate(cfg);
    r.nfe = job.settings.nfe();
    const auto start = std::chrono::steady_clock::now();
    if (job.kind == SampleJob::Kind::Grid) {
        r.samples = ect::generate(net, job.settings, cancelled);
        if (!r.samples.defined()) return r;
        r.grid = grid_image(r.samples, job.columns);
    } else {
        // Seeds A and B: their latents and re-noising tensors, slerped together.
        const int renoise = job.settings.sampler == ect::SamplerKind::Consistency ? job.settings.steps - 1 : 0;
        const auto a = ect::seeded_noise(job.settings.seed, 0, 1, cfg.img_channels, cfg.img_resolution, renoise);
        const auto b = ect::seeded_noise(job.seed_b, 0, 1, cfg.img_channels, cfg.img_resolution, renoise);
        std::vector<double> ts;
        for (int i = 0; i < job.row; ++i) ts.push_back(job.row == 1 ? 0.0 : double(i) / (job.row - 1));
        ts.push_back(job.amount);
        std::vector<torch::Tensor> latents;
        std::vector<std::vector<torch::Tensor>> renoise_rows(size_t(renoise), std::vector<torch::Tensor>{});
        for (double t : ts) {
            latents.push_back(ect::slerp(a.latents, b.latents, t));
            for (int k = 0; k < renoise; ++k) renoise_rows[size_t(k)].push_back(ect::slerp(a.renoise[size_t(k)], b.renoise[size_t(k)], t));
        }
        std::vector<torch::Tensor> renoise_batch;
        for (auto& row : renoise_rows) renoise_batch.push_back(torch::cat(row));
        const int cls = job.settings.class_index >= 0 ? job.settings.class_index : 0;
        torch::Tensor labels = ect::class_labels_for(0, int64_t(ts.size()), cfg.label_dim, cfg.label_dim ? cls : -1);
        if (cancelled && cancelled()) return r;
        r.samples = ect::generate_from_latents(net, job.settings, torch::cat(latents), labels, renoise_batch);
        const int64_t n = r.samples.size(0);
        r.grid = grid_image(r.samples.slice(0, 0, n - 1), job.row);
        r.single = grid_image(r.samples.slice(0, n - 1, n), 1, 0);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.seconds_per_image = seconds / double(r.samples.size(0));
    return r;
}

void SamplerWorker::render(const SampleJob& job)
{
    if (job.id < latest_) return;  // a newer request is already queued
    try {
        SampleResult r = run(job, [&] { return job.id < latest_; });
        if (r.samples.defined() && job.id >= latest_) emit rendered(r);
    } catch (const std::exception& e) {
        emit failed(job.id, error_text(e));
    }
}

}  // namespace studio
