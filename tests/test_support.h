// Helpers for the QtTest executables: the Qt-free ones (core_support.h) and Qt's strings and
// processes (temporary paths as QString, running the `ect` tool).
#pragma once

#include "core_support.h"

#include <QString>
#include <QStringList>

#include <string>

namespace ect::test {

// temp_file as a QString.
QString temp_path(const QString& name);

// One run of the `ect` tool: exit code (−1 when it crashed or hung), stdout, stderr.
struct CliRun {
    int code = -1;
    QString out, err;
};
// Runs `ect` with `args`; `models_dir`, when given, becomes ECT_MODELS_DIR (the bundled models).
CliRun run_ect(const QStringList& args, const QString& models_dir = {}, int timeout_ms = 600000);

}  // namespace ect::test
