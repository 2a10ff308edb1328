// Sampling jobs: what the Sampler area asks for and what comes back. The area runs them on a
// LatestJobRunner (latest_job.h): the newest request wins, stale ones are cancelled between batches.
#pragma once

#include "ect/method/generate.h"
#include "ect/method/xy_plot.h"

#include <QImage>
#include <QString>

#include <functional>
#include <memory>

namespace studio {

struct SampleJob {
    std::shared_ptr<ect::ModelFile> model;
    ect::GenerateSettings settings;
    // Interpolation: a row between seeds A (settings.seed) and B; Interpolation2D: a row × row
    // grid between four corner seeds, A top-left, B top-right, C bottom-left, D bottom-right;
    // Plot: an X/Y plot, one sample per cell of `plan` (settings are its base).
    enum class Kind { Grid, Interpolation, Interpolation2D, Plot } kind = Kind::Grid;
    ect::PlotPlan plan;
    uint64_t seed_b = 1, seed_c = 2, seed_d = 3;
    int row = 7;            // samples along each side, corners included
    double amount = 0.5;    // the enlarged sample: 0 = A, 1 = B (2-D: across)
    double amount_y = 0.5;  // 2-D: down, 0 = top (A, B), 1 = bottom (C, D)
    int columns = 0;
    // Post-hoc EMA: σ_rel of the average to sample (reconstructed from the model's run), 0 = the
    // model's weights as they are.
    double ema_std = 0;
};

struct SampleResult {
    SampleJob job;  // what made it (for labels and export metadata)
    QImage grid;    // the grid, or the interpolation row
    QImage single;  // interpolation: the sample at `amount`
    torch::Tensor samples;  // float64 [N, C, H, W] on the CPU (grid, plot cells, or row then the single sample)
    double seconds_per_image = 0;
    int nfe = 0;  // per image (a plot: 0, its cells differ)
};

class SamplerWorker {
public:
    // Runs a job synchronously on the calling thread (the runner's thread, or a test); the result
    // has no samples when `cancelled()` stopped it.
    // `progress(fraction)` is told after each network evaluation (on CUDA: each batch).
    static SampleResult run(const SampleJob& job, const std::function<bool()>& cancelled = {},
                            const std::function<void(double)>& progress = {});

private:
    static SampleResult run_watched(const SampleJob& job, const std::function<bool()>& cancelled,
                                    const std::function<void(double)>& progress);
};

}  // namespace studio

Q_DECLARE_METATYPE(studio::SampleJob)
Q_DECLARE_METATYPE(studio::SampleResult)
