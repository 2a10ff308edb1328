// The studio's reader of settings stored in exported figures (`ect-settings`), driven through the
// real window: the JSON goes into a PNG as the studio writes it, and MainWindow::openSettingsImage
// reads it back and hands it to the area it names (Sampler, Compare, Training, Edit), as a drop or
// File > Open settings does.
#include "fuzz_targets.h"

#include "compare_panel.h"
#include "edit_panel.h"
#include "main_window.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/io/image_io.h"
#include "ect/training/recipe.h"
#include "ect/training/run_folder.h"

#include <QCoreApplication>

#include <filesystem>
#include <fstream>
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
            window().trainingPanel()->settings().dump(), window().editPanel()->settings().dump()};
}

void settings_run(const uint8_t* data, size_t size)
{
    const std::string png = figure_with_settings(std::string(reinterpret_cast<const char*>(data), size));
    const std::string path = scratch_dir() + "/settings.png";
    write_bytes(path, reinterpret_cast<const uint8_t*>(png.data()), png.size());
    window().openSettingsImage(QString::fromStdString(path), /*quiet=*/true);
    QCoreApplication::processEvents();  // what the edits queued (coalesced jobs, redraws) runs too
}

// ---- the Training area watching a run folder: config.json, log.jsonl (in two looks), a grid -------
// The input is the three parts separated by kPartBreak. The first half of the log is there when
// watching starts, the second half is appended before the next look, as a live run writes it.

std::vector<std::string> watch_seeds()
{
    ect::TrainConfig c = ect::make_preset("tiny", "ect");
    c.base_model = "base.safetensors";
    const std::string log = std::string(R"({"step":10,"kimg":0.16,"stage":0,"loss":0.5,"lr":0.0001})") + "\n" +
                            R"({"step":12,"kimg":0.2,"fd":{"cm1":3.5,"cm2":2.25},"fd_samples":2000})" + "\n" +
                            R"({"step":14,"kimg":0.3,"stage":1,"loss":0.25,"lr":0.0001})" + "\n";
    return {c.to_json() + kPartBreak + log + kPartBreak + figure_with_settings("{}")};
}

void watch_run(const uint8_t* data, size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> parts = split_parts(input, 3);
    const std::string dir = scratch_dir() + "/watched-run";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/samples");
    const ect::RunFolder folder(dir);
    auto put = [](const std::string& path, const std::string& bytes) {
        write_bytes(path, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    };
    put(folder.config_path(), parts[0]);
    const std::string& log = parts[1];
    put(folder.log_path(), log.substr(0, log.size() / 2));
    put(folder.grid_path(10), parts[2]);
    studio::TrainingPanel* panel = window().trainingPanel();
    if (panel->watchRun(QString::fromStdString(dir))) {
        std::ofstream(folder.log_path(), std::ios::app | std::ios::binary) << log.substr(log.size() / 2);
        put(folder.grid_path(20), parts[2]);
        panel->pollWatchedRun();
        QCoreApplication::processEvents();
        panel->stopWatching();
    }
}

}  // namespace

std::vector<Target> studio_targets()
{
    return {{"studio-settings",
             "MainWindow::openSettingsImage: `ect-settings` JSON of an exported figure, applied to its area",
             settings_run, settings_seeds},
            {"studio-watch", "TrainingPanel::watchRun + pollWatchedRun: a run folder's config, log (two looks) and grids",
             watch_run, watch_seeds}};
}

}  // namespace fuzz
