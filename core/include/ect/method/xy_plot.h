// X/Y plots (AUTOMATIC1111's "X/Y/Z plot"): one sample per cell, the settings of a grid's columns
// and rows varied along two axes (seed, steps, mid levels, class, sampler, a run's checkpoints)
// while everything else, the noise included, stays the same. Core plans the cells; a front end
// renders them (SamplerWorker) and labels the figure with the axes' value labels.
#pragma once

#include "ect/method/generate.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ect {

// The plot axis table: what a column or row of an X/Y plot can vary, one row each. Adding an axis:
// a kind here, a row in xy_plot.cpp, its parse and apply cases there.
enum class PlotAxisKind { Seed, Steps, Mid, Class, Sampler, Checkpoint };

struct PlotAxisInfo {
    PlotAxisKind kind;
    const char* name;     // settings and JSON ("steps")
    const char* label;    // for people, the figure's axis title ("Steps"; the studio translates it)
    const char* example;  // the values an axis starts with when chosen ("1, 2, 3, 4")
};

const std::vector<PlotAxisInfo>& plot_axis_table();
const PlotAxisInfo& plot_axis_info(PlotAxisKind kind);
const PlotAxisInfo& plot_axis_info(const std::string& name);  // Error listing the names otherwise

// Caps: a plot is an overview, not a benchmark; 24 × 24 cells stay readable in a figure.
constexpr int kMaxPlotValues = 24;

// One value of an axis: how it is labelled in the figure and what it sets.
struct PlotValue {
    std::string label;           // "2", "0.821", "Sneaker", "Heun", "step 500"
    int64_t number = 0;          // seed, steps, class index or checkpoint step
    std::vector<double> levels;  // Mid: the levels
    SamplerKind sampler = SamplerKind::Consistency;
    std::string path;  // Checkpoint: the model file
};

struct PlotAxis {
    PlotAxisKind kind = PlotAxisKind::Seed;
    std::vector<PlotValue> values;
    std::string text;  // what the values were parsed from (for the parameters text)
};

// What an axis's values are read against: the model's class names (Class) and the run's checkpoints
// in step order (Checkpoint: step → model file).
struct PlotContext {
    std::vector<std::string> class_names;
    std::vector<std::pair<int64_t, std::string>> checkpoints;
};

// Reads an axis's values. Values are separated by commas, except Mid, whose values are level
// lists ("0.821,0.3") and are separated by ";". Whole numbers (Seed, Steps, Class, Checkpoint)
// also take ranges "a-b" and stepped ranges "a-b (+k)"; Class and Sampler take names; Class,
// Sampler and Checkpoint take "all". Throws Error (one clear sentence naming the axis) on
// anything else, on repeats, and beyond kMaxPlotValues values.
PlotAxis parse_plot_axis(PlotAxisKind kind, const std::string& text, const PlotContext& context);

// One cell: its column and row, the settings it samples with (count 1) and the model file it
// samples (empty: the plot's own model). `mid_from_model` asks the renderer to use the cell model's
// default levels for the cell's step count (ect::default_mid), filled in once the model is loaded.
struct PlotCell {
    int column = 0, row = 0;
    GenerateSettings settings;
    std::string model_path;
    bool mid_from_model = false;
};

struct PlotPlan {
    PlotAxis x, y;
    std::vector<PlotCell> cells;  // row-major: cell (c, r) at r·columns + c
    int columns() const { return int(x.values.size()); }
    int rows() const { return y.values.empty() ? 1 : int(y.values.size()); }  // no Y axis: one row
};

// The cells of a plot: each starts from `base` (count 1) and takes its column's and row's values,
// applied as checkpoint, sampler (at its default step count), steps, mid levels, class, seed, so
// that "Sampler × Steps" means what it says whichever axis is which. Mid levels come from the Mid
// axis; else from `base` when `base_mid_typed` and the step count is the base's; else from the
// cell's model. A class of −1 becomes class 0 (a cell is one image). `y` may have no values (a
// plot of one row). Throws Error when the two axes are the same kind or a cell's settings cannot run (validate on `config`), naming the cell.
PlotPlan plan_plot(const GenerateSettings& base, bool base_mid_typed, const PlotAxis& x, const PlotAxis& y,
                   const NetworkConfig& config);

// Samples every cell of a plan with `model` (cells naming a checkpoint with `checkpoint(path)`,
// asked once per path; its network must have the model's image shape): cell i of the plan is image
// i of the result, float64 [cells, C, H, W] on the CPU. A cell's image is the one `generate` gives
// for its settings (the noise of its seed, image 0), so a plot's cell matches the grid of that seed.
// Cells that differ only in their seed share network calls of up to `batch` images. Undefined when
// `cancelled` answers true between calls (or an EvaluationWatch on this thread cancels).
torch::Tensor render_plot(const PlotPlan& plan, const ModelFile& model,
                          const std::function<std::shared_ptr<ModelFile>(const std::string& path)>& checkpoint,
                          int batch = 64, const std::function<bool()>& cancelled = {});
// The network evaluations render_plot makes (for progress: an EvaluationWatch counts the same).
int64_t plot_evaluations(const PlotPlan& plan, int batch = 64);

// The "X/Y plot" entry of a plot's parameters text: "X: Steps 1, 2, 4; Y: Seed 0-3".
std::string plot_parameters(const PlotPlan& plan);

}  // namespace ect
