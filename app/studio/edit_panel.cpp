#include "edit_panel.h"

#include "busy_bar.h"
#include "control_column.h"
#include "export.h"
#include "image_grid_view.h"
#include "paint_canvas.h"
#include "qt_bridge.h"

#include "ect/build_config.h"
#include "ect/error.h"
#include "ect/evaluation/classifier.h"
#include "ect/method/generate.h"
#include "ect/method/samplers.h"
#include "ect/network/bundled.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <torch/torch.h>

#include <chrono>
#include <cstring>

namespace studio {

namespace {

constexpr int kMaxResults = 16;
constexpr int64_t kMaxStoredPixels = 3 * 256 * 256;  // a sketch stored in settings: at most this many bytes

QString task_label(ect::EditTask task)
{
    switch (task) {
    case ect::EditTask::Inpaint: return QObject::tr("Inpaint: fill what the brush marks");
    case ect::EditTask::SuperRes: return QObject::tr("Super-resolution: detail from block means");
    case ect::EditTask::Colorize: return QObject::tr("Colorize: colour from grey (RGB models)");
    case ect::EditTask::Sketch: return QObject::tr("Sketch: an image near the strokes");
    }
    return {};
}

// [C, R, R] uint8 ↔ a QImage (grey or RGB).
QImage to_qimage(const torch::Tensor& u8)
{
    const torch::Tensor hwc = u8.permute({1, 2, 0}).contiguous();
    const int h = int(hwc.size(0)), w = int(hwc.size(1)), c = int(hwc.size(2));
    QImage img(w, h, c == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < h; ++y) std::memcpy(img.scanLine(y), hwc[y].data_ptr<uint8_t>(), size_t(w * c));
    return img;
}

torch::Tensor from_qimage(const QImage& image, int channels)
{
    const QImage img = image.convertToFormat(channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    torch::Tensor hwc = torch::empty({img.height(), img.width(), channels}, torch::kUInt8);
    for (int y = 0; y < img.height(); ++y)
        std::memcpy(hwc[y].data_ptr<uint8_t>(), img.constScanLine(y), size_t(img.width() * channels));
    return hwc.permute({2, 0, 1}).contiguous();
}

std::string to_hex(const torch::Tensor& u8)
{
    static const char* digits = "0123456789abcdef";
    const torch::Tensor c = u8.contiguous();
    const auto* p = c.data_ptr<uint8_t>();
    std::string out;
    out.reserve(size_t(c.numel()) * 2);
    for (int64_t i = 0; i < c.numel(); ++i) out += digits[p[i] >> 4], out += digits[p[i] & 15];
    return out;
}

// The bytes of a hex string of exactly `bytes` bytes, else undefined.
torch::Tensor from_hex(const std::string& text, int64_t bytes)
{
    if (int64_t(text.size()) != bytes * 2) return {};
    torch::Tensor out = torch::empty({bytes}, torch::kUInt8);
    auto* p = out.data_ptr<uint8_t>();
    auto nibble = [](char ch) { return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1; };
    for (int64_t i = 0; i < bytes; ++i) {
        const int hi = nibble(text[size_t(2 * i)]), lo = nibble(text[size_t(2 * i + 1)]);
        if (hi < 0 || lo < 0) return {};
        p[i] = uint8_t(hi * 16 + lo);
    }
    return out;
}

}  // namespace

EditPanel::EditPanel(QWidget* parent) : QWidget(parent)
{
    auto* controls = new QWidget;
    auto* form = new QFormLayout(controls);
    model_ = new QComboBox;
    model_->addItem(tr("Consistency model"), QStringLiteral("consistency"));
    model_->addItem(tr("Base model (Heun)"), QStringLiteral("base"));
    model_->addItem(tr("Both, side by side"), QStringLiteral("both"));
    model_->setItemData(2, tr("The consistency model's results above the base model's (Heun) for the same edit and seeds"),
                        Qt::ToolTipRole);
    form->addRow(tr("Model"), model_);
    test_image_ = new QSpinBox;
    test_image_->setRange(0, 9999);
    test_image_->setToolTip(tr("A Fashion-MNIST test image (resized to the model's size)"));
    open_ = new QPushButton(tr("Open image…"));
    auto* source_row = new QHBoxLayout;
    source_row->addWidget(test_image_, 1);
    source_row->addWidget(open_);
    form->addRow(tr("Test image"), source_row);
    source_ = new QLabel;
    source_->setWordWrap(true);
    form->addRow(source_);
    task_ = new QComboBox;
    for (const auto& t : ect::edit_tasks()) task_->addItem(task_label(t.task), QString::fromLatin1(t.name));
    // The tasks' labels are long in some languages: the box does not widen the column (and so the
    // window's minimum, 1024 wide) for them; its list shows them whole.
    task_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    task_->setMinimumContentsLength(22);
    form->addRow(tr("Task"), task_);
    factor_ = new QSpinBox;
    factor_->setRange(2, 16);
    factor_->setToolTip(tr("Super-resolution from images this many times smaller (it must divide the size)"));
    form->addRow(tr("Factor"), factor_);
    evaluations_ = new QSpinBox;
    evaluations_->setRange(1, 8);
    evaluations_->setValue(2);
    form->addRow(tr("Evaluations"), evaluations_);
    levels_ = new QLineEdit;
    levels_->setToolTip(tr("Decreasing levels, one evaluation each (empty: the model's defaults)"));
    form->addRow(tr("Levels"), levels_);
    heun_steps_ = new QSpinBox;
    heun_steps_->setRange(2, 100);
    heun_steps_->setValue(18);
    form->addRow(tr("Heun steps"), heun_steps_);
    seed_ = new QSpinBox;
    seed_->setRange(0, 999999);
    form->addRow(tr("Seed"), seed_);
    count_ = new QSpinBox;
    count_->setRange(1, kMaxResults);
    count_->setValue(6);
    form->addRow(tr("Results"), count_);
    class_ = new QComboBox;
    form->addRow(tr("Class"), class_);
    brush_ = new QSpinBox;
    brush_->setRange(0, 6);
    brush_->setValue(1);
    brush_->setToolTip(tr("Brush radius in image pixels"));
    eraser_ = new QCheckBox(tr("Eraser"));
    auto* brush_row = new QHBoxLayout;
    brush_row->addWidget(brush_, 1);
    brush_row->addWidget(eraser_);
    form->addRow(tr("Brush"), brush_row);
    undo_ = new QPushButton(tr("Undo"));
    clear_ = new QPushButton(tr("Clear"));
    undo_->setShortcut(QKeySequence::Undo);
    auto* paint_row = new QHBoxLayout;
    paint_row->addWidget(undo_);
    paint_row->addWidget(clear_);
    form->addRow(paint_row);
    info_ = new QLabel;
    info_->setWordWrap(true);
    form->addRow(info_);
    busy_ = new BusyBar;
    form->addRow(busy_);

    canvas_ = new PaintCanvas;
    results_ = new ImageGridView;
    results_->setPlaceholderText(tr("Load a consistency model to edit"));
    auto* views = new QSplitter(Qt::Horizontal);
    views->addWidget(canvas_);
    views->addWidget(results_);
    views->setStretchFactor(0, 2);
    views->setStretchFactor(1, 3);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(control_column(controls));
    layout->addWidget(views, 1);

    runner_ = std::make_unique<Runner>(
        this, Runner::Hooks{[this] { return jobToRender(); },
                            [](const EditJob& job, const std::function<bool()>& cancelled,
                               const std::function<void(double)>& report) -> std::optional<EditOutcome> {
                                // Evaluations are counted per network call, a batch of results at a time.
                                const int64_t batches = (job.settings.count + job.settings.batch - 1) / job.settings.batch;
                                const int64_t heun = ect::edm_nfe(job.settings.heun_steps, ect::EdmSolver::Heun);
                                const int64_t levels = std::max<int64_t>(1, int64_t(job.settings.levels.size()));
                                const int64_t total = batches * ((job.model->is_diffusion() ? heun : levels) + (job.beside ? heun : 0));
                                ect::EvaluationWatch watch([&](int64_t n) {
                                    report(std::min(1.0, double(n) / double(std::max<int64_t>(total, 1))));
                                    return !cancelled();
                                });
                                EditOutcome out;
                                out.job = job;
                                const auto t0 = std::chrono::steady_clock::now();
                                try {
                                    out.result = ect::edit_images(*job.model, job.settings, job.image, job.mask, job.labels);
                                    if (job.beside) {
                                        // The same edit and seeds through Heun: the levels are the consistency model's.
                                        ect::EditSettings heun_settings = job.settings;
                                        heun_settings.levels.clear();
                                        const torch::Tensor labels = job.beside->config.label_dim > 0 ? job.labels : torch::Tensor();
                                        out.beside = ect::edit_images(*job.beside, heun_settings, job.image, job.mask, labels);
                                    }
                                } catch (const ect::SamplingCancelled&) {
                                    return std::nullopt;
                                }
                                out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                                return out;
                            },
                            [this](const EditOutcome& o) { onRendered(o); },
                            [this](const QString& message) {
                                busy_->end();
                                results_->setDimmed(false);
                                info_->setText(tr("Cannot edit: %1").arg(message));
                            },
                            [this](double fraction) { busy_->setProgress(fraction); },
                            // While the user paints, each finished edit of the consistency model
                            // (tens of ms) is shown: a result every edit's time, not only when the
                            // brush stops. A Heun edit (seconds) is cancelled, as elsewhere.
                            [](const EditJob& job) { return !job.model->is_diffusion() && !job.beside; }});

    connect(model_, qOverload<int>(&QComboBox::currentIndexChanged), this, &EditPanel::modelChanged);
    connect(task_, qOverload<int>(&QComboBox::currentIndexChanged), this, &EditPanel::taskChanged);
    connect(test_image_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int i) { useTestImage(i); });
    connect(open_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open an image to edit"), QString(),
                                                          tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"));
        if (!path.isEmpty()) openImage(path);
    });
    for (auto* spin : {factor_, evaluations_, heun_steps_, seed_, count_})
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, &EditPanel::scheduleRender);
    connect(levels_, &QLineEdit::editingFinished, this, &EditPanel::scheduleRender);
    connect(class_, qOverload<int>(&QComboBox::currentIndexChanged), this, &EditPanel::scheduleRender);
    connect(brush_, qOverload<int>(&QSpinBox::valueChanged), canvas_, &PaintCanvas::setBrushRadius);
    connect(eraser_, &QCheckBox::toggled, canvas_, &PaintCanvas::setEraser);
    connect(undo_, &QPushButton::clicked, canvas_, &PaintCanvas::undo);
    connect(clear_, &QPushButton::clicked, this, [this] {
        canvas_->clear();
        // A sketch's clear leaves a black canvas: what is edited is now a drawing, not the image.
        if (canvas_->mode() == PaintCanvas::Mode::Strokes) source_->setText(tr("A drawing on a black canvas"));
    });
    // Every brush movement asks for a new result; the runner drops the stale ones.
    connect(canvas_, &PaintCanvas::edited, this, &EditPanel::scheduleRender);
    connect(canvas_, &PaintCanvas::strokeFinished, this, [this] { undo_->setEnabled(canvas_->canUndo()); });
    canvas_->setBrushRadius(brush_->value());
    taskChanged();
}

EditPanel::~EditPanel() = default;

bool EditPanel::idle() const
{
    return runner_->idle();
}

void EditPanel::scheduleRender()
{
    runner_->schedule();
}

std::shared_ptr<ect::ModelFile> EditPanel::selectedModel() const
{
    return model_->currentData().toString() == "base" ? models_.base : models_.consistency;
}

std::shared_ptr<ect::ModelFile> EditPanel::besideModel() const
{
    return model_->currentData().toString() == "both" ? models_.base : nullptr;
}

void EditPanel::setModels(const LoadedModels& models)
{
    models_ = models;
    modelChanged();
}

void EditPanel::modelChanged()
{
    const auto model = selectedModel();
    class_->blockSignals(true);
    class_->clear();
    class_->addItem(tr("From the image"), -1);
    if (model)
        for (const auto& name : ect::class_names(*model)) class_->addItem(QString::fromStdString(name), class_->count() - 1);
    class_->setEnabled(model && model->config.label_dim > 0);
    class_->blockSignals(false);
    const bool diffusion = model && model->is_diffusion();
    const bool both = model_->currentData().toString() == "both";
    evaluations_->setEnabled(!diffusion);
    levels_->setEnabled(!diffusion);
    heun_steps_->setEnabled(diffusion || both);
    if (!model) {
        results_->setImage({});
        info_->setText(models_.consistency || models_.base ? tr("Load this kind of model to edit with it.") : QString());
        return;
    }
    // The canvas holds an image of the model's size.
    if (!image_file_.isEmpty()) openImage(image_file_);
    else if (canvas_->image().isNull() || canvas_->image().width() != model->config.img_resolution ||
             test_channels_ != model->config.img_channels)
        useTestImage(test_image_->value());
    scheduleRender();
}

void EditPanel::taskChanged()
{
    const auto task = ect::parse_edit_task(task_->currentData().toString().toStdString());
    task_->setToolTip(task_->currentText());  // whole, where the box cuts it short
    canvas_->setMode(task == ect::EditTask::Inpaint  ? PaintCanvas::Mode::Mask
                     : task == ect::EditTask::Sketch ? PaintCanvas::Mode::Strokes
                                                     : PaintCanvas::Mode::View);
    factor_->setEnabled(task == ect::EditTask::SuperRes);
    const bool paints = ect::edit_task_info(task).needs_mask || task == ect::EditTask::Sketch;
    for (QWidget* w : std::initializer_list<QWidget*>{brush_, eraser_, undo_, clear_}) w->setEnabled(paints);
    undo_->setEnabled(paints && canvas_->canUndo());
    scheduleRender();
}

void EditPanel::useTestImage(int index)
{
    const auto model = selectedModel();
    if (!model) return;
    const int r = model->config.img_resolution, c = model->config.img_channels;
    try {
        if (!test_.images.defined() || test_resolution_ != r || test_channels_ != c) {
            ect::DatasetOptions o;
            o.resolution = r;
            o.channels = c;
            test_ = ect::load_dataset("fashion-mnist:test", o);
            test_resolution_ = r;
            test_channels_ = c;
        }
    } catch (const std::exception& e) {
        info_->setText(tr("Cannot read the test images: %1").arg(error_text(e)));
        return;
    }
    index = std::clamp<int>(index, 0, int(test_.size()) - 1);
    image_file_.clear();
    test_label_ = test_.labels.defined() ? test_.labels[index].item<int64_t>() : -1;
    source_->setText(tr("Fashion-MNIST test image %1").arg(index));
    loadCanvas(test_.images[index]);
}

bool EditPanel::useImage(const QImage& image, const QString& source, int label)
{
    const auto model = selectedModel();
    if (!model || image.isNull()) {
        info_->setText(tr("Load a model first: the image is resized to its size."));
        return false;
    }
    const int r = model->config.img_resolution, c = model->config.img_channels;
    const QImage sized = image.size() == QSize(r, r) ? image : image.scaled(r, r, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    image_file_.clear();
    test_label_ = label;
    source_->setText(source);
    loadCanvas(from_qimage(sized, c));
    return true;
}

bool EditPanel::openImage(const QString& path)
{
    const auto model = selectedModel();
    if (!model) {
        info_->setText(tr("Load a model first: the image is resized to its size."));
        return false;
    }
    try {
        const torch::Tensor img = ect::load_image(path.toStdString(), model->config.img_resolution, model->config.img_channels);
        image_file_ = path;
        test_label_ = -1;
        source_->setText(QFileInfo(path).fileName());
        loadCanvas(img);
        return true;
    } catch (const std::exception& e) {
        info_->setText(tr("Cannot open the image: %1").arg(error_text(e)));
        return false;
    }
}

void EditPanel::loadCanvas(const torch::Tensor& image_u8)
{
    canvas_->setImage(to_qimage(image_u8));
    resetMask();
    undo_->setEnabled(false);
    scheduleRender();
}

void EditPanel::resetMask()
{
    // The right half to fill: the first result already shows what inpainting does.
    QImage mask = canvas_->mask();
    if (mask.isNull()) return;
    for (int y = 0; y < mask.height(); ++y)
        for (int x = mask.width() / 2; x < mask.width(); ++x) mask.setPixel(x, y, 0);
    canvas_->setMask(mask);
}

torch::Tensor EditPanel::canvasTensor() const
{
    const auto model = selectedModel();
    return from_qimage(canvas_->image(), model ? model->config.img_channels : 1).unsqueeze(0).to(torch::kFloat32) / 127.5 - 1;
}

torch::Tensor EditPanel::maskTensor() const
{
    return (from_qimage(canvas_->mask(), 1).unsqueeze(0).to(torch::kFloat32) > 127).to(torch::kFloat32);
}

std::optional<EditJob> EditPanel::jobToRender()
{
    busy_->end();  // the job before, if any, is stale; a new one begins below
    EditJob job;
    job.model = selectedModel();
    if (!job.model) {
        info_->setText(models_.consistency || models_.base ? tr("Load this kind of model to edit with it.") : QString());
        return std::nullopt;
    }
    if (model_->currentData().toString() == "both") {
        job.beside = besideModel();
        if (!job.beside) {
            info_->setText(tr("Load a base model to edit with it beside the consistency model."));
            return std::nullopt;
        }
        const auto& a = job.model->config;
        const auto& b = job.beside->config;
        if (a.img_resolution != b.img_resolution || a.img_channels != b.img_channels ||
            (b.label_dim > 0 && b.label_dim != a.label_dim)) {
            info_->setText(tr("The two models make different images (size, channels or classes): edit with one at a time."));
            return std::nullopt;
        }
    }
    if (canvas_->image().isNull()) return std::nullopt;
    job.revision = canvas_->revision();
    ect::EditSettings& s = job.settings;
    s.task = ect::parse_edit_task(task_->currentData().toString().toStdString());
    s.factor = factor_->value();
    s.evaluations = evaluations_->value();
    s.heun_steps = heun_steps_->value();
    s.seed = uint64_t(seed_->value());
    s.count = count_->value();
    try {
        if (!levels_->text().trimmed().isEmpty() && !job.model->is_diffusion())
            s.levels = ect::parse_levels(levels_->text().trimmed().toStdString(), "levels");
        if (!job.model->is_diffusion() && s.levels.empty())
            s.levels = ect::default_edit_levels(*job.model, s.task, s.evaluations);
        s.validate();
        job.image = canvasTensor();
        if (ect::edit_task_info(s.task).needs_mask) job.mask = maskTensor();
        ect::EditOperator op;
        op.task = s.task;
        op.factor = s.factor;
        op.mask = job.mask;
        op.validate(job.image);
    } catch (const std::exception& e) {
        info_->setText(tr("Check the settings: %1").arg(error_text(e)));
        return std::nullopt;
    }
    if (levels_->text().trimmed().isEmpty())  // the defaults the job just took
        levels_->setPlaceholderText(job.model->is_diffusion() ? QString() : QString::fromStdString(ect::format_levels(s.levels)));
    const int label_dim = job.model->config.label_dim;
    if (label_dim > 0) {
        int64_t cls = class_->currentData().toInt();
        if (cls < 0) cls = image_file_.isEmpty() && s.task != ect::EditTask::Sketch ? test_label_ : -1;
        if (cls < 0 || cls >= label_dim) {
            // The bundled classifier's guess from the kept part, where it reads the model's images.
            try {
                static ect::Classifier classifier = ect::load_classifier(ect::require_bundled(ect::kBundledClassifier, "classifier"));
                ect::EditOperator op;
                op.task = s.task;
                op.factor = s.factor;
                op.mask = job.mask;
                cls = ect::guess_edit_classes(classifier, op, job.image, label_dim)[0].item<int64_t>();
            } catch (const std::exception&) {
                cls = 0;  // no classifier here, or one for other images: the first class
            }
        }
        job.labels = torch::one_hot(torch::full({1}, cls, torch::kLong), label_dim).to(torch::kFloat32);
    }
    info_->setText(tr("Editing…"));
    // A slow edit (Heun) dims the results it will replace; a fast one follows the brush undimmed.
    results_->setDimmed(!results_->image().isNull() && (job.model->is_diffusion() || job.beside));
    busy_->begin({});
    return job;
}

void EditPanel::onRendered(const EditOutcome& o)
{
    if (runner_->idle()) busy_->end();  // else a newer edit is on its way (this one finished first)
    last_ = o;
    const int count = int(o.job.settings.count);
    const auto seed = o.job.settings.seed;
    const double per = o.seconds / std::max(1, count);
    const QString task = QString::fromLatin1(ect::edit_task_info(o.job.settings.task).name);
    if (o.beside) {
        // Both models: a row each, the same seed in a column, so each pair shares its noise.
        const torch::Tensor cells = torch::cat({o.result.known, o.result.results, o.beside->known, o.beside->results}, 0);
        results_->setImage(grid_image(cells, count + 1, 1));
        const int side = int(cells.size(3));
        results_->setCells(2 * (count + 1), side, side, 1);
        QStringList columns{tr("kept")};
        for (int k = 0; k < count; ++k) columns << tr("seed %1").arg(seed + uint64_t(k));
        const QStringList rows{tr("NFE %1").arg(o.result.nfe), tr("Heun NFE %1").arg(o.beside->nfe)};
        results_->setLabels(columns, rows);
        results_->setCaption(tr("%1 (above) beside %2 (below, Heun): the same edit and seeds")
                                 .arg(model_name(*o.job.model), model_name(*o.job.beside)));
        results_->setCellToolTip([this, seed, count, o](int i) {
            const bool base = i > count;
            const int k = i % (count + 1);
            const QString who = base ? tr("%1, Heun NFE %2").arg(model_name(*o.job.beside)).arg(o.beside->nfe)
                                     : tr("%1, NFE %2").arg(model_name(*o.job.model)).arg(o.result.nfe);
            return k == 0 ? tr("What the edit keeps") : tr("%1, seed %2").arg(who).arg(seed + uint64_t(k - 1));
        });
        info_->setText(tr("%1 · NFE %2 beside Heun NFE %3 · %4 ms per pair of results").arg(task).arg(o.result.nfe).arg(o.beside->nfe).arg(per * 1000, 0, 'f', 1));
    } else {
        const torch::Tensor cells = torch::cat({o.result.known, o.result.results}, 0);
        // Rows of at most four: the cells stay large enough to judge in a window of any size.
        results_->setImage(grid_image(cells, std::min(count + 1, 4), 1));
        const int side = int(cells.size(3));
        results_->setCells(count + 1, side, side, 1);
        results_->setLabels({}, {});
        results_->setCaption(count == 1 ? tr("What the edit keeps, then seed %1").arg(seed)
                                        : tr("What the edit keeps, then seeds %1–%2").arg(seed).arg(seed + uint64_t(count - 1)));
        results_->setCellToolTip([this, seed](int i) { return i == 0 ? tr("What the edit keeps") : tr("seed %1").arg(seed + uint64_t(i - 1)); });
        info_->setText(tr("%1 · NFE %2 · %3 ms per result").arg(task).arg(o.result.nfe).arg(per * 1000, 0, 'f', 1));
    }
    results_->setDimmed(!runner_->idle() && results_->dimmed());
    emit rendered();
}

QString EditPanel::parametersText() const
{
    if (!last_) return {};
    const auto& model = *last_->job.model;
    const std::string version = std::string("ect-studio ") + ECT_VERSION;
    ect::ParameterList pairs = ect::edit_parameters(model, last_->job.settings, last_->result,
                                                    short_model_hash(QString::fromStdString(model.path)).toStdString(), version);
    if (last_->beside)
        ect::add_beside_parameters(pairs, *last_->job.beside, last_->job.settings, *last_->beside,
                                   short_model_hash(QString::fromStdString(last_->job.beside->path)).toStdString());
    std::vector<std::pair<QString, QString>> p;
    for (const auto& [key, value] : pairs) p.emplace_back(QString::fromStdString(key), QString::fromStdString(value));
    return parameters_text(p);
}

QImage EditPanel::figure() const
{
    if (!last_) return {};
    const EditJob& job = last_->job;
    std::vector<torch::Tensor> cells;
    FigureLabels labels;
    labels.column_labels << tr("input");
    if (job.mask.defined()) labels.column_labels << tr("mask");
    labels.column_labels << tr("kept");
    for (int64_t k = 0; k < job.settings.count; ++k) labels.column_labels << tr("seed %1").arg(job.settings.seed + uint64_t(k));
    // A row per model: the input, the mask, what is kept, then the results.
    auto add_row = [&](const ect::EditResult& r) {
        cells.push_back(job.image[0]);
        if (job.mask.defined()) cells.push_back((job.mask[0] * 2 - 1).expand({job.image.size(1), -1, -1}));
        cells.push_back(r.known[0]);
        for (int64_t k = 0; k < job.settings.count; ++k) cells.push_back(r.results[k]);
    };
    add_row(last_->result);
    const QString task = QString::fromLatin1(ect::edit_task_info(job.settings.task).name);
    if (last_->beside) {
        add_row(*last_->beside);
        labels.row_labels << tr("NFE %1").arg(last_->result.nfe) << tr("Heun NFE %1").arg(last_->beside->nfe);
        labels.title = tr("%1 with %2 (NFE %3) and %4 (Heun, NFE %5)")
                           .arg(task, model_name(*job.model))
                           .arg(last_->result.nfe)
                           .arg(model_name(*job.beside))
                           .arg(last_->beside->nfe);
    } else {
        labels.title = tr("%1 with %2, NFE %3").arg(task, model_name(*job.model)).arg(last_->result.nfe);
    }
    const int columns = labels.column_labels.size(), rows = last_->beside ? 2 : 1;
    const int side = int(job.image.size(3));
    return labelled_figure(grid_image(torch::stack(cells), columns, 1), columns, rows, side, side, 1, labels, 4);
}

AreaFigure EditPanel::exportFigure() const
{
    return {figure(), parametersText(), settings()};
}

nlohmann::json EditPanel::settings() const
{
    nlohmann::json j{{"kind", "edit"},
                     {"model", model_->currentData().toString().toStdString()},
                     {"task", task_->currentData().toString().toStdString()},
                     {"factor", factor_->value()},
                     {"evaluations", evaluations_->value()},
                     {"levels", levels_->text().toStdString()},
                     {"heun_steps", heun_steps_->value()},
                     {"seed", seed_->value()},
                     {"count", count_->value()},
                     {"class", class_->currentData().toInt()}};
    if (image_file_.isEmpty()) {
        j["test_image"] = test_image_->value();
        j["label"] = test_label_;  // the canvas's class when known (a test image's, a Sampler cell's)
    } else {
        j["image_file"] = image_file_.toStdString();
    }
    if (!canvas_->image().isNull()) {
        j["mask"] = to_hex((from_qimage(canvas_->mask(), 1) > 127).to(torch::kUInt8));
        const torch::Tensor pixels = from_qimage(canvas_->image(), canvas_->image().isGrayscale() ? 1 : 3);
        if (pixels.numel() <= kMaxStoredPixels) j["pixels"] = to_hex(pixels);
    }
    return j;
}

bool EditPanel::applySettings(const nlohmann::json& j, QString* why)
{
    if (json_string(j, "kind").value_or("") != "edit") {
        if (why) *why = tr("These are not the Edit area's settings.");
        return false;
    }
    auto pick = [](QComboBox* box, const std::optional<std::string>& v) {
        if (!v) return;
        const int i = box->findData(QString::fromStdString(*v));
        if (i >= 0) box->setCurrentIndex(i);
    };
    {
        const QSignalBlocker b1(factor_), b2(evaluations_), b3(heun_steps_), b4(seed_), b5(count_), b6(levels_);
        if (const auto v = json_int(j, "factor")) factor_->setValue(*v);
        if (const auto v = json_int(j, "evaluations")) evaluations_->setValue(*v);
        if (const auto v = json_int(j, "heun_steps")) heun_steps_->setValue(*v);
        if (const auto v = json_int(j, "seed")) seed_->setValue(*v);
        if (const auto v = json_int(j, "count")) count_->setValue(*v);
        if (const auto v = json_string(j, "levels"); v && v->size() < 1000) levels_->setText(QString::fromStdString(*v));
    }
    pick(model_, json_string(j, "model"));
    pick(task_, json_string(j, "task"));
    if (const auto v = json_int(j, "class")) {
        const int i = class_->findData(*v);
        if (i >= 0) class_->setCurrentIndex(i);
    }
    if (const auto f = json_string(j, "image_file"); f && !f->empty()) {
        if (!openImage(QString::fromStdString(*f))) useTestImage(test_image_->value());
    } else if (const auto v = json_int(j, "test_image")) {
        const QSignalBlocker b(test_image_);
        test_image_->setValue(*v);
        useTestImage(test_image_->value());
    }
    // The painted state, when it fits the canvas (a hex string of exactly its bytes).
    if (!canvas_->image().isNull()) {
        const int side = canvas_->image().width(), channels = canvas_->image().isGrayscale() ? 1 : 3;
        if (const auto p = json_string(j, "pixels"))
            if (const torch::Tensor px = from_hex(*p, int64_t(channels) * side * side); px.defined()) {
                const QImage mask = canvas_->mask();
                canvas_->setImage(to_qimage(px.reshape({channels, side, side})));
                canvas_->setMask(mask);
            }
        if (const auto m = json_string(j, "mask"))
            if (const torch::Tensor bits = from_hex(*m, int64_t(side) * side); bits.defined() && bits.max().item<int>() <= 1)
                canvas_->setMask(to_qimage((bits * 255).reshape({1, side, side})));
        // The class of what the pixels show (a Sampler cell's is not the test image's).
        if (const auto v = json_int(j, "label"); v && image_file_.isEmpty() && *v >= -1 && *v < 100000) test_label_ = *v;
    }
    scheduleRender();
    return true;
}

}  // namespace studio
