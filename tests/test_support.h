// Shared helpers for the test executables: fixture paths, error measures, tiny networks.
#pragma once

#include "ect/network_config.h"
#include "ect/precond.h"
#include "ect/safetensors.h"

#include <QString>

#include <string>

namespace ect::test {

// Path of a reference fixture file (ECT_FIXTURES overrides the configured folder).
std::string fixture(const std::string& name);

// ‖ours − ref‖ / ‖ref‖ in float64.
double relative_error(const torch::Tensor& ours, const torch::Tensor& ref);

// A small SongUNet for fast tests: 16×16×1, 2 levels, attention at 8, optional labels/dropout.
NetworkConfig tiny_config(int label_dim = 0, double dropout = 0.0);

// A fresh temporary directory path (removed at exit by QTemporaryDir's owner).
QString temp_path(const QString& name);

}  // namespace ect::test
