// SwipeView: whole-pixel zoom like ImageGridView, A clipped left of the divider, B right of it.
#include "swipe_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

SwipeView::SwipeView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(160, 160);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::SplitHCursor);
}

void SwipeView::setImages(const QImage& a, const QImage& b, const QString& label_a, const QString& label_b)
{
    a_ = a;
    b_ = b;
    label_a_ = label_a;
    label_b_ = label_b;
    update();
}

void SwipeView::setMode(Mode mode)
{
    if (mode_ == mode) return;
    mode_ = mode;
    update();
    emit modeChanged(mode);
}

void SwipeView::setSplit(double split)
{
    split_ = std::clamp(split, 0.0, 1.0);
    update();
}

QRect SwipeView::imageRect() const
{
    const QImage& ref = a_.isNull() ? b_ : a_;
    const int label_h = fontMetrics().height() + 8;
    const QRect area = rect().adjusted(4, 4 + label_h, -4, -4 - label_h);
    if (ref.isNull()) return area;
    const double fit = std::min(double(area.width()) / ref.width(), double(area.height()) / ref.height());
    const double zoom = fit >= 1 ? std::floor(fit) : fit;
    const QSize size(int(ref.width() * zoom), int(ref.height() * zoom));
    return {area.x() + (area.width() - size.width()) / 2, area.y() + (area.height() - size.height()) / 2, size.width(),
            size.height()};
}

void SwipeView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (a_.isNull() && b_.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Open a base and a consistency model to compare them."));
        return;
    }
    const QRect target = imageRect();
    const int label_h = fontMetrics().height() + 4;
    const QRect labels(target.left(), target.top() - label_h - 2, target.width(), label_h);
    p.setPen(palette().color(QPalette::WindowText));
    if (mode_ == Mode::A) {
        p.drawImage(target, a_);
        p.drawText(labels, Qt::AlignHCenter | Qt::AlignBottom, "A · " + label_a_);
        return;
    }
    if (mode_ == Mode::B) {
        p.drawImage(target, b_);
        p.drawText(labels, Qt::AlignHCenter | Qt::AlignBottom, "B · " + label_b_);
        return;
    }
    const int x = target.left() + int(std::lround(split_ * target.width()));
    p.save();
    p.setClipRect(QRect(target.left(), target.top(), x - target.left(), target.height()));
    p.drawImage(target, a_);
    p.setClipRect(QRect(x, target.top(), target.right() + 1 - x, target.height()));
    p.drawImage(target, b_);
    p.restore();
    p.setPen(QPen(QColor(255, 180, 0), 2));
    p.drawLine(x, target.top(), x, target.bottom());
    p.setPen(palette().color(QPalette::WindowText));
    // A's name over its (left) side, B's under its (right) side: long names never collide.
    p.drawText(labels, Qt::AlignLeft | Qt::AlignBottom, "◀ A · " + label_a_);
    const QRect below(target.left(), target.bottom() + 4, target.width(), label_h);
    p.drawText(below, Qt::AlignRight | Qt::AlignTop, "B · " + label_b_ + " ▶");
}

void SwipeView::mousePressEvent(QMouseEvent* event)
{
    mouseMoveEvent(event);
}

void SwipeView::mouseMoveEvent(QMouseEvent* event)
{
    if (mode_ != Mode::Swipe) return;
    const QRect target = imageRect();
    if (target.width() > 0) setSplit(double(event->position().x() - target.left()) / target.width());
}

void SwipeView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space) {
        setMode(mode_ == Mode::A ? Mode::B : Mode::A);
        return;
    }
    QWidget::keyPressEvent(event);
}
