// Power-function EMA, post-hoc reconstruction and EDM2's learning-rate schedule, after EDM2's
// training/phema.py and training_loop.py (the formulas of "Analyzing and Improving the Training
// Dynamics of Diffusion Models", section 3 and appendix C).
#include "ect/training/phema.h"

#include "ect/error.h"
#include "ect/training/run_folder.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <map>

namespace ect {

double phema_exp_to_std(double exp)
{
    return std::sqrt((exp + 1) / ((exp + 2) * (exp + 2)) / (exp + 3));
}

double phema_std_to_exp(double std)
{
    if (!(std > 0 && std < 0.28))  // σ_rel reaches 0.2887 only as γ → −1: no profile beyond
        fail("power-function EMA", "an EMA length (σ_rel) must be in (0, 0.28), not " + std::to_string(std));
    // The largest real root of f(γ) = γ³ + 7γ² + (16 − t)γ + 12 − t, t = σ⁻², by Newton's method from
    // above all roots (Cauchy's bound), where f is increasing and convex: the iterates fall
    // monotonically onto it.
    const double t = 1 / (std * std);
    const double a2 = 7, a1 = 16 - t, a0 = 12 - t;
    double x = 1 + std::max({std::abs(a2), std::abs(a1), std::abs(a0)});
    for (int i = 0; i < 200; ++i) {
        const double f = ((x + a2) * x + a1) * x + a0;
        const double df = (3 * x + 2 * a2) * x + a1;
        const double next = x - f / df;
        if (!(next < x)) break;  // converged (in floating point the iterates stop falling)
        x = next;
    }
    return x;
}

double power_function_beta(double std, double t_next, double t_delta)
{
    return std::pow(1 - t_delta / t_next, phema_std_to_exp(std) + 1);
}

double power_function_correlation(double a_ofs, double a_std, double b_ofs, double b_std)
{
    const double a_exp = phema_std_to_exp(a_std), b_exp = phema_std_to_exp(b_std);
    const double t_ratio = a_ofs / b_ofs;
    const double t_exp = a_ofs < b_ofs ? b_exp : -a_exp;
    const double t_max = std::max(a_ofs, b_ofs);
    return (a_exp + 1) * (b_exp + 1) * std::pow(t_ratio, t_exp) / ((a_exp + b_exp + 1) * t_max);
}

torch::Tensor solve_posthoc_coefficients(const std::vector<double>& in_ofs, const std::vector<double>& in_std,
                                         double out_ofs, const std::vector<double>& out_std)
{
    const size_t n = in_ofs.size(), m = out_std.size();
    if (n == 0 || in_std.size() != n) fail("post-hoc EMA", "the snapshots' positions and EMA lengths differ in number");
    if (m == 0) fail("post-hoc EMA", "no EMA length to reconstruct");
    for (double o : in_ofs)
        if (!(o > 0)) fail("post-hoc EMA", "a snapshot's position must be > 0 images");
    if (!(out_ofs > 0)) fail("post-hoc EMA", "the reconstruction's position must be > 0 images");
    auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    torch::Tensor A = torch::empty({int64_t(n), int64_t(n)}, opts), B = torch::empty({int64_t(n), int64_t(m)}, opts);
    auto a = A.accessor<double, 2>();
    auto b = B.accessor<double, 2>();
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < n; ++j) a[i][j] = power_function_correlation(in_ofs[i], in_std[i], in_ofs[j], in_std[j]);
        for (size_t j = 0; j < m; ++j) b[i][j] = power_function_correlation(in_ofs[i], in_std[i], out_ofs, out_std[j]);
    }
    torch::Tensor X;
    try {
        X = at::linalg_solve(A, B);
    } catch (const c10::Error&) {
        fail("post-hoc EMA", "the stored snapshots cannot represent that EMA (a singular system): two snapshots "
                             "at the same position with the same length?");
    }
    if (!torch::isfinite(X).all().item<bool>())
        fail("post-hoc EMA", "the stored snapshots cannot represent that EMA (no finite solution)");
    return X / X.sum(0, true);
}

std::string phema_std_text(double std)
{
    // Thousandths by hand, not printf's %f: the studio runs under the user's locale ("0,050").
    const long long milli = std::llround(std * 1000);
    std::string frac = std::to_string(milli % 1000);
    return std::to_string(milli / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
}

namespace {

namespace fs = std::filesystem;

// "0.050" → 0.05 without the locale, in whole thousandths as EDM2 writes them (std:.3f);
// nullopt for anything else.
std::optional<double> parse_std(const std::string& text)
{
    if (text.size() != 5 || text[1] != '.' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
        text.find_first_not_of("0123456789", 2) != std::string::npos)
        return {};
    return ((text[0] - '0') * 1000 + std::stoi(text.substr(2))) / 1000.0;  // one division: the value phema_std_text names
}

// EDM2 names a snapshot by its kimg and counts its images in whole batches of 1024
// (reconstruct_phema.py kimg_to_nimg); a kimg that is no such count is taken as it is.
double official_images(int64_t kimg)
{
    const int64_t nimg = (kimg * 1000 + 999) / 1024 * 1024;
    return double(nimg / 1000 == kimg ? nimg : kimg * 1000);
}

std::vector<PhemaSnapshot> official_snapshots(const std::string& dir)
{
    std::vector<PhemaSnapshot> out;
    std::error_code ec;
    const std::string prefix = "network-snapshot-", suffix = ".pkl";
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        // network-snapshot-<kimg>-<σ_rel>.pkl as EDM2's and ECT's loops write them; the files
        // reconstruct_phema.py writes (phema-*.pkl) are results, not inputs, and are left out.
        const std::string name = entry.path().filename().string();
        if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        const size_t dash = middle.find('-');
        if (dash == std::string::npos || dash < 7 || dash > 12) continue;
        const std::string digits = middle.substr(0, dash);
        if (digits.find_first_not_of("0123456789") != std::string::npos) continue;
        const auto std = parse_std(middle.substr(dash + 1));
        std::error_code type_ec;
        if (!std || !(*std > 0 && *std < 0.28) || !entry.is_regular_file(type_ec)) continue;
        const int64_t kimg = std::stoll(digits);
        // EDM2's {kimg:07d}: one spelling per time, so no snapshot is taken twice.
        char canonical[24];
        std::snprintf(canonical, sizeof canonical, "%07lld", static_cast<long long>(kimg));
        if (kimg <= 0 || digits != canonical) continue;
        out.push_back({entry.path().string(), official_images(kimg), *std, -1});
    }
    return out;
}

void sort_snapshots(std::vector<PhemaSnapshot>& s)
{
    std::sort(s.begin(), s.end(), [](const PhemaSnapshot& a, const PhemaSnapshot& b) {
        return a.images != b.images ? a.images < b.images : a.std < b.std;
    });
}

}  // namespace

std::vector<PhemaSnapshot> list_phema_snapshots(const std::string& dir)
{
    std::vector<PhemaSnapshot> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) fail(dir, "is not a folder");
    const RunFolder run(dir);
    if (run.has_config()) {
        const auto files = run.phema_files();
        if (!files.empty()) {
            const TrainConfig config = run.read_config();  // validated: a batch of at least 1
            // A run's batch is fixed for its life (resume cannot change it): the profiles' time is step × batch.
            for (const auto& f : files)
                if (f.step > 0) out.push_back({f.path, double(f.step) * double(config.batch), f.std, f.step});
        }
    } else {
        out = official_snapshots(dir);
    }
    sort_snapshots(out);
    return out;
}

std::vector<PhemaSnapshot> phema_snapshots_of(const std::string& model_path, int64_t model_step)
{
    const fs::path file(model_path);
    fs::path run = file.parent_path();
    const std::string name = file.filename().string();
    if (run.filename() == "snapshots" && name.rfind("model-", 0) == 0) run = run.parent_path();
    else if (name != "model.safetensors") return {};
    if (run.empty()) run = ".";
    std::vector<PhemaSnapshot> out;
    try {
        const RunFolder folder(run.string());
        if (!folder.has_config() || folder.phema_files().empty()) return {};
        bool at_model = false;
        for (auto& s : list_phema_snapshots(run.string())) {
            if (s.step > model_step) continue;
            at_model = at_model || s.step == model_step;
            out.push_back(std::move(s));
        }
        // The average is reconstructed at the model's own time; without a snapshot there (a run
        // stopped between its state and its snapshots) it would be another time's.
        if (!at_model) return {};
    } catch (const std::exception&) {
        return {};  // an unreadable run offers no post-hoc EMA (opening it says why)
    }
    return out;
}

PosthocPlan plan_posthoc_ema(const std::vector<PhemaSnapshot>& snapshots, double std, double images)
{
    if (!(std > 0 && std < 0.28))
        fail("post-hoc EMA", "an EMA length (σ_rel) must be in (0, 0.28), not " + std::to_string(std));
    if (snapshots.empty()) fail("post-hoc EMA", "there are no power-function EMA snapshots to reconstruct from");
    double newest = 0;
    for (const auto& s : snapshots) newest = std::max(newest, s.images);
    if (images <= 0) {
        images = newest;
    } else if (std::none_of(snapshots.begin(), snapshots.end(), [&](const PhemaSnapshot& s) { return s.images == images; })) {
        std::string times;
        std::vector<double> seen;
        for (const auto& s : snapshots)
            if (seen.empty() || seen.back() != s.images) seen.push_back(s.images);
        for (size_t i = 0; i < seen.size() && i < 8; ++i) times += (i ? ", " : "") + std::to_string(int64_t(seen[i]));
        if (seen.size() > 8) times += ", ... " + std::to_string(int64_t(seen.back()));
        fail("post-hoc EMA", "no snapshot was taken at " + std::to_string(int64_t(images)) +
                                 " images: reconstruct at a snapshot's time (" + times + ")");
    }
    PosthocPlan plan;
    plan.std = std;
    plan.images = images;
    std::vector<double> ofs, stds;
    for (const auto& s : snapshots) {
        if (!(s.images > 0 && s.images <= images)) continue;
        plan.inputs.push_back(s);
        ofs.push_back(s.images);
        stds.push_back(s.std);
    }
    const torch::Tensor x = solve_posthoc_coefficients(ofs, stds, images, {std});
    const auto a = x.accessor<double, 2>();
    for (size_t i = 0; i < plan.inputs.size(); ++i) plan.weights.push_back(a[i][0]);
    return plan;
}

std::optional<ModelFile> reconstruct_posthoc_ema(const PosthocPlan& plan, const std::function<bool(double)>& keep_going)
{
    if (plan.inputs.empty() || plan.inputs.size() != plan.weights.size())
        fail("post-hoc EMA", "a reconstruction needs its snapshots and one weight for each");
    torch::NoGradGuard no_grad;
    std::optional<ModelFile> out;
    std::string first_network;
    std::vector<torch::Tensor> sums;
    for (size_t i = 0; i < plan.inputs.size(); ++i) {
        const PhemaSnapshot& in = plan.inputs[i];
        ModelFile file = load_model(in.path);
        // What the file says of itself against its name (ECT Studio's snapshots say both).
        const auto recorded = file.metadata.find("ect.phema.std");
        if (recorded != file.metadata.end() && recorded->second != phema_std_text(in.std))
            fail(in.path, "says it holds the EMA of length " + recorded->second.substr(0, 20) + ", its name " +
                              phema_std_text(in.std));
        const auto images = file.metadata.find("ect.phema.images");
        if (images != file.metadata.end() && images->second != std::to_string(int64_t(in.images)))
            fail(in.path, "was taken at " + images->second.substr(0, 24) + " images, its run's step and batch say " +
                              std::to_string(int64_t(in.images)));
        const std::string network = file.config.to_json();
        std::vector<torch::Tensor> params;
        for (const auto& p : file.net->parameters()) params.push_back(p.detach());
        if (i == 0) {
            first_network = network;
            for (const auto& p : params) sums.push_back(torch::zeros_like(p, p.options().dtype(torch::kFloat32)));
        } else if (network != first_network) {
            fail(in.path, "is another network than " + plan.inputs[0].path + ": a reconstruction combines one network's snapshots");
        }
        for (size_t k = 0; k < params.size(); ++k) sums[k].add_(params[k].to(torch::kFloat32), plan.weights[i]);
        if (i + 1 == plan.inputs.size()) out = std::move(file);  // the newest: its buffers and metadata
        if (keep_going && !keep_going(double(i + 1) / double(plan.inputs.size()))) return std::nullopt;
    }
    size_t k = 0;
    for (const auto& p : out->net->parameters()) p.detach().copy_(sums[k++]);
    out->metadata["ect.phema.std"] = phema_std_text(plan.std);
    out->metadata["ect.phema.posthoc"] =
        nlohmann::json{{"images", int64_t(plan.images)}, {"snapshots", plan.inputs.size()}}.dump();
    out->path.clear();  // made in memory: no file of its own yet
    return out;
}

double edm2_learning_rate(double cur_nimg, double batch, double ref_lr, double ref_batches, double rampup_images)
{
    double lr = ref_lr;
    if (ref_batches > 0) lr /= std::sqrt(std::max(cur_nimg / (ref_batches * batch), 1.0));
    if (rampup_images > 0) lr *= std::min(cur_nimg / rampup_images, 1.0);
    return lr;
}

}  // namespace ect
