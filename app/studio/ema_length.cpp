// EmaLengthControl and the post-hoc EMA models behind it.
#include "ema_length.h"

#include "ect/error.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>

#include <cmath>
#include <filesystem>
#include <algorithm>
#include <list>
#include <mutex>

namespace studio {

namespace {

constexpr int kPositions = 49;  // σ_rel 0.010 .. 0.250 in steps of 0.005, after "as trained"

int64_t model_step(const ect::ModelFile& model)
{
    const auto it = model.metadata.find("ect.step");
    if (it == model.metadata.end()) return 0;
    return QString::fromStdString(it->second).toLongLong();
}

// Reconstructions kept for slider moves back and forth: the newest first, up to a budget of
// weights (an EDM2-S model is 1.1 GB as float32), always at least the newest one.
struct CachedModel {
    std::string key;
    std::shared_ptr<ect::ModelFile> model;
    int64_t bytes;
};
constexpr int64_t kCacheBytes = int64_t(2) << 30;
std::mutex g_cache_mutex;
std::list<CachedModel> g_cache;

int64_t weight_bytes(const ect::ModelFile& m)
{
    int64_t bytes = 0;
    for (const auto& p : m.net->parameters()) bytes += p.numel() * p.element_size();
    return bytes;
}

}  // namespace

EmaLengthControl::EmaLengthControl(QWidget* parent) : QWidget(parent)
{
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setRange(0, kPositions);
    slider_->setValue(0);
    slider_->setPageStep(4);
    // A length is taken when the handle is let go (each one reads the run's snapshots); the
    // label follows the handle meanwhile.
    slider_->setTracking(false);
    label_ = new QLabel;
    label_->setMinimumWidth(label_->fontMetrics().horizontalAdvance(QStringLiteral("σ_rel 0.000")) + 8);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(label_);
    setToolTip(tr("Which average of the weights the samples come from, chosen after training: the run's own EMA "
                  "(as trained), or a power-function EMA of relative length σ_rel reconstructed from the run's "
                  "snapshots (EDM2's post-hoc EMA). Short averages follow the last steps, long ones smooth more."));
    connect(slider_, &QSlider::valueChanged, this, [this] {
        showLength();
        emit lengthChanged();
    });
    connect(slider_, &QSlider::sliderMoved, this, [this](int position) { showLength(position); });
    showLength();
}

double EmaLengthControl::lengthAt(int position)
{
    return position <= 0 ? 0.0 : 5.0 * (position + 1) / 1000;  // whole thousandths: 0.07 is the literal 0.07
}

double EmaLengthControl::length() const
{
    return available() ? lengthAt(slider_->value()) : 0.0;
}

void EmaLengthControl::setLength(double std)
{
    const QSignalBlocker block(slider_);
    slider_->setValue(std > 0 ? std::clamp(int(std::lround(std / 0.005)) - 1, 1, kPositions) : 0);
    showLength();
}

bool EmaLengthControl::setModel(const std::shared_ptr<ect::ModelFile>& model)
{
    snapshots_ = model ? ect::phema_snapshots_of(model->path, model_step(*model)) : std::vector<ect::PhemaSnapshot>{};
    if (!available()) setLength(0);
    showLength();
    return available();
}

void EmaLengthControl::showLength(int position)
{
    const double std = lengthAt(position >= 0 ? position : slider_->value());
    label_->setText(std > 0 ? QStringLiteral("σ_rel %1").arg(QString::fromStdString(ect::phema_std_text(std)))
                            : tr("As trained"));
    if (available()) {
        double newest = 0;
        for (const auto& s : snapshots_) newest = std::max(newest, s.images);
        slider_->setToolTip(tr("Power-function EMA snapshots of this run: %1, up to %2 images")
                                .arg(snapshots_.size())
                                .arg(QLocale().toString(qint64(newest))));
    }
}

std::shared_ptr<ect::ModelFile> posthoc_model(const std::shared_ptr<ect::ModelFile>& model, double std,
                                              const torch::Device& device, const std::function<bool()>& cancelled,
                                              const std::function<void(double)>& progress)
{
    const int64_t step = model_step(*model);
    const auto snapshots = ect::phema_snapshots_of(model->path, step);
    if (snapshots.empty())
        ect::fail(model->path, "has no power-function EMA snapshot at its step (" + std::to_string(step) +
                                   ") in its run to reconstruct an EMA length from");
    // The model's own time, and the files as they are now: a run trained again in the same
    // folder is another average.
    std::string key = model->path + "\n" + std::to_string(step) + "\n" + ect::phema_std_text(std) + "\n" + device.str();
    double at = 0;
    for (const auto& s : snapshots) {
        if (s.step == step) at = s.images;
        std::error_code ec;
        const auto size = std::filesystem::file_size(s.path, ec);
        const auto time = std::filesystem::last_write_time(s.path, ec);
        key += "\n" + s.path + " " + std::to_string(size) + " " + std::to_string(time.time_since_epoch().count());
    }
    {
        const std::lock_guard<std::mutex> lock(g_cache_mutex);
        for (auto it = g_cache.begin(); it != g_cache.end(); ++it) {
            if (it->key != key) continue;
            g_cache.splice(g_cache.begin(), g_cache, it);  // the newest use first
            return it->model;
        }
    }
    const ect::PosthocPlan plan = ect::plan_posthoc_ema(snapshots, std, at);
    auto made = ect::reconstruct_posthoc_ema(plan, [&](double fraction) {
        if (progress) progress(fraction);
        return !(cancelled && cancelled());
    });
    if (!made) return nullptr;
    made->path = model->path;  // named as the model it averages (run and step), its length beside
    made->net->to(device);
    made->net->eval();
    auto out = std::make_shared<ect::ModelFile>(std::move(*made));
    const std::lock_guard<std::mutex> lock(g_cache_mutex);
    g_cache.push_front({key, out, weight_bytes(*out)});
    int64_t total = 0;
    for (auto it = g_cache.begin(); it != g_cache.end();) {
        total += it->bytes;
        if (it != g_cache.begin() && total > kCacheBytes) it = g_cache.erase(it);
        else ++it;
    }
    return out;
}

QString ema_length_text(double std)
{
    if (!(std > 0)) return {};
    return QObject::tr("EMA σ_rel %1").arg(QString::fromStdString(ect::phema_std_text(std)));
}

}  // namespace studio
