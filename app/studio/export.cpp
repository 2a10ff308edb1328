// Figures for export: labels drawn with QPainter, pixels and metadata written by core.
#include "export.h"

#include "ect/method/generate.h"

#include "ect/io/hash.h"
#include "ect/io/image_io.h"

#include <climits>

#include <QDateTime>
#include <QStringList>
#include <QFileInfo>
#include <QFont>
#include <QFontMetrics>
#include <QHash>
#include <QPainter>

namespace studio {

QImage labelled_figure(const QImage& grid, int columns, int rows, int cell_w, int cell_h, int gap,
                       const FigureLabels& labels, int scale)
{
    scale = std::max(1, scale);
    const QImage body = grid.scaled(grid.size() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QFont font("DejaVu Sans");
    font.setPixelSize(13);
    QFont bold = font;
    bold.setBold(true);
    bold.setPixelSize(17);
    const QFontMetrics fm(font), fb(bold);
    const int pad = 12;
    int row_label_w = 0;
    for (const QString& s : labels.row_labels) row_label_w = std::max(row_label_w, fm.horizontalAdvance(s));
    if (row_label_w) row_label_w += 8;
    const int y_axis_w = labels.y_axis.isEmpty() ? 0 : fm.height() + 6;
    const int title_h = labels.title.isEmpty() ? 0 : fb.height() + 8;
    // Column labels wrap inside their column; the tallest sets the label band.
    const int col_w = (cell_w + gap) * scale - gap * scale;
    int col_label_h = 0;
    for (const QString& s : labels.column_labels)
        col_label_h = std::max(col_label_h, fm.boundingRect(QRect(0, 0, col_w, 1000), Qt::TextWordWrap | Qt::AlignHCenter, s).height());
    if (col_label_h) col_label_h += 4;
    const int x_axis_h = labels.x_axis.isEmpty() ? 0 : fm.height() + 6;
    const int left = pad + y_axis_w + row_label_w, top = pad + title_h + col_label_h;
    // Wide enough for the title and the axis title, not only the grid.
    const int width = std::max({left + body.width() + pad, 2 * pad + fb.horizontalAdvance(labels.title),
                                left + fm.horizontalAdvance(labels.x_axis) + pad});
    const QSize size(width, top + body.height() + x_axis_h + pad);

    QImage out(size, QImage::Format_RGB888);
    out.fill(Qt::white);
    QPainter p(&out);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setPen(QColor(30, 30, 30));
    if (title_h) {
        p.setFont(bold);
        p.drawText(QRect(pad, pad, size.width() - 2 * pad, fb.height()), Qt::AlignLeft | Qt::AlignVCenter, labels.title);
    }
    p.setFont(font);
    for (int c = 0; c < columns && c < labels.column_labels.size(); ++c) {
        const QRect r(left + c * (cell_w + gap) * scale, pad + title_h, col_w, col_label_h - 4);
        p.drawText(r, Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap, labels.column_labels[c]);
    }
    for (int r = 0; r < rows && r < labels.row_labels.size(); ++r) {
        const QRect box(pad + y_axis_w, top + r * (cell_h + gap) * scale, row_label_w - 8, cell_h * scale);
        p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, labels.row_labels[r]);
    }
    p.drawImage(left, top, body);
    if (x_axis_h)
        p.drawText(QRect(left, top + body.height() + 4, size.width() - left - pad, fm.height()), Qt::AlignLeft, labels.x_axis);
    if (y_axis_w) {
        p.save();
        p.translate(pad + fm.height(), top + body.height() / 2);
        p.rotate(-90);
        p.drawText(QRect(-body.height() / 2, -fm.height(), body.height(), fm.height()), Qt::AlignCenter, labels.y_axis);
        p.restore();
    }
    p.end();
    return out;
}

QString parameters_text(const std::vector<std::pair<QString, QString>>& pairs)
{
    ect::ParameterList list;
    for (const auto& [key, value] : pairs) list.emplace_back(key.toStdString(), value.toStdString());
    return QString::fromStdString(ect::format_parameters(list));
}

std::vector<std::pair<QString, QString>> parse_parameters(const QString& text)
{
    // The generation line is the last one (other tools put the prompt lines above it).
    const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
    const QString line = lines.isEmpty() ? QString() : lines.back().trimmed();
    std::vector<std::pair<QString, QString>> pairs;
    int at = 0;
    while (at < line.size() && pairs.size() < 256) {
        const int colon = line.indexOf(": ", at);
        if (colon < 0) break;
        const QString key = line.mid(at, colon - at).trimmed();
        QString value;
        int i = colon + 2;
        if (i < line.size() && line[i] == '"') {  // a quoted value: up to the closing quote
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                value += line[i];
            }
            ++i;
            const int comma = line.indexOf(',', i);
            i = comma < 0 ? int(line.size()) : comma;
        } else {
            const int comma = line.indexOf(',', i);
            const int end = comma < 0 ? int(line.size()) : comma;
            value = line.mid(i, end - i).trimmed();
            i = end;
        }
        if (!key.isEmpty()) pairs.emplace_back(key, value);
        at = i + 1;
    }
    return pairs;
}

nlohmann::json sampler_settings_from_parameters(const QString& text)
{
    nlohmann::json j = {{"kind", "sampler"}};
    bool any = false;
    auto whole = [](const QString& v, int lo, int hi, int* out) {
        bool ok = false;
        const int x = v.toInt(&ok);
        if (ok && x >= lo && x <= hi) *out = x;
        return ok && x >= lo && x <= hi;
    };
    for (const auto& [key, value] : parse_parameters(text)) {
        int x = 0;
        if (key == "Steps" && whole(value, 1, 1000, &x)) j["steps"] = x, any = true;
        else if (key == "Seed" && whole(value, 0, INT_MAX, &x)) j["seed"] = x, any = true;
        else if (key == "Count" && whole(value, 1, 4096, &x)) j["count"] = x, j["mode"] = "grid", any = true;
        else if (key == "Class" && value == "all") j["class"] = -1, any = true;
        else if (key == "Class" && whole(value, 0, 99999, &x)) j["class"] = x, any = true;
        else if (key == "Mid levels" && !value.isEmpty()) j["mid"] = value.toStdString(), any = true;
        else if (key == "Seed B" && whole(value, 0, INT_MAX, &x)) j["seed_b"] = x, j["mode"] = "interpolation", any = true;
    }
    return any ? j : nlohmann::json();
}

QString model_sha256(const QString& path)
{
    // Static: the studio's areas ask from the GUI thread only. Keyed by size and time, so a file
    // rewritten in place (a run's model.safetensors) is hashed again.
    static QHash<QString, QString> cache;
    const QFileInfo info(path);
    if (!info.isFile()) return {};
    const QString key = info.absoluteFilePath() + '|' + QString::number(info.size()) + '|' +
                        QString::number(info.lastModified().toMSecsSinceEpoch());
    auto it = cache.find(key);
    if (it != cache.end()) return *it;
    QString hash;
    try {
        hash = QString::fromStdString(ect::sha256_file(path.toStdString()));
    } catch (const std::exception&) {
        return {};
    }
    cache.insert(key, hash);
    return hash;
}

QString short_model_hash(const QString& path)
{
    return model_sha256(path).left(10);
}

void write_figure(const QString& path, const QImage& image, const QString& parameters, const QString& settings_json)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    ect::Image8 out;
    out.width = rgb.width();
    out.height = rgb.height();
    out.channels = 3;
    for (int y = 0; y < rgb.height(); ++y)
        out.pixels.insert(out.pixels.end(), rgb.constScanLine(y), rgb.constScanLine(y) + 3 * rgb.width());
    // PNG tEXt is Latin-1: the JSON is kept ASCII (non-ASCII escaped as \uXXXX by its writer).
    ect::write_image(path.toStdString(), out,
                     {{kParametersKey, parameters.toLatin1().toStdString()}, {kSettingsKey, settings_json.toStdString()}});
}

QString read_settings_json(const QString& path)
{
    const auto text = ect::read_image_text(path.toStdString());
    const auto it = text.find(kSettingsKey);
    return it == text.end() ? QString() : QString::fromStdString(it->second);
}

QString read_parameters_text(const QString& path)
{
    const auto text = ect::read_image_text(path.toStdString());
    const auto it = text.find(kParametersKey);
    return it == text.end() ? QString() : QString::fromStdString(it->second);
}

}  // namespace studio
