// The `ect` subcommands implemented outside ect_main.cpp.
#pragma once

#include "cli_args.h"

#include "ect/method/generate.h"
#include "ect/network/model_file.h"
#include "ect/training/trainer.h"

namespace ect::cli {

// `ect pretrain` and `ect tune`: argv[2..] are the command's flags.
int train_command(const std::string& command, int argc, char** argv);  // "pretrain" or "tune"

// `ect posthoc-ema`: an EMA of any length from power-function EMA snapshots (posthoc_command.cpp).
int posthoc_ema_command(int argc, char** argv);

// `ect edit`: zero-shot editing with a consistency (or diffusion) model (edit_command.cpp).
int edit_command(int argc, char** argv);

// `ect bench`: training throughput of presets.
int bench_command(int argc, char** argv);

// `ect eval`, `ect search-mid`, `ect train-classifier` (eval_command.cpp).
int eval_command(int argc, char** argv);
int search_mid_command(int argc, char** argv);
int train_classifier_command(int argc, char** argv);
// `ect plot`: FD against NFE or training images as a PNG chart (eval_command.cpp).
int plot_command(int argc, char** argv);

// --sampler, --steps, --mid, --seed, --count, --batch and --class (whichever the command has) as
// generation settings for `model`; mistakes become UsageError. Defaults: the model's sampler,
// 1 consistency or 18 Heun steps, the model's mid levels, seed 0, class cycling.
struct SettingsLimits {
    int64_t default_count, min_count, max_count;
    int default_batch, max_batch;
};
GenerateSettings generate_settings_from_args(const Args& args, const ModelFile& model, const SettingsLimits& limits);

// The group this process joins when torchrun (or another launcher setting RANK, WORLD_SIZE,
// MASTER_ADDR and MASTER_PORT) started it, else null. `device` is the device asked for (auto,
// cpu, cuda); `timeout_flag` the flag's value in seconds (0: the default, 30 minutes).
std::shared_ptr<DistributedGroup> join_launch_group(const std::string& device, int64_t timeout_seconds);
// " [rank N]" in a launched process (its messages name it), else "".
std::string rank_tag();

// --precision as given (checked against `device`; a mistake is a UsageError), else the device's default.
Precision precision_from_args(const Args& args, const torch::Device& device);

// load_model, plus a note on stderr when `path` is an official EDM/ECT snapshot (.pkl) converted
// on the way in, saying how to keep the conversion (`ect import`).
ModelFile load_model_noting(const std::string& path, const torch::Device& device = torch::kCPU,
                            const LoadOptions& options = {});
// The same note for a path another part of the engine loads (the trainer's --base).
void note_if_snapshot(const std::string& path);

// The bundled model that fits a sampler: the consistency model for "cm", the diffusion model
// for "heun"/"euler". Throws Error when it is not installed.
std::string default_model_for(const std::string& sampler);
// The --sampler and --steps help texts, from the sampler table.
Flag sampler_flag();
Flag steps_flag();

}  // namespace ect::cli
