// A small image to paint on, enlarged by nearest-neighbour zoom: either a mask over the image
// (painted pixels are to be filled, shown tinted; the eraser gives them back) or strokes into the
// image itself (white, or black with the eraser). A round brush of a few image pixels, undo of
// whole strokes, clear. `edited` fires while a stroke is drawn, so a result can follow the brush.
#pragma once

#include <QImage>
#include <QWidget>

#include <vector>

class PaintCanvas : public QWidget {
    Q_OBJECT

public:
    enum class Mode { Mask, Strokes, View };  // View: no painting (the image only)

    explicit PaintCanvas(QWidget* parent = nullptr);

    // The image painted on (grey or RGB, any size up to 1024²); resets the mask to "keep all"
    // and the undo history.
    void setImage(const QImage& image);
    QImage image() const { return image_; }  // with the strokes drawn in (Strokes mode)
    // 255: the pixel is kept, 0: it is to be filled. Same size as the image.
    QImage mask() const { return mask_; }
    void setMask(const QImage& mask);  // ignored unless it has the image's size
    void setMode(Mode mode);
    Mode mode() const { return mode_; }
    void setBrushRadius(int pixels);  // in image pixels, 0 = one pixel
    int brushRadius() const { return radius_; }
    void setEraser(bool on) { eraser_ = on; }
    bool eraser() const { return eraser_; }
    bool canUndo() const { return !history_.empty(); }
    void undo();
    // Mask: keep every pixel; Strokes: a black canvas. Undoable.
    void clear();
    // A stroke from image point a to b (as the mouse draws it); for scripted use and tests.
    void paintLine(const QPoint& a, const QPoint& b);
    void beginStroke();  // the state before it goes to the undo history
    // The image pixel under a widget point (may lie outside the image).
    QPoint imagePoint(const QPoint& widget_pos) const;
    QRect imageRect() const;  // where the image is drawn
    // Counts the changes to the image or the mask: a result made from revision r shows every
    // change up to r (the latency probe pairs brush movements with results by it).
    quint64 revision() const { return revision_; }

    QSize sizeHint() const override { return {280, 280}; }

signals:
    void edited();          // during a stroke, after each painted segment
    void strokeFinished();  // the mouse button was released (or undo, clear)

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    struct State {
        QImage image, mask;
    };
    void dab(const QPoint& p);
    QImage image_, mask_;
    Mode mode_ = Mode::Mask;
    int radius_ = 1;
    bool eraser_ = false, drawing_ = false;
    quint64 revision_ = 0;
    QPoint last_;
    std::vector<State> history_;  // at most kUndoDepth strokes back
};
