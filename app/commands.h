// The `ect` subcommands implemented outside ect_main.cpp.
#pragma once

#include "ect/trainer.h"

namespace ect::cli {

// `ect pretrain` and `ect tune`: argv[2..] are the command's flags.
int train_command(TrainMode mode, int argc, char** argv);

// `ect bench`: training throughput of presets.
int bench_command(int argc, char** argv);

// `ect eval`, `ect search-mid`, `ect train-classifier` (eval_command.cpp).
int eval_command(int argc, char** argv);
int search_mid_command(int argc, char** argv);
int train_classifier_command(int argc, char** argv);

// The bundled model that fits a sampler: the consistency model for "cm", the diffusion model
// for "heun"/"euler". Throws Error when it is not installed.
std::string default_model_for(const std::string& sampler);

}  // namespace ect::cli
