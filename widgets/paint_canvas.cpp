#include "paint_canvas.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {
constexpr size_t kUndoDepth = 50;
constexpr int kMaxSide = 1024;
}  // namespace

PaintCanvas::PaintCanvas(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(false);
    setCursor(Qt::CrossCursor);
    setMinimumSize(140, 140);
}

void PaintCanvas::setImage(const QImage& image)
{
    if (image.isNull() || image.width() > kMaxSide || image.height() > kMaxSide) {
        image_ = QImage();
        mask_ = QImage();
    } else {
        image_ = image.convertToFormat(image.isGrayscale() ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
        mask_ = QImage(image_.size(), QImage::Format_Grayscale8);
        mask_.fill(255);
    }
    history_.clear();
    ++revision_;
    update();
}

void PaintCanvas::setMask(const QImage& mask)
{
    if (mask.isNull() || mask.size() != image_.size()) return;
    mask_ = mask.convertToFormat(QImage::Format_Grayscale8);
    ++revision_;
    update();
}

void PaintCanvas::setMode(Mode mode)
{
    mode_ = mode;
    setCursor(mode == Mode::View ? Qt::ArrowCursor : Qt::CrossCursor);
    update();
}

void PaintCanvas::setBrushRadius(int pixels)
{
    radius_ = std::clamp(pixels, 0, 64);
}

void PaintCanvas::beginStroke()
{
    history_.push_back({image_, mask_});
    if (history_.size() > kUndoDepth) history_.erase(history_.begin());
}

void PaintCanvas::undo()
{
    if (history_.empty()) return;
    image_ = history_.back().image;
    mask_ = history_.back().mask;
    history_.pop_back();
    ++revision_;
    update();
    emit edited();
    emit strokeFinished();
}

void PaintCanvas::clear()
{
    if (image_.isNull()) return;
    beginStroke();
    if (mode_ == Mode::Strokes) image_.fill(Qt::black);
    else mask_.fill(255);
    ++revision_;
    update();
    emit edited();
    emit strokeFinished();
}

void PaintCanvas::dab(const QPoint& c)
{
    // A round brush: every pixel within radius + 0.5 of the centre.
    const double r = radius_ + 0.5;
    for (int y = c.y() - radius_; y <= c.y() + radius_; ++y)
        for (int x = c.x() - radius_; x <= c.x() + radius_; ++x) {
            if (x < 0 || y < 0 || x >= image_.width() || y >= image_.height()) continue;
            if (std::hypot(x - c.x(), y - c.y()) > r) continue;
            if (mode_ == Mode::Mask) mask_.setPixel(x, y, eraser_ ? 0xffffffff : 0xff000000);
            else image_.setPixelColor(x, y, eraser_ ? Qt::black : Qt::white);
        }
}

void PaintCanvas::paintLine(const QPoint& a, const QPoint& b)
{
    if (image_.isNull() || mode_ == Mode::View) return;
    const int steps = std::max(std::abs(b.x() - a.x()), std::abs(b.y() - a.y()));
    for (int i = 0; i <= steps; ++i) {
        const double t = steps ? double(i) / steps : 0;
        dab(QPoint(int(std::lround(a.x() + t * (b.x() - a.x()))), int(std::lround(a.y() + t * (b.y() - a.y())))));
    }
    ++revision_;
    update();
    emit edited();
}

QRect PaintCanvas::imageRect() const
{
    if (image_.isNull()) return {};
    const int zoom = std::max(1, std::min(width() / image_.width(), height() / image_.height()));
    const QSize size = image_.size() * zoom;
    return QRect(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

QPoint PaintCanvas::imagePoint(const QPoint& pos) const
{
    const QRect r = imageRect();
    if (r.isEmpty()) return {-1, -1};
    const double zoom = double(r.width()) / image_.width();
    return QPoint(int(std::floor((pos.x() - r.x()) / zoom)), int(std::floor((pos.y() - r.y()) / zoom)));
}

void PaintCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QRect r = imageRect();
    if (r.isEmpty()) return;
    p.drawImage(r, image_);
    if (mode_ == Mode::Mask) {
        // The pixels to fill, tinted: a translucent colour where the mask is 0.
        QImage tint(mask_.size(), QImage::Format_ARGB32);
        for (int y = 0; y < mask_.height(); ++y) {
            const uchar* m = mask_.constScanLine(y);
            auto* t = reinterpret_cast<QRgb*>(tint.scanLine(y));
            for (int x = 0; x < mask_.width(); ++x) t[x] = m[x] < 128 ? qRgba(230, 60, 60, 150) : qRgba(0, 0, 0, 0);
        }
        p.drawImage(r, tint);
    }
    p.setPen(palette().mid().color());
    p.drawRect(r.adjusted(0, 0, -1, -1));
}

void PaintCanvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || image_.isNull() || mode_ == Mode::View) return;
    drawing_ = true;
    beginStroke();
    last_ = imagePoint(event->position().toPoint());
    paintLine(last_, last_);
}

void PaintCanvas::mouseMoveEvent(QMouseEvent* event)
{
    if (!drawing_) return;
    const QPoint p = imagePoint(event->position().toPoint());
    if (p == last_) return;
    paintLine(last_, p);
    last_ = p;
}

void PaintCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !drawing_) return;
    drawing_ = false;
    emit strokeFinished();
}
