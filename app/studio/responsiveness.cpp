// The responsiveness probe: event-loop delay measured by a fast timer during two workloads.
#include "responsiveness.h"

#include "guarded_application.h"
#include "main_window.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMetaEnum>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
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

}  // namespace

void probe_responsiveness(MainWindow& window, int seconds)
{
    auto probe = std::make_shared<DelayProbe>();
    auto run_dir = std::make_shared<QTemporaryDir>();
    TrainingPanel* training = window.trainingPanel();
    SamplerPanel* sampler = window.samplerPanel();
    const int ms = std::max(1, seconds) * 1000;

    // Phase 1: pretraining the tiny preset on the CPU, the Training area shown (chart and grids live).
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
    QTimer::singleShot(ms, &window, [=, &window] {
        probe->stop();
        probe->report("training (CPU, tiny preset)");
        training->stop();
        // Phase 2: one large grid in the Sampler (1,024 samples of the loaded model).
        window.tabs()->setCurrentWidget(sampler);
        sampler->modeBox()->setCurrentIndex(0);
        sampler->countBox()->setValue(sampler->countBox()->maximum());
        sampler->scheduleRender();
        probe->start();
        QTimer::singleShot(ms, &window, [=] {
            probe->stop();
            probe->report("sampling a 1,024-image grid");
            QApplication::exit(0);
        });
    });
}

}  // namespace studio
