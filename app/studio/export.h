// Exported figures: a grid of samples with a title and axis labels drawn around it, written with
// the generation parameters inside the file (a `parameters` text chunk in the `Key: value, ...`
// form other diffusion tools read, and the exact settings as JSON in `ect-settings`).
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace studio {

constexpr const char* kParametersKey = "parameters";
constexpr const char* kSettingsKey = "ect-settings";

struct FigureLabels {
    QString title;
    QStringList column_labels;  // one per column (or empty)
    QStringList row_labels;     // one per row (or empty)
    QString x_axis, y_axis;     // axis titles under / left of the grid (or empty)
};

// Draws `grid` (cells of cell_w × cell_h pixels separated by `gap`, `columns` × `rows`) scaled by
// the whole factor `scale`, with the title above, column labels over the columns, row labels left of
// the rows and the axis titles. White background, dark text: a figure for a report.
QImage labelled_figure(const QImage& grid, int columns, int rows, int cell_w, int cell_h, int gap,
                       const FigureLabels& labels, int scale = 3);

// "Key: value, Key: value" from ordered pairs (values with commas or colons are quoted).
QString parameters_text(const std::vector<std::pair<QString, QString>>& pairs);

// The pairs of a parameters text, in order: ours, or the last line of another tool's (A1111:
// "prompt\nNegative prompt: …\nSteps: 20, Sampler: Euler a, Seed: 7, …"). Quoted values are unquoted.
std::vector<std::pair<QString, QString>> parse_parameters(const QString& text);

// The Sampler settings a parameters text carries (Steps, Seed, Count, Class, Mid levels, Seed B and
// Interpolation), as the JSON the Sampler area restores; null when it carries none of them.
nlohmann::json sampler_settings_from_parameters(const QString& text);

// The first 10 hex digits of a file's SHA-256 (the "Model hash" other tools show), cached by path,
// size and time; empty when the file cannot be read.
QString short_model_hash(const QString& path);
// The whole hex SHA-256 of a model file, cached the same way; empty when it cannot be read.
QString model_sha256(const QString& path);

// Writes `image` to `path` (PNG, JPEG, TIFF, EXR: by extension, through core) with the two text
// entries. Throws ect::Error on failure; an existing file is replaced whole or not at all.
void write_figure(const QString& path, const QImage& image, const QString& parameters, const QString& settings_json);

// The `ect-settings` JSON inside an image file, or an empty string when it has none. Throws
// ect::Error when the file cannot be read as an image.
QString read_settings_json(const QString& path);
// The `parameters` text inside an image file (ours or another tool's), or an empty string.
QString read_parameters_text(const QString& path);

}  // namespace studio
