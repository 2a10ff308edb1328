// X/Y plots: the axis table, the value parser, and the cell plan.
#include "ect/method/xy_plot.h"

#include "ect/error.h"
#include "ect/method/noise.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace ect {

namespace {

const std::vector<PlotAxisInfo> kAxes{
    {PlotAxisKind::Seed, "seed", "Seed", "0-3"},
    {PlotAxisKind::Steps, "steps", "Steps", "1, 2"},
    {PlotAxisKind::Mid, "mid", "Mid levels", "0.4; 0.821; 1.5"},
    {PlotAxisKind::Class, "class", "Class", "all"},
    {PlotAxisKind::Sampler, "sampler", "Sampler", "all"},
    {PlotAxisKind::Checkpoint, "checkpoint", "Checkpoint", "all"},
};

// The row of each kind. A switch without default: -Werror=switch names a kind without a row.
size_t row_of(PlotAxisKind kind)
{
    switch (kind) {
    case PlotAxisKind::Seed: return 0;
    case PlotAxisKind::Steps: return 1;
    case PlotAxisKind::Mid: return 2;
    case PlotAxisKind::Class: return 3;
    case PlotAxisKind::Sampler: return 4;
    case PlotAxisKind::Checkpoint: return 5;
    }
    throw std::logic_error("plot_axis_info: unknown axis kind");
}

std::string trim(const std::string& s)
{
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::string lower(std::string s)
{
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> out;
    size_t at = 0;
    while (true) {
        const size_t next = text.find(separator, at);
        out.push_back(trim(text.substr(at, next == std::string::npos ? std::string::npos : next - at)));
        if (next == std::string::npos) return out;
        at = next + 1;
    }
}

// Digits only (no sign, no exponent), at most 15 of them: a whole number a plot can use.
bool whole(const std::string& s, int64_t& out)
{
    if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    out = std::stoll(s);
    return true;
}

struct Range {
    int64_t first, last, step;
};

// "n", "a-b" or "a-b (+k)"; false when the item is none of these.
bool parse_range(const std::string& item, Range& r)
{
    int64_t a = 0;
    if (whole(item, a)) {
        r = {a, a, 1};
        return true;
    }
    const size_t dash = item.find('-');
    if (dash == std::string::npos) return false;
    std::string rest = trim(item.substr(dash + 1));
    r.step = 1;
    const size_t open = rest.find('(');
    if (open != std::string::npos) {
        const std::string inner = trim(rest.substr(open));
        if (inner.size() < 4 || inner.substr(0, 2) != "(+" || inner.back() != ')') return false;
        if (!whole(trim(inner.substr(2, inner.size() - 3)), r.step) || r.step < 1) return false;
        rest = trim(rest.substr(0, open));
    }
    return whole(trim(item.substr(0, dash)), r.first) && whole(rest, r.last) && r.first <= r.last;
}

[[noreturn]] void refuse(PlotAxisKind kind, const std::string& what)
{
    fail(std::string(plot_axis_info(kind).label) + " values", what);
}

// Whole numbers with ranges, each within [lo, hi], at most kMaxPlotValues of them.
std::vector<int64_t> whole_numbers(PlotAxisKind kind, const std::string& text, int64_t lo, int64_t hi)
{
    std::vector<int64_t> out;
    for (const std::string& item : split(text, ',')) {
        Range r{};
        if (!parse_range(item, r))
            refuse(kind, "'" + item + "' is not a whole number or a range such as 0-7 or 0-20 (+5)");
        if (r.first < lo || r.last > hi)
            refuse(kind, "'" + item + "' is outside " + std::to_string(lo) + ".." + std::to_string(hi));
        if ((r.last - r.first) / r.step + 1 + int64_t(out.size()) > kMaxPlotValues)
            refuse(kind, "more than " + std::to_string(kMaxPlotValues) + " values");
        for (int64_t v = r.first; v <= r.last; v += r.step) out.push_back(v);
    }
    return out;
}

}  // namespace

const std::vector<PlotAxisInfo>& plot_axis_table()
{
    return kAxes;
}

const PlotAxisInfo& plot_axis_info(PlotAxisKind kind)
{
    const PlotAxisInfo& info = kAxes.at(row_of(kind));
    if (info.kind != kind) throw std::logic_error("plot axis table rows out of order");
    return info;
}

const PlotAxisInfo& plot_axis_info(const std::string& name)
{
    std::string names;
    for (const auto& info : kAxes) {
        if (name == info.name) return info;
        names += (names.empty() ? "" : ", ") + std::string(info.name);
    }
    fail("plot axis", "unknown axis '" + name + "' (use " + names + ")");
}

PlotAxis parse_plot_axis(PlotAxisKind kind, const std::string& text_in, const PlotContext& context)
{
    PlotAxis axis;
    axis.kind = kind;
    axis.text = trim(text_in);
    const std::string& text = axis.text;
    if (text.empty()) refuse(kind, "none given");
    const bool all = lower(text) == "all";
    auto add = [&](PlotValue v) {
        for (const PlotValue& seen : axis.values)
            if (seen.label == v.label) refuse(kind, "'" + v.label + "' is given twice");
        if (int(axis.values.size()) >= kMaxPlotValues) refuse(kind, "more than " + std::to_string(kMaxPlotValues) + " values");
        axis.values.push_back(std::move(v));
    };
    switch (kind) {
    case PlotAxisKind::Seed:
        // The studio's seed box holds 0..2·10⁹; the same bound here, so a cell's seed can be set there.
        for (int64_t seed : whole_numbers(kind, text, 0, 2000000000)) {
            PlotValue v;
            v.number = seed;
            v.label = std::to_string(seed);
            add(v);
        }
        break;
    case PlotAxisKind::Steps:
        for (int64_t steps : whole_numbers(kind, text, 1, 200)) {
            PlotValue v;
            v.number = steps;
            v.label = std::to_string(steps);
            add(v);
        }
        break;
    case PlotAxisKind::Mid:
        // Each value is a level list ("2.756,0.7144"), so values are separated by ";".
        for (const std::string& item : split(text, ';')) {
            if (item.empty()) refuse(kind, "an empty value between ';' (separate level lists with ';')");
            PlotValue v;
            v.levels = parse_levels(item, std::string(plot_axis_info(kind).label) + " values");
            for (size_t i = 0; i < v.levels.size(); ++i)
                if (!(v.levels[i] > 0) || !(v.levels[i] < kSigmaMax) || (i > 0 && !(v.levels[i] < v.levels[i - 1])))
                    refuse(kind, "'" + item + "': levels must decrease from 80 and stay above 0");
            v.number = int64_t(v.levels.size()) + 1;  // the steps they sample with
            v.label = format_levels(v.levels);
            add(v);
        }
        break;
    case PlotAxisKind::Class: {
        const auto& names = context.class_names;
        if (names.empty()) refuse(kind, "the model is not class-conditional");
        auto add_class = [&](size_t c) {
            PlotValue v;
            v.number = int64_t(c);
            v.label = names[c];
            add(v);
        };
        if (all) {
            if (names.size() > size_t(kMaxPlotValues))
                refuse(kind, "the model has " + std::to_string(names.size()) + " classes; list at most " +
                                 std::to_string(kMaxPlotValues));
            for (size_t c = 0; c < names.size(); ++c) add_class(c);
            break;
        }
        for (const std::string& item : split(text, ',')) {
            // A class name ("Sneaker", any case), else an index or a range of indices.
            const auto named = std::find_if(names.begin(), names.end(), [&](const std::string& n) { return lower(n) == lower(item); });
            if (named != names.end()) {
                add_class(size_t(named - names.begin()));
                continue;
            }
            Range r{};
            if (!parse_range(item, r)) refuse(kind, "'" + item + "' is neither a class of the model nor a class number");
            if (r.last >= int64_t(names.size()))
                refuse(kind, "class " + std::to_string(r.last) + " does not exist (the model has " + std::to_string(names.size()) +
                                 " classes: 0.." + std::to_string(names.size() - 1) + ")");
            if ((r.last - r.first) / r.step + 1 > kMaxPlotValues) refuse(kind, "more than " + std::to_string(kMaxPlotValues) + " values");
            for (int64_t c = r.first; c <= r.last; c += r.step) add_class(size_t(c));
        }
        break;
    }
    case PlotAxisKind::Sampler: {
        auto add_sampler = [&](const SamplerInfo& info) {
            PlotValue v;
            v.sampler = info.kind;
            v.label = info.short_name;
            add(v);
        };
        if (all) {
            for (const auto& info : sampler_table()) add_sampler(info);
            break;
        }
        for (const std::string& item : split(text, ',')) {
            // The table's name ("heun") or its caption ("Heun"), in any case.
            const auto& table = sampler_table();
            const auto found = std::find_if(table.begin(), table.end(), [&](const SamplerInfo& info) {
                return lower(item) == info.name || lower(item) == lower(info.short_name);
            });
            if (found == table.end()) refuse(kind, "unknown sampler '" + item + "' (use " + sampler_names() + ")");
            add_sampler(*found);
        }
        break;
    }
    case PlotAxisKind::Checkpoint: {
        const auto& points = context.checkpoints;
        if (points.empty()) refuse(kind, "the model is not a training run's, so it has no checkpoints");
        auto add_point = [&](const std::pair<int64_t, std::string>& point) {
            PlotValue v;
            v.number = point.first;
            v.label = "step " + std::to_string(point.first);
            v.path = point.second;
            add(v);
        };
        auto steps_list = [&] {
            std::string s;
            for (const auto& p : points) s += (s.empty() ? "" : ", ") + std::to_string(p.first);
            return s;
        };
        if (all) {
            // The newest kMaxPlotValues: a long run's latest checkpoints are the ones worth seeing.
            const size_t skip = points.size() > size_t(kMaxPlotValues) ? points.size() - size_t(kMaxPlotValues) : 0;
            for (size_t i = skip; i < points.size(); ++i) add_point(points[i]);
            break;
        }
        for (const std::string& item : split(text, ',')) {
            // A step, or a range of steps that selects the checkpoints within it.
            Range r{};
            if (!parse_range(item, r)) refuse(kind, "'" + item + "' is not a step or a range of steps");
            bool any = false;
            for (const auto& p : points)
                if (p.first >= r.first && p.first <= r.last && (p.first - r.first) % r.step == 0) {
                    add_point(p);
                    any = true;
                }
            if (!any) refuse(kind, "no checkpoint at '" + item + "' (the run has steps " + steps_list() + ")");
        }
        break;
    }
    }
    return axis;
}

PlotPlan plan_plot(const GenerateSettings& base, bool base_mid_typed, const PlotAxis& x, const PlotAxis& y,
                   const NetworkConfig& config)
{
    if (x.values.empty()) fail("X/Y plot", "the X axis has no values");
    if (!y.values.empty() && x.kind == y.kind)
        fail("X/Y plot", std::string("X and Y both vary ") + plot_axis_info(x.kind).label + ": choose two different axes");
    PlotPlan plan;
    plan.x = x;
    plan.y = y;
    auto has = [&](PlotAxisKind k) { return x.kind == k || (!y.values.empty() && y.kind == k); };
    for (int r = 0; r < plan.rows(); ++r) {
        for (int c = 0; c < plan.columns(); ++c) {
            PlotCell cell;
            cell.column = c;
            cell.row = r;
            GenerateSettings& s = cell.settings;
            s = base;
            s.count = 1;
            if (s.class_index < 0 && config.label_dim > 0) s.class_index = 0;
            // The cell's value of each axis, applied in a fixed order (see the header).
            const PlotValue* value[6] = {};
            value[row_of(x.kind)] = &x.values[size_t(c)];
            if (!y.values.empty()) value[row_of(y.kind)] = &y.values[size_t(r)];
            if (const PlotValue* v = value[row_of(PlotAxisKind::Checkpoint)]) cell.model_path = v->path;
            if (const PlotValue* v = value[row_of(PlotAxisKind::Sampler)]) {
                s.sampler = v->sampler;
                s.steps = s.info().default_steps;
            }
            if (const PlotValue* v = value[row_of(PlotAxisKind::Steps)]) s.steps = int(v->number);
            if (!s.info().takes_mid) {
                s.mid.clear();  // Heun and Euler cells of a Sampler × Mid plot ignore the levels
            } else if (const PlotValue* v = value[row_of(PlotAxisKind::Mid)]) {
                s.mid = v->levels;
                if (!has(PlotAxisKind::Steps)) s.steps = int(v->levels.size()) + 1;
            } else if (!(base_mid_typed && s.steps == base.steps && s.sampler == base.sampler && cell.model_path.empty())) {
                cell.mid_from_model = true;
                s.mid = GenerateSettings::default_mid(s.steps);
            }
            if (const PlotValue* v = value[row_of(PlotAxisKind::Class)]) s.class_index = int(v->number);
            if (const PlotValue* v = value[row_of(PlotAxisKind::Seed)]) s.seed = uint64_t(v->number);
            // A cell whose levels come from its model is checked again once they are known; here
            // everything else is (levels stood in for by a valid decreasing list).
            GenerateSettings check = s;
            if (cell.mid_from_model) {
                check.mid.clear();
                for (int i = 1; i < s.steps; ++i) check.mid.push_back(kSigmaMax / double(i + 1));
            }
            try {
                check.validate(config);
            } catch (const Error& e) {
                std::string where = std::string(plot_axis_info(x.kind).label) + " " + x.values[size_t(c)].label;
                if (!y.values.empty()) where += ", " + std::string(plot_axis_info(y.kind).label) + " " + y.values[size_t(r)].label;
                fail("X/Y plot", "the cell " + where + " cannot sample: " + e.what());
            }
            plan.cells.push_back(std::move(cell));
        }
    }
    return plan;
}

namespace {

// Cells sampled by one call: same model file, sampler, steps, levels and class; any seeds.
struct PlotBatch {
    std::string model_path;
    GenerateSettings settings;
    bool mid_from_model = false;
    std::vector<size_t> cells;
};

std::vector<PlotBatch> plot_batches(const PlotPlan& plan, int batch)
{
    std::vector<PlotBatch> out;
    for (size_t i = 0; i < plan.cells.size(); ++i) {
        const PlotCell& cell = plan.cells[i];
        const GenerateSettings& s = cell.settings;
        auto same = [&](const PlotBatch& b) {
            return b.model_path == cell.model_path && b.settings.sampler == s.sampler && b.settings.steps == s.steps &&
                   b.settings.mid == s.mid && b.settings.class_index == s.class_index &&
                   b.mid_from_model == cell.mid_from_model && int(b.cells.size()) < batch;
        };
        auto it = std::find_if(out.begin(), out.end(), same);
        if (it == out.end()) it = out.insert(out.end(), PlotBatch{cell.model_path, s, cell.mid_from_model, {}});
        it->cells.push_back(i);
    }
    return out;
}

}  // namespace

int64_t plot_evaluations(const PlotPlan& plan, int batch)
{
    int64_t n = 0;
    for (const PlotBatch& b : plot_batches(plan, std::max(1, batch))) n += b.settings.nfe();
    return n;
}

torch::Tensor render_plot(const PlotPlan& plan, const ModelFile& model,
                          const std::function<std::shared_ptr<ModelFile>(const std::string& path)>& checkpoint,
                          int batch, const std::function<bool()>& cancelled)
{
    const NetworkConfig& cfg = model.config;
    std::map<std::string, std::shared_ptr<ModelFile>> loaded;
    std::vector<torch::Tensor> images(plan.cells.size());
    try {
        for (const PlotBatch& b : plot_batches(plan, std::max(1, batch))) {
            if (cancelled && cancelled()) return {};
            const ModelFile* m = &model;
            if (!b.model_path.empty()) {
                auto& slot = loaded[b.model_path];
                if (!slot) {
                    slot = checkpoint(b.model_path);
                    const NetworkConfig& c = slot->config;
                    if (c.img_resolution != cfg.img_resolution || c.img_channels != cfg.img_channels || c.label_dim != cfg.label_dim)
                        fail(b.model_path, "makes other images than the plot's model (its size or classes differ)");
                }
                m = slot.get();
            }
            GenerateSettings s = b.settings;
            if (b.mid_from_model) {
                s.mid = default_mid(*m, s.steps);
                if (int(s.mid.size()) != s.steps - 1)
                    fail("X/Y plot", "no mid levels for " + std::to_string(s.steps) + " steps: " + m->path +
                                         " has none stored (ect search-mid --write finds them); give them with the Mid levels axis");
            }
            s.validate(m->config);
            // Each cell's noise is image 0 of its seed, as `generate` draws it.
            const int renoise = s.info().takes_mid ? s.steps - 1 : 0;
            std::vector<torch::Tensor> latents;
            std::vector<std::vector<torch::Tensor>> renoise_rows(static_cast<size_t>(renoise));
            for (size_t i : b.cells) {
                const auto noise = seeded_noise(plan.cells[i].settings.seed, 0, 1, cfg.img_channels, cfg.img_resolution, renoise);
                latents.push_back(noise.latents);
                for (size_t k = 0; k < renoise_rows.size(); ++k) renoise_rows[k].push_back(noise.renoise[k]);
            }
            std::vector<torch::Tensor> renoise_tensors;
            for (const auto& row : renoise_rows) renoise_tensors.push_back(torch::cat(row));
            const torch::Tensor labels = class_labels_for(0, int64_t(b.cells.size()), cfg.label_dim, s.class_index);
            Denoiser net = m->net;
            const torch::Tensor out = generate_from_latents(net, s, torch::cat(latents), labels, renoise_tensors);
            for (size_t j = 0; j < b.cells.size(); ++j) images[b.cells[j]] = out[int64_t(j)];
        }
    } catch (const SamplingCancelled&) {
        return {};
    }
    return torch::stack(images);
}

std::string plot_parameters(const PlotPlan& plan)
{
    std::string text = "X: " + std::string(plot_axis_info(plan.x.kind).label) + " " + plan.x.text;
    if (!plan.y.values.empty()) text += "; Y: " + std::string(plot_axis_info(plan.y.kind).label) + " " + plan.y.text;
    return text;
}

}  // namespace ect
