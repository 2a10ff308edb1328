// Tensor → QImage conversion through core's 8-bit grid tiling.
#include "qt_bridge.h"

#include "ect/method/xy_plot.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>

#include "settings.h"

#include "ect/error.h"
#include "ect/printable.h"

#include <QCoreApplication>

#include "ect/io/image_io.h"

#include <c10/util/Exception.h>

namespace studio {

QImage grid_image(const torch::Tensor& images, int columns, int gap)
{
    const ect::Image8 g = ect::tile_grid(ect::images_to_uint8(images), columns, gap);
    const QImage::Format format = g.channels == 1 ? QImage::Format_Grayscale8
                                  : g.channels == 3 ? QImage::Format_RGB888
                                                    : QImage::Format_RGBA8888;
    QImage view(g.pixels.data(), g.width, g.height, g.width * g.channels, format);
    return view.copy();  // own the pixels
}

QString model_name(const QString& path, const std::map<std::string, std::string>& metadata)
{
    const QFileInfo file(path);
    const auto step = metadata.find("ect.step");
    const bool run_model = file.fileName() == QLatin1String("model.safetensors") ||
                           (file.dir().dirName() == QLatin1String("snapshots") && file.fileName().startsWith("model-"));
    if (!run_model || step == metadata.end()) return file.completeBaseName();
    QDir run = file.dir();
    if (run.dirName() == QLatin1String("snapshots")) run.cdUp();
    return QCoreApplication::translate("studio", "%1 · step %2").arg(run.dirName(), QString::fromStdString(step->second));
}

QString network_summary(const ect::NetworkConfig& c)
{
    auto list = [](const std::vector<int>& v) {
        QStringList parts;
        for (int x : v) parts << QString::number(x);
        return parts.join(',');
    };
    const QString size = QString("%1×%1×%2").arg(c.img_resolution).arg(c.img_channels);
    const QString classes = c.label_dim ? QCoreApplication::translate("studio", "%1 classes").arg(c.label_dim)
                                        : QCoreApplication::translate("studio", "unconditional");
    // The family's name is the network's own name (SongUNet, DhariwalUNet): not translated.
    QString text = QCoreApplication::translate("studio", "%1 %2, %3, channels %4×[%5], %6 blocks per level")
                       .arg(QString::fromStdString(c.family_title()), size, classes)
                       .arg(c.model_channels)
                       .arg(list(c.channel_mult))
                       .arg(c.num_blocks);
    if (!c.attn_resolutions.empty())
        text += QCoreApplication::translate("studio", ", attention at %1").arg(list(c.attn_resolutions));
    return text + QCoreApplication::translate("studio", ", dropout %1").arg(QLocale().toString(c.dropout, 'g', 3));
}

QString device_text(const torch::Device& device)
{
    if (!device.is_cuda()) return QCoreApplication::translate("studio", "CPU (%1 threads)").arg(torch::get_num_threads());
    return QString::fromStdString(ect::describe_device(device));  // the GPU's own name
}

QString model_origin(const ect::ModelFile& model)
{
    if (model.is_diffusion() && !model.metadata.count("ect.base_model"))
        return QCoreApplication::translate("studio", "diffusion model · %1").arg(QString::fromStdString(model.objective()));
    QString text = QCoreApplication::translate("studio", "%1 · objective %2")
                       .arg(model.is_diffusion() ? QCoreApplication::translate("studio", "diffusion")
                                                 : QCoreApplication::translate("studio", "consistency"),
                            QString::fromStdString(model.objective()));
    const auto base = model.metadata.find("ect.base_model");
    if (base != model.metadata.end()) {
        const auto sha = model.metadata.find("ect.base_model_sha256");
        text += QCoreApplication::translate("studio", " · from %1").arg(QString::fromStdString(ect::printable(base->second)));
        if (sha != model.metadata.end()) text += QString(" (%1)").arg(QString::fromStdString(ect::printable(sha->second.substr(0, 10))));
    }
    return text;
}

QString model_name(const ect::ModelFile& model)
{
    return model_name(QString::fromStdString(model.path), model.metadata);
}

QString error_text(const std::exception& e)
{
    // Core's errors of a known kind in the studio's words and language; the rest as core says them.
    if (const auto* ours = dynamic_cast<const ect::Error*>(&e)) {
        const auto& a = ours->args();
        auto arg = [&](size_t i) { return i < a.size() ? QString::fromStdString(ect::printable(a[i])) : QString(); };
        switch (ours->kind()) {  // no default: -Werror=switch names a kind without words
        case ect::ErrorKind::Other: break;
        case ect::ErrorKind::FileUnreadable: return QCoreApplication::translate("studio", "%1 cannot be opened (%2).").arg(arg(0), arg(1));
        case ect::ErrorKind::NotAModelFile:
            return QCoreApplication::translate("studio", "%1 is not a model file: ECT Studio opens .safetensors models and official .pkl snapshots.").arg(arg(0));
        case ect::ErrorKind::RunFolderInUse:
            return QCoreApplication::translate("studio", "%1 already holds a training run. Continue it with Resume run…, or choose another run folder.").arg(arg(0));
        case ect::ErrorKind::NoBaseModel: return QCoreApplication::translate("studio", "ECT tuning starts from a diffusion model: choose a base model.");
        case ect::ErrorKind::NotARunFolder: return QCoreApplication::translate("studio", "%1 is not a training run folder (it has no config.json).").arg(arg(0));
        case ect::ErrorKind::NoImagesFound: return QCoreApplication::translate("studio", "%1 holds no images (PNG, JPEG, TIFF, EXR, …).").arg(arg(0));
        case ect::ErrorKind::NoImageReadable: return QCoreApplication::translate("studio", "None of the %2 images in %1 could be read.").arg(arg(0), arg(1));
        case ect::ErrorKind::BadLevels:
            return QCoreApplication::translate("studio", "“%1” is not a list of levels: give numbers separated by commas, such as 2.7,0.7.").arg(arg(0));
        }
    }
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) {
        const std::string msg = c10->what_without_backtrace();
        return QString::fromStdString(ect::printable(msg.substr(0, msg.find('\n'))));
    }
    // Messages quote names from files: control characters are shown escaped, never acted on.
    return QString::fromStdString(ect::printable(e.what()));
}

ect::Precision preferred_precision(const torch::Device& device)
{
    const std::string name = settings::precision.value().toStdString();
    try {
        const ect::Precision p = name == "auto" ? ect::default_precision(device) : ect::parse_precision(name);
        ect::check_precision(p, device);
        return p;
    } catch (const ect::Error&) {
        return ect::default_precision(device);  // a stale or CUDA-only setting on this machine
    }
}

namespace {
// lupdate cannot read core's sampler table, so its texts are listed here for the translators. A
// sampler added to the table shows its English text until it is listed and translated.
[[maybe_unused]] const char* const kSamplerTexts[] = {
    QT_TRANSLATE_NOOP("Sampler", "Consistency (ECT)"), QT_TRANSLATE_NOOP("Sampler", "EDM Heun"),
    QT_TRANSLATE_NOOP("Sampler", "EDM Euler"),         QT_TRANSLATE_NOOP("Sampler", "ECT"),
    QT_TRANSLATE_NOOP("Sampler", "Heun"),              QT_TRANSLATE_NOOP("Sampler", "Euler"),
    QT_TRANSLATE_NOOP("Sampler", "DPM-Solver++ (2M)"), QT_TRANSLATE_NOOP("Sampler", "DPM++")};
}  // namespace

QString sampler_label(const ect::SamplerInfo& info)
{
    return QCoreApplication::translate("Sampler", info.label);
}

QString sampler_caption(const ect::SamplerInfo& info, int steps, const QString& given)
{
    const QString name = given.isEmpty() ? QCoreApplication::translate("Sampler", info.short_name) : given;
    return steps == 1 ? QCoreApplication::translate("Sampler", "%1 1 step").arg(name)
                      : QCoreApplication::translate("Sampler", "%1 %2 steps").arg(name).arg(steps);
}

namespace {
// The plot axis table's labels, for lupdate (core keeps the English).
[[maybe_unused]] const char* const kPlotAxisLabels[] = {
    QT_TRANSLATE_NOOP("PlotAxis", "Seed"),  QT_TRANSLATE_NOOP("PlotAxis", "Steps"),   QT_TRANSLATE_NOOP("PlotAxis", "Mid levels"),
    QT_TRANSLATE_NOOP("PlotAxis", "Class"), QT_TRANSLATE_NOOP("PlotAxis", "Sampler"), QT_TRANSLATE_NOOP("PlotAxis", "Checkpoint")};
}  // namespace

QString plot_axis_label(const ect::PlotAxisInfo& info)
{
    return QCoreApplication::translate("PlotAxis", info.label);
}

}  // namespace studio
