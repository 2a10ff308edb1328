// What watches a run between its steps: the sample grids and the FD measurements. The trainer's
// loop calls its observers through TrainObserver (trainer.h) and knows neither; they read the run
// through the trainer's public interface (its sampling model, grid noise and folder), so
// evaluation sits above training. Trainer::start and resume attach the standard ones.
#pragma once

#include "ect/evaluation/quality.h"
#include "ect/training/trainer.h"

#include <chrono>
#include <memory>
#include <vector>

namespace ect {

// EMA samples on the run's fixed grid noise (seeds 0.., the images `ect sample --seed 0` draws)
// with the objective's grid sampler: float [−1, 1] [N, C, H, W] on the CPU.
torch::Tensor grid_samples(Trainer& trainer);

// The grid of step 0 (the starting model), then every sample_every steps or sample_seconds of
// training, and where a run() call ends after training (a stopped run too: what it looks like
// where it stopped). Each grid is written to samples/ and handed to TrainEvents::samples.
class GridObserver : public TrainObserver {
public:
    void begin(Trainer& trainer, const TrainEvents& events) override;
    bool after_step(Trainer& trainer, const TrainEvents& events) override;
    void unpaused() override { last_ = std::chrono::steady_clock::now(); }
    void end(Trainer& trainer, const TrainEvents& events, bool trained, bool finished) override;

private:
    void emit(Trainer& trainer, const TrainEvents& events);
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// FD of config().eval_count samples per objective sampler every eval_every steps, at step 0 when
// the objective measures its starting model, and at the run's end. Made at the run's start, so
// that settings that cannot work (a feature network for other images, a missing reference set)
// fail then, not at the first measurement an hour in.
class QualityObserver : public TrainObserver {
public:
    explicit QualityObserver(const Trainer& trainer);
    void begin(Trainer& trainer, const TrainEvents& events) override;
    bool after_step(Trainer& trainer, const TrainEvents& events) override;
    void end(Trainer& trainer, const TrainEvents& events, bool trained, bool finished) override;

private:
    void measure(Trainer& trainer, const TrainEvents& events);
    std::unique_ptr<QualityProbe> probe_;
    bool announced_ = false;
};

// The observers every run has on its writing rank: grids, and FD when eval_every > 0.
std::vector<std::unique_ptr<TrainObserver>> standard_observers(const Trainer& trainer);

}  // namespace ect
