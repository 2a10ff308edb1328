// Shows an image (a sample grid) scaled by whole pixels, crisp, centred, with a caption.
#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

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

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage image_;
    QString caption_, placeholder_;
};
