// BusyBar: progress of a render with its elapsed time and a Cancel button.
#include "busy_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>
#include <cmath>

namespace studio {

BusyBar::BusyBar(QWidget* parent) : QWidget(parent)
{
    label_ = new QLabel;
    bar_ = new QProgressBar;
    bar_->setRange(0, 1000);
    bar_->setTextVisible(false);
    cancel_ = new QPushButton(tr("Cancel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_, 1);
    layout->addWidget(cancel_);
    show_timer_.setSingleShot(true);
    show_timer_.setInterval(300);
    connect(&show_timer_, &QTimer::timeout, this, [this] {
        if (busy_) show();
    });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        end();
        emit cancelRequested();
    });
    hide();
}

void BusyBar::begin(const QString& what)
{
    busy_ = true;
    label_->setText(what);
    label_->setVisible(!what.isEmpty());
    bar_->setValue(0);
    elapsed_.start();
    if (!isVisible()) show_timer_.start();
}

void BusyBar::setProgress(double fraction)
{
    if (!busy_) return;
    bar_->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
    // The time left, once a tenth is done and the estimate means something.
    const double seconds = elapsed_.elapsed() / 1000.0;
    if (fraction >= 0.1 && fraction < 1)
        bar_->setFormat(tr("%1 s left").arg(std::lround(seconds * (1 - fraction) / fraction)));
    bar_->setTextVisible(fraction >= 0.1 && fraction < 1);
}

void BusyBar::end()
{
    busy_ = false;
    show_timer_.stop();
    hide();
}

}  // namespace studio
