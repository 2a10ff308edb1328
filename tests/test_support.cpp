// Test helpers shared by all test executables.
#include "test_support.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>

namespace ect::test {

QString temp_path(const QString& name)
{
    return QString::fromStdString(temp_file(name.toStdString()));
}

CliRun run_ect(const QStringList& args, const QString& models_dir, int timeout_ms)
{
    QProcess p;
    if (!models_dir.isNull()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("ECT_MODELS_DIR", models_dir);
        p.setProcessEnvironment(env);
    }
    p.start(ECT_CLI_PATH, args);
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace ect::test
