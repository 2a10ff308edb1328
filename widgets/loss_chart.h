// Live training loss: raw and de-biased smoothed curves, log scale, stage markers, x axis in
// steps or images; beside it, on a right-hand axis from 0, sample quality (FD per sampler) measured
// while training. Points are buffered and drawn on a short timer, not one by one.
#pragma once

#include <QChartView>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QPointF>
#include <QTimer>

#include <utility>

class QLineSeries;
class QValueAxis;
class QLogValueAxis;

class LossChart : public QChartView {
    Q_OBJECT

public:
    explicit LossChart(QWidget* parent = nullptr);

    void addPoint(qint64 step, qint64 images, int stage, double loss);
    // One FD measurement of `sampler` ("cm1", "heun18", ...): one curve with markers per sampler.
    void addQuality(qint64 step, qint64 images, const QString& sampler, double fd);
    void clear();

    // Smoothing factor β of s ← β·s + (1 − β)·loss, de-biased by 1 − β^n (0 = none, < 1).
    void setSmoothing(double beta);
    double smoothing() const { return smoothing_; }
    void setLogScale(bool on);
    bool logScale() const { return log_scale_; }
    void setXInImages(bool on);
    bool xInImages() const { return x_in_images_; }

    int pointCount() const { return int(points_.size()); }
    int qualityPointCount() const;
    QStringList qualityCurves() const { return quality_.keys(); }
    // What is drawn: every point up to 2,000, bucket means (raw) and bucket ends (smoothed) beyond.
    const QList<QPointF>& smoothedPoints() const { return smoothed_; }
    QList<qint64> stageChanges() const;  // steps where a new stage began

public slots:
    void redraw();

private:
    struct Point {
        qint64 step, images;
        int stage;
        double loss;
    };
    void rebuild();
    // Redraws the FD curves; returns their x extent (first > second when there is none).
    std::pair<double, double> redrawQuality();
    double xOf(qint64 step, qint64 images) const;
    // The left axis shown: log (when asked for and the range spans enough) or linear.
    void showYAxis(bool log);
    void setXRange(double x0, double x1);

    struct QualityPoint {
        qint64 step, images;
        double fd;
    };
    QMap<QString, QList<QualityPoint>> quality_;
    QMap<QString, QLineSeries*> quality_series_;
    QValueAxis* fd_axis_;

    QList<Point> points_;
    QList<QPointF> raw_, smoothed_;
    double smoothing_ = 0.9;
    bool log_scale_ = true, log_shown_ = true, x_in_images_ = false, dirty_ = false;
    QTimer timer_;
    QLineSeries *raw_series_, *smooth_series_;
    QList<QLineSeries*> markers_;
    QValueAxis* x_axis_;
    QValueAxis* y_linear_;
    QLogValueAxis* y_log_;
};
