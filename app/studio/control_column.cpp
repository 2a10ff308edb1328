// control_column: a scroll area sized to its contents' width.
#include "control_column.h"

#include <QComboBox>
#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>

namespace studio {
namespace {

// Keeps the scroll area exactly as wide as the controls need, also when their texts change
// (a longer sampler name, a translated label).
class ColumnScrollArea : public QScrollArea {
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // The controls asked for a new layout (a combo box got wider items): the column follows.
        if (watched == widget() && event->type() == QEvent::LayoutRequest) updateGeometry();
        return QScrollArea::eventFilter(watched, event);
    }

    QSize sizeHint() const override { return {needed(), QScrollArea::sizeHint().height()}; }
    QSize minimumSizeHint() const override { return {needed(), 80}; }

private:
    int needed() const
    {
        const QWidget* w = widget();
        const int content = w ? std::max(w->minimumSizeHint().width(), w->sizeHint().width()) : 0;
        return content + verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
    }
};

}  // namespace

QScrollArea* control_column(QWidget* controls)
{
    // Combo boxes whose items come later (models, classes, samplers, the data's own size) grow
    // with them; by default a combo box keeps the width of its first items.
    for (auto* combo : controls->findChildren<QComboBox*>())
        if (combo->sizeAdjustPolicy() == QComboBox::AdjustToContentsOnFirstShow) combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* area = new ColumnScrollArea;
    area->setWidget(controls);
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setFrameShape(QFrame::NoFrame);
    area->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    return area;
}

}  // namespace studio
