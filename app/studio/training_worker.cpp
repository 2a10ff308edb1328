// TrainingWorker: the trainer's events become queued Qt signals.
#include "training_worker.h"

#include "qt_bridge.h"

#include "ect/device.h"

#include <cmath>

namespace studio {

void TrainingWorker::requestStop()
{
    stop_early_ = true;
    if (ect::Trainer* t = trainer_.load()) t->request_stop();
}

void TrainingWorker::setPaused(bool paused)
{
    if (ect::Trainer* t = trainer_.load()) t->set_paused(paused);
}

void TrainingWorker::start(const ect::TrainConfig& config, const QString& run_dir)
{
    stop_early_ = false;
    try {
        run(ect::Trainer::start(config, run_dir.toStdString()));
    } catch (const std::exception& e) {
        emit failed(error_text(e));
    } catch (...) {  // nothing may escape the worker thread's top
        emit failed(tr("an unexpected error stopped training"));
    }
}

void TrainingWorker::resume(const QString& run_dir, qint64 steps, bool trust_unchecked)
{
    stop_early_ = false;
    try {
        ect::ResumeOptions how;
        how.steps = steps;
        how.trust_unchecked_state = trust_unchecked;
        run(ect::Trainer::resume(run_dir.toStdString(), how));
    } catch (const ect::UncheckedStateError& e) {
        emit uncheckedState(run_dir, error_text(e));
    } catch (const std::exception& e) {
        emit failed(error_text(e));
    } catch (...) {
        emit failed(tr("an unexpected error stopped training"));
    }
}

void TrainingWorker::run(std::unique_ptr<ect::Trainer> owned)
{
    current_ = std::move(owned);
    ect::Trainer* trainer = current_.get();
    const auto& cfg = trainer->config();
    emit started(QString::fromStdString(trainer->run_dir()),
                 tr("%1 on %2").arg(network_summary(cfg.network), device_text(trainer->device())),
                 trainer->step(), cfg.steps);
    for (const std::string* text : {&trainer->data_notice(), &trainer->resume_notice()})
        if (!text->empty()) emit notice(QString::fromStdString(*text));
    ect::TrainEvents ev;
    ev.message = [&](const std::string& text) { emit notice(QString::fromStdString(text)); };
    ev.log = [&](const ect::TrainLogRecord& r) { emit stepDone(r.step, qint64(std::llround(r.kimg * 1000)), r.stage, r.loss); };
    ev.checkpoint = [&](const std::string&) { emit checkpointSaved(); };
    ev.progress = [&](const ect::TrainProgress& p) {
        emit progress(p.step, p.total_steps, p.steps_per_second, p.eta_seconds, p.smoothed_loss);
    };
    ev.samples = [&](int64_t step, const torch::Tensor& images) { emit samples(step, grid_image(images)); };
    ev.eval = [&](const ect::TrainEvalRecord& r) {
        for (const auto& [sampler, fd] : r.fd)
            emit quality(r.step, qint64(r.kimg * 1000 + 0.5), QString::fromStdString(sampler), fd);
    };
    trainer_ = trainer;
    struct Forget {  // pause/stop requests go nowhere once run() has left, however it left
        std::atomic<ect::Trainer*>& slot;
        ~Forget() { slot = nullptr; }
    } forget{trainer_};
    if (stop_early_) trainer->request_stop();  // a stop asked for while the run was loading
    const auto outcome = trainer->run(ev);
    const QString where = QString::fromStdString(trainer->run_dir());
    if (outcome == ect::Trainer::Outcome::Diverged)
        emit finished(false, tr("Training stopped: the loss became NaN or Inf. The last good checkpoint (step %1) is kept in %2")
                                 .arg(trainer->checkpoint_step())
                                 .arg(where));
    else if (outcome == ect::Trainer::Outcome::Finished)
        emit finished(true, tr("Finished %1 steps. Model: %2").arg(trainer->step()).arg(QString::fromStdString(trainer->model_path())));
    else
        emit finished(false, tr("Stopped at step %1; state saved in %2").arg(trainer->step()).arg(where));
}

}  // namespace studio
