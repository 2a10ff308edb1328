// Tensor → QImage conversion through core's 8-bit grid tiling.
#include "qt_bridge.h"

#include "settings.h"

#include "ect/error.h"

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

QString error_text(const std::exception& e)
{
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) {
        const QString msg = QString::fromStdString(c10->what_without_backtrace());
        return msg.section('\n', 0, 0);
    }
    return QString::fromUtf8(e.what());
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
    QT_TRANSLATE_NOOP("Sampler", "Heun"),              QT_TRANSLATE_NOOP("Sampler", "Euler")};
}  // namespace

QString sampler_label(const ect::SamplerInfo& info)
{
    return QCoreApplication::translate("Sampler", info.label);
}

QString sampler_caption(const ect::SamplerInfo& info, int steps)
{
    const QString name = QCoreApplication::translate("Sampler", info.short_name);
    return steps == 1 ? QCoreApplication::translate("Sampler", "%1 1 step").arg(name)
                      : QCoreApplication::translate("Sampler", "%1 %2 steps").arg(name).arg(steps);
}

}  // namespace studio
