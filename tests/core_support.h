// Helpers for every test executable, Qt-free: fixture paths, error measures, tiny networks,
// temporary files.
#pragma once

#include "ect/io/safetensors.h"
#include "ect/method/precond.h"
#include "ect/network/network_config.h"
#include "ect/training/recipe.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ect::test {

// Path of a reference fixture file (ECT_FIXTURES overrides the configured folder).
std::string fixture(const std::string& name);

// ‖ours − ref‖ / ‖ref‖ in float64.
double relative_error(const torch::Tensor& ours, const torch::Tensor& ref);

// A small SongUNet for fast tests: 16×16×1, 2 levels, attention at 8, optional labels/dropout.
NetworkConfig tiny_config(int label_dim = 0, double dropout = 0.0);

// A path inside this process's temporary folder (made on first use, removed at exit).
std::string temp_file(const std::string& name);
// A path in this process's temporary folder with nothing at it (removed first): a run folder.
std::string fresh_dir(const std::string& name);
// The tiny preset trained on the CPU for `steps` steps: 256 Fashion-MNIST images, 2 threads, a log
// record per step, no sample grids but the last, a checkpoint only at the end.
TrainConfig tiny_training(const std::string& objective, int64_t steps);

// A whole file as bytes (empty when unreadable), and bytes written to a file (replacing it).
std::string slurp(const std::string& path);
void spit(const std::string& path, const std::string& bytes);
// The JSON objects of a JSONL file (a run's log.jsonl); lines that do not parse are skipped (a
// run being written may show a half-written last line).
std::vector<nlohmann::json> read_jsonl(const std::string& path);

}  // namespace ect::test
