// SamplerPanel: controls → SampleJob → SamplerWorker (own thread) → image views.
#include "sampler_panel.h"

#include "busy_bar.h"
#include "control_column.h"
#include "ema_length.h"
#include "export.h"
#include "image_grid_view.h"
#include "qt_bridge.h"

#include "ect/build_config.h"
#include "ect/error.h"
#include "ect/io/image_io.h"
#include "ect/training/run_folder.h"

#include <QFileInfo>


#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QMenu>
#include <QRandomGenerator>
#include <QToolButton>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace studio {

namespace {
// The modes' names in settings and exported PNGs.
const char* mode_name(int mode)
{
    switch (mode) {
    case 1: return "interpolation";
    case 2: return "interpolation2d";
    case 3: return "xy";
    default: return "grid";
    }
}
}  // namespace

SamplerPanel::SamplerPanel(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<studio::SampleJob>();
    qRegisterMetaType<studio::SampleResult>();

    mode_ = new QComboBox;
    mode_->addItem(tr("Grid of seeds"));
    mode_->addItem(tr("Interpolate two seeds"));
    mode_->addItem(tr("Interpolate four corner seeds"));
    mode_->addItem(tr("X/Y plot"));
    mode_->setItemData(PlotMode, tr("One sample per cell: the columns and rows vary two settings, the noise stays"), Qt::ToolTipRole);
    model_ = new QComboBox;
    ema_ = new EmaLengthControl;
    sampler_ = new QComboBox;
    for (const auto& info : ect::sampler_table()) sampler_->addItem(sampler_label(info), QString(info.name));
    steps_ = new QSpinBox;
    steps_->setRange(1, 200);
    mid_ = new QLineEdit;
    mid_->setPlaceholderText(tr("e.g. 0.821 (2 steps)"));
    mid_->setToolTip(tr("Consistency mid levels t₁ > t₂ > … (steps − 1 values, below 80)"));
    class_ = new QComboBox;
    seed_ = new QSpinBox;
    seed_->setRange(0, 2000000000);
    count_ = new QSpinBox;
    count_->setRange(1, 1024);
    count_->setValue(40);
    seed_b_ = new QSpinBox;
    seed_b_->setRange(0, 2000000000);
    seed_b_->setValue(1);
    seed_c_ = new QSpinBox;
    seed_c_->setRange(0, 2000000000);
    seed_c_->setValue(2);
    seed_d_ = new QSpinBox;
    seed_d_->setRange(0, 2000000000);
    seed_d_->setValue(3);
    row_ = new QSpinBox;
    row_->setRange(2, 16);
    row_->setValue(8);
    amount_ = new QSlider(Qt::Horizontal);
    amount_->setRange(0, 100);
    amount_->setValue(50);
    amount_y_ = new QSlider(Qt::Horizontal);
    amount_y_->setRange(0, 100);
    amount_y_->setValue(50);
    x_axis_ = new QComboBox;
    y_axis_ = new QComboBox;
    y_axis_->addItem(tr("Nothing (one row)"), QString());
    for (const auto& info : ect::plot_axis_table()) {
        x_axis_->addItem(plot_axis_label(info), QString(info.name));
        y_axis_->addItem(plot_axis_label(info), QString(info.name));
    }
    x_values_ = new QLineEdit;
    y_values_ = new QLineEdit;
    const QString values_help = tr("Comma-separated values; whole numbers also as ranges (0-7, 0-20 (+5)); classes "
                                   "and samplers by name; \"all\" for every class, sampler or checkpoint; mid levels "
                                   "as level lists separated by ';' (0.821; 2.756,0.7144)");
    x_values_->setToolTip(values_help);
    y_values_->setToolTip(values_help);

    auto* form = new QFormLayout;
    form->addRow(tr("Mode"), mode_);
    form->addRow(tr("Model"), model_);
    form->addRow(tr("EMA length"), ema_);  // shown for a run that kept power-function EMA snapshots
    form->addRow(tr("Sampler"), sampler_);
    form->addRow(tr("Steps"), steps_);
    form->addRow(tr("Mid levels"), mid_);
    form->addRow(tr("Class"), class_);
    // A random seed, for looking around; the seed box keeps it so the grid can be found again.
    random_seed_ = new QToolButton;
    random_seed_->setText(tr("Random"));
    random_seed_->setToolTip(tr("A random first seed"));
    auto* seed_row = new QWidget;
    auto* seed_layout = new QHBoxLayout(seed_row);
    seed_layout->setContentsMargins(0, 0, 0, 0);
    seed_layout->addWidget(seed_, 1);
    seed_layout->addWidget(random_seed_);
    form->addRow(tr("Seed"), seed_row);
    // One form for every mode (aligned labels); rows that do not apply are hidden.
    form->addRow(tr("Images"), count_);
    // Seed is "Seed A" in the interpolation modes (showModeRows names the rows for the mode).
    form->addRow(tr("Seed B"), seed_b_);
    form->addRow(tr("Seed C"), seed_c_);
    form->addRow(tr("Seed D"), seed_d_);
    form->addRow(tr("Samples in row"), row_);
    form->addRow(tr("Position across"), amount_);
    form->addRow(tr("Position down"), amount_y_);
    form->addRow(tr("X axis"), x_axis_);
    form->addRow(tr("X values"), x_values_);
    form->addRow(tr("Y axis"), y_axis_);
    form->addRow(tr("Y values"), y_values_);
    form_ = form;
    info_ = new QLabel;
    info_->setWordWrap(true);
    busy_ = new BusyBar;
    auto* controls = new QWidget;
    auto* cl = new QVBoxLayout(controls);
    cl->addLayout(form);
    cl->addWidget(info_);
    cl->addWidget(busy_);
    cl->addStretch();

    grid_ = new ImageGridView;
    grid_->setPlaceholderText(tr("Open a consistency or base model (File menu) to see samples."));
    single_ = new ImageGridView;
    single_->hide();
    auto* views = new QSplitter(Qt::Vertical);
    views->addWidget(grid_);
    views->addWidget(single_);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(control_column(controls));
    layout->addWidget(views, 1);

    // Edits coalesce: a render starts once the event loop is idle, newer edits supersede it.
    runner_ = std::make_unique<Runner>(
        this, Runner::Hooks{[this] { return jobToRender(); },
                            [](const SampleJob& job, const std::function<bool()>& cancelled,
                               const std::function<void(double)>& report) -> std::optional<SampleResult> {
                                SampleResult r = SamplerWorker::run(job, cancelled, report);
                                if (!r.samples.defined()) return std::nullopt;
                                return r;
                            },
                            [this](const SampleResult& r) { onRendered(r); },
                            [this](const QString& message) {
                                busy_->end();
                                grid_->setDimmed(false);
                                info_->setText(tr("Cannot sample: %1").arg(message));
                            },
                            [this](double fraction) { busy_->setProgress(fraction); }});
    connect(busy_, &BusyBar::cancelRequested, this, &SamplerPanel::cancelRender);
    connect(random_seed_, &QToolButton::clicked, this, [this] {
        seed_->setValue(int(QRandomGenerator::global()->bounded(seed_->maximum())));
    });
    grid_->setCellToolTip([this](int i) { return cellDescription(i); });
    connect(grid_, &ImageGridView::cellClicked, this, &SamplerPanel::cellMenu);
    connect(steps_, qOverload<int>(&QSpinBox::valueChanged), this, &SamplerPanel::showMidDefault);
    for (auto* box : {mode_, sampler_, class_})
        connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, &SamplerPanel::scheduleRender);
    connect(model_, qOverload<int>(&QComboBox::currentIndexChanged), this, &SamplerPanel::modelChanged);
    connect(ema_, &EmaLengthControl::lengthChanged, this, &SamplerPanel::scheduleRender);
    for (auto* spin : {steps_, seed_, count_, seed_b_, seed_c_, seed_d_, row_})
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, &SamplerPanel::scheduleRender);
    connect(mid_, &QLineEdit::editingFinished, this, &SamplerPanel::scheduleRender);
    connect(x_values_, &QLineEdit::editingFinished, this, &SamplerPanel::scheduleRender);
    connect(y_values_, &QLineEdit::editingFinished, this, &SamplerPanel::scheduleRender);
    connect(x_axis_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { axisChanged(x_axis_, x_values_, &x_filled_); });
    connect(y_axis_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { axisChanged(y_axis_, y_values_, &y_filled_); });
    // The first plot: steps across, seeds down.
    x_axis_->setCurrentIndex(x_axis_->findData(QStringLiteral("steps")));
    y_axis_->setCurrentIndex(y_axis_->findData(QStringLiteral("seed")));
    connect(amount_, &QSlider::valueChanged, this, &SamplerPanel::scheduleRender);
    connect(amount_y_, &QSlider::valueChanged, this, &SamplerPanel::scheduleRender);
    connect(mode_, qOverload<int>(&QComboBox::currentIndexChanged), this, &SamplerPanel::showModeRows);
    connect(seed_, qOverload<int>(&QSpinBox::valueChanged), this, &SamplerPanel::refreshAxisExamples);
    showModeRows();
    connect(sampler_, qOverload<int>(&QComboBox::currentIndexChanged), this, &SamplerPanel::samplerChanged);
}

void SamplerPanel::showModeRows()
{
    const Mode mode = this->mode();
    const bool interpolation = mode == InterpolationMode || mode == Interpolation2DMode;
    single_->setVisible(interpolation);
    form_->setRowVisible(count_, mode == GridMode);
    for (QWidget* w : {static_cast<QWidget*>(seed_b_), static_cast<QWidget*>(row_), static_cast<QWidget*>(amount_)})
        form_->setRowVisible(w, interpolation);
    for (QWidget* w : {static_cast<QWidget*>(seed_c_), static_cast<QWidget*>(seed_d_), static_cast<QWidget*>(amount_y_)})
        form_->setRowVisible(w, mode == Interpolation2DMode);
    for (QWidget* w : {static_cast<QWidget*>(x_axis_), static_cast<QWidget*>(x_values_), static_cast<QWidget*>(y_axis_),
                       static_cast<QWidget*>(y_values_)})
        form_->setRowVisible(w, mode == PlotMode);
    // The seeds by their corner: A top-left, B top-right, C bottom-left, D bottom-right.
    if (auto* label = qobject_cast<QLabel*>(form_->labelForField(seed_->parentWidget())))
        label->setText(interpolation ? tr("Seed A") : tr("Seed"));
    // In a plot the controls above the axes are what every cell shares, unless an axis varies it.
    seed_->setToolTip(mode == Interpolation2DMode ? tr("Top-left corner")
                      : mode == PlotMode          ? tr("Every cell's seed, unless an axis varies the seed")
                                                  : QString());
    seed_b_->setToolTip(mode == Interpolation2DMode ? tr("Top-right corner") : QString());
    seed_c_->setToolTip(tr("Bottom-left corner"));
    seed_d_->setToolTip(tr("Bottom-right corner"));
    if (auto* label = qobject_cast<QLabel*>(form_->labelForField(amount_)))
        label->setText(mode == Interpolation2DMode ? tr("Position across") : tr("Position"));
    updateEnabled();
}

QString SamplerPanel::axisExample(const QString& axis) const
{
    if (axis.isEmpty()) return {};
    const ect::PlotAxisInfo& info = ect::plot_axis_info(axis.toStdString());
    switch (info.kind) {
    case ect::PlotAxisKind::Seed: return QString("%1-%2").arg(seed_->value()).arg(qint64(seed_->value()) + 3);
    case ect::PlotAxisKind::Steps: {
        // The step counts this model can sample with the chosen sampler: for consistency sampling,
        // those it has mid levels for (stored by ect search-mid, or built in), up to 4.
        const ect::SamplerInfo& sampler = selectedSampler();
        if (!sampler.takes_mid) return QStringLiteral("6, 12, 18");
        const auto model = selectedModel();
        QStringList steps;
        for (int k = 1; k <= 4; ++k) {
            const auto levels = model ? ect::default_mid(*model, k) : ect::GenerateSettings::default_mid(k);
            if (int(levels.size()) == k - 1) steps << QString::number(k);
        }
        return steps.join(", ");
    }
    case ect::PlotAxisKind::Mid:
    case ect::PlotAxisKind::Class:
    case ect::PlotAxisKind::Sampler:
    case ect::PlotAxisKind::Checkpoint: break;
    }
    return QString::fromUtf8(info.example);
}

void SamplerPanel::axisChanged(QComboBox* axis, QLineEdit* values, QString* filled)
{
    // Values typed by the user stay; the previous axis's starting values are replaced.
    if (values->text().trimmed().isEmpty() || values->text() == *filled) {
        *filled = axisExample(axis->currentData().toString());
        const QSignalBlocker block(values);
        values->setText(*filled);
    }
    values->setEnabled(!axis->currentData().toString().isEmpty());
    updateEnabled();
    values->setPlaceholderText(axis->currentData().toString().isEmpty() ? QString() : tr("e.g. %1").arg(axisExample(axis->currentData().toString())));
    scheduleRender();
}

ect::PlotAxis SamplerPanel::plotAxis(const QComboBox* axis, const QLineEdit* values) const
{
    const QString name = axis->currentData().toString();
    if (name.isEmpty()) return {};
    const auto model = selectedModel();
    ect::PlotContext context;
    if (model) {
        if (model->config.label_dim > 0) context.class_names = ect::class_names(*model);
        const auto step = model->metadata.find("ect.step");
        int64_t at = 0;
        if (step != model->metadata.end()) at = QString::fromStdString(step->second).toLongLong();
        context.checkpoints = ect::run_checkpoints_of(model->path, at);
    }
    return ect::parse_plot_axis(ect::plot_axis_info(name.toStdString()).kind, values->text().toStdString(), context);
}

SamplerPanel::~SamplerPanel() = default;

SamplerPanel::Mode SamplerPanel::mode() const
{
    return Mode(mode_->currentIndex());
}

void SamplerPanel::setModels(const LoadedModels& models)
{
    base_ = models.base;
    consistency_ = models.consistency;
    const QSignalBlocker block(model_);
    const QString previous = model_->currentData().toString();
    model_->clear();
    // Named as everywhere (a run's model by run and step), with the slot it is in.
    if (consistency_) model_->addItem(tr("%1 (consistency)").arg(model_name(*consistency_)), "consistency");
    if (base_) model_->addItem(tr("%1 (base)").arg(model_name(*base_)), "base");
    const int keep = model_->findData(previous);
    model_->setCurrentIndex(keep >= 0 ? keep : 0);
    modelChanged();
}

std::shared_ptr<ect::ModelFile> SamplerPanel::selectedModel() const
{
    return model_->currentData().toString() == "base" ? base_ : consistency_;
}

const ect::SamplerInfo& SamplerPanel::selectedSampler() const
{
    return ect::sampler_info(sampler_->currentData().toString().toStdString());
}

void SamplerPanel::samplerChanged()
{
    const ect::SamplerInfo& info = selectedSampler();
    steps_->setMinimum(info.min_steps);
    updateEnabled();
    refreshAxisExamples();
}

void SamplerPanel::updateEnabled()
{
    // In a plot, a control whose setting an axis varies has no say: it is disabled.
    const bool plot = mode() == PlotMode;
    auto varied = [&](const char* name) {
        return plot && (x_axis_->currentData().toString() == QLatin1String(name) || y_axis_->currentData().toString() == QLatin1String(name));
    };
    const auto model = selectedModel();
    sampler_->setEnabled(!varied("sampler"));
    steps_->setEnabled(!varied("steps"));
    mid_->setEnabled(selectedSampler().takes_mid && !varied("mid"));
    class_->setEnabled(model && model->config.label_dim > 0 && !varied("class"));
    seed_->parentWidget()->setEnabled(!varied("seed"));
}

void SamplerPanel::refreshAxisExamples()
{
    // Starting values that depend on the model, sampler or seed follow them until the user edits them.
    for (auto [axis, values, filled] : {std::tuple{x_axis_, x_values_, &x_filled_}, std::tuple{y_axis_, y_values_, &y_filled_}}) {
        if (values->text() != *filled) continue;
        *filled = axisExample(axis->currentData().toString());
        const QSignalBlocker block(values);
        values->setText(*filled);
    }
}

void SamplerPanel::modelChanged()
{
    const auto model = selectedModel();
    form_->setRowVisible(ema_, ema_->setModel(model));
    {
        const QSignalBlocker b1(sampler_), b2(class_), b3(steps_);
        if (model) {
            const ect::SamplerInfo& info = ect::sampler_info(ect::default_sampler(*model));
            sampler_->setCurrentIndex(sampler_->findData(QString(info.name)));
            samplerChanged();
            steps_->setValue(info.default_steps);
        }
        showMidDefault();
        // The chosen class stays when the new model has it.
        const QVariant previous_class = class_->currentData();
        class_->clear();
        const int classes = model ? model->config.label_dim : 0;
        if (classes > 0) class_->addItem(tr("All classes in turn"), -1);
        const auto names = model ? ect::class_names(*model) : std::vector<std::string>{};
        for (int c = 0; c < classes; ++c)
            class_->addItem(QString("%1 · %2").arg(c).arg(QString::fromStdString(names[size_t(c)])), c);
        const int keep = previous_class.isValid() ? class_->findData(previous_class) : -1;
        if (keep >= 0) class_->setCurrentIndex(keep);
        updateEnabled();
        refreshAxisExamples();
    }
    scheduleRender();
}

void SamplerPanel::showMidDefault()
{
    // The levels an empty field stands for at this step count: the model's searched ones when it
    // has them (`ect search-mid --write`), else the built-in default.
    const auto model = selectedModel();
    const int steps = steps_->value();
    const auto levels = model ? ect::default_mid(*model, steps) : ect::GenerateSettings::default_mid(steps);
    if (steps < 2) mid_->setPlaceholderText(tr("none at 1 step"));
    else if (levels.empty()) mid_->setPlaceholderText(tr("%1 steps: enter %2 levels").arg(steps).arg(steps - 1));
    else mid_->setPlaceholderText(tr("default: %1 (%2 steps)").arg(QString::fromStdString(ect::format_levels(levels))).arg(steps));
}

void SamplerPanel::scheduleRender()
{
    runner_->schedule();
}

bool SamplerPanel::idle() const
{
    return runner_->idle();
}

SampleJob SamplerPanel::currentJob() const
{
    SampleJob job;
    job.model = selectedModel();
    job.ema_std = ema_->length();
    auto& s = job.settings;
    s.sampler = ect::GenerateSettings::parse_sampler(sampler_->currentData().toString().toStdString());
    s.steps = steps_->value();
    if (s.info().takes_mid) {
        const QString text = mid_->text().trimmed();
        // The model's searched levels (`ect search-mid --write`), else the built-in default; typed
        // levels are read by core's one parser (which refuses "2,,1" as the CLI does).
        if (text.isEmpty())
            s.mid = job.model ? ect::default_mid(*job.model, s.steps) : ect::GenerateSettings::default_mid(s.steps);
        else
            s.mid = ect::parse_levels(text.toStdString(), "mid levels");
    }
    s.seed = uint64_t(seed_->value());
    s.count = count_->value();
    s.class_index = class_->count() > 0 ? class_->currentData().toInt() : -1;
    switch (mode()) {
    case GridMode: job.kind = SampleJob::Kind::Grid; break;
    case InterpolationMode: job.kind = SampleJob::Kind::Interpolation; break;
    case Interpolation2DMode: job.kind = SampleJob::Kind::Interpolation2D; break;
    case PlotMode: job.kind = SampleJob::Kind::Plot; break;
    }
    job.seed_b = uint64_t(seed_b_->value());
    job.seed_c = uint64_t(seed_c_->value());
    job.seed_d = uint64_t(seed_d_->value());
    job.amount_y = amount_y_->value() / 100.0;
    job.row = row_->value();
    job.amount = amount_->value() / 100.0;
    // Cycling through the classes: one column per class, so each column shows one class.
    const int classes = job.model ? job.model->config.label_dim : 0;
    if (classes > 0 && s.class_index < 0 && s.count >= classes) job.columns = classes;
    if (job.kind == SampleJob::Kind::Plot && job.model)
        job.plan = ect::plan_plot(s, !mid_->text().trimmed().isEmpty(), plotAxis(x_axis_, x_values_), plotAxis(y_axis_, y_values_),
                                  job.model->config);
    return job;
}

std::optional<SampleJob> SamplerPanel::jobToRender()
{
    SampleJob job;
    try {
        job = currentJob();
        if (!job.model) return std::nullopt;
        if (job.kind != SampleJob::Kind::Plot) job.settings.validate(job.model->config);  // a plot's cells are checked
    } catch (const ect::Error& e) {
        info_->setText(tr("Check the settings: %1").arg(error_text(e)));
        return std::nullopt;
    }
    info_->setText(tr("Sampling…"));
    // The grid on screen is now the answer to other settings: dimmed until the new one comes.
    grid_->setDimmed(!grid_->image().isNull());
    busy_->begin({});  // the line above says what runs
    return job;
}

void SamplerPanel::cancelRender()
{
    runner_->cancel();
    busy_->end();
    info_->setText(tr("Cancelled: the grid shown is of earlier settings."));
}

SamplerPanel::GridLabels SamplerPanel::gridLabels(const SampleResult& result) const
{
    GridLabels labels;
    const SampleJob& job = result.job;
    if (job.model && job.kind == SampleJob::Kind::Plot) {
        // Core's labels, except the words among them, which are the studio's (and translated).
        // Numbers say what they count ("seed 3", "2 steps"), as the grid's labels do.
        auto label = [this](ect::PlotAxisKind kind, const ect::PlotValue& v) {
            switch (kind) {
            case ect::PlotAxisKind::Seed: return tr("seed %1").arg(v.number);
            case ect::PlotAxisKind::Steps: return v.number == 1 ? tr("1 step") : tr("%1 steps").arg(v.number);
            case ect::PlotAxisKind::Mid: return tr("mid %1").arg(QString::fromStdString(v.label));
            case ect::PlotAxisKind::Checkpoint: return tr("step %1").arg(v.number);
            case ect::PlotAxisKind::Sampler: return QCoreApplication::translate("Sampler", v.label.c_str());
            case ect::PlotAxisKind::Class: break;
            }
            return QString::fromStdString(v.label);
        };
        for (const auto& v : job.plan.x.values) labels.columns << label(job.plan.x.kind, v);
        for (const auto& v : job.plan.y.values) labels.rows << label(job.plan.y.kind, v);
        return labels;
    }
    if (!job.model || job.kind != SampleJob::Kind::Grid) return labels;
    const auto& s = job.settings;
    const int n = int(s.count);
    const int columns = ect::grid_columns(n, job.columns);  // as the worker's grid has them
    const int rows = (n + columns - 1) / columns;
    const int classes = job.model->config.label_dim;
    if (classes > 0 && s.class_index < 0 && columns == classes) {
        const auto names = ect::class_names(*job.model);
        for (int c = 0; c < columns; ++c) labels.columns << QString::fromStdString(names[size_t(c)]);
    } else {
        for (int c = 0; c < columns; ++c) labels.columns << QString("+%1").arg(c);
    }
    for (int r = 0; r < rows; ++r) labels.rows << tr("seed %1").arg(s.seed + uint64_t(r * columns));
    return labels;
}

qint64 SamplerPanel::cellSeed(int index) const
{
    const SampleJob& job = last_.job;
    if (job.model && job.kind == SampleJob::Kind::Plot)
        return index >= 0 && size_t(index) < job.plan.cells.size() ? qint64(job.plan.cells[size_t(index)].settings.seed) : -1;
    if (!job.model || job.kind != SampleJob::Kind::Grid || index < 0 || index >= job.settings.count) return -1;
    return qint64(job.settings.seed) + index;
}

int SamplerPanel::cellClass(int index) const
{
    const SampleJob& job = last_.job;
    const int classes = job.model ? job.model->config.label_dim : 0;
    if (classes <= 0 || index < 0) return -1;
    const int chosen = job.settings.class_index;
    switch (job.kind) {
    case SampleJob::Kind::Plot: return size_t(index) < job.plan.cells.size() ? job.plan.cells[size_t(index)].settings.class_index : -1;
    case SampleJob::Kind::Grid: return chosen >= 0 ? chosen : index % classes;  // classes cycle with the image
    default: return std::max(0, chosen);
    }
}

QString SamplerPanel::cellDescription(int index) const
{
    const SampleJob& job = last_.job;
    if (!job.model || index < 0) return {};
    const auto& s = job.settings;
    const QString sampler = sampler_caption(s.info(), s.steps);
    const int classes = job.model->config.label_dim;
    QString what;
    int cls = -1;
    if (job.kind == SampleJob::Kind::Plot) {
        // A cell: its own seed, class and sampler, and its checkpoint when the plot varies them.
        if (size_t(index) >= job.plan.cells.size()) return {};
        const ect::PlotCell& cell = job.plan.cells[size_t(index)];
        const auto& c = cell.settings;
        what = tr("seed %1").arg(c.seed);
        if (c.class_index >= 0) what += tr(" · class %1").arg(QString::fromStdString(ect::class_names(*job.model)[size_t(c.class_index)]));
        what += " · " + sampler_caption(c.info(), c.steps);
        if (c.info().takes_mid && !cell.mid_from_model && !c.mid.empty())
            what += tr(" · mid %1").arg(QString::fromStdString(ect::format_levels(c.mid)));
        if (!cell.model_path.empty()) what += tr(" · step %1").arg(job.plan.x.kind == ect::PlotAxisKind::Checkpoint
                                                                    ? job.plan.x.values[size_t(cell.column)].number
                                                                    : job.plan.y.values[size_t(cell.row)].number);
        return what;
    }
    if (job.kind == SampleJob::Kind::Grid) {
        if (index >= s.count) return {};
        what = tr("seed %1").arg(cellSeed(index));
        cls = cellClass(index);
    } else {
        const int row = job.kind == SampleJob::Kind::Interpolation2D ? index / job.row : 0, col = index % job.row;
        auto frac = [&](int i) { return job.row == 1 ? 0.0 : double(i) / (job.row - 1); };
        what = job.kind == SampleJob::Kind::Interpolation2D ? tr("at (%1, %2)").arg(frac(col), 0, 'f', 2).arg(frac(row), 0, 'f', 2)
                                                            : tr("at %1").arg(frac(col), 0, 'f', 2);
        cls = cellClass(index);
    }
    if (cls >= 0) what += tr(" · class %1").arg(QString::fromStdString(ect::class_names(*job.model)[size_t(cls)]));
    return what + " · " + sampler;
}

void SamplerPanel::cellMenu(int index, const QPoint& global)
{
    QMenu menu(this);
    menu.addSection(cellDescription(index));
    menu.addAction(tr("Enlarge"), this, [this, index] { enlargeCell(index); });
    menu.addAction(tr("Edit this image"), this, [this, index] {
        emit editImage(grid_->cellImage(index), tr("Sampler: %1").arg(cellDescription(index)), cellClass(index));
    });
    const qint64 seed = cellSeed(index);
    if (last_.job.kind == SampleJob::Kind::Plot && seed >= 0) {
        const ect::PlotCell& cell = last_.job.plan.cells[size_t(index)];
        menu.addAction(tr("Copy seed %1").arg(seed), this, [seed] { QApplication::clipboard()->setText(QString::number(seed)); });
        menu.addAction(tr("Use these settings for a grid"), this, [this, index] { useCellSettings(index); });
        if (!cell.model_path.empty()) {
            const QString path = QString::fromStdString(cell.model_path);
            // In the Sampler: this cell's settings as a grid, with the checkpoint as its model.
            menu.addAction(tr("Open this checkpoint in the Sampler"), this, [this, index, path] {
                useCellSettings(index);
                emit sendModel(path, "sampler");
            });
            menu.addAction(tr("Compare this checkpoint with the base model"), this, [this, path] { emit sendModel(path, "compare"); });
        }
    } else if (seed >= 0) {
        menu.addAction(tr("Copy seed %1").arg(seed), this, [seed] { QApplication::clipboard()->setText(QString::number(seed)); });
        menu.addAction(tr("Start the grid at seed %1").arg(seed), this, [this, seed] { seed_->setValue(int(seed)); });
        menu.addAction(tr("Interpolate from seed %1").arg(seed), this, [this, seed] {
            mode_->setCurrentIndex(1);
            seed_->setValue(int(seed));
        });
    }
    menu.exec(global);
}

void SamplerPanel::useCellSettings(int index)
{
    const SampleJob& job = last_.job;
    if (job.kind != SampleJob::Kind::Plot || index < 0 || size_t(index) >= job.plan.cells.size()) return;
    const ect::PlotCell& cell = job.plan.cells[size_t(index)];
    const auto& c = cell.settings;
    {
        const QSignalBlocker b1(mode_), b2(sampler_), b3(steps_), b4(mid_), b5(class_), b6(seed_);
        mode_->setCurrentIndex(GridMode);
        sampler_->setCurrentIndex(sampler_->findData(QString(c.info().name)));
        samplerChanged();
        steps_->setValue(c.steps);
        // Levels the model chose stay the model's (an empty field); levels from the plot are typed in.
        mid_->setText(c.info().takes_mid && !cell.mid_from_model ? QString::fromStdString(ect::format_levels(c.mid)) : QString());
        showMidDefault();
        const int cls = class_->findData(c.class_index);
        if (cls >= 0) class_->setCurrentIndex(cls);
        seed_->setValue(int(c.seed));
    }
    showModeRows();
    scheduleRender();
}

void SamplerPanel::enlargeCell(int index)
{
    ImageGridView::showInWindow(this, grid_->cellImage(index), cellDescription(index));
}

void SamplerPanel::onRendered(const SampleResult& result)
{
    last_ = result;
    busy_->end();
    grid_->setDimmed(false);
    grid_->setImage(result.grid);
    // Cells, labels and tooltips: a grid's cells are its samples; an interpolation row's its points.
    const int cell = int(result.samples.size(3));
    const int cells = int(result.samples.size(0)) - (result.single.isNull() ? 0 : 1);
    grid_->setCells(cells, cell, int(result.samples.size(2)), 1);
    const GridLabels labels = gridLabels(result);
    grid_->setLabels(labels.columns, labels.rows);
    single_->setImage(result.single);
    if (!result.single.isNull()) {
        QString caption = result.job.kind == SampleJob::Kind::Interpolation2D
                              ? tr("seeds %1, %2, %3, %4 at (%5, %6)")
                                    .arg(seed_->value()).arg(seed_b_->value()).arg(seed_c_->value()).arg(seed_d_->value())
                                    .arg(amount_->value() / 100.0).arg(amount_y_->value() / 100.0)
                              : tr("seed %1 → %2 at %3").arg(seed_->value()).arg(seed_b_->value()).arg(amount_->value() / 100.0);
        // An interpolation keeps one class throughout: the chosen one, or the first.
        if (result.job.model && result.job.model->config.label_dim > 0)
            caption += tr(" · class %1")
                           .arg(QString::fromStdString(ect::class_names(*result.job.model)[size_t(std::max(0, result.job.settings.class_index))]));
        single_->setCaption(caption);
    }
    // Interpolations carry the enlarged sample after the grid.
    const int64_t shown = result.samples.size(0) - (result.single.isNull() ? 0 : 1);
    // Which average made them, when it is not the model's own (the EMA length slider).
    const QString ema = result.job.ema_std > 0 ? QStringLiteral(" · ") + ema_length_text(result.job.ema_std) : QString();
    if (result.job.kind == SampleJob::Kind::Plot) {
        // The cells' NFE differ with their samplers and steps: the axes say it.
        const ect::PlotPlan& plan = result.job.plan;
        grid_->setCaption(tr("%1 × %2 plot · %3 ms per image").arg(plan.columns()).arg(plan.rows()).arg(result.seconds_per_image * 1000, 0, 'f', 1) + ema);
        info_->setText(tr("%1 cells, %2 network evaluations").arg(plan.cells.size()).arg(ect::plot_evaluations(plan, result.job.settings.batch)));
        emit rendered(result);
        return;
    }
    grid_->setCaption(tr("%1 samples · NFE %2 · %3 ms per image")
                          .arg(shown)
                          .arg(result.nfe)
                          .arg(result.seconds_per_image * 1000, 0, 'f', 1) +
                      ema);
    info_->setText(tr("NFE %1 per image").arg(result.nfe));
    emit rendered(result);
}

QImage SamplerPanel::currentImage() const
{
    return last_.grid;
}

QImage SamplerPanel::figure() const
{
    if (last_.grid.isNull() || !last_.job.model) return {};
    const SampleJob& job = last_.job;
    const auto& s = job.settings;
    const int h = job.model->config.img_resolution;
    FigureLabels labels;
    QString model = model_name(*job.model);
    if (job.ema_std > 0) model += QStringLiteral(" · ") + ema_length_text(job.ema_std);  // which average made the samples
    const QString sampler = sampler_caption(s.info(), s.steps);
    if (job.kind == SampleJob::Kind::Interpolation) {
        labels.title = tr("%1 · %2 · NFE %3 · seed %4 → seed %5").arg(model, sampler).arg(s.nfe()).arg(s.seed).arg(job.seed_b);
        for (int i = 0; i < job.row; ++i) labels.column_labels << QString::number(job.row == 1 ? 0.0 : double(i) / (job.row - 1), 'f', 2);
        labels.x_axis = tr("spherical interpolation of the two seeds' noise");
        return labelled_figure(last_.grid, job.row, 1, h, h, 1, labels, 3);
    }
    if (job.kind == SampleJob::Kind::Interpolation2D) {
        labels.title = tr("%1 · %2 · NFE %3 · corner seeds %4, %5, %6, %7")
                           .arg(model, sampler).arg(s.nfe()).arg(s.seed).arg(job.seed_b).arg(job.seed_c).arg(job.seed_d);
        for (int i = 0; i < job.row; ++i) {
            const QString t = QString::number(job.row == 1 ? 0.0 : double(i) / (job.row - 1), 'f', 2);
            labels.column_labels << t;
            labels.row_labels << t;
        }
        labels.x_axis = tr("across: seed %1 → %2 (top), %3 → %4 (bottom)").arg(s.seed).arg(job.seed_b).arg(job.seed_c).arg(job.seed_d);
        labels.y_axis = tr("down");
        return labelled_figure(last_.grid, job.row, job.row, h, h, 1, labels, 3);
    }
    if (job.kind == SampleJob::Kind::Plot) {
        // The title says what every cell shares; the axes what varies.
        const ect::PlotPlan& plan = job.plan;
        auto varies = [&](ect::PlotAxisKind k) { return plan.x.kind == k || (!plan.y.values.empty() && plan.y.kind == k); };
        QStringList shared{model_name(*job.model)};
        const ect::GenerateSettings& first = plan.cells.front().settings;
        if (!varies(ect::PlotAxisKind::Sampler) && !varies(ect::PlotAxisKind::Steps) && !varies(ect::PlotAxisKind::Mid))
            shared << sampler_caption(first.info(), first.steps) << tr("NFE %1").arg(first.nfe());
        if (!varies(ect::PlotAxisKind::Seed)) shared << tr("seed %1").arg(first.seed);
        if (!varies(ect::PlotAxisKind::Class) && first.class_index >= 0)
            shared << tr("class %1").arg(QString::fromStdString(ect::class_names(*job.model)[size_t(first.class_index)]));
        labels.title = shared.join(QStringLiteral(" · "));
        const GridLabels grid = gridLabels(last_);
        labels.column_labels = grid.columns;
        labels.row_labels = grid.rows;
        labels.x_axis = plot_axis_label(ect::plot_axis_info(plan.x.kind));
        if (!plan.y.values.empty()) labels.y_axis = plot_axis_label(ect::plot_axis_info(plan.y.kind));
        return labelled_figure(last_.grid, plan.columns(), plan.rows(), h, h, 1, labels, 3);
    }
    const int n = int(s.count);
    labels.title = tr("%1 · %2 · NFE %3 · seeds %4–%5").arg(model, sampler).arg(s.nfe()).arg(s.seed).arg(s.seed + uint64_t(n) - 1);
    const GridLabels grid = gridLabels(last_);
    labels.column_labels = grid.columns;
    labels.row_labels = grid.rows;
    const int columns = int(grid.columns.size()), rows = int(grid.rows.size());
    labels.x_axis = tr("image = row seed + column");
    labels.y_axis = tr("seed");
    return labelled_figure(last_.grid, columns, rows, h, h, 1, labels, 3);
}

QString SamplerPanel::parametersText() const
{
    const SampleJob& job = last_.job;
    if (!job.model) return {};
    const auto& s = job.settings;
    // Grids: core's text, the same `ect sample` writes; interpolations name their seeds instead of a count.
    ect::ParameterList after_seed;
    if (job.ema_std > 0) after_seed.emplace_back("EMA", "sigma_rel " + ect::phema_std_text(job.ema_std) + " (post-hoc)");
    if (job.kind == SampleJob::Kind::Interpolation) {
        after_seed.emplace_back("Seed B", std::to_string(job.seed_b));
        after_seed.emplace_back("Interpolation", QString::number(job.amount, 'f', 2).toStdString());
    } else if (job.kind == SampleJob::Kind::Interpolation2D) {
        after_seed.emplace_back("Corner seeds", QString("%1 %2 %3 %4").arg(s.seed).arg(job.seed_b).arg(job.seed_c).arg(job.seed_d).toStdString());
        after_seed.emplace_back("Interpolation", QString("%1 %2").arg(job.amount, 0, 'f', 2).arg(job.amount_y, 0, 'f', 2).toStdString());
    } else if (job.kind == SampleJob::Kind::Plot) {
        // The base settings (what the cells share unless an axis varies it), then the axes.
        after_seed.emplace_back("X/Y plot", ect::plot_parameters(job.plan));
    }
    const QString hash = short_model_hash(QString::fromStdString(job.model->path));
    return QString::fromStdString(ect::format_parameters(ect::generation_parameters(*job.model, s, hash.toStdString(), after_seed)));
}

nlohmann::json SamplerPanel::settings() const
{
    nlohmann::json j = {{"kind", "sampler"},
                        {"mode", mode_name(mode())},
                        {"x_axis", x_axis_->currentData().toString().toStdString()},
                        {"x_values", x_values_->text().toStdString()},
                        {"y_axis", y_axis_->currentData().toString().toStdString()},
                        {"y_values", y_values_->text().toStdString()},
                        {"model_slot", model_->currentData().toString().toStdString()},
                        {"sampler", sampler_->currentData().toString().toStdString()},
                        {"steps", steps_->value()},
                        {"mid", mid_->text().toStdString()},
                        {"class", class_->count() > 0 ? class_->currentData().toInt() : -1},
                        {"seed", seed_->value()},
                        {"count", count_->value()},
                        {"seed_b", seed_b_->value()},
                        {"seed_c", seed_c_->value()},
                        {"seed_d", seed_d_->value()},
                        {"amount_y", amount_y_->value()},
                        {"row", row_->value()},
                        {"amount", amount_->value()},
                        {"ema_std", ema_->length()}};
    if (const auto m = selectedModel()) j["model"] = m->path;
    return j;
}

AreaFigure SamplerPanel::exportFigure() const
{
    return {figure(), parametersText(), settings()};
}

std::vector<ModelReference> SamplerPanel::modelsIn(const nlohmann::json& j) const
{
    const auto path = json_string(j, "model");
    if (!path) return {};
    const ModelSlot slot = json_string(j, "model_slot").value_or("") == "base" ? ModelSlot::Base : ModelSlot::Consistency;
    return {{slot, QString::fromStdString(*path)}};
}

bool SamplerPanel::applySettings(const nlohmann::json& j, QString* why)
{
    if (json_string(j, "kind").value_or("") != "sampler") {
        if (why) *why = tr("These are not the Sampler's settings.");
        return false;
    }
    auto integer = [&](const char* key, auto&& set) {
        if (const auto v = json_int(j, key)) set(*v);
    };
    auto text = [&](const char* key) { return QString::fromStdString(json_string(j, key).value_or("")); };
    {
        // Apply everything, then render once.
        const QSignalBlocker b1(mode_), b2(model_), b3(sampler_), b4(steps_), b5(class_), b6(seed_), b7(count_),
            b8(seed_b_), b9(row_), b10(amount_), b11(mid_), b12(seed_c_), b13(seed_d_), b14(amount_y_);
        const int slot = model_->findData(text("model_slot"));
        if (slot >= 0 && slot != model_->currentIndex()) {
            model_->setCurrentIndex(slot);
            modelChanged();
        }
        const QString mode = text("mode");
        for (Mode m : {GridMode, InterpolationMode, Interpolation2DMode, PlotMode})
            if (mode == mode_name(m)) mode_->setCurrentIndex(m);
        // Axes: a name of the table (Y also "" for none), else left as they are.
        for (auto [box, key] : {std::pair{x_axis_, "x_axis"}, std::pair{y_axis_, "y_axis"}}) {
            if (const auto name = json_string(j, key)) {
                const int i = box->findData(QString::fromStdString(*name));
                if (i >= 0) box->setCurrentIndex(i);
            }
        }
        if (json_string(j, "x_values")) x_values_->setText(text("x_values"));
        if (json_string(j, "y_values")) y_values_->setText(text("y_values"));
        showModeRows();
        const int sampler = sampler_->findData(text("sampler"));
        if (sampler >= 0) sampler_->setCurrentIndex(sampler);
        samplerChanged();
        integer("steps", [&](int v) { steps_->setValue(v); });
        if (json_string(j, "mid")) mid_->setText(text("mid"));
        integer("class", [&](int v) {
            const int i = class_->findData(v);
            if (i >= 0) class_->setCurrentIndex(i);
        });
        integer("seed", [&](int v) { seed_->setValue(v); });
        integer("count", [&](int v) { count_->setValue(v); });
        integer("seed_b", [&](int v) { seed_b_->setValue(v); });
        integer("seed_c", [&](int v) { seed_c_->setValue(v); });
        integer("seed_d", [&](int v) { seed_d_->setValue(v); });
        integer("amount_y", [&](int v) { amount_y_->setValue(v); });
        integer("row", [&](int v) { row_->setValue(v); });
        integer("amount", [&](int v) { amount_->setValue(v); });
        if (const auto it = j.find("ema_std"); it != j.end() && it->is_number()) ema_->setLength(it->get<double>());
    }
    scheduleRender();
    return true;
}

}  // namespace studio
