// ImageGridView: nearest-neighbour scaling keeps 28-pixel samples crisp at any size.
#include "image_grid_view.h"

#include <QDialog>
#include <QHelpEvent>
#include <QVBoxLayout>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

ImageGridView::ImageGridView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(160, 120);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(true);  // the hovered cell is outlined
}

void ImageGridView::setImage(const QImage& image)
{
    image_ = image;
    hovered_ = -1;
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

void ImageGridView::setCells(int count, int cell_w, int cell_h, int gap)
{
    cells_ = std::max(0, count);
    cell_w_ = cell_w;
    cell_h_ = cell_h;
    gap_ = std::max(0, gap);
    hovered_ = -1;
    update();
}

int ImageGridView::columns() const
{
    if (cells_ <= 0 || cell_w_ <= 0) return 0;
    return std::max(1, (image_.width() + gap_) / (cell_w_ + gap_));
}

void ImageGridView::setLabels(const QStringList& columns, const QStringList& rows)
{
    column_labels_ = columns;
    row_labels_ = rows;
    update();
}

QImage ImageGridView::cellImage(int index) const
{
    if (cells_ <= 0 || index < 0 || index >= cells_ || image_.isNull()) return {};
    const int cols = columns();
    return image_.copy((index % cols) * (cell_w_ + gap_), (index / cols) * (cell_h_ + gap_), cell_w_, cell_h_);
}

void ImageGridView::showInWindow(QWidget* parent, const QImage& image, const QString& caption)
{
    if (image.isNull()) return;
    auto* dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(caption);
    auto* view = new ImageGridView;
    view->setImage(image);
    view->setCaption(caption);
    (new QVBoxLayout(dialog))->addWidget(view);
    dialog->resize(420, 460);
    dialog->show();
}

void ImageGridView::setDimmed(bool dimmed)
{
    if (dimmed == dimmed_) return;
    dimmed_ = dimmed;
    update();
}

QSize ImageGridView::sizeHint() const
{
    return image_.isNull() ? QSize(400, 300) : image_.size() * 2 + QSize(labelMarginLeft(), labelMarginTop() + 24);
}

int ImageGridView::labelMarginLeft() const
{
    int w = 0;
    for (const QString& s : row_labels_) w = std::max(w, fontMetrics().horizontalAdvance(s));
    return w ? w + 6 : 0;
}

int ImageGridView::labelMarginTop() const
{
    return column_labels_.isEmpty() ? 0 : fontMetrics().height() + 2;
}

QRect ImageGridView::imageRect(double* zoom_out) const
{
    const int caption_height = caption_.isEmpty() ? 0 : fontMetrics().height() + 6;
    const QRect area = rect().adjusted(4 + labelMarginLeft(), 4 + labelMarginTop(), -4, -4 - caption_height);
    if (image_.isNull() || area.width() <= 0 || area.height() <= 0) return {};
    // Largest whole-pixel zoom that fits, so every sample pixel is the same size; a fractional
    // (still nearest-pixel) zoom when the whole one would waste over a third of the room, or
    // when even 1× does not fit.
    const double fit = std::min(double(area.width()) / image_.width(), double(area.height()) / image_.height());
    const double whole = std::floor(fit);
    const double zoom = fit >= 1 && whole / fit >= 0.67 ? whole : fit;
    if (zoom_out) *zoom_out = zoom;
    const QSize size(int(image_.width() * zoom), int(image_.height() * zoom));
    return {area.x() + (area.width() - size.width()) / 2, area.y() + (area.height() - size.height()) / 2, size.width(),
            size.height()};
}

QRect ImageGridView::cellRect(int index) const
{
    double zoom = 1;
    const QRect target = imageRect(&zoom);
    if (target.isEmpty()) return {};
    if (cells_ <= 0) return index == 0 ? target : QRect();
    if (index < 0 || index >= cells_) return {};
    const int cols = columns();
    const int x = (index % cols) * (cell_w_ + gap_), y = (index / cols) * (cell_h_ + gap_);
    return QRect(target.x() + int(std::floor(x * zoom)), target.y() + int(std::floor(y * zoom)), int(std::ceil(cell_w_ * zoom)),
                 int(std::ceil(cell_h_ * zoom)));
}

int ImageGridView::cellAt(const QPoint& pos) const
{
    double zoom = 1;
    const QRect target = imageRect(&zoom);
    if (target.isEmpty() || !target.contains(pos)) return -1;
    if (cells_ <= 0) return 0;
    const double x = (pos.x() - target.x()) / zoom, y = (pos.y() - target.y()) / zoom;
    const int col = int(x) / (cell_w_ + gap_), row = int(y) / (cell_h_ + gap_);
    // The gaps between cells belong to no cell.
    if (int(x) - col * (cell_w_ + gap_) >= cell_w_ || int(y) - row * (cell_h_ + gap_) >= cell_h_) return -1;
    const int cols = columns();
    if (col >= cols) return -1;
    const int index = row * cols + col;
    return index < cells_ ? index : -1;
}

void ImageGridView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    double zoom = 1;
    const QRect target = imageRect(&zoom);
    if (image_.isNull() || target.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, zoom < 1);
    if (dimmed_) p.setOpacity(0.35);
    p.drawImage(target, image_);
    p.setOpacity(1);
    p.setPen(palette().color(QPalette::WindowText));
    // Labels as the exported figure has them: over the columns, left of the rows (elided to a cell).
    const int cols = columns();
    if (cols > 0) {
        for (int c = 0; c < std::min<int>(cols, int(column_labels_.size())); ++c) {
            const QRect cell = cellRect(c);
            const QRect box(cell.x() - 2, target.y() - labelMarginTop(), cell.width() + 4, labelMarginTop());
            p.drawText(box, Qt::AlignHCenter | Qt::AlignBottom, fontMetrics().elidedText(column_labels_[c], Qt::ElideRight, box.width()));
        }
        for (int r = 0; r < row_labels_.size(); ++r) {
            const QRect cell = cellRect(r * cols);
            if (cell.isEmpty()) break;
            p.drawText(QRect(target.x() - labelMarginLeft(), cell.y(), labelMarginLeft() - 6, cell.height()),
                       Qt::AlignRight | Qt::AlignVCenter, row_labels_[r]);
        }
    }
    if (hovered_ >= 0 && !dimmed_) {
        QPen pen(palette().color(QPalette::Highlight));
        pen.setWidth(2);
        p.setPen(pen);
        p.drawRect(cellRect(hovered_).adjusted(-1, -1, 0, 0));
        p.setPen(palette().color(QPalette::WindowText));
    }
    if (!caption_.isEmpty())
        p.drawText(QRect(rect().left(), target.bottom() + 4, width(), fontMetrics().height() + 6), Qt::AlignHCenter | Qt::AlignTop,
                   caption_);
}

void ImageGridView::mouseMoveEvent(QMouseEvent* event)
{
    const int cell = cells_ > 0 ? cellAt(event->position().toPoint()) : -1;
    if (cell != hovered_) {
        hovered_ = cell;
        setCursor(cell >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void ImageGridView::leaveEvent(QEvent* event)
{
    if (hovered_ >= 0) {
        hovered_ = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

void ImageGridView::mouseReleaseEvent(QMouseEvent* event)
{
    const int cell = cellAt(event->position().toPoint());
    if (cell >= 0 && (event->button() == Qt::LeftButton || event->button() == Qt::RightButton))
        emit cellClicked(cell, event->globalPosition().toPoint());
    QWidget::mouseReleaseEvent(event);
}

void ImageGridView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int cell = cellAt(event->position().toPoint());
    if (cell >= 0) emit cellDoubleClicked(cell);
    QWidget::mouseDoubleClickEvent(event);
}

bool ImageGridView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int cell = tooltip_ ? cellAt(help->pos()) : -1;
        const QString text = cell >= 0 ? tooltip_(cell) : QString();
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this, cellRect(cell));
        return true;
    }
    return QWidget::event(event);
}
