// The responsiveness probe: event-loop delay measured by a fast timer during the studio's heavy
// workloads, and the Edit area's latency from a brush movement to its result.
#include "responsiveness.h"

#include "edit_panel.h"
#include "guarded_application.h"
#include "main_window.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "paint_canvas.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMetaEnum>
#include <QMouseEvent>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace studio {
namespace {

constexpr int kTickMs = 5;

// Measures the delay of every tick until stopped.
class DelayProbe {
public:
    DelayProbe()
    {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(kTickMs);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            const double elapsed = double(clock_.nsecsElapsed()) / 1e6;
            clock_.restart();
            delays_.push_back(std::max(0.0, elapsed - kTickMs));
        });
    }
    void start()
    {
        delays_.clear();
        slowest_.clear();
        // Which deliveries took the time: the slowest few of the phase, by receiver and event.
        if (auto* app = dynamic_cast<GuardedApplication*>(QCoreApplication::instance()))
            app->setDeliveryObserver([this](const char* receiver, int type, double ms) {
                if (slowest_.size() == kSlowest && ms <= slowest_.back().ms) return;
                slowest_.push_back({ms, receiver, type});
                std::sort(slowest_.begin(), slowest_.end(), [](const Delivery& a, const Delivery& b) { return a.ms > b.ms; });
                if (slowest_.size() > kSlowest) slowest_.pop_back();
            });
        clock_.start();
        timer_.start();
    }
    void stop()
    {
        timer_.stop();
        if (auto* app = dynamic_cast<GuardedApplication*>(QCoreApplication::instance())) app->setDeliveryObserver(nullptr);
    }
    void report(const char* phase)
    {
        std::vector<double> d = delays_;
        std::sort(d.begin(), d.end());
        const double worst = d.empty() ? 0 : d.back();
        const double p99 = d.empty() ? 0 : d[size_t(0.99 * double(d.size() - 1))];
        std::printf("%-34s worst stall %7.1f ms   99th percentile %6.1f ms   (%zu ticks)\n", phase, worst, p99, d.size());
        const QMetaEnum types = QMetaEnum::fromType<QEvent::Type>();
        for (const Delivery& s : slowest_) {
            const char* type = types.valueToKey(s.type);
            std::printf("    %7.1f ms  %s to %s\n", s.ms, type ? type : "event", s.receiver);
        }
        std::fflush(stdout);
    }

private:
    struct Delivery {
        double ms;
        const char* receiver;
        int type;
    };
    static constexpr size_t kSlowest = 5;
    std::vector<Delivery> slowest_;
    QTimer timer_;
    QElapsedTimer clock_;
    std::vector<double> delays_;
};

// Percentile q (0..1) of `v` (sorted in place); 0 when empty.
double percentile(std::vector<double>& v, double q)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(q * double(v.size() - 1) + 0.5)];
}

using Phase = std::function<void(std::function<void()> done)>;

void run_phases(const std::shared_ptr<std::vector<Phase>>& phases, size_t i)
{
    if (i == phases->size()) {
        QApplication::exit(0);
        return;
    }
    (*phases)[i]([phases, i] { run_phases(phases, i + 1); });
}

// Painting in the Edit area: strokes across the canvas as a hand draws them (a mouse movement
// every 16 ms, 40 to a stroke, 300 ms between strokes), sent through the event loop as the
// window system's would be. Measures the loop's delay, and how long each brush movement waits for
// the first result that includes it (results carry the canvas revision they were made from).
struct PaintingProbe {
    EditPanel* panel = nullptr;
    QTimer clock;
    QElapsedTimer since;
    int move = 0, stroke = 0;
    bool pressed = false;
    std::vector<std::pair<quint64, double>> waiting;  // canvas revision, when it was painted (ms)
    std::vector<double> movement_ms, stroke_end_ms, edit_ms;
    std::optional<std::pair<quint64, double>> stroke_end;
    int results = 0;

    static constexpr int kMovesPerStroke = 40, kPauseTicks = 19;  // 19 × 16 ms ≈ 300 ms
    void send(QEvent::Type type, const QPointF& pos)
    {
        PaintCanvas* canvas = panel->canvas();
        const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
        const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
        QCoreApplication::postEvent(canvas, new QMouseEvent(type, pos, canvas->mapToGlobal(pos), button, buttons, Qt::NoModifier));
    }
    void tick()
    {
        // Zig-zag strokes over the image: row by row, left to right and back.
        const QRect r = panel->canvas()->imageRect();
        if (r.isEmpty()) return;
        const int phase = move % (kMovesPerStroke + kPauseTicks);
        const double row = r.top() + r.height() * (0.1 + 0.8 * double(stroke % 9) / 8.0);
        const double across = double(phase) / kMovesPerStroke;
        const double x = r.left() + r.width() * (stroke % 2 ? 0.95 - 0.9 * across : 0.05 + 0.9 * across);
        if (phase == 0) {
            send(QEvent::MouseButtonPress, QPointF(x, row));
            pressed = true;
        } else if (phase < kMovesPerStroke) {
            send(QEvent::MouseMove, QPointF(x, row + 3 * std::sin(across * 6.28)));
        } else if (phase == kMovesPerStroke) {
            send(QEvent::MouseButtonRelease, QPointF(x, row));
            pressed = false;
            ++stroke;
        }
        ++move;
    }
    // After the event loop delivered a movement: a new revision waits for its result.
    void painted()
    {
        if (!since.isValid()) return;  // the phase before's last release, delivered late
        const quint64 revision = panel->canvas()->revision();
        if (waiting.empty() || waiting.back().first != revision) waiting.emplace_back(revision, ms());
    }
    void released()
    {
        if (!since.isValid()) return;
        const quint64 revision = panel->canvas()->revision();
        const auto& outcome = panel->lastOutcome();
        if (outcome && outcome->job.revision >= revision) stroke_end_ms.push_back(0);  // already shown
        else stroke_end = std::make_pair(revision, ms());
    }
    void rendered()
    {
        const auto& outcome = panel->lastOutcome();
        if (!outcome || !since.isValid()) return;  // before the phase began
        ++results;
        edit_ms.push_back(outcome->seconds * 1000);
        const quint64 done = outcome->job.revision;
        const double now = ms();
        auto served = std::remove_if(waiting.begin(), waiting.end(), [&](const auto& w) {
            if (w.first > done) return false;
            movement_ms.push_back(now - w.second);
            return true;
        });
        waiting.erase(served, waiting.end());
        if (stroke_end && stroke_end->first <= done) {
            stroke_end_ms.push_back(now - stroke_end->second);
            stroke_end.reset();
        }
    }
    double ms() const { return double(since.nsecsElapsed()) / 1e6; }
    void report()
    {
        const size_t movements = movement_ms.size(), strokes = stroke_end_ms.size();
        const double per_edit = percentile(edit_ms, 0.5);
        const double move_median = percentile(movement_ms, 0.5), move_p90 = percentile(movement_ms, 0.9);
        const double move_worst = percentile(movement_ms, 1.0);
        const double end_median = percentile(stroke_end_ms, 0.5), end_worst = percentile(stroke_end_ms, 1.0);
        std::printf("    brush movement -> its result: median %6.1f ms, 90th percentile %6.1f ms, worst %6.1f ms (%zu movements)\n",
                    move_median, move_p90, move_worst, movements);
        std::printf("    stroke end -> final result:   median %6.1f ms, worst %6.1f ms (%zu strokes)\n", end_median, end_worst, strokes);
        std::printf("    %d results shown; one edit (%d results) takes %.1f ms (median); %zu movements unanswered at the end\n",
                    results, int(panel->countBox()->value()), per_edit, waiting.size());
        std::fflush(stdout);
    }
};

Phase painting_phase(MainWindow& window, std::shared_ptr<DelayProbe> probe, int ms, int evaluations)
{
    return [&window, probe, ms, evaluations](std::function<void()> done) {
        EditPanel* edit = window.editPanel();
        window.tabs()->setCurrentWidget(edit);
        edit->modelBox()->setCurrentIndex(edit->modelBox()->findData("consistency"));
        edit->taskBox()->setCurrentIndex(edit->taskBox()->findData("inpaint"));
        edit->evaluationsBox()->setValue(evaluations);
        edit->levelsEdit()->clear();
        edit->countBox()->setValue(6);
        edit->brushBox()->setValue(1);
        edit->testImageBox()->setValue(edit->testImageBox()->value() == 0 ? 1 : 0);
        auto state = std::make_shared<PaintingProbe>();
        state->panel = edit;
        state->clock.setTimerType(Qt::PreciseTimer);
        state->clock.setInterval(16);
        // Weakly: the timer is the state's own, so a strong capture would keep the state alive forever.
        QObject::connect(&state->clock, &QTimer::timeout, edit, [weak = std::weak_ptr<PaintingProbe>(state)] {
            if (const auto s = weak.lock()) s->tick();
        });
        const auto painted = QObject::connect(edit->canvas(), &PaintCanvas::edited, edit, [state] { state->painted(); });
        const auto released = QObject::connect(edit->canvas(), &PaintCanvas::strokeFinished, edit, [state] { state->released(); });
        const auto rendered = QObject::connect(edit, &EditPanel::rendered, edit, [state] { state->rendered(); });
        // The first result of the new image first: the phase measures painting, not the switch.
        auto start = std::make_shared<QTimer>();
        start->setInterval(50);
        QObject::connect(start.get(), &QTimer::timeout, edit, [=, &window] {
            if (!edit->idle()) return;
            start->stop();
            state->since.start();
            state->clock.start();
            probe->start();
            QTimer::singleShot(ms, &window, [=] {
                state->clock.stop();
                if (state->pressed) state->send(QEvent::MouseButtonRelease, QPointF(edit->canvas()->imageRect().center()));
                probe->stop();
                const QString phase = evaluations == 1 ? QStringLiteral("painting in Edit (1 evaluation)")
                                                       : QStringLiteral("painting in Edit (%1 evaluations)").arg(evaluations);
                probe->report(qPrintable(phase));
                state->report();
                QObject::disconnect(painted);
                QObject::disconnect(released);
                QObject::disconnect(rendered);
                start->disconnect();  // its closure held the timer: the last reference is this one's
                done();
            });
        });
        start->start();
    };
}

}  // namespace

void probe_responsiveness(MainWindow& window, int seconds, const QStringList& areas)
{
    auto probe = std::make_shared<DelayProbe>();
    auto run_dir = std::make_shared<QTemporaryDir>();
    TrainingPanel* training = window.trainingPanel();
    SamplerPanel* sampler = window.samplerPanel();
    const int ms = std::max(1, seconds) * 1000;
    auto phases = std::make_shared<std::vector<Phase>>();

    if (areas.contains("training"))
        // Pretraining the tiny preset on the CPU, the Training area shown (chart and grids live).
        phases->push_back([=, &window](std::function<void()> done) {
            window.tabs()->setCurrentWidget(training);
            training->objectiveBox()->setCurrentIndex(training->objectiveBox()->findData("edm"));
            training->presetBox()->setCurrentText("tiny");
            training->stepsBox()->setValue(1000000);
            training->dataEdit()->setText("fashion-mnist");
            training->runFolderEdit()->setText(QDir(run_dir->path()).filePath("run"));
            training->start();
            if (!training->running()) {
                std::fprintf(stderr, "ect-studio: the training phase could not start\n");
                QApplication::exit(1);
                return;
            }
            probe->start();
            QTimer::singleShot(ms, &window, [=] {
                probe->stop();
                probe->report("training (CPU, tiny preset)");
                training->stop();
                done();
            });
        });
    if (areas.contains("sampler"))
        // One large grid in the Sampler (1,024 samples of the loaded model).
        phases->push_back([=, &window](std::function<void()> done) {
            window.tabs()->setCurrentWidget(sampler);
            sampler->modeBox()->setCurrentIndex(0);
            sampler->countBox()->setValue(sampler->countBox()->maximum());
            sampler->scheduleRender();
            probe->start();
            QTimer::singleShot(ms, &window, [=] {
                probe->stop();
                probe->report("sampling a 1,024-image grid");
                sampler->cancelRender();  // the next phases measure without it
                done();
            });
        });
    if (areas.contains("edit")) {
        if (!window.model(MainWindow::Slot::Consistency)) {
            std::fprintf(stderr, "ect-studio: the edit phases need a consistency model\n");
            QApplication::exit(1);
            return;
        }
        phases->push_back(painting_phase(window, probe, ms, 1));
        phases->push_back(painting_phase(window, probe, ms, 2));
    }
    run_phases(phases, 0);
}

}  // namespace studio
