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
    const torch::Device device = net->parameters().front().device();
    ect::PrecisionScope precision(preferred_precision(device), device);  // this worker thread only
    const auto start = std::chrono::steady_clock::now();
    if (job.kind == SampleJob::Kind::Grid) {
        r.samples = ect::generate(net, job.settings, cancelled);
        if (!r.samples.defined()) return r;
        r.grid = grid_image(r.samples, job.columns);
    } else {
        // The corner seeds' latents and re-noising tensors, slerped together: along one side
        // (A → B), or across and then down (A → B on top, C → D at the bottom, then top → bottom).
        const bool two_d = job.kind == SampleJob::Kind::Interpolation2D;
        const int renoise = job.settings.sampler == ect::SamplerKind::Consistency ? job.settings.steps - 1 : 0;
        auto noise = [&](uint64_t seed) {
            return ect::seeded_noise(seed, 0, 1, cfg.img_channels, cfg.img_resolution, renoise);
        };
        const auto a = noise(job.settings.seed), b = noise(job.seed_b);
        const auto c = two_d ? noise(job.seed_c) : a, d = two_d ? noise(job.seed_d) : b;
        std::vector<std::pair<double, double>> uv;  // (across, down)
        auto frac = [&](int i) { return job.row == 1 ? 0.0 : double(i) / (job.row - 1); };
        for (int y = 0; y < (two_d ? job.row : 1); ++y)
            for (int x = 0; x < job.row; ++x) uv.emplace_back(frac(x), two_d ? frac(y) : 0.0);
        uv.emplace_back(job.amount, two_d ? job.amount_y : 0.0);
        auto mix = [&](const torch::Tensor& ta, const torch::Tensor& tb, const torch::Tensor& tc, const torch::Tensor& td,
                       double u, double v) {
            const torch::Tensor top = ect::slerp(ta, tb, u);
            return two_d ? ect::slerp(top, ect::slerp(tc, td, u), v) : top;
        };
        std::vector<torch::Tensor> latents;
        std::vector<std::vector<torch::Tensor>> renoise_rows(static_cast<size_t>(renoise), std::vector<torch::Tensor>{});
        for (const auto& [u, v] : uv) {
            latents.push_back(mix(a.latents, b.latents, c.latents, d.latents, u, v));
            for (size_t k = 0; k < size_t(renoise); ++k)
                renoise_rows[k].push_back(mix(a.renoise[k], b.renoise[k], c.renoise[k], d.renoise[k], u, v));
        }
        std::vector<torch::Tensor> renoise_batch;
        for (auto& row : renoise_rows) renoise_batch.push_back(torch::cat(row));
        const int cls = job.settings.class_index >= 0 ? job.settings.class_index : 0;
        torch::Tensor labels = ect::class_labels_for(0, int64_t(uv.size()), cfg.label_dim, cfg.label_dim ? cls : -1);
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
