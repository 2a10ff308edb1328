// Tensor → QImage conversion through core's 8-bit grid tiling.
#include "qt_bridge.h"

#include "ect/error.h"

#include <QSettings>

#include "ect/image_io.h"

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
    const std::string name = QSettings().value("preferences/precision", "auto").toString().toStdString();
    try {
        const ect::Precision p = name == "auto" ? ect::default_precision(device) : ect::parse_precision(name);
        ect::check_precision(p, device);
        return p;
    } catch (const ect::Error&) {
        return ect::default_precision(device);  // a stale or CUDA-only setting on this machine
    }
}

}  // namespace studio
