// GuardedApplication: catch, log, tell the user once, carry on.
#include "guarded_application.h"

#include "qt_bridge.h"

#include <QElapsedTimer>
#include <QMessageBox>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <exception>

namespace studio {

bool dispatch_guarded(const std::function<bool()>& dispatch, QString* error)
{
    try {
        return dispatch();
    } catch (const std::exception& e) {
        if (error) *error = error_text(e);
    } catch (...) {
        if (error) *error = QCoreApplication::translate("studio", "an unexpected error stopped the work");
    }
    return false;
}

bool GuardedApplication::notify(QObject* receiver, QEvent* event)
{
    QString error;
    QElapsedTimer clock;
    // Only the GUI thread's deliveries are timed (workers' event loops come through here too).
    const bool gui = observer_ && QThread::currentThread() == thread();
    const bool timed = gui && depth_ == 0;
    const char* receiver_class = timed ? receiver->metaObject()->className() : nullptr;
    const int event_type = timed ? int(event->type()) : 0;
    if (timed) clock.start();
    if (gui) ++depth_;
    const bool handled = dispatch_guarded([&] { return QApplication::notify(receiver, event); }, &error);
    if (gui) --depth_;
    // The delivery may have cleared the observer (the probe stops itself from a timer).
    if (timed && observer_) observer_(receiver_class, event_type, double(clock.nsecsElapsed()) / 1e6);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "ect-studio: %s\n", qPrintable(error));
        if (!reporting_) {
            // Shown once the current event is done, never from inside the dispatch that failed.
            reporting_ = true;
            QTimer::singleShot(0, this, [this, error] {
                QMessageBox::warning(activeWindow(), tr("ECT Studio"),
                                     tr("Something went wrong, and the action was stopped; your models and runs are untouched.\n\n%1")
                                         .arg(error));
                reporting_ = false;
            });
        }
    }
    return handled;
}

}  // namespace studio
