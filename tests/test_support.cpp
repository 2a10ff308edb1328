// Test helpers shared by all test executables.
#include "test_support.h"

#include "ect/selftest.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <cstdlib>

namespace ect::test {

std::string fixture(const std::string& name)
{
    const char* env = std::getenv("ECT_FIXTURES");
    const std::string dir = env && *env ? env : ECT_FIXTURES_DIR;
    return dir + "/" + name;
}

double relative_error(const torch::Tensor& ours, const torch::Tensor& ref)
{
    return ect::relative_l2_error(ours, ref);  // the parity checks' own measure
}

NetworkConfig tiny_config(int label_dim, double dropout)
{
    NetworkConfig c;
    c.img_resolution = 16;
    c.img_channels = 1;
    c.label_dim = label_dim;
    c.model_channels = 16;
    c.channel_mult = {1, 2};
    c.num_blocks = 1;
    c.attn_resolutions = {8};
    c.dropout = dropout;
    return c;
}

QString temp_path(const QString& name)
{
    static QTemporaryDir dir;
    return QDir(dir.path()).filePath(name);
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
