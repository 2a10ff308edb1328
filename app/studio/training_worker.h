// Runs an ect::Trainer on its own thread and reports through queued signals; pause and stop
// are safe to call from the GUI thread while it runs.
#pragma once

#include "ect/training/trainer.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace studio {

class TrainingWorker : public QObject {
    Q_OBJECT

public:
    void requestStop();
    void setPaused(bool paused);

public slots:
    // A new run from `config` in `run_dir`, or, with an empty config, a resume of `run_dir`.
    void start(const ect::TrainConfig& config, const QString& run_dir);
    // `trust_unchecked`: take a state without a checksum as it is (the user said so).
    void resume(const QString& run_dir, qint64 steps, bool trust_unchecked = false);

signals:
    void started(const QString& run_dir, const QString& description, qint64 step, qint64 total_steps);
    // What the run had to adapt or wants known: the data resized, a damaged checkpoint skipped.
    void notice(const QString& text);
    // A loss record of the log (on the CPU the studio logs every step): the chart's points, the
    // same ones a resumed or watched run's history gives.
    void stepDone(qint64 step, qint64 images, int stage, double loss);
    void progress(qint64 step, qint64 total, double steps_per_second, double eta_seconds, double smoothed_loss);
    void samples(qint64 step, const QImage& grid);
    void checkpointSaved();
    void quality(qint64 step, qint64 images, const QString& sampler, double fd);
    void finished(bool completed, const QString& message);
    void failed(const QString& message);
    // The run's state has no checksum: nothing started; the panel asks whether to trust it.
    void uncheckedState(const QString& run_dir, const QString& message);

private:
    void run(std::unique_ptr<ect::Trainer> trainer);
    // The last trainer stays alive until the next run, so a pause or stop from the GUI thread
    // that raced with the end of run() still calls into a live object.
    std::unique_ptr<ect::Trainer> current_;
    std::atomic<ect::Trainer*> trainer_{nullptr};
    std::atomic<bool> stop_early_{false};
};

}  // namespace studio

Q_DECLARE_METATYPE(ect::TrainConfig)
