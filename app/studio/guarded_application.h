// The studio's QApplication: an exception that reaches Qt's event dispatch (a slot, an event
// handler, a timer) becomes a log line and a dialog instead of terminating the program with the
// user's unsaved work.
#pragma once

#include <QApplication>
#include <QString>

#include <functional>

namespace studio {

// Runs `dispatch`; an exception it throws is caught and described in `error` (the return is then
// false). What GuardedApplication::notify does around every event, testable without one.
bool dispatch_guarded(const std::function<bool()>& dispatch, QString* error);

class GuardedApplication : public QApplication {
public:
    GuardedApplication(int& argc, char** argv) : QApplication(argc, argv) {}
    bool notify(QObject* receiver, QEvent* event) override;

private:
    bool reporting_ = false;  // one dialog at a time
};

}  // namespace studio
