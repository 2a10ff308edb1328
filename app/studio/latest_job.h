// "The latest job wins": the Sampler and Compare areas re-render while the user edits. Edits
// coalesce until the event loop is idle, the job the controls then describe runs on the runner's
// own thread, any job a newer edit makes stale is cancelled between batches, and only the newest
// job's result or error comes back, on the GUI thread. Interactive areas (Edit, while the user
// paints) may instead let a running job finish and show it: a result every job's time while edits
// keep coming, instead of none until they pause.
#pragma once

#include "qt_bridge.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <climits>
#include <functional>
#include <optional>
#include <utility>

namespace studio {

template <class Job, class Result>
class LatestJobRunner {
public:
    struct Hooks {
        // GUI thread, when the edits have settled: the job the controls describe, or none (nothing
        // to render, or settings the area has already reported as unusable).
        std::function<std::optional<Job>()> make;
        // The runner's thread: runs a job; returns none when `cancelled()` stopped it. `report`
        // passes how far it is (0..1) to `progress`.
        std::function<std::optional<Result>(const Job&, const std::function<bool()>& cancelled,
                                            const std::function<void(double)>& report)>
            run;
        // GUI thread, for the newest job only.
        std::function<void(const Result&)> done;
        std::function<void(const QString& message)> failed;
        // GUI thread, for the newest job only, at most every 50 ms (may be empty).
        std::function<void(double fraction)> progress = {};
        // Answers true for a job that a newer edit should not cancel: it finishes and its result
        // comes to `done` too (idle() is still false then: the newest is on its way). Stale jobs
        // that have not started are still skipped, so the newest starts as soon as it ends. Empty:
        // every stale job is cancelled.
        std::function<bool(const Job&)> finish_stale = {};
    };

    // `owner` receives the results (its thread is the GUI thread); the runner is its member.
    LatestJobRunner(QObject* owner, Hooks hooks) : owner_(owner), hooks_(std::move(hooks))
    {
        executor_ = new QObject;
        executor_->moveToThread(&thread_);
        QObject::connect(&thread_, &QThread::finished, executor_, &QObject::deleteLater);
        thread_.start();
        debounce_.setSingleShot(true);
        debounce_.setInterval(0);
        QObject::connect(&debounce_, &QTimer::timeout, owner_, [this] { submit(); });
    }

    ~LatestJobRunner()
    {
        latest_ = cancel_below_ = INT_MAX;  // the running job stops at its next batch
        thread_.quit();
        thread_.wait();
        // Answers already posted to the owner refer to this runner: drop them.
        QCoreApplication::removePostedEvents(owner_, QEvent::MetaCall);
    }

    LatestJobRunner(const LatestJobRunner&) = delete;
    LatestJobRunner& operator=(const LatestJobRunner&) = delete;

    // GUI thread: the controls changed. Whatever runs now is stale; a new job starts at idle.
    void schedule()
    {
        latest_ = submitted_ + 1;
        if (!finish_last_) cancel_below_ = submitted_ + 1;
        debounce_.start();
    }

    // True when the newest job has answered (or there was nothing to run) and no edit is pending.
    bool idle() const { return !debounce_.isActive() && waiting_ == 0; }

    // GUI thread: the user cancelled. The running job stops at its next check, and nothing
    // answers until the next schedule().
    void cancel()
    {
        debounce_.stop();
        latest_ = cancel_below_ = submitted_ + 1;
        waiting_ = 0;
    }

private:
    void submit()
    {
        const int id = ++submitted_;
        latest_ = id;
        if (!finish_last_) cancel_below_ = id;
        waiting_ = 0;
        std::optional<Job> job = hooks_.make();
        finish_last_ = job && hooks_.finish_stale && hooks_.finish_stale(*job);
        if (!job) {
            cancel_below_ = id;  // nothing newer to show: the one running answers settings no longer there
            return;
        }
        waiting_ = id;
        QMetaObject::invokeMethod(
            executor_,
            [this, id, job = std::move(*job)] {
                if (id < latest_) return;  // superseded while queued
                std::optional<Result> result;
                QString error;
                // Nothing may escape a worker thread's top: an exception becomes the message.
                // Progress reaches the GUI thread at most every 50 ms, and only while the job is the newest.
                auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
                const std::function<void(double)> report = [this, id, &last](double fraction) {
                    const auto now = std::chrono::steady_clock::now();
                    if (!hooks_.progress || id < latest_ || now - last < std::chrono::milliseconds(50)) return;
                    last = now;
                    QMetaObject::invokeMethod(
                        owner_,
                        [this, id, fraction] {
                            if (id == submitted_ && waiting_ == id) hooks_.progress(fraction);
                        },
                        Qt::QueuedConnection);
                };
                try {
                    result = hooks_.run(job, [this, id] { return id < cancel_below_; }, report);
                } catch (const std::exception& e) {
                    error = error_text(e);
                } catch (...) {
                    error = QCoreApplication::translate("studio", "an unexpected error stopped the work");
                }
                if (id < cancel_below_ || (!result && error.isEmpty())) return;
                if (id < latest_ && (!hooks_.finish_stale || !result)) return;
                QMetaObject::invokeMethod(
                    owner_, [this, id, result = std::move(result), error] { answer(id, result, error); },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }

    void answer(int id, const std::optional<Result>& result, const QString& error)
    {
        if (id < cancel_below_) return;  // cancelled after it answered
        if (id != submitted_) {
            // A newer job was submitted meanwhile: shown only where stale results are wanted, and
            // while that newer one is on its way.
            if (hooks_.finish_stale && result && waiting_ != 0) hooks_.done(*result);
            return;
        }
        waiting_ = 0;
        if (result) hooks_.done(*result);
        else hooks_.failed(error);
    }

    QObject* owner_;
    Hooks hooks_;
    QThread thread_;
    QObject* executor_;  // lives on thread_; runs the jobs
    QTimer debounce_;
    int submitted_ = 0;            // GUI thread: the newest job's id
    int waiting_ = 0;              // GUI thread: the id whose answer is awaited (0: none)
    std::atomic<int> latest_{0};        // jobs below this id are stale
    std::atomic<int> cancel_below_{0};  // jobs below this id stop at their next check
    bool finish_last_ = false;          // GUI thread: the newest job submitted finishes when stale
};

}  // namespace studio
