// Line charts of what training and evaluation measure (`ect plot`): FD against NFE from `ect eval
// --json` results, FD and loss against training images from run logs. Drawn by core itself, with
// a small built-in font, so the GPU machine (no Qt) and scripts draw the same figures as here.
#pragma once

#include "ect/io/image_io.h"

#include <string>
#include <utility>
#include <vector>

namespace ect {

struct PlotSeries {
    std::string label;
    std::vector<std::pair<double, double>> points;  // (x, y) in drawing order
    bool markers = true;                            // a dot at each point (off for dense curves)
};

struct PlotSpec {
    std::string title, x_label, y_label;
    bool log_x = false, log_y = false;
    std::vector<PlotSeries> series;
    int width = 760, height = 480;
};

// RGB chart: axes with ticks, light grid lines, one coloured line per series (colours repeat
// after ten), a legend in the corner with the fewest points (labels cut at 80 characters). Points
// with a coordinate beyond ±1e300 (or not a number), or below 1e-300 on a logarithmic axis, are
// left out. Error when no point is left, the size is outside
// 240…4096 × 160…4096, or there are more than 40 series.
Image8 render_plot(const PlotSpec& spec);

// Tick values for the axis range [lo, hi] (lo < hi; both > 0 when log): 1-2-5 steps on a linear
// axis, decades (and 2, 5 within them when fewer than three decades show) on a logarithmic one,
// and linear steps there too when that gives fewer than three.
std::vector<double> plot_ticks(double lo, double hi, bool log);
// A tick's text: at most three significant digits, thousands as k and millions as M (1.5k, 12k, 1.5M).
std::string plot_tick_text(double v);
// Pixel width of `text` in the chart's font (printable ASCII; other bytes draw as '?').
int plot_text_width(const std::string& text);

// What `ect plot` reads. Each input is a run folder or its log.jsonl (training: FD probes, or the
// loss with y = "loss", against training images) or an `ect eval --json` results file (FD against
// NFE, a series per model and sampler; of several rows at one model, sampler and NFE, such as mid
// levels before and after a search, the lowest FD, and the y axis says so). `labels` renames series prefixes ("edm=base"). Error naming the file for an
// unreadable or oversized input (results: 64 MiB; logs: the run folder's reader), a line that is
// not JSON, mixing logs with results, or nothing to plot.
struct PlotInputOptions {
    std::string y = "fd";  // "fd" or "loss" (logs only)
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<std::string> probes;  // logs: only these FD probes (cm1, cm2, heun18); empty: all
    int smooth = 1;                   // y = "loss": the mean of each record and the smooth − 1 before it
};
PlotSpec plot_from_inputs(const std::vector<std::string>& inputs, const PlotInputOptions& options = {});

}  // namespace ect
