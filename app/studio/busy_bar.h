// What a slow render shows under its area: a progress bar and a Cancel button, from 300 ms after
// the work began (fast renders never flash it) until it answers or is cancelled.
#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace studio {

class BusyBar : public QWidget {
    Q_OBJECT

public:
    explicit BusyBar(QWidget* parent = nullptr);
    // Work began (`what`: "Sampling…"): the bar appears if it is still running after 300 ms.
    void begin(const QString& what);
    void setProgress(double fraction);  // 0..1
    void end();
    bool busy() const { return busy_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return bar_; }

signals:
    void cancelRequested();

private:
    QLabel* label_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    QTimer show_timer_;
    QElapsedTimer elapsed_;
    bool busy_ = false;
};

}  // namespace studio
