// `ect-studio --probe-responsiveness SECONDS [--probe-areas training,sampler,edit]`: how long the
// GUI thread stalls while the studio trains on the CPU, while it samples a large grid, and while
// the user paints in the Edit area (1 and 2 evaluations), where it also measures how long a brush
// movement waits for the result that includes it. A timer asks to run every 5 ms; how late
// it runs is the event loop's delay, which a user feels as a frozen window. Prints the worst and
// the 99th percentile of each phase, and the slowest event deliveries (receiver class and event
// type: what to make faster), then quits. A benchmark, not a test: numbers depend on the
// machine.
#pragma once

#include <QStringList>

namespace studio {

class MainWindow;

// Runs the phases of `areas` ("training", "sampler", "edit": two phases) for `seconds` each on
// `window` (models already loaded), then quits the application with status 0 (1 when a phase could
// not start).
void probe_responsiveness(MainWindow& window, int seconds, const QStringList& areas);

}  // namespace studio
