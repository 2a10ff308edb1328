// The studio's reader of settings stored in exported figures (`ect-settings`), driven through the
// real window: the JSON goes into a PNG as the studio writes it, and MainWindow::openSettingsImage
// reads it back and hands it to the area it names (Sampler, Compare, Training), as a drop or
// File > Open settings does.
#include "fuzz_targets.h"

#include "compare_panel.h"
#include "main_window.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/io/image_io.h"

#include <QCoreApplication>

#include <memory>

namespace fuzz {
namespace {

studio::MainWindow& window()
{
    static std::unique_ptr<studio::MainWindow> w = [] {
        auto made = std::make_unique<studio::MainWindow>();
        made->resize(1000, 700);
        return made;
    }();
    return *w;
}

std::string figure_with_settings(const std::string& json)
{
    ect::Image8 img;
    img.width = img.height = 2;
    img.channels = 3;
    img.pixels.assign(12, 128);
    return ect::encode_png(img, {{"parameters", "Steps: 1"}, {"ect-settings", json}});
}

std::vector<std::string> settings_seeds()
{
    // What each area writes (its settings() as exported), so the corpus starts from real files.
    return {window().samplerPanel()->settings().dump(), window().comparePanel()->settings().dump(),
            window().trainingPanel()->settings().dump()};
}

void settings_run(const uint8_t* data, size_t size)
{
    const std::string png = figure_with_settings(std::string(reinterpret_cast<const char*>(data), size));
    const std::string path = scratch_dir() + "/settings.png";
    write_bytes(path, reinterpret_cast<const uint8_t*>(png.data()), png.size());
    window().openSettingsImage(QString::fromStdString(path), /*quiet=*/true);
    QCoreApplication::processEvents();  // what the edits queued (coalesced jobs, redraws) runs too
}

}  // namespace

std::vector<Target> studio_targets()
{
    return {{"studio-settings",
             "MainWindow::openSettingsImage: `ect-settings` JSON of an exported figure, applied to its area",
             settings_run, settings_seeds}};
}

}  // namespace fuzz
