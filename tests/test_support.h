// Shared helpers for the test executables: fixture paths, error measures, tiny networks.
#pragma once

#include "ect/network_config.h"
#include "ect/precond.h"
#include "ect/safetensors.h"

#include <QString>
#include <QStringList>

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

// One run of the `ect` tool: exit code (−1 when it crashed or hung), stdout, stderr.
struct CliRun {
    int code = -1;
    QString out, err;
};
// Runs `ect` with `args`; `models_dir`, when given, becomes ECT_MODELS_DIR (the bundled models).
CliRun run_ect(const QStringList& args, const QString& models_dir = {}, int timeout_ms = 600000);

}  // namespace ect::test
