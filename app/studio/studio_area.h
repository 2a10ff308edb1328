// What the main window needs from each of its areas (Training, Sampler, Compare, Edit), so that it
// knows none of their widgets: the figure File → Export writes, the settings kept between
// sessions and stored inside exported PNGs, and the models those settings name. To add an area:
// implement this interface, and add the widget in MainWindow's constructor.
#pragma once

#include "ect/io/json_read.h"
#include "ect/network/model_file.h"

#include <QImage>
#include <QString>

#include <nlohmann/json.hpp>

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace studio {

// Where an opened model goes: the base diffusion model (Sampler, Training's base), the consistency
// model (Sampler), or only the list of loaded models that Compare draws its columns from. Every
// model opened into a slot joins that list too.
enum class ModelSlot { Base, Consistency, Listed };

// What the main window has loaded: the two slots and the list (oldest first; the slots' models are
// in it). A model's kind ("diffusion" or "consistency"), objective and base are in its metadata.
struct LoadedModels {
    std::shared_ptr<ect::ModelFile> base, consistency;
    std::vector<std::shared_ptr<ect::ModelFile>> all;
};

// An exported figure: the picture (labels drawn in), the parameters as text (the PNG's
// "parameters" chunk), and the settings that restore the area (its "ect-settings" chunk).
struct AreaFigure {
    QImage image;  // null: nothing to export yet
    QString parameters;
    nlohmann::json settings;
};

// A model named by stored settings, for the slot it goes into.
struct ModelReference {
    ModelSlot slot;
    QString path;
};

class StudioArea {
public:
    virtual ~StudioArea() = default;

    // The settings' "kind", the session key and the default export file name ("sampler", …).
    virtual QString areaKey() const = 0;
    virtual QString exportName() const = 0;

    // The models the main window loaded (either slot may be empty), after every change.
    virtual void setModels(const LoadedModels& models) = 0;

    virtual AreaFigure exportFigure() const = 0;
    // False while the area is still making what it shows (a render in progress): a scripted
    // export waits for it.
    virtual bool ready() const { return true; }

    // The controls as JSON ({"kind": areaKey(), ...}) and back. applySettings reads every field
    // with its type checked and ignores what is missing or malformed: the JSON may come from a
    // file. It returns false when the settings cannot be restored here (the reason in `why`).
    virtual nlohmann::json settings() const = 0;
    virtual bool applySettings(const nlohmann::json& settings, QString* why = nullptr) = 0;
    // The models stored settings were made with, which the window loads before applySettings.
    virtual std::vector<ModelReference> modelsIn(const nlohmann::json&) const { return {}; }
};

// Checked reads of a JSON object that came from a file: the value when `key` holds the right
// type, else nothing (never an exception).
inline std::optional<std::string> json_string(const nlohmann::json& j, const char* key)
{
    if (!j.is_object()) return std::nullopt;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

inline std::optional<int64_t> json_integer(const nlohmann::json& j, const char* key)
{
    if (!j.is_object()) return std::nullopt;
    const auto it = j.find(key);
    if (it == j.end()) return std::nullopt;
    return ect::json_whole(*it);  // core's checked read, as every JSON from a file is read
}

// An integer that fits an int (Qt's spin boxes), else nothing.
inline std::optional<int> json_int(const nlohmann::json& j, const char* key)
{
    const auto v = json_integer(j, key);
    if (!v || *v < INT_MIN || *v > INT_MAX) return std::nullopt;
    return int(*v);
}

}  // namespace studio
