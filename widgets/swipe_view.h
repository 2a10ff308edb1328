// One enlarged sample from two samplers: show A, show B, or swipe a divider across to compare
// them on the same pixels (drag with the mouse; Space flips A and B).
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

class SwipeView : public QWidget {
    Q_OBJECT

public:
    enum class Mode { A, B, Swipe };
    explicit SwipeView(QWidget* parent = nullptr);

    void setImages(const QImage& a, const QImage& b, const QString& label_a, const QString& label_b);
    void setMode(Mode mode);
    Mode mode() const { return mode_; }
    double split() const { return split_; }  // 0..1: where the divider is (A left, B right)
    void setSplit(double split);
    const QImage& imageA() const { return a_; }
    const QImage& imageB() const { return b_; }

    QSize sizeHint() const override { return {360, 360}; }

signals:
    void modeChanged(SwipeView::Mode mode);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QRect imageRect() const;
    QImage a_, b_;
    QString label_a_, label_b_;
    Mode mode_ = Mode::Swipe;
    double split_ = 0.5;
};
