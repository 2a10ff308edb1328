// `ect posthoc-ema`: the EMA of any length, after training, from a run's power-function EMA
// snapshots (EDM2's post-hoc EMA; ECT Studio runs and official EDM2/ECT run directories alike).
#include "cli_args.h"
#include "commands.h"

#include "ect/error.h"
#include "ect/io/safetensors.h"
#include "ect/printable.h"
#include "ect/training/phema.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace ect::cli {
namespace {

namespace fs = std::filesystem;

std::string count_text(double images)
{
    std::string digits = std::to_string(int64_t(images)), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// Where a reconstruction goes by default: RUN/posthoc/model-<step>-<σ>.safetensors for an ECT
// Studio run, DIR/posthoc/phema-<kimg>-<σ>.safetensors (EDM2's naming) for an official directory.
std::string default_output(const std::string& dir, const PosthocPlan& plan)
{
    char stem[48];
    const PhemaSnapshot& newest = plan.inputs.back();
    if (newest.step >= 0) std::snprintf(stem, sizeof stem, "model-%08lld-", static_cast<long long>(newest.step));
    else std::snprintf(stem, sizeof stem, "phema-%07lld-", static_cast<long long>(plan.images / 1000));
    return (fs::path(dir) / "posthoc" / (stem + phema_std_text(plan.std) + ".safetensors")).string();
}

}  // namespace

int posthoc_ema_command(int argc, char** argv)
{
    Args args("posthoc-ema",
              "Reconstruct the EMA of any length after training from the power-function EMA snapshots of a run "
              "(trained with --ema-std; RUN/phema/) or of an official EDM2 or ECT ImageNet-64 run directory "
              "(network-snapshot-<kimg>-<std>.pkl). Each length is written as a model file.",
              {{"std", "S[,S...]", "EMA length(s) to reconstruct, as relative standard deviation σ_rel in (0, 0.28)\n"
                                   "(EDM2's 0.050 and 0.100 are the usual profiles; shorter averages react faster)"},
               {"at", "IMAGES", "Reconstruct the average as it was at this many training images (a snapshot's time;\n"
                                "default the newest)"},
               {"out", "PATH", "The model file to write (one --std), or a folder for several (default RUN/posthoc/)"},
               {"list", "", "List the snapshots and their times, write nothing"},
               {"force", "", "Replace files that exist"}},
              {"RUN"}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    const std::string dir = args.positional()[0];
    const std::vector<PhemaSnapshot> snapshots = list_phema_snapshots(dir);
    if (snapshots.empty())
        throw Error(printable(dir) + ": holds no power-function EMA snapshots (train with --ema-std, e.g. --ema-std 0.05,0.10; "
                          "or point at an EDM2 run directory with network-snapshot-<kimg>-<std>.pkl files)");
    if (args.has("list")) {
        std::cout << "Power-function EMA snapshots in " << printable(dir) << ":\n";
        for (const auto& s : snapshots)
            std::cout << "  " << count_text(s.images) << " images" << (s.step >= 0 ? "  step " + std::to_string(s.step) : "")
                      << "  σ_rel " << phema_std_text(s.std) << "  " << printable(fs::path(s.path).filename().string()) << '\n';
        return 0;
    }
    if (!args.has("std")) throw UsageError("give --std (the EMA length to reconstruct) or --list");
    // Each length once, in whole thousandths as the files name them (EDM2: sorted(set(...))).
    std::vector<double> stds;
    for (double s : args.numbers("std")) {
        if (!(s >= 0.001 && s < 0.28) || std::abs(s * 1000 - std::round(s * 1000)) > 1e-6)
            throw UsageError("--std: an EMA length σ_rel is in whole thousandths in [0.001, 0.28), not " + std::to_string(s));
        if (std::none_of(stds.begin(), stds.end(), [&](double t) { return phema_std_text(t) == phema_std_text(s); }))
            stds.push_back(s);
    }
    std::sort(stds.begin(), stds.end());
    // Times are this run's training images (an ECT Studio run: step × batch; see --list).
    const double at = args.has("at") ? double(args.integer("at", 0, 1, 1LL << 60)) : 0;
    const bool several = stds.size() > 1;
    // Every plan and output checked before the first long reconstruction.
    std::vector<std::pair<PosthocPlan, std::string>> jobs;
    for (double s : stds) {
        PosthocPlan plan = plan_posthoc_ema(snapshots, s, at);
        std::string out = default_output(dir, plan);
        if (args.has("out")) out = several ? (fs::path(args.text("out")) / fs::path(out).filename()).string() : args.text("out");
        if (fs::exists(out) && !args.has("force")) throw Error(printable(out) + ": exists; pass --force to replace it");
        std::error_code ec;
        fs::create_directories(fs::path(out).parent_path().empty() ? fs::path(".") : fs::path(out).parent_path(), ec);
        check_output_path(out);
        jobs.emplace_back(std::move(plan), out);
    }
    for (const auto& [plan, out] : jobs) {
        std::cout << "σ_rel " << phema_std_text(plan.std) << " at " << count_text(plan.images) << " images from "
                  << plan.inputs.size() << " snapshot(s)";
        double largest = 0;
        for (double w : plan.weights) largest = std::max(largest, std::abs(w));
        std::printf(" (largest |weight| %.3g)\n", largest);
        std::optional<ModelFile> model = reconstruct_posthoc_ema(plan);
        save_model(out, model->net, model->metadata);
        std::cout << "  wrote " << printable(out) << '\n';
    }
    return 0;
}

}  // namespace ect::cli
