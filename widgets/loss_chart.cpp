// LossChart: Qt Charts line series redrawn at most every 40 ms.
#include "loss_chart.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr int kRedrawMs = 40;
// At most this many points per curve reach Qt Charts: a 200k-step run is drawn from bucket means,
// so a redraw costs the same at step 100 and at step 200,000.
constexpr int kMaxShown = 2000;
}

LossChart::LossChart(QWidget* parent) : QChartView(parent)
{
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignTop);
    raw_series_ = new QLineSeries;
    raw_series_->setName(tr("loss"));
    QPen raw_pen(QColor(120, 160, 220, 110));
    raw_pen.setWidthF(1);
    raw_series_->setPen(raw_pen);
    smooth_series_ = new QLineSeries;
    smooth_series_->setName(tr("smoothed"));
    QPen smooth_pen(QColor(20, 80, 190));
    smooth_pen.setWidthF(2);
    smooth_series_->setPen(smooth_pen);
    chart->addSeries(raw_series_);
    chart->addSeries(smooth_series_);
    x_axis_ = new QValueAxis;
    x_axis_->setTitleText(tr("step"));
    x_axis_->setLabelFormat("%.0f");
    y_linear_ = new QValueAxis;
    y_log_ = new QLogValueAxis;
    y_log_->setBase(10);
    y_log_->setLabelFormat("%.3g");
    y_linear_->setLabelFormat("%.3g");
    // Linear from 0: a run's FD often spans less than a decade, where a log axis shows no label.
    fd_axis_ = new QValueAxis;
    fd_axis_->setLabelFormat("%.3g");
    fd_axis_->setTitleText(tr("FD"));
    fd_axis_->setVisible(false);  // until a measurement arrives
    chart->addAxis(x_axis_, Qt::AlignBottom);
    chart->addAxis(y_log_, Qt::AlignLeft);
    chart->addAxis(fd_axis_, Qt::AlignRight);
    for (auto* s : {raw_series_, smooth_series_}) {
        s->attachAxis(x_axis_);
        s->attachAxis(y_log_);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    dirty_ = true;  // the empty chart's axes are drawn by the first redraw
    timer_.setInterval(kRedrawMs);
    connect(&timer_, &QTimer::timeout, this, &LossChart::redraw);
    timer_.start();
}

void LossChart::addPoint(qint64 step, qint64 images, int stage, double loss)
{
    if (!std::isfinite(loss)) return;
    points_.push_back({step, images, stage, loss});
    dirty_ = true;
}

void LossChart::addQuality(qint64 step, qint64 images, const QString& sampler, double fd)
{
    if (!std::isfinite(fd) || fd < 0) return;
    quality_[sampler].push_back({step, images, fd});
    dirty_ = true;
}

int LossChart::qualityPointCount() const
{
    int n = 0;
    for (const auto& points : quality_) n += int(points.size());
    return n;
}

void LossChart::clear()
{
    points_.clear();
    quality_.clear();
    dirty_ = true;
    redraw();
}

void LossChart::setSmoothing(double beta)
{
    smoothing_ = std::clamp(beta, 0.0, 0.999);
    dirty_ = true;
}

void LossChart::setLogScale(bool on)
{
    if (on == log_scale_) return;
    log_scale_ = on;
    dirty_ = true;
}

void LossChart::showYAxis(bool log)
{
    if (log == log_shown_) return;
    log_shown_ = log;
    QAbstractAxis* old_axis = log ? static_cast<QAbstractAxis*>(y_linear_) : y_log_;
    QAbstractAxis* new_axis = log ? static_cast<QAbstractAxis*>(y_log_) : y_linear_;
    for (auto* s : {raw_series_, smooth_series_}) s->detachAxis(old_axis);
    chart()->removeAxis(old_axis);
    chart()->addAxis(new_axis, Qt::AlignLeft);
    for (auto* s : {raw_series_, smooth_series_}) s->attachAxis(new_axis);
}

void LossChart::setXRange(double x0, double x1)
{
    // Ticks at 1, 2 or 5 × 10^k, whole steps at least: an empty or short run reads "0 1 2 3 4 5",
    // not "0 0 1 1 1".
    double span = x1 - x0;
    const double min_interval = x_in_images_ ? 1e-3 : 1;
    if (!(span > 0)) {  // nothing, or one point: an axis of five whole steps from it
        span = 5 * min_interval;
        x1 = x0 + span;
    }
    const double raw = std::max(span / 5, min_interval);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double interval = power;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw) {
            interval = m * power;
            break;
        }
    interval = std::max(interval, min_interval);
    const double lo = std::floor(x0 / interval) * interval;
    const double hi = std::max(std::ceil(x1 / interval) * interval, lo + interval);
    // Fixed ticks while the range and interval change: a new range under the old interval (or the
    // reverse) would lay out one tick per old interval first, 50,000 of them on a long run.
    x_axis_->setTickType(QValueAxis::TicksFixed);
    x_axis_->setRange(lo, hi);
    x_axis_->setTickAnchor(lo);
    x_axis_->setTickInterval(interval);
    x_axis_->setTickType(QValueAxis::TicksDynamic);
    const int decimals = interval >= 1 ? 0 : int(std::ceil(-std::log10(interval) - 1e-9));
    x_axis_->setLabelFormat(QString("%.%1f").arg(decimals));
}

void LossChart::setXInImages(bool on)
{
    x_in_images_ = on;
    x_axis_->setTitleText(on ? tr("thousands of images") : tr("step"));
    dirty_ = true;
}

QList<qint64> LossChart::stageChanges() const
{
    QList<qint64> out;
    for (int i = 1; i < points_.size(); ++i)
        if (points_[i].stage != points_[i - 1].stage) out.push_back(points_[i].step);
    return out;
}

void LossChart::rebuild()
{
    raw_.clear();
    smoothed_.clear();
    const int n = int(points_.size());
    const int stride = std::max(1, (n + kMaxShown - 1) / kMaxShown);
    double s = 0, weight = 0, sum = 0;
    int in_bucket = 0;
    for (int i = 0; i < n; ++i) {
        const auto& p = points_[i];
        // The smoothing runs over every point; only what is drawn is thinned.
        s = smoothing_ * s + (1 - smoothing_) * p.loss;
        weight = smoothing_ * weight + (1 - smoothing_);
        sum += p.loss;
        if (++in_bucket == stride || i == n - 1) {
            raw_.push_back({xOf(p.step, p.images), sum / in_bucket});
            smoothed_.push_back({xOf(p.step, p.images), s / weight});
            sum = 0;
            in_bucket = 0;
        }
    }
}

double LossChart::xOf(qint64 step, qint64 images) const
{
    return x_in_images_ ? double(images) / 1000 : double(step);
}

void LossChart::redraw()
{
    if (!dirty_) return;
    dirty_ = false;
    rebuild();
    raw_series_->replace(raw_);
    smooth_series_->replace(smoothed_);
    for (auto* m : markers_) {
        chart()->removeSeries(m);
        delete m;
    }
    markers_.clear();
    const auto [qx0, qx1] = redrawQuality();
    if (points_.isEmpty()) {  // nothing yet, or FD measured before the first loss point (step 0)
        if (qx0 <= qx1) setXRange(qx0, qx1);
        else setXRange(0, 0);
        return;
    }
    double lo = points_.front().loss, hi = lo;
    for (const auto& p : points_) {
        lo = std::min(lo, p.loss);
        hi = std::max(hi, p.loss);
    }
    if (lo == hi) hi = lo * 1.1 + 1e-6;
    const double x0 = std::min(raw_.front().x(), qx0), x1 = std::max(raw_.back().x(), qx1);
    setXRange(x0, x1);
    // A log axis labels powers of its base only: over less than a decade base 10 would leave the
    // axis without a label, and under a factor of 4 even base 1.25 leaves one or two; such a
    // narrow range is drawn on a linear axis with nice ticks (it looks the same there).
    const double a = std::max(lo * 0.9, 1e-8), b = hi * 1.1, decades = std::log10(b / a);
    showYAxis(log_scale_ && decades >= 0.6);
    if (log_shown_) {
        y_log_->setBase(decades >= 2 ? 10 : 2);
        y_log_->setRange(a, b);
    } else if (log_scale_) {
        const double pad = (hi - lo) * 0.05;
        y_linear_->setRange(lo - pad, hi + pad);
        y_linear_->applyNiceNumbers();
    } else {
        y_linear_->setRange(std::min(0.0, lo), hi * 1.05);
        y_linear_->applyNiceNumbers();
    }
    // Vertical dashed markers where the ECT stage changes.
    for (int i = 1; i < points_.size(); ++i) {
        if (points_[i].stage == points_[i - 1].stage) continue;
        auto* m = new QLineSeries;
        QPen pen(QColor(200, 90, 40));
        pen.setStyle(Qt::DashLine);
        m->setPen(pen);
        const double x = xOf(points_[i].step, points_[i].images);
        m->append(x, log_shown_ ? a : y_linear_->min());
        m->append(x, log_shown_ ? b : y_linear_->max());
        m->setName(i == 1 || markers_.isEmpty() ? tr("stage change") : QString());
        chart()->addSeries(m);
        m->attachAxis(x_axis_);
        m->attachAxis(log_shown_ ? static_cast<QAbstractAxis*>(y_log_) : y_linear_);
        markers_.push_back(m);
    }
    // Only the first marker appears in the legend.
    const auto markers = chart()->legend()->markers();
    for (auto* lm : markers)
        if (lm->label().isEmpty()) lm->setVisible(false);
}

std::pair<double, double> LossChart::redrawQuality()
{
    // Distinct warm colours, so FD curves never read as the blue loss curves.
    static const QColor colours[] = {QColor(200, 60, 40), QColor(230, 150, 20), QColor(140, 60, 160), QColor(40, 150, 90)};
    double hi = 0, x0 = std::numeric_limits<double>::infinity(), x1 = -x0;
    for (auto it = quality_.cbegin(); it != quality_.cend(); ++it) {
        QLineSeries*& series = quality_series_[it.key()];
        if (!series) {
            series = new QLineSeries;
            series->setName(tr("FD %1").arg(it.key()));
            QPen pen(colours[(quality_series_.size() - 1) % 4]);
            pen.setWidthF(2);
            series->setPen(pen);
            series->setPointsVisible(true);
            chart()->addSeries(series);
            series->attachAxis(x_axis_);
            series->attachAxis(fd_axis_);
        }
        QList<QPointF> points;
        for (const auto& q : it.value()) {
            points.push_back({xOf(q.step, q.images), q.fd});
            hi = std::max(hi, q.fd);
            x0 = std::min(x0, points.back().x());
            x1 = std::max(x1, points.back().x());
        }
        series->replace(points);
    }
    for (auto it = quality_series_.begin(); it != quality_series_.end();) {  // curves gone after clear()
        if (quality_.contains(it.key())) {
            ++it;
            continue;
        }
        chart()->removeSeries(it.value());
        delete it.value();
        it = quality_series_.erase(it);
    }
    fd_axis_->setVisible(hi > 0);
    if (hi > 0) {
        fd_axis_->setRange(0, hi * 1.1);
        fd_axis_->applyNiceNumbers();
    }
    return {x0, x1};
}