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

    // Called after each outermost delivery with its duration, while set (the responsiveness
    // probe names the handlers that stall the window); unset, delivery is not timed.
    // The receiver's class name is taken before delivery (a delivery may delete the receiver).
    using DeliveryObserver = std::function<void(const char* receiver_class, int event_type, double milliseconds)>;
    void setDeliveryObserver(DeliveryObserver observer) { observer_ = std::move(observer); }

private:
    bool reporting_ = false;  // one dialog at a time
    DeliveryObserver observer_;
    int depth_ = 0;  // nested deliveries (a slot that sends events) are part of the outer one
};

}  // namespace studio
