// The `ect` subcommands implemented outside ect_main.cpp.
#pragma once

#include "ect/trainer.h"

namespace ect::cli {

// `ect pretrain` and `ect tune`: argv[2..] are the command's flags.
int train_command(TrainMode mode, int argc, char** argv);

// `ect bench`: training throughput of presets.
int bench_command(int argc, char** argv);

}  // namespace ect::cli
