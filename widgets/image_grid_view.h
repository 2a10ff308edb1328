// Shows an image (a sample grid) scaled to fit by nearest-neighbour zoom, centred, with a caption,
// optional column and row labels around it (as the exported figure has them), a tooltip and a
// click per cell, and a dimmed look while a newer grid is being made.
#pragma once

#include <QImage>
#include <QRect>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>

class ImageGridView : public QWidget {
    Q_OBJECT

public:
    explicit ImageGridView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return image_; }
    void setCaption(const QString& caption);
    QString caption() const { return caption_; }
    // Text shown when there is no image ("Load a model to see samples").
    void setPlaceholderText(const QString& text);

    // The grid's cells: `count` cells of cell_w × cell_h pixels with `gap` pixels between them,
    // filling rows of as many as fit the image's width. Without a layout the image is one cell.
    void setCells(int count, int cell_w, int cell_h, int gap);
    int cellCount() const { return cells_; }
    int columns() const;
    // Labels over the columns and left of the rows (empty: none), drawn in the widget's margins.
    void setLabels(const QStringList& columns, const QStringList& rows);
    QStringList columnLabels() const { return column_labels_; }
    QStringList rowLabels() const { return row_labels_; }
    // The tooltip of cell i (seed, class, sampler, ...).
    void setCellToolTip(std::function<QString(int)> text) { tooltip_ = std::move(text); }
    // The cell under a point in widget coordinates, or −1.
    int cellAt(const QPoint& pos) const;
    // Where cell i is drawn, in widget coordinates (empty when there is no such cell).
    QRect cellRect(int index) const;
    // The pixels of cell i, cut from the image (null when there is no such cell).
    QImage cellImage(int index) const;
    // A window of its own showing `image` scaled to fit, with `caption` as title and caption.
    static void showInWindow(QWidget* parent, const QImage& image, const QString& caption);
    // Dimmed: the shown grid is no longer the answer to the settings (a newer one is on its way).
    void setDimmed(bool dimmed);
    bool dimmed() const { return dimmed_; }

    QSize sizeHint() const override;

signals:
    // A click on cell i (`global`: where, for a menu).
    void cellClicked(int index, const QPoint& global);
    void cellDoubleClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    // Where the image goes and at which zoom (the labels' margins taken off `rect()`).
    QRect imageRect(double* zoom = nullptr) const;
    int labelMarginLeft() const;
    int labelMarginTop() const;

    QImage image_;
    QString caption_, placeholder_;
    QStringList column_labels_, row_labels_;
    int cells_ = 0, cell_w_ = 0, cell_h_ = 0, gap_ = 0;
    int hovered_ = -1;
    bool dimmed_ = false;
    std::function<QString(int)> tooltip_;
};
