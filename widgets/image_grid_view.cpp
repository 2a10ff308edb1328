// ImageGridView: integer-factor nearest-neighbour scaling keeps 28-pixel samples readable.
#include "image_grid_view.h"

#include <QPainter>

#include <algorithm>

ImageGridView::ImageGridView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(160, 120);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageGridView::setImage(const QImage& image)
{
    image_ = image;
    update();
}

void ImageGridView::setCaption(const QString& caption)
{
    caption_ = caption;
    update();
}

void ImageGridView::setPlaceholderText(const QString& text)
{
    placeholder_ = text;
    update();
}

QSize ImageGridView::sizeHint() const
{
    return image_.isNull() ? QSize(400, 300) : image_.size() * 2 + QSize(0, 24);
}

void ImageGridView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const int caption_height = caption_.isEmpty() ? 0 : fontMetrics().height() + 6;
    const QRect area = rect().adjusted(4, 4, -4, -4 - caption_height);
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    // Largest whole-pixel zoom that fits, so every sample pixel is the same size; a fractional
    // (still nearest-pixel) zoom when the whole one would waste over a third of the room, or
    // when even 1× does not fit.
    const double fit = std::min(double(area.width()) / image_.width(), double(area.height()) / image_.height());
    const double whole = std::floor(fit);
    const double zoom = fit >= 1 && whole / fit >= 0.67 ? whole : fit;
    const QSize size(int(image_.width() * zoom), int(image_.height() * zoom));
    const QRect target(area.x() + (area.width() - size.width()) / 2, area.y() + (area.height() - size.height()) / 2,
                       size.width(), size.height());
    p.setRenderHint(QPainter::SmoothPixmapTransform, zoom < 1);
    p.drawImage(target, image_);
    if (caption_height) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(rect().left(), target.bottom() + 4, width(), caption_height), Qt::AlignHCenter | Qt::AlignTop,
                   caption_);
    }
}
