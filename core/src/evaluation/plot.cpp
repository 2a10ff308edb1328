#include "ect/evaluation/plot.h"

#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/io/safetensors.h"
#include "ect/training/run_folder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

namespace ect {

namespace {

#include "plot_font.inc"

struct Rgb {
    uint8_t r, g, b;
};

// Tableau's ten colours: distinct for the usual colour-vision deficiencies in the first few.
constexpr Rgb kPalette[10] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},   {148, 103, 189},
                              {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
constexpr Rgb kInk{40, 40, 40}, kAxis{90, 90, 90}, kGrid{228, 228, 228}, kWhite{255, 255, 255};
constexpr int kMaxSeries = 40;
constexpr size_t kMaxLabel = 80;  // characters of a legend entry (a label comes from a file: hostile)
// Coordinates beyond these are left out: the axis arithmetic (spans, logarithms, padding) stays
// finite for any double a file can hold.
constexpr double kMaxMagnitude = 1e300, kMinLogValue = 1e-300;

const FontGlyph& glyph(char c)
{
    const unsigned char u = static_cast<unsigned char>(c);
    return kFontGlyphs[(u >= 32 && u < 127 ? u : '?') - 32];
}

class Canvas {
public:
    Canvas(int w, int h) : w_(w), h_(h), px_(size_t(w) * h * 3, 255) {}

    void blend(int x, int y, Rgb c, double a)
    {
        if (x < 0 || y < 0 || x >= w_ || y >= h_ || !(a > 0)) return;
        a = std::min(a, 1.0);
        uint8_t* p = &px_[(size_t(y) * w_ + x) * 3];
        const uint8_t src[3] = {c.r, c.g, c.b};
        for (int k = 0; k < 3; ++k) p[k] = uint8_t(std::lround(p[k] * (1 - a) + src[k] * a));
    }
    void fill(int x0, int y0, int x1, int y1, Rgb c, double a = 1)  // [x0, x1) × [y0, y1)
    {
        for (int y = std::max(0, y0); y < std::min(h_, y1); ++y)
            for (int x = std::max(0, x0); x < std::min(w_, x1); ++x) blend(x, y, c, a);
    }
    // Text with its top-left corner at (x, y); vertical: turned a quarter left, reading upwards
    // from (x, y), its bottom-left corner.
    void text(int x, int y, const std::string& s, Rgb c, bool vertical = false)
    {
        int pen = 0;
        for (char ch : s) {
            const FontGlyph& g = glyph(ch);
            for (int gy = 0; gy < kFontHeight; ++gy)
                for (int gx = 0; gx < g.width; ++gx) {
                    const char h = g.alpha[gy * g.width + gx];
                    const int v = h <= '9' ? h - '0' : h - 'a' + 10;
                    if (v == 0) continue;
                    const int tx = pen + g.left + gx;
                    if (vertical) blend(x + gy, y - tx, c, v / 15.0);
                    else blend(x + tx, y + gy, c, v / 15.0);
                }
            pen += g.advance;
        }
    }
    Image8 image() && { return Image8{w_, h_, 3, std::move(px_)}; }
    int width() const { return w_; }
    int height() const { return h_; }

private:
    int w_, h_;
    std::vector<uint8_t> px_;
};

// One series' coverage, drawn as the maximum of its segments and dots so that joints are not
// blended twice, then laid on the canvas in one pass, clipped to the plot area.
class Layer {
public:
    Layer(int x0, int y0, int x1, int y1) : x0_(x0), y0_(y0), w_(x1 - x0), h_(y1 - y0), a_(size_t(w_) * h_, 0.f) {}

    void segment(double ax, double ay, double bx, double by, double width)
    {
        const double r = width / 2 + 1;
        const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        for (int y = int(std::floor(std::min(ay, by) - r)); y <= int(std::ceil(std::max(ay, by) + r)); ++y)
            for (int x = int(std::floor(std::min(ax, bx) - r)); x <= int(std::ceil(std::max(ax, bx) + r)); ++x) {
                const double px = x + 0.5, py = y + 0.5;
                const double t = len2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0) : 0.0;
                const double d = std::hypot(px - (ax + t * dx), py - (ay + t * dy));
                put(x, y, width / 2 + 0.5 - d);
            }
    }
    void dot(double cx, double cy, double radius)
    {
        for (int y = int(std::floor(cy - radius - 1)); y <= int(std::ceil(cy + radius + 1)); ++y)
            for (int x = int(std::floor(cx - radius - 1)); x <= int(std::ceil(cx + radius + 1)); ++x)
                put(x, y, radius + 0.5 - std::hypot(x + 0.5 - cx, y + 0.5 - cy));
    }
    void draw(Canvas& canvas, Rgb c) const
    {
        for (int y = 0; y < h_; ++y)
            for (int x = 0; x < w_; ++x)
                if (const float a = a_[size_t(y) * w_ + x]; a > 0) canvas.blend(x0_ + x, y0_ + y, c, a);
    }

private:
    void put(int x, int y, double coverage)
    {
        x -= x0_, y -= y0_;
        if (x < 0 || y < 0 || x >= w_ || y >= h_ || coverage <= 0) return;
        float& a = a_[size_t(y) * w_ + x];
        a = std::max(a, float(std::min(coverage, 1.0)));
    }
    int x0_, y0_, w_, h_;
    std::vector<float> a_;
};

struct Axis {
    double lo = 0, hi = 1;
    bool log = false;
    double t(double v) const { return log ? std::log10(v) : v; }
    double frac(double v) const { return (t(v) - t(lo)) / (t(hi) - t(lo)); }
};

// The axis around the data: 4% of the span (in log space on a log axis) on either side; a single
// value gets a range around it. A linear axis of non-negative data does not go below zero.
Axis make_axis(double lo, double hi, bool log)
{
    Axis a;
    a.log = log;
    if (log) {
        double l = std::log10(lo), h = std::log10(hi);
        if (h - l < 1e-9) l -= 0.3, h += 0.3;
        const double pad = (h - l) * 0.04;
        a.lo = std::pow(10.0, l - pad), a.hi = std::pow(10.0, h + pad);
    } else {
        double l = lo, h = hi;
        if (h - l < 1e-12 * std::max(1.0, std::abs(l))) {
            const double d = l != 0 ? std::abs(l) * 0.1 : 1.0;
            l -= d, h += d;
        }
        const double pad = (h - l) * 0.04;
        a.lo = (lo >= 0 && l - pad < 0) ? 0.0 : l - pad;
        a.hi = h + pad;
    }
    return a;
}

}  // namespace

std::vector<double> plot_ticks(double lo, double hi, bool log)
{
    std::vector<double> out;
    if (!(hi > lo)) return out;
    if (log && lo > 0) {
        if (!std::isfinite(std::log10(lo)) || !std::isfinite(std::log10(hi))) return out;
        const int d0 = int(std::floor(std::log10(lo))), d1 = int(std::ceil(std::log10(hi)));
        const double decades = std::log10(hi) - std::log10(lo);
        const int every = decades > 8 ? int(std::ceil(decades / 6)) : 1;
        for (const auto& mults : {std::vector<double>{1}, std::vector<double>{1, 2, 5}}) {
            if (mults.size() > 1 && decades >= 3) break;
            out.clear();
            for (int d = d0; d <= d1; d += every)
                for (double m : mults) {
                    const double v = m * std::pow(10.0, d);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
                }
            if (out.size() >= 3) return out;
        }
        if (decades >= 3 && out.size() >= 2) return out;
        // Less than a decade or so with fewer than three 1-2-5 values in it: linear steps, which
        // cover the whole range where 1…9 multiples would crowd its low end and leave the top bare.
    }
    const double raw = hi / 5 - lo / 5, mag = std::pow(10.0, std::floor(std::log10(raw))), norm = raw / mag;
    if (!std::isfinite(raw) || !(mag > 0) || !std::isfinite(mag)) return out;
    const double step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
    out.clear();
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k += 1) out.push_back(k * step == 0 ? 0.0 : k * step);
    return out;
}

std::string plot_tick_text(double v)
{
    char buf[32];
    const double a = std::abs(v);
    const auto short_form = [&](double x, const char* suffix) {
        std::snprintf(buf, sizeof buf, "%.3g%s", x, suffix);
        return std::string(buf);
    };
    if (v == 0) return "0";
    if (a >= 1e6 - 0.5) return short_form(v / 1e6, "M");
    if (a >= 1000 - 0.5) return short_form(v / 1e3, "k");  // one style along an axis: 5k, 10k, 15k
    return short_form(v, "");
}

int plot_text_width(const std::string& text)
{
    int w = 0;
    for (char c : text) w += glyph(c).advance;
    return w;
}

Image8 render_plot(const PlotSpec& spec)
{
    if (spec.width < 240 || spec.width > 4096 || spec.height < 160 || spec.height > 4096)
        throw Error("plot size " + std::to_string(spec.width) + "x" + std::to_string(spec.height) +
                    " is outside 240..4096 x 160..4096 pixels");
    if (spec.series.size() > size_t(kMaxSeries))
        throw Error("a plot holds at most " + std::to_string(kMaxSeries) + " series (" + std::to_string(spec.series.size()) + " given)");
    // The points that can be drawn.
    std::vector<std::vector<std::pair<double, double>>> pts(spec.series.size());
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    for (size_t s = 0; s < spec.series.size(); ++s)
        for (const auto& [x, y] : spec.series[s].points) {
            if (!(std::abs(x) <= kMaxMagnitude) || !(std::abs(y) <= kMaxMagnitude) || (spec.log_x && !(x >= kMinLogValue)) ||
                (spec.log_y && !(y >= kMinLogValue)))
                continue;
            pts[s].emplace_back(x, y);
            xlo = std::min(xlo, x), xhi = std::max(xhi, x), ylo = std::min(ylo, y), yhi = std::max(yhi, y);
        }
    if (!(xlo <= xhi)) throw Error("nothing to plot: no series has a point" + std::string(spec.log_y || spec.log_x ? " (> 0 on a logarithmic axis)" : ""));
    const Axis ax = make_axis(xlo, xhi, spec.log_x), ay = make_axis(ylo, yhi, spec.log_y);
    for (const Axis* a : {&ax, &ay})
        if (!std::isfinite(a->lo) || !std::isfinite(a->hi) || !(a->hi > a->lo) || (a->log && !(a->lo > 0)))
            throw Error("nothing to plot: the values do not span a drawable range");
    const std::vector<double> xt = plot_ticks(ax.lo, ax.hi, ax.log), yt = plot_ticks(ay.lo, ay.hi, ay.log);

    // Layout: title above, y label and tick texts to the left, x tick texts and label below.
    int ytext = 0;
    for (double v : yt) ytext = std::max(ytext, plot_text_width(plot_tick_text(v)));
    const int top = spec.title.empty() ? 12 : kFontHeight + 18;
    const int left = 10 + (spec.y_label.empty() ? 0 : kFontHeight + 8) + ytext + 8;
    const int bottom = 6 + kFontHeight + (spec.x_label.empty() ? 8 : kFontHeight + 14);
    const int right = xt.empty() ? 18 : std::max(18, plot_text_width(plot_tick_text(xt.back())) / 2 + 6);
    const int x0 = left, y0 = top, x1 = spec.width - right, y1 = spec.height - bottom;
    if (x1 - x0 < 60 || y1 - y0 < 40) throw Error("plot size " + std::to_string(spec.width) + "x" + std::to_string(spec.height) + " leaves no room for the chart");
    const auto px = [&](double x) { return x0 + ax.frac(x) * (x1 - x0); };
    const auto py = [&](double y) { return y1 - ay.frac(y) * (y1 - y0); };

    Canvas c(spec.width, spec.height);
    for (double v : xt) {
        const int x = int(std::lround(px(v)));
        c.fill(x, y0, x + 1, y1, kGrid);
        c.fill(x, y1, x + 1, y1 + 4, kAxis);
        const std::string s = plot_tick_text(v);
        c.text(x - plot_text_width(s) / 2, y1 + 6, s, kInk);
    }
    for (double v : yt) {
        const int y = int(std::lround(py(v)));
        c.fill(x0, y, x1, y + 1, kGrid);
        c.fill(x0 - 4, y, x0, y + 1, kAxis);
        const std::string s = plot_tick_text(v);
        c.text(x0 - 7 - plot_text_width(s), y - kFontHeight / 2, s, kInk);
    }
    c.fill(x0, y0, x1, y0 + 1, kAxis), c.fill(x0, y1, x1 + 1, y1 + 1, kAxis);
    c.fill(x0, y0, x0 + 1, y1, kAxis), c.fill(x1, y0, x1 + 1, y1, kAxis);
    if (!spec.title.empty()) c.text((spec.width - plot_text_width(spec.title)) / 2, 8, spec.title, kInk);
    if (!spec.x_label.empty())
        c.text(x0 + (x1 - x0 - plot_text_width(spec.x_label)) / 2, y1 + 6 + kFontHeight + 6, spec.x_label, kInk);
    if (!spec.y_label.empty())
        c.text(10, y0 + (y1 - y0 + plot_text_width(spec.y_label)) / 2, spec.y_label, kInk, true);

    // Series, clipped to the chart's inside.
    for (size_t s = 0; s < pts.size(); ++s) {
        Layer layer(x0 + 1, y0 + 1, x1, y1);
        const auto& p = pts[s];
        for (size_t i = 0; i + 1 < p.size(); ++i) layer.segment(px(p[i].first), py(p[i].second), px(p[i + 1].first), py(p[i + 1].second), 2.0);
        if (spec.series[s].markers || p.size() == 1)
            for (const auto& [x, y] : p) layer.dot(px(x), py(y), 3.2);
        layer.draw(c, kPalette[s % 10]);
    }

    // Legend, in the corner where the fewest points (and segment midpoints) fall.
    std::vector<size_t> shown;
    std::vector<std::string> labels(pts.size());
    int label_w = 0;
    for (size_t s = 0; s < pts.size(); ++s)
        if (!pts[s].empty() && !spec.series[s].label.empty()) {
            shown.push_back(s);
            labels[s] = spec.series[s].label.size() > kMaxLabel ? spec.series[s].label.substr(0, kMaxLabel - 3) + "..." : spec.series[s].label;
            label_w = std::max(label_w, plot_text_width(labels[s]));
        }
    if (!shown.empty()) {
        const int row = kFontHeight + 4, bw = 10 + 24 + 6 + label_w + 10, bh = int(shown.size()) * row + 10;
        const int corners[4][2] = {{x1 - 8 - bw, y0 + 8}, {x0 + 8, y0 + 8}, {x1 - 8 - bw, y1 - 8 - bh}, {x0 + 8, y1 - 8 - bh}};
        int best = 0;
        size_t best_count = SIZE_MAX;
        for (int k = 0; k < 4; ++k) {
            const double lx = corners[k][0], ly = corners[k][1];
            size_t count = 0;
            const auto inside = [&](double x, double y) { return x >= lx && x <= lx + bw && y >= ly && y <= ly + bh; };
            for (const auto& p : pts)
                for (size_t i = 0; i < p.size(); ++i) {
                    count += inside(px(p[i].first), py(p[i].second));
                    if (i + 1 < p.size())
                        for (int j = 1; j < 8; ++j) {
                            const double f = j / 8.0;
                            count += inside(px(p[i].first) * (1 - f) + px(p[i + 1].first) * f,
                                            py(p[i].second) * (1 - f) + py(p[i + 1].second) * f);
                        }
                }
            if (count < best_count) best_count = count, best = k;
        }
        const int lx = corners[best][0], ly = corners[best][1];
        c.fill(lx, ly, lx + bw, ly + bh, kWhite, 0.92);
        c.fill(lx, ly, lx + bw, ly + 1, kAxis), c.fill(lx, ly + bh - 1, lx + bw, ly + bh, kAxis);
        c.fill(lx, ly, lx + 1, ly + bh, kAxis), c.fill(lx + bw - 1, ly, lx + bw, ly + bh, kAxis);
        for (size_t k = 0; k < shown.size(); ++k) {
            const int ty = ly + 5 + int(k) * row;
            Layer sample(lx + 4, ty, lx + 40, ty + kFontHeight);
            const double my = ty + kFontHeight / 2.0;
            sample.segment(lx + 10, my, lx + 34, my, 2.0);
            if (spec.series[shown[k]].markers) sample.dot(lx + 22, my, 3.2);
            sample.draw(c, kPalette[shown[k] % 10]);
            c.text(lx + 40, ty, labels[shown[k]], kInk);
        }
    }
    return std::move(c).image();
}

// --- inputs ---------------------------------------------------------------------------------

namespace {

constexpr uintmax_t kMaxResultsBytes = 64ull << 20;

// A model's or run's name in a legend: the file's stem, or its folder's name for the files every
// run names alike (runs/edm/model.safetensors is "edm").
std::string model_label(const std::string& path)
{
    const std::filesystem::path p(path);
    const std::string stem = p.stem().string();
    if ((stem == "model" || stem == "log") && p.has_parent_path() && !p.parent_path().filename().empty())
        return p.parent_path().filename().string();
    return stem.empty() ? path : stem;
}

std::string renamed(const std::string& label, const PlotInputOptions& o)
{
    for (const auto& [from, to] : o.labels)
        if (label == from) return to;
    return label;
}

std::string sampler_title(const std::string& s)
{
    if (s == "cm") return "consistency";
    if (s == "heun") return "Heun";
    if (s == "euler") return "Euler";
    if (s == "dpm++") return "DPM-Solver++";
    return s;
}

// "cm1" → "1 step", "cm2" → "2 steps", "heun18" → "Heun 18 steps" (the trainer's probe names).
std::string probe_title(const std::string& key)
{
    size_t i = key.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(key[i - 1]))) --i;
    const std::string name = key.substr(0, i), n = key.substr(i);
    if (n.empty()) return key;
    const std::string steps = n + (n == "1" ? " step" : " steps");
    return name == "cm" ? steps : sampler_title(name) + " " + steps;
}

// 10000 → "10,000": sample counts in axis titles.
std::string grouped(int64_t n)
{
    std::string s = std::to_string(n);
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
    return s;
}

bool is_log_input(const std::filesystem::path& p)
{
    std::error_code ec;
    return std::filesystem::is_directory(p, ec) || p.filename() == "log.jsonl";
}

}  // namespace

PlotSpec plot_from_inputs(const std::vector<std::string>& inputs, const PlotInputOptions& options)
{
    if (inputs.empty()) throw Error("nothing to plot: no input given");
    if (options.y != "fd" && options.y != "loss") throw Error("the y axis is fd or loss, not '" + options.y + "'");
    size_t logs = 0;
    for (const auto& in : inputs) logs += is_log_input(in);
    if (logs != 0 && logs != inputs.size())
        throw Error("run folders (or their log.jsonl) and `ect eval --json` results cannot share one plot: plot them separately");
    PlotSpec spec;
    if (logs) {
        spec.log_y = true;
        spec.x_label = "training images";
        int64_t samples = 0;
        for (const auto& in : inputs) {
            const std::filesystem::path p(in);
            std::error_code ec;
            const bool dir = p.filename() != "log.jsonl";  // is_log_input: a folder, or its log.jsonl
            const RunFolder run(dir ? p.string() : (p.has_parent_path() ? p.parent_path().string() : "."));
            if (!std::filesystem::exists(run.log_path(), ec))
                throw Error(in + ": not a training run (no log.jsonl)");
            const RunLog log = run.read_log();
            const std::string name = renamed(model_label(dir ? (p / "log.jsonl").string() : p.string()), options);
            if (options.y == "loss") {
                PlotSeries s{name + " loss", {}, false};
                // A trailing mean of the last `smooth` records: per-step losses are noisy.
                const size_t window = size_t(std::max(1, options.smooth));
                double sum = 0;
                for (size_t i = 0; i < log.loss.size(); ++i) {
                    sum += log.loss[i].loss;
                    if (i >= window) sum -= log.loss[i - window].loss;
                    s.points.emplace_back(double(log.loss[i].images_seen), sum / double(std::min(i + 1, window)));
                }
                if (s.points.empty()) throw Error(in + ": the log has no loss records");
                spec.series.push_back(std::move(s));
                continue;
            }
            std::map<std::string, size_t> index;  // probe key → series, in the order first seen
            for (const auto& r : log.quality) {
                samples = std::max(samples, r.samples);
                for (const auto& [key, fd] : r.fd) {
                    if (!options.probes.empty() && std::find(options.probes.begin(), options.probes.end(), key) == options.probes.end())
                        continue;
                    if (index.size() >= size_t(kMaxSeries) || spec.series.size() >= size_t(kMaxSeries))
                        if (!index.count(key)) throw Error("more than " + std::to_string(kMaxSeries) + " lines to draw: plot fewer runs or probes (--probes)");
                    auto [it, added] = index.emplace(key, spec.series.size());
                    if (added) spec.series.push_back({name + ", " + probe_title(key), {}, true});
                    spec.series[it->second].points.emplace_back(r.kimg * 1000, fd);
                }
            }
            if (index.empty())
                throw Error(in + (options.probes.empty() ? ": the run has no FD measurements (train with --eval-every N)"
                                                        : ": the run has no FD measurements of the probes asked for"));
        }
        spec.title = options.y == "loss" ? "Loss while training" : "FD while training";
        spec.y_label = options.y == "loss" ? "loss" : samples > 0 ? "FD (" + grouped(samples) + " samples)" : "FD";
        return spec;
    }
    if (options.y != "fd") throw Error("--y loss needs run folders; `ect eval` results plot FD against NFE");
    spec.log_x = spec.log_y = true;
    spec.title = "FD against NFE";
    spec.x_label = "NFE (network evaluations per sample)";
    std::map<std::tuple<std::string, std::string, int64_t>, double> rows;  // (model, sampler, NFE) → the best FD
    std::map<std::pair<std::string, std::string>, size_t> seen;          // (model, sampler) → its place in order
    std::vector<std::pair<std::string, std::string>> order;               // as first seen
    int64_t count = 0;
    bool merged = false;
    for (const auto& in : inputs) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(in, ec);
        if (ec) throw Error(ErrorKind::FileUnreadable, {in, ec.message()}, in + ": cannot read: " + ec.message());
        if (size > kMaxResultsBytes)
            throw Error(in + ": " + std::to_string(size) + " bytes, more than `ect eval` results ever take (64 MiB)");
        const std::string text = read_file_bytes(in);
        std::istringstream lines(text);
        std::string line;
        size_t used = 0;
        for (int64_t n = 1; std::getline(lines, line); ++n) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            nlohmann::json j;
            try {
                j = parse_json_bounded(line, in, 16, 100000);
            } catch (const nlohmann::json::exception&) {
                throw Error(in + " line " + std::to_string(n) + ": not JSON (expected `ect eval --json` results, one object a line)");
            }
            const auto fd = json_field(j, "fd", [](const nlohmann::json& v) { return json_number(v); }, std::numeric_limits<double>::quiet_NaN());
            const auto nfe = json_field(j, "nfe", [](const nlohmann::json& v) { return json_whole(v, 1, 1000000); }, int64_t(0));
            if (!j.is_object() || !std::isfinite(fd) || nfe <= 0 || !j.contains("model") || !j["model"].is_string() ||
                !j.contains("sampler") || !j["sampler"].is_string())
                continue;  // another kind of line (a mid-level search, a note)
            const std::string model = renamed(model_label(j["model"].get<std::string>()), options);
            const std::string sampler = j["sampler"].get<std::string>();
            if (seen.emplace(std::make_pair(model, sampler), order.size()).second) {
                order.emplace_back(model, sampler);
                if (order.size() > size_t(kMaxSeries))
                    throw Error("the results hold more than " + std::to_string(kMaxSeries) +
                                " model and sampler pairs; a plot shows at most that many");
            }
            // Several settings measured at one NFE (mid levels before and after a search): the best.
            const auto [it, added] = rows.emplace(std::make_tuple(model, sampler, nfe), fd);
            if (!added) it->second = std::min(it->second, fd), merged = true;
            count = std::max<int64_t>(count, json_field(j, "count", [](const nlohmann::json& v) { return json_whole(v, 0, INT64_MAX); }, int64_t(0)));
            ++used;
        }
        if (used == 0) throw Error(in + ": no `ect eval --json` results in it (lines with model, sampler, nfe and fd)");
    }
    for (const auto& [model, sampler] : order) {
        PlotSeries s{model + ", " + sampler_title(sampler), {}, true};
        for (const auto& [key, fd] : rows)
            if (std::get<0>(key) == model && std::get<1>(key) == sampler) s.points.emplace_back(double(std::get<2>(key)), fd);
        spec.series.push_back(std::move(s));
    }
    // Several settings at one NFE (mid levels before and after a search) show as their best: say so.
    spec.y_label = "FD" + std::string(count > 0 || merged ? " (" : "") + (count > 0 ? grouped(count) + " samples" : "") +
                   (merged ? std::string(count > 0 ? "; " : "") + "best setting at an NFE" : "") + (count > 0 || merged ? ")" : "");
    return spec;
}

}  // namespace ect
