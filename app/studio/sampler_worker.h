// Sampling off the GUI thread: the newest request wins, stale ones are dropped or cancelled
// between batches, results come back as queued signals.
#pragma once

#include "ect/generate.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace studio {

struct SampleJob {
    int id = 0;
    std::shared_ptr<ect::ModelFile> model;
    ect::GenerateSettings settings;
    // Interpolation: a row between seeds A (settings.seed) and B; Interpolation2D: a row × row
    // grid between four corner seeds, A top-left, B top-right, C bottom-left, D bottom-right.
    enum class Kind { Grid, Interpolation, Interpolation2D } kind = Kind::Grid;
    uint64_t seed_b = 1, seed_c = 2, seed_d = 3;
    int row = 7;            // samples along each side, corners included
    double amount = 0.5;    // the enlarged sample: 0 = A, 1 = B (2-D: across)
    double amount_y = 0.5;  // 2-D: down, 0 = top (A, B), 1 = bottom (C, D)
    int columns = 0;
};

struct SampleResult {
    int id = 0;
    SampleJob job;  // what made it (for labels and export metadata)
    QImage grid;    // the grid, or the interpolation row
    QImage single;  // interpolation: the sample at `amount`
    torch::Tensor samples;  // float64 [N, C, H, W] on the CPU (grid, or row then the single sample)
    double seconds_per_image = 0;
    int nfe = 0;
};

class SamplerWorker : public QObject {
    Q_OBJECT

public:
    // Called on any thread: marks every job below `id` as stale.
    void supersede(int id) { latest_ = id; }

    // Runs a job synchronously on the calling thread (the worker thread, or a test).
    static SampleResult run(const SampleJob& job, const std::function<bool()>& cancelled = {});

public slots:
    void render(const studio::SampleJob& job);

signals:
    void rendered(const studio::SampleResult& result);
    void failed(int id, const QString& message);

private:
    std::atomic<int> latest_{0};
};

}  // namespace studio

Q_DECLARE_METATYPE(studio::SampleJob)
Q_DECLARE_METATYPE(studio::SampleResult)
