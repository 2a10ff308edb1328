// TrainingPanel: a form over ect::TrainConfig wired to a TrainingWorker on its own thread.
#include "training_panel.h"

#include "ect/network/families.h"
#include "ect/training/phema.h"

#include "ect/device.h"

#include "control_column.h"
#include "export.h"
#include "image_grid_view.h"
#include "qt_bridge.h"
#include "loss_chart.h"
#include "settings.h"

#include "ect/build_config.h"

#include "ect/error.h"
#include "ect/io/image_io.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QMenu>
#include <QRegularExpression>
#include <QLocale>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSlider>
#include <QFile>
#include <QFileInfo>
#include <QSpinBox>
#include <QImageReader>
#include <QBuffer>
#include <QSplitter>
#include <QThreadPool>
#include <QTime>
#include <QCoreApplication>
#include <QVBoxLayout>

#include <cmath>


namespace studio {
namespace {

QString duration_text(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const qint64 s = qint64(std::lround(seconds));
    if (s >= 3600) return QString("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
    if (s >= 60) return QString("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QString("%1 s").arg(s);
}

// "grayscale" for one channel, "RGB" for three: the form's words for ect::DataShape's channels.
QString channels_text(int channels)
{
    return channels == 1 ? TrainingPanel::tr("grayscale") : TrainingPanel::tr("RGB");
}

QWidget* with_browse(QLineEdit* edit, const std::function<void()>& browse)
{
    auto* w = new QWidget;
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(edit, 1);
    auto* b = new QPushButton(QObject::tr("…"));
    b->setMaximumWidth(32);
    QObject::connect(b, &QPushButton::clicked, browse);
    l->addWidget(b);
    return w;
}

// The objectives' option labels (and what a 0 stands for), which core describes in English, for lupdate: the Training form
// shows them through QCoreApplication::translate("objective", label), so a label without an entry
// here shows in English.
[[maybe_unused]] const char* const kObjectiveOptionLabels[] = {
    QT_TRANSLATE_NOOP("objective", "ln σ mean"),        QT_TRANSLATE_NOOP("objective", "ln σ deviation"),
    QT_TRANSLATE_NOOP("objective", "Grid Heun steps"),  QT_TRANSLATE_NOOP("objective", "q (gap shrink)"),
    QT_TRANSLATE_NOOP("objective", "Stage length (kimg)"), QT_TRANSLATE_NOOP("objective", "k (mapping)"),
    QT_TRANSLATE_NOOP("objective", "b (mapping slope)"), QT_TRANSLATE_NOOP("objective", "c (pseudo-Huber)"),
    QT_TRANSLATE_NOOP("objective", "Mapping"),          QT_TRANSLATE_NOOP("objective", "Weighting"),
    QT_TRANSLATE_NOOP("objective", "ln t mean"),        QT_TRANSLATE_NOOP("objective", "ln t deviation"),
    QT_TRANSLATE_NOOP("objective", "2-step mid level"), QT_TRANSLATE_NOOP("objective", "Teacher steps"),
    QT_TRANSLATE_NOOP("objective", "Teacher order"),    QT_TRANSLATE_NOOP("objective", "Distance"),
    QT_TRANSLATE_NOOP("objective", "the default, 0.821"),  // two_step_mid's zero_means
};

QString option_label(const ect::ObjectiveOption& o)
{
    return QCoreApplication::translate("objective", o.label.c_str());
}

// An objective's title in the studio's language (the table's own where no translation exists).
QString objective_title(const ect::Objective& o)
{
    if (o.name() == "ect") return TrainingPanel::tr("ECT tuning");
    if (o.name() == "edm") return TrainingPanel::tr("Diffusion pretraining (EDM)");
    if (o.name() == "cmt") return TrainingPanel::tr("CMT mid-training");
    return QString::fromStdString(o.title());
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<ect::TrainConfig>();
    // Every objective of the table, by its title (translated where the studio knows it).
    objective_ = new QComboBox;
    for (const ect::Objective* o : ect::objectives()) {
        objective_->addItem(objective_title(*o), QString::fromStdString(o->name()));
        objective_->setItemData(objective_->count() - 1, QString::fromStdString(o->about()), Qt::ToolTipRole);
    }
    preset_ = new QComboBox;
    for (const auto& name : ect::preset_names()) preset_->addItem(QString::fromStdString(name));
    preset_->setCurrentText("tiny");
    family_ = new QComboBox;
    for (const auto& f : ect::network_families()) {
        family_->addItem(QString::fromStdString(f.title), QString::fromStdString(f.name));
        family_->setItemData(family_->count() - 1, QString::fromStdString(f.about), Qt::ToolTipRole);
    }
    ema_profiles_ = new QLineEdit;
    ema_profiles_->setPlaceholderText(tr("none (e.g. 0.05, 0.10)"));
    ema_profiles_->setToolTip(tr("Power-function EMA profiles (EDM2) kept beside the EMA, by relative length σ_rel: "
                                 "each checkpoint keeps their snapshots, and the Sampler and Compare areas can then "
                                 "choose any EMA length after training"));
    base_ = new QLineEdit;
    base_->setPlaceholderText(tr("base diffusion model (.safetensors, or an official .pkl snapshot)"));
    data_ = new QLineEdit("fashion-mnist");
    run_dir_ = new QLineEdit(QDir::home().filePath("ect-runs/run-1"));
    device_ = new QComboBox;
    device_->addItems({"auto", "cpu", "cuda"});
    batch_ = new QSpinBox;
    batch_->setRange(1, 65536);
    steps_ = new QSpinBox;
    steps_->setRange(1, 100000000);
    lr_ = new QDoubleSpinBox;
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1);
    lr_->setSingleStep(1e-4);
    eval_every_ = new QSpinBox;
    eval_every_->setRange(0, 100000000);
    eval_every_->setSpecialValueText(tr("never"));
    eval_every_->setSuffix(tr(" steps"));
    eval_every_->setToolTip(tr("Measure sample quality (FD of 2,000 samples against the test images; tuning: "
                               "1- and 2-step, pretraining: Heun) every this many steps, charted beside the loss"));
    // Grid and checkpoint cadence: in seconds by default, so a slow CPU run shows a new grid within
    // a minute whatever its step time; in steps for a run to compare with a command line's.
    auto cadence = [this](QSpinBox*& every, QComboBox*& unit, int value, const QString& tip) {
        every = new QSpinBox;
        every->setRange(1, 100000000);
        every->setValue(value);
        every->setToolTip(tip);
        unit = new QComboBox;
        unit->addItem(tr("seconds"), "s");
        unit->addItem(tr("steps"), "steps");
        auto* row = new QWidget;
        auto* l = new QHBoxLayout(row);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(every, 1);
        l->addWidget(unit);
        return row;
    };
    QWidget* grid_row = cadence(grid_every_, grid_unit_, 60, tr("A new grid of 1-step samples on fixed noise this often (and at the start and the end)"));
    QWidget* checkpoint_row = cadence(checkpoint_every_, checkpoint_unit_, 120,
                                      tr("Save the run (to continue it later) and a model to sample or compare this often"));
    preset_summary_ = new QLabel;
    preset_summary_->setWordWrap(true);
    preset_summary_->setForegroundRole(QPalette::PlaceholderText);
    dropout_ = new QDoubleSpinBox;
    dropout_->setRange(0, 0.95);
    dropout_->setSingleStep(0.05);
    // The images' size: a new network takes the data's own unless set here (as EDM's train.py).
    resolution_ = new QSpinBox;
    resolution_->setRange(0, 4096);
    resolution_->setSpecialValueText(tr("from the data"));  // tool tips: showRecipe (they differ by mode)
    channels_ = new QComboBox;
    channels_->addItem(tr("from the data"), 0);
    channels_->addItem(channels_text(1), 1);
    channels_->addItem(channels_text(3), 3);
    data_shape_ = new QLabel;
    data_shape_->setWordWrap(true);
    probe_timer_ = new QTimer(this);
    probe_timer_->setSingleShot(true);
    probe_timer_->setInterval(300);  // a look once typing pauses, not per keystroke

    auto* form = new QFormLayout;
    form_ = form;
    form->addRow(tr("Training"), objective_);
    all_options_ = new QCheckBox(tr("Every option of the objective"));
    all_options_->setToolTip(tr("Also the options most runs leave as the preset sets them"));
    form->addRow(QString(), all_options_);
    form->addRow(tr("Preset"), preset_);
    form->addRow(QString(), preset_summary_);
    form->addRow(tr("Network family"), family_);
    form->addRow(tr("Base model"), with_browse(base_, [this] {
                     const QString f = QFileDialog::getOpenFileName(this, tr("Base model"), base_->text(),
                                                                    tr("Model files (*.safetensors *.pkl)"));
                     if (!f.isEmpty()) base_->setText(f);
                 }));
    form->addRow(tr("Dataset"), with_browse(data_, [this] {
                     const QString d = QFileDialog::getExistingDirectory(this, tr("Image folder"), data_->text());
                     if (!d.isEmpty()) data_->setText(d);
                 }));
    form->addRow(QString(), data_shape_);
    form->addRow(tr("Resolution"), resolution_);
    form->addRow(tr("Channels"), channels_);
    form->addRow(tr("Batch"), batch_);
    form->addRow(tr("Learning rate"), lr_);
    form->addRow(tr("Dropout"), dropout_);
    form->addRow(tr("EMA profiles"), ema_profiles_);
    form->addRow(tr("Steps"), steps_);
    form->addRow(tr("Grids every"), grid_row);
    form->addRow(tr("Checkpoints every"), checkpoint_row);
    form->addRow(tr("Measure FD every"), eval_every_);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("Run folder"), with_browse(run_dir_, [this] {
                     const QString d = QFileDialog::getExistingDirectory(this, tr("Run folder"), run_dir_->text());
                     if (!d.isEmpty()) run_dir_->setText(d);
                 }));
    start_ = new QPushButton(tr("Start"));
    pause_ = new QPushButton(tr("Pause"));
    stop_ = new QPushButton(tr("Stop"));
    resume_ = new QPushButton(tr("Resume run…"));
    watch_ = new QPushButton(tr("Watch run…"));
    watch_->setToolTip(tr("Follow a run another process writes (e.g. `ect tune` on a GPU server, its folder synced or "
                          "mounted), read-only"));
    // Two rows: the run's own controls, then the ones that open another run (the panel is narrow).
    auto* buttons = new QGridLayout;
    buttons->addWidget(start_, 0, 0);
    buttons->addWidget(pause_, 0, 1);
    buttons->addWidget(stop_, 0, 2);
    buttons->addWidget(resume_, 1, 0, 1, 2);
    buttons->addWidget(watch_, 1, 2);
    progress_ = new QLabel(tr("Not running."));
    progress_->setWordWrap(true);
    notice_ = new QLabel;
    notice_->setWordWrap(true);
    notice_->hide();
    auto* left = new QWidget;
    auto* ll = new QVBoxLayout(left);
    // The form alone, so that watching (read-only) can disable it and leave the run's controls.
    form_box_ = new QWidget;
    form_box_->setLayout(form);
    form->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(form_box_);
    ll->addLayout(buttons);
    ll->addWidget(progress_);
    ll->addWidget(notice_);
    ll->addStretch();

    chart_ = new LossChart;
    smoothing_ = new QDoubleSpinBox;
    smoothing_->setRange(0, 0.999);
    smoothing_->setDecimals(3);
    smoothing_->setSingleStep(0.01);
    smoothing_->setValue(chart_->smoothing());
    log_scale_ = new QCheckBox(tr("Log scale"));
    log_scale_->setChecked(chart_->logScale());
    x_axis_ = new QComboBox;
    x_axis_->addItems({tr("x: steps"), tr("x: images")});
    auto* chart_controls = new QHBoxLayout;
    chart_controls->addWidget(new QLabel(tr("Smoothing")));
    chart_controls->addWidget(smoothing_);
    chart_controls->addWidget(log_scale_);
    chart_controls->addWidget(x_axis_);
    chart_controls->addStretch();

    grid_ = new ImageGridView;
    grid_->setPlaceholderText(tr("1-step samples on fixed noise appear here as training goes."));
    scrub_ = new QSlider(Qt::Horizontal);
    scrub_->setEnabled(false);
    grid_label_ = new QLabel;
    auto* grid_box = new QWidget;
    auto* gl = new QVBoxLayout(grid_box);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->addWidget(grid_, 1);
    auto* scrub_row = new QHBoxLayout;
    scrub_row->addWidget(scrub_, 1);
    scrub_row->addWidget(grid_label_);
    gl->addLayout(scrub_row);
    // The run's models (a snapshot per checkpoint, and the newest), each one click from the
    // Sampler or Compare.
    run_models_ = new QComboBox;
    run_models_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    run_models_->setMinimumContentsLength(10);
    run_models_->setToolTip(tr("The models this run saved at its checkpoints"));
    to_sampler_ = new QPushButton(tr("Sampler"));
    to_sampler_->setToolTip(tr("Open this model in the Sampler"));
    to_compare_ = new QPushButton(tr("Compare"));
    to_compare_->setToolTip(tr("Compare this model with the base model"));
    // Under the grid: the run's model to send, then where to (two rows: the grid may be narrow).
    auto* models_row = new QHBoxLayout;
    models_row->addWidget(new QLabel(tr("Model")));
    models_row->addWidget(run_models_, 1);
    // One above the other: side by side they would set the grid's minimum width (French, 1024 px).
    auto* send_row = new QVBoxLayout;
    send_row->setSpacing(2);
    send_row->addWidget(to_sampler_);
    send_row->addWidget(to_compare_);
    gl->addLayout(models_row);
    gl->addLayout(send_row);
    grid_->setCellToolTip([this](int i) { return gridCellDescription(i); });
    connect(grid_, &ImageGridView::cellClicked, this, &TrainingPanel::gridMenu);
    for (auto [button, area] : {std::pair{to_sampler_, "sampler"}, std::pair{to_compare_, "compare"}})
        connect(button, &QPushButton::clicked, this, [this, area = QString(area)] {
            const QString path = run_models_->currentData().toString();
            if (!path.isEmpty()) emit sendModel(path, area, -1);
        });
    refreshRunModels();

    auto* views = views_ = new QSplitter(Qt::Horizontal);
    views->addWidget(chart_);
    views->addWidget(grid_box);
    views->setStretchFactor(0, 1);
    views->setStretchFactor(1, 1);
    views->setSizes({500, 500});  // room for the grid at 2× beside the chart
    views->installEventFilter(this);
    // The chart's controls under both views: beside the chart alone they would set the chart's
    // minimum width, and the area would not fit 1024 pixels.
    auto* right = new QWidget;
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addWidget(views, 1);
    rl->addLayout(chart_controls);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(control_column(left));
    layout->addWidget(right, 1);

    worker_ = new TrainingWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();

    connect(preset_, &QComboBox::currentTextChanged, this, &TrainingPanel::applyPreset);
    connect(all_options_, &QCheckBox::toggled, this, [this](bool all) {
        for (const auto& [option, field] : option_fields_) form_->setRowVisible(field, !option.advanced || all);
    });
    connect(objective_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        buildObjectiveOptions();
        applyPreset();
    });
    connect(start_, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(pause_, &QPushButton::clicked, this, &TrainingPanel::togglePause);
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stop);
    connect(resume_, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Run folder to resume"), run_dir_->text());
        if (!d.isEmpty()) resumeRun(d);
    });
    connect(watch_, &QPushButton::clicked, this, [this] {
        if (watching()) return stopWatching();
        const QString d = QFileDialog::getExistingDirectory(this, tr("Run folder to watch"), run_dir_->text());
        QString why;
        if (!d.isEmpty() && !watchRun(d, &why)) warn(why);
    });
    watch_timer_ = new QTimer(this);
    watch_timer_->setInterval(1000);
    connect(watch_timer_, &QTimer::timeout, this, &TrainingPanel::pollWatchedRun);
    connect(smoothing_, qOverload<double>(&QDoubleSpinBox::valueChanged), chart_, &LossChart::setSmoothing);
    connect(log_scale_, &QCheckBox::toggled, chart_, &LossChart::setLogScale);
    connect(x_axis_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) { chart_->setXInImages(i == 1); });
    connect(scrub_, &QSlider::valueChanged, this, &TrainingPanel::showGrid);
    connect(data_, &QLineEdit::textChanged, this, &TrainingPanel::dataFolderChanged);
    connect(data_, &QLineEdit::textChanged, probe_timer_, qOverload<>(&QTimer::start));
    connect(probe_timer_, &QTimer::timeout, this, &TrainingPanel::probeData);
    connect(base_, &QLineEdit::textChanged, this, &TrainingPanel::showDataShape);
    connect(resolution_, qOverload<int>(&QSpinBox::valueChanged), this, &TrainingPanel::showDataShape);
    connect(channels_, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainingPanel::showDataShape);

    connect(worker_, &TrainingWorker::started, this, [this](const QString& dir, const QString& what, qint64 step, qint64 total) {
        progress_->setText(tr("Running %1 in %2, step %3 of %4").arg(what, dir).arg(step).arg(total));
    });
    connect(worker_, &TrainingWorker::notice, this, [this](const QString& text) {
        notice_->setText(notice_->text().isEmpty() ? text : notice_->text() + "\n" + text);
        notice_->show();
        emit statusMessage(text);
    });
    connect(worker_, &TrainingWorker::stepDone, chart_, &LossChart::addPoint);
    connect(worker_, &TrainingWorker::quality, chart_, &LossChart::addQuality);
    connect(worker_, &TrainingWorker::checkpointSaved, this, &TrainingPanel::refreshRunModels);
    connect(worker_, &TrainingWorker::progress, this,
            [this](qint64 step, qint64 total, double its, double eta, double loss) {
                last_step_ = step;
                last_total_ = total;
                if (paused_) return;  // the step in flight when Pause was pressed: the line says "Paused"
                progress_->setText(tr("Step %1 of %2 · loss %3 · %4 it/s · ETA %5")
                                       .arg(step)
                                       .arg(total)
                                       // CUDA reads the loss back at log ticks: none before the first
                                       .arg(std::isfinite(loss) ? QString::number(loss, 'g', 4) : QString("–"))
                                       .arg(its, 0, 'f', 2)
                                       .arg(duration_text(eta)));
            });
    connect(worker_, &TrainingWorker::samples, this, &TrainingPanel::addGrid);
    connect(worker_, &TrainingWorker::finished, this, [this](bool completed, const QString& message) {
        setRunning(false);
        progress_->setText(message);
        emit statusMessage(message);
        refreshRunModels();
        emit modelWritten(QString::fromStdString(ect::RunFolder(shown_run_.toStdString()).model_path()));
        // The next Start makes a new run beside this one (the finished one stays shown).
        if (completed) run_dir_->setText(nextFreeRunFolder(run_dir_->text()));
        emit runFinished(completed, message);
    });
    // A state without a checksum: nothing ran; the user decides whether to take it as it is.
    connect(worker_, &TrainingWorker::uncheckedState, this, [this](const QString& dir, const QString& message) {
        setRunning(false);
        bool trust = false;
        if (trust_unchecked_) {
            trust = trust_unchecked_(dir);
        } else {
            QMessageBox box(QMessageBox::Warning, tr("Training"),
                            tr("The saved state of %1 has no checksum.").arg(QFileInfo(dir).fileName()), QMessageBox::Cancel, this);
            box.setInformativeText(tr("It was written by an older ECT Studio or by another program, so damage to it "
                                      "cannot be detected. Its contents are still checked. Resume from it as it is?"));
            box.setDetailedText(message);
            QPushButton* yes = box.addButton(tr("Resume as it is"), QMessageBox::AcceptRole);
            box.setDefaultButton(QMessageBox::Cancel);
            box.exec();
            trust = box.clickedButton() == yes;
        }
        if (trust) return resumeRun(dir, true);
        progress_->setText(tr("Not resumed: %1").arg(message));
        emit runFinished(false, message);
    });
    connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
        setRunning(false);
        progress_->setText(tr("Could not start: %1").arg(message));
        emit runFinished(false, message);
        warn(message);
    });
    buildObjectiveOptions();
    applyPreset();
    setRunning(false);
    probeData();
}

TrainingPanel::~TrainingPanel()
{
    worker_->requestStop();
    thread_.quit();
    thread_.wait();
}

void TrainingPanel::warn(const QString& message)
{
    // Window-modal but not blocking: the event loop (and any running work) carries on.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Training"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void TrainingPanel::setBaseModelPath(const QString& path)
{
    base_->setText(path);
}

void TrainingPanel::setModels(const LoadedModels& models)
{
    const auto& base = models.base;
    // Only a change of base model fills the field: opening a consistency model keeps what the
    // user typed there.
    if (base && base != base_model_) setBaseModelPath(QString::fromStdString(base->path));
    base_model_ = base;
    showDataShape();
}

QString TrainingPanel::dataFolder() const
{
    return data_->text();
}

void TrainingPanel::setDataFolder(const QString& folder)
{
    data_->setText(folder);
}

AreaFigure TrainingPanel::exportFigure() const
{
    AreaFigure f;
    const int i = scrub_->value();
    if (i < 0 || i >= grids_.size()) return f;
    const auto& [step, grid] = grids_[i];
    FigureLabels labels;
    labels.title = tr("Training run %1 · step %2 · 1-step samples on fixed noise")
                       .arg(QFileInfo(shown_run_).fileName())
                       .arg(step);
    f.image = labelled_figure(grid, 1, 1, grid.width(), grid.height(), 0, labels, 3);
    f.parameters = parameters_text({{"Run", QFileInfo(shown_run_).fileName()}, {"Step", QString::number(step)},
                                    {"Version", "ECT Studio " ECT_VERSION}});
    f.settings = settings();
    return f;
}

nlohmann::json TrainingPanel::settings() const
{
    nlohmann::json j = {{"kind", "training"}, {"run", shown_run_.toStdString()}};
    const int i = scrub_->value();
    if (i >= 0 && i < grids_.size()) j["step"] = grids_[i].first;
    return j;
}

bool TrainingPanel::applySettings(const nlohmann::json& j, QString* why)
{
    if (json_string(j, "kind").value_or("") != "training") {
        if (why) *why = tr("These are not a training run's settings.");
        return false;
    }
    const auto run = json_string(j, "run");
    if (!run || run->empty()) return true;  // nothing was shown
    return showRun(QString::fromStdString(*run), json_integer(j, "step").value_or(-1), why);
}

bool TrainingPanel::showRun(const QString& dir, qint64 step, QString* why)
{
    auto refuse = [&](const QString& reason) {
        if (why) *why = reason;
        return false;
    };
    if (active_) return refuse(tr("A training run is in progress; stop it to look at another run."));
    if (!QFileInfo::exists(dir + "/config.json")) return refuse(tr("%1 is not a training run folder (it has no config.json).").arg(dir));
    stopWatching();
    run_dir_->setText(dir);
    loadHistory(dir);
    for (int i = 0; i < grids_.size(); ++i)
        if (grids_[i].first == step) {
            scrub_->setValue(i);
            showGrid(i);
        }
    return true;
}

void TrainingPanel::applyPreset()
{
    const ect::TrainConfig c = ect::make_preset(preset_->currentText().toStdString(), currentObjective().name());
    showRecipe(c);
    showPresetSummary(c, false);
}

const ect::Objective& TrainingPanel::currentObjective() const
{
    return ect::find_objective(objective_->currentData().toString().toStdString());
}

QWidget* TrainingPanel::objectiveOptionField(const QString& key) const
{
    for (const auto& [option, field] : option_fields_)
        if (QString::fromStdString(option.key) == key) return field;
    return nullptr;
}

void TrainingPanel::buildObjectiveOptions()
{
    // The fields come from the option descriptions: a spin box within a number's bounds, a
    // choice's names in a combo box, the description as the tool tip.
    // Rows of the recipe form itself (one label column for all), after the learning rate.
    for (auto& entry : option_fields_) form_->removeRow(entry.second);
    option_fields_.clear();
    int row = 0;
    QFormLayout::ItemRole role;
    form_->getWidgetPosition(lr_, &row, &role);
    for (const ect::ObjectiveOption& o : currentObjective().options()) {
        QWidget* field = nullptr;
        if (o.is_choice()) {
            auto* box = new QComboBox;
            for (const auto& c : o.choices) box->addItem(QString::fromStdString(c), QString::fromStdString(c));
            field = box;
        } else if (o.whole) {
            auto* box = new QSpinBox;
            box->setRange(int(std::max(o.min, -1e9)), int(std::min(o.max, 1e9)));
            field = box;
        } else {
            // The value as text, exactly (a spin box would round 0.77569 or size itself for 10¹²),
            // typed with a point in any language; set_option checks it when the run starts.
            auto* edit = new QLineEdit;
            edit->setPlaceholderText(o.zero_means.empty()
                                         ? QString("%1 … %2").arg(o.min, 0, 'g', 6).arg(o.max, 0, 'g', 6)
                                         : QCoreApplication::translate("objective", o.zero_means.c_str()));
            field = edit;
        }
        field->setToolTip(QString::fromStdString(o.help));
        form_->insertRow(++row, option_label(o), field);
        form_->setRowVisible(field, !o.advanced || all_options_->isChecked());
        option_fields_.emplace_back(o, field);
    }
}

void TrainingPanel::showObjectiveOptions(const ect::TrainConfig& c)
{
    for (const auto& [option, field] : option_fields_) {
        const QString value = QString::fromStdString(ect::option_value(c, option));
        if (auto* box = qobject_cast<QComboBox*>(field)) box->setCurrentIndex(std::max(0, box->findData(value)));
        else if (auto* box = qobject_cast<QSpinBox*>(field)) box->setValue(QLocale::c().toInt(value));
        else if (auto* edit = qobject_cast<QLineEdit*>(field))
            edit->setText(!option.zero_means.empty() && value == "0" ? QString() : value);  // the placeholder says what 0 is
    }
}

void TrainingPanel::readObjectiveOptions(ect::TrainConfig& c) const
{
    for (const auto& [option, field] : option_fields_) {
        QString value;
        if (auto* box = qobject_cast<QComboBox*>(field)) value = box->currentData().toString();
        else if (auto* box = qobject_cast<QSpinBox*>(field)) value = QString::number(box->value());
        else if (auto* edit = qobject_cast<QLineEdit*>(field)) value = edit->text().trimmed();
        if (value.isEmpty() && !option.zero_means.empty()) value = "0";
        ect::set_option(c, option, value.toStdString(), option_label(option).toStdString());
    }
}

void TrainingPanel::showPresetSummary(const ect::TrainConfig& c, bool of_run)
{
    // Say what choosing the preset set, so no value changes unseen (or, for a run, its recipe).
    const ect::Objective& objective = ect::find_objective(c.objective);
    const bool tune = objective.from_base();
    QString what = (of_run ? tr("This run: batch %1, learning rate %2, %3 steps, dropout %4")
                           : tr("Sets batch %1, learning rate %2, %3 steps, dropout %4"))
                       .arg(c.batch)
                       .arg(c.optimizer.lr, 0, 'g', 3)
                       .arg(QLocale().toString(qlonglong(c.steps)))
                       .arg(c.dropout, 0, 'g', 3);
    // The objective's first two options (its table lists the ones that matter most first).
    const auto options = objective.options();
    for (size_t i = 0; i < std::min<size_t>(2, options.size()); ++i)
        what += QString(", %1 %2").arg(option_label(options[i]),
                                       QString::fromStdString(ect::option_value(c, options[i])));
    // Pretraining makes a new network: the preset's shape (tuning keeps the base model's).
    if (!tune)
        what += tr("; %1 channels × [%2], %3 blocks per level")
                    .arg(c.network.model_channels)
                    .arg(QString::fromStdString([&] {
                        std::string m;
                        for (int v : c.network.channel_mult) m += (m.empty() ? "" : ",") + std::to_string(v);
                        return m;
                    }()))
                    .arg(c.network.num_blocks);
    preset_summary_->setText(what + ".");
}

void TrainingPanel::showRecipe(const ect::TrainConfig& c)
{
    batch_->setValue(int(c.batch));
    steps_->setValue(int(c.steps));
    lr_->setValue(c.optimizer.lr);
    showObjectiveOptions(c);
    dropout_->setValue(c.dropout);
    eval_every_->setValue(int(std::min<int64_t>(c.eval_every, eval_every_->maximum())));
    QStringList lengths;
    for (double s : c.ema_stds) lengths << QString::fromStdString(ect::phema_std_text(s));
    ema_profiles_->setText(lengths.join(", "));
    const bool tune = ect::find_objective(c.objective).from_base();
    family_->setCurrentIndex(std::max(0, family_->findData(QString::fromStdString(c.network.arch))));
    family_->setEnabled(!tune);  // tuning keeps the base model's network
    family_->setToolTip(tune ? tr("Tuning keeps the base model's network family") : QString());
    base_->setEnabled(tune);
    // Tuning keeps the base model's size (the data is resized to it).
    resolution_->setEnabled(!tune);
    channels_->setEnabled(!tune);
    const QString kept = tr("Tuning keeps the base model's image size; the data is resized to it");
    resolution_->setToolTip(tune ? kept : tr("Image size N×N of a new network; other data is centre-cropped and resized to it"));
    channels_->setToolTip(tune ? kept : QString());
    showDataShape();
}

void TrainingPanel::probeData()
{
    const QString source = data_->text().trimmed();
    if (source.isEmpty() || (source == probed_source_ && probe_error_.isEmpty())) return showDataShape();
    QPointer<TrainingPanel> self(this);
    QThreadPool::globalInstance()->start([self, source] {
        ect::DataShape shape;
        QString error;
        try {
            shape = ect::probe_dataset(source.toStdString());
        } catch (const std::exception& e) {  // ours, LibTorch's, or an allocation failure
            error = error_text(e);
        }
        // Delivered on the UI thread, where `self` is checked: the panel may have closed meanwhile.
        QCoreApplication* app = QCoreApplication::instance();
        if (!app) return;  // the studio is closing
        QMetaObject::invokeMethod(
            app,
            [self, source, shape, error] {
                if (!self) return;
                if (source != self->data_->text().trimmed()) return;  // the user has moved on: a newer look comes
                self->probed_source_ = source;
                self->probed_ = shape;
                self->probe_error_ = error;
                self->showDataShape();
            },
            Qt::QueuedConnection);
    });
}

QString TrainingPanel::dataShapeText() const
{
    return data_shape_->text();
}

void TrainingPanel::showDataShape()
{
    auto shape_text = [](int resolution, int channels) { return QString("%1×%1 %2").arg(resolution).arg(channels_text(channels)); };
    const bool known = probed_source_ == data_->text().trimmed() && !probed_source_.isEmpty();
    const bool readable = known && probe_error_.isEmpty();
    resolution_->setSpecialValueText(readable ? tr("from the data (%1)").arg(probed_.resolution) : tr("from the data"));
    channels_->setItemText(0, readable ? tr("from the data (%1)").arg(channels_text(probed_.channels)) : tr("from the data"));
    if (!known) {
        data_shape_->clear();
        return;
    }
    if (!readable) {
        data_shape_->setText(tr("Cannot read this data: %1").arg(probe_error_));
        return;
    }
    const QString own = shape_text(probed_.resolution, probed_.channels);
    int resolution = probed_.resolution, channels = probed_.channels;
    QString target;
    const bool tune = currentObjective().from_base();
    if (tune) {
        if (base_model_ && QString::fromStdString(base_model_->path) == base_->text().trimmed()) {
            resolution = base_model_->config.img_resolution;
            channels = base_model_->config.img_channels;
            target = tr("the base model's");
        }
    } else {
        if (resolution_->value() > 0) resolution = resolution_->value();
        if (channels_->currentData().toInt() > 0) channels = channels_->currentData().toInt();
    }
    if (resolution == probed_.resolution && channels == probed_.channels)
        data_shape_->setText(tr("Images: %1").arg(own));
    else if (!target.isEmpty())
        data_shape_->setText(tr("Images: %1, resized to %2 %3").arg(own, target, shape_text(resolution, channels)));
    else
        data_shape_->setText(tr("Images: %1, resized to %2").arg(own, shape_text(resolution, channels)));
}

ect::TrainConfig TrainingPanel::currentConfig() const
{
    const ect::Objective& objective = currentObjective();
    ect::TrainConfig c = ect::make_preset(preset_->currentText().toStdString(), objective.name());
    c.base_model = base_->text().trimmed().toStdString();
    c.data = data_->text().trimmed().toStdString();
    c.batch = batch_->value();
    c.steps = steps_->value();
    c.optimizer.lr = lr_->value();
    readObjectiveOptions(c);
    c.dropout = dropout_->value();
    c.eval_every = eval_every_->value();
    c.ema_stds.clear();
    for (const QString& item : ema_profiles_->text().split(',', Qt::SkipEmptyParts)) {
        // Typed with a point whatever the language (as the mid levels): the C locale reads it.
        bool ok = false;
        const double v = QLocale::c().toDouble(item.trimmed(), &ok);
        if (!ok) ect::fail("EMA profiles", "'" + item.trimmed().toStdString() + "' is not a length (e.g. 0.05, 0.10)");
        c.ema_stds.push_back(v);
    }
    // The family's own defaults (EDM2: its noise levels), as `ect pretrain --arch`.
    if (!objective.from_base()) ect::use_network_family(c, family_->currentData().toString().toStdString());
    // The form's cadences: seconds (the step cadence then off) or steps.
    const bool grid_seconds = grid_unit_->currentData().toString() == "s";
    c.sample_every = grid_seconds ? 0 : grid_every_->value();
    c.sample_seconds = grid_seconds ? grid_every_->value() : 0;
    const bool checkpoint_seconds = checkpoint_unit_->currentData().toString() == "s";
    c.checkpoint_every = checkpoint_seconds ? 0 : checkpoint_every_->value();
    c.checkpoint_seconds = checkpoint_seconds ? checkpoint_every_->value() : 0;
    if (!objective.from_base()) {  // tuning takes the base model's
        c.resolution = resolution_->value();
        c.image_channels = channels_->currentData().toInt();
    }
    c.device = device_->currentText().toStdString();
    // On the CPU every step's loss is known on the host: the log keeps each one, so the chart
    // shows the same density live and after a resume (it is drawn from the log's records).
    try {
        if (!ect::resolve_device(c.device).is_cuda()) c.log_every = 1;
    } catch (const ect::Error&) {
        // the device itself is reported when the run starts
    }
    // Preferences → Precision, as it applies to this run's device ("auto" when it cannot run there).
    c.precision = settings::precision.value().toStdString();
    if (c.precision == "bf16") {
        try {
            if (!ect::resolve_device(c.device).is_cuda()) c.precision = "auto";
        } catch (const ect::Error&) {
            c.precision = "auto";  // the device itself is reported when the run starts
        }
    }
    c.validate();
    if (c.data.empty()) ect::fail("dataset", "choose a dataset (fashion-mnist or a folder)");
    return c;
}

void TrainingPanel::start()
{
    if (active_) return;
    stopWatching();
    ect::TrainConfig config;
    try {
        config = currentConfig();
    } catch (const ect::Error& e) {
        warn(error_text(e));
        return;
    }
    const QString dir = run_dir_->text().trimmed();
    if (ect::RunFolder(dir.toStdString()).holds_run()) {
        // A folder with a run in it: continue that run, or start this one beside it.
        const QString next = nextFreeRunFolder(dir);
        UsedFolder choice = UsedFolder::Cancel;
        if (choose_used_folder_) {
            choice = choose_used_folder_(dir, next);
        } else {
            QMessageBox box(QMessageBox::Question, tr("Training"),
                            tr("%1 already holds a training run.").arg(QFileInfo(dir).fileName()), QMessageBox::Cancel, this);
            box.setInformativeText(tr("Continue that run where it stopped, or start this one in a new folder (%1)?")
                                       .arg(QFileInfo(next).fileName()));
            QPushButton* resume = box.addButton(tr("Continue that run"), QMessageBox::AcceptRole);
            QPushButton* fresh = box.addButton(tr("Start in %1").arg(QFileInfo(next).fileName()), QMessageBox::AcceptRole);
            box.setDefaultButton(fresh);
            box.exec();
            choice = box.clickedButton() == resume ? UsedFolder::Resume : box.clickedButton() == fresh ? UsedFolder::NewFolder : UsedFolder::Cancel;
        }
        if (choice == UsedFolder::Cancel) return;
        if (choice == UsedFolder::Resume) return resumeRun(dir);
        run_dir_->setText(next);
    }
    shown_run_ = run_dir_->text().trimmed();
    chart_->clear();
    grids_.clear();
    scrub_->setEnabled(false);
    grid_->setImage({});
    grid_label_->clear();
    notice_->clear();
    notice_->hide();
    showGridsOf(config);
    setRunning(true);
    refreshRunModels();
    QMetaObject::invokeMethod(worker_, "start", Qt::QueuedConnection, Q_ARG(ect::TrainConfig, config),
                              Q_ARG(QString, shown_run_));
}

QString TrainingPanel::nextFreeRunFolder(const QString& dir)
{
    auto used = [](const QString& d) { return ect::RunFolder(d.toStdString()).holds_run(); };
    QString path = QDir::cleanPath(dir);
    if (!used(path)) return path;
    // run-1 → run-2 …; a name without a number gets "-2", "-3", …
    static const QRegularExpression numbered("^(.*?)(\\d+)$");
    const QRegularExpressionMatch m = numbered.match(path);
    const QString stem = m.hasMatch() ? m.captured(1) : path + "-";
    qint64 n = m.hasMatch() ? m.captured(2).toLongLong() + 1 : 2;
    for (int tries = 0; tries < 100000; ++tries, ++n)
        if (!used(stem + QString::number(n))) return stem + QString::number(n);
    return path;
}

void TrainingPanel::resumeRun(const QString& run_dir, bool trust_unchecked)
{
    if (active_) return;
    stopWatching();
    run_dir_->setText(run_dir);
    loadHistory(run_dir);
    notice_->clear();
    notice_->hide();
    setRunning(true);
    QMetaObject::invokeMethod(worker_, "resume", Qt::QueuedConnection, Q_ARG(QString, run_dir), Q_ARG(qint64, 0),
                              Q_ARG(bool, trust_unchecked));
}

void TrainingPanel::showConfig(const ect::TrainConfig& c)
{
    // The form shows the run's own recipe, not the preset's defaults.
    const QSignalBlocker b1(objective_), b2(preset_);
    objective_->setCurrentIndex(std::max(0, objective_->findData(QString::fromStdString(c.objective))));
    buildObjectiveOptions();
    const int preset = preset_->findText(QString::fromStdString(c.preset));
    if (preset >= 0) preset_->setCurrentIndex(preset);
    base_->setText(QString::fromStdString(c.base_model));
    data_->setText(QString::fromStdString(c.data));
    resolution_->setValue(c.resolution);
    channels_->setCurrentIndex(std::max(0, channels_->findData(c.image_channels)));
    const int device = device_->findText(QString::fromStdString(c.device));
    if (device >= 0) device_->setCurrentIndex(device);
    showRecipe(c);
    auto cadence = [](QSpinBox* every, QComboBox* unit, int64_t steps, double seconds) {
        const bool in_seconds = seconds > 0;
        unit->setCurrentIndex(unit->findData(in_seconds ? "s" : "steps"));
        if (in_seconds || steps > 0) every->setValue(int(std::min<double>(in_seconds ? seconds : double(steps), every->maximum())));
    };
    cadence(grid_every_, grid_unit_, c.sample_every, c.sample_seconds);
    cadence(checkpoint_every_, checkpoint_unit_, c.checkpoint_every, c.checkpoint_seconds);
    showPresetSummary(c, true);
}

namespace {

// A grid the trainer saved, read as input from a folder anyone may have written: a regular file
// of at most 64 MiB, a PNG whose chunk lengths fit the file and whose header says at most
// 4096×4096 pixels (both checked before decoding); anything else reads as no image. A FIFO named
// like a grid would block QImage's open.
QImage read_run_grid(const QString& path, bool* refused = nullptr)
{
    if (refused) *refused = false;
    const QFileInfo info(path);
    QFile file(path);
    if (!info.isFile() || info.size() > (qint64(64) << 20) || !file.open(QIODevice::ReadOnly)) {
        if (refused) *refused = true;
        return {};
    }
    QByteArray bytes = file.read(qint64(64) << 20);
    if (!ect::png_chunk_problem(bytes.toStdString()).empty()) {
        if (refused) *refused = true;
        return {};
    }
    QBuffer buffer(&bytes);
    QImageReader reader(&buffer, "png");
    const QSize size = reader.size();
    if (size.isValid() && qint64(size.width()) * size.height() > 4096ll * 4096) {
        if (refused) *refused = true;
        return {};
    }
    return size.isValid() ? reader.read() : QImage();
}

// The grids kept for the scrubber, in bytes: beyond it the oldest are dropped (a run of
// thousands of grids, or huge files dropped into samples/, cannot exhaust memory).
constexpr qint64 kMaxGridBytes = qint64(512) << 20;

}  // namespace

void TrainingPanel::loadHistory(const QString& run_dir)
{
    shown_run_ = run_dir;
    chart_->clear();
    grids_.clear();
    scrub_->setEnabled(false);
    grid_->setImage({});
    grid_label_->clear();
    const ect::RunFolder folder(run_dir.toStdString());
    try {
        const ect::TrainConfig config = folder.read_config();
        showConfig(config);
        showGridsOf(config);
    } catch (const ect::Error&) {
        // The worker reports an unusable run folder when it tries to resume it.
    }
    // The loss and FD of every log record so far, so the chart continues where the run left off.
    // Its whole lines: a watcher then reads on from where this stopped.
    ect::RunLog log;
    watched_log_ = {};
    try {
        log = folder.read_log_since(watched_log_);
    } catch (const ect::Error& e) {
        progress_->setText(tr("The run's log cannot be read: %1").arg(error_text(e)));
    }
    watched_losses_ = log.loss.size();
    watched_quality_ = log.quality.size();
    for (const auto& p : log.loss) chart_->addPoint(p.step, p.images_seen, p.stage, p.loss);
    for (const auto& q : log.quality)
        for (const auto& [sampler, fd] : q.fd)
            chart_->addQuality(q.step, qint64(q.kimg * 1000 + 0.5), QString::fromStdString(sampler), fd);
    // Every grid the run saved, in step order.
    for (const auto& [step, path] : folder.grids()) {
        const QImage image = read_run_grid(QString::fromStdString(path));
        if (!image.isNull()) addGrid(step, image);
    }
    refreshRunModels();
}

void TrainingPanel::showGridsOf(const ect::TrainConfig& config)
{
    // What the cells' tooltips say: the grid's size, its classes and, for Fashion-MNIST, their names.
    grid_classes_ = config.network.label_dim;
    grid_count_ = config.grid_count;
    grid_class_names_.clear();
    if (grid_classes_ == 10 && QString::fromStdString(config.data).startsWith("fashion-mnist"))
        for (const auto& n : ect::fashion_mnist_class_names()) grid_class_names_ << QString::fromStdString(n);
}

void TrainingPanel::addGrid(qint64 step, const QImage& image)
{
    // A resumed run re-draws the grid of the step it resumes at: keep one grid per step.
    if (!grids_.isEmpty() && grids_.back().first == step) grids_.pop_back();
    const bool follow = grids_.isEmpty() || scrub_->value() == scrub_->maximum();  // stay on the newest unless scrubbing
    grids_.push_back({step, image});
    qint64 bytes = 0;
    for (const auto& g : grids_) bytes += g.second.sizeInBytes();
    while (grids_.size() > 1 && bytes > kMaxGridBytes) {  // the oldest go first
        bytes -= grids_.front().second.sizeInBytes();
        grids_.pop_front();
    }
    scrub_->setEnabled(true);
    scrub_->setRange(0, int(grids_.size()) - 1);
    if (follow) {
        const QSignalBlocker block(scrub_);
        scrub_->setValue(scrub_->maximum());
        showGrid(int(grids_.size()) - 1);
    }
}

void TrainingPanel::refreshRunModels()
{
    const QString previous = run_models_->currentData().toString();
    const bool was_newest = run_models_->currentIndex() == run_models_->count() - 1;
    run_models_->clear();
    if (!shown_run_.isEmpty()) {
        const ect::RunFolder folder(shown_run_.toStdString());
        const QString name = QFileInfo(shown_run_).fileName();
        for (const auto& [step, path] : folder.snapshots())
            run_models_->addItem(tr("%1 · step %2").arg(name).arg(step), QString::fromStdString(path));
        // The newest model: the last snapshot's twin, or the only model of a run without snapshots.
        const QString newest = QString::fromStdString(folder.model_path());
        if (QFileInfo::exists(newest) && run_models_->count() == 0) run_models_->addItem(tr("%1 · newest").arg(name), newest);
    }
    const int keep = run_models_->findData(previous);
    run_models_->setCurrentIndex(keep >= 0 && !was_newest ? keep : run_models_->count() - 1);
    const bool any = run_models_->count() > 0;
    run_models_->setEnabled(any);
    to_sampler_->setEnabled(any);
    to_compare_->setEnabled(any);
    if (!any) run_models_->setPlaceholderText(tr("none saved yet"));
}

void TrainingPanel::togglePause()
{
    if (!active_) return;
    paused_ = !paused_;
    worker_->setPaused(paused_);
    pause_->setText(paused_ ? tr("Continue") : tr("Pause"));
    progress_->setText(paused_ ? tr("Paused at step %1 of %2. Continue goes on; Stop saves the run.").arg(last_step_).arg(last_total_)
                               : tr("Continuing at step %1 of %2…").arg(last_step_).arg(last_total_));
}

void TrainingPanel::stop()
{
    if (paused_) togglePause();
    worker_->requestStop();
    progress_->setText(tr("Stopping after this step…"));
}

void TrainingPanel::setRunning(bool running)
{
    active_ = running;
    start_->setEnabled(!running && !watching());
    resume_->setEnabled(!running && !watching());
    watch_->setEnabled(!running);
    form_box_->setEnabled(!running && !watching());
    pause_->setEnabled(running);
    stop_->setEnabled(running);
    if (!running && paused_) {
        paused_ = false;
        pause_->setText(tr("Pause"));
    }
}

void TrainingPanel::showGrid(int index)
{
    if (index < 0 || index >= grids_.size()) return;
    grid_->setImage(grids_[index].second);
    // Cells of the trainer's grids (tile_grid: as square as possible, 1-pixel gaps): seed i in cell i.
    const QImage& image = grids_[index].second;
    const int columns = grid_count_ > 0 ? ect::grid_columns(grid_count_, 0) : 0;
    grid_cell_ = columns > 0 ? (image.width() + 1) / columns - 1 : 0;
    grid_->setCells(grid_cell_ > 0 ? grid_count_ : 0, grid_cell_, grid_cell_, 1);
    // No labels around it: the pane is narrow and every pixel goes to the samples (each cell's seed
    // and class are in its tooltip and menu).
    grid_label_->setText(tr("step %1").arg(grids_[index].first));
    grid_->setCaption(index == 0 && grids_[index].first == 0 ? tr("step 0: the starting model") : QString());
}

QString TrainingPanel::gridCellDescription(int index) const
{
    const int i = scrub_->value();
    if (index < 0 || i < 0 || i >= grids_.size()) return {};
    QString what = tr("seed %1").arg(index);
    if (grid_classes_ > 0) {
        const int cls = index % grid_classes_;  // the grid's classes cycle with the seed, as `ect sample` does
        what += tr(" · class %1").arg(cls < grid_class_names_.size() ? grid_class_names_[cls] : QString::number(cls));
    }
    const bool consistency = currentObjective().produces() == "consistency";
    return what + tr(" · step %1 · %2").arg(grids_[i].first).arg(consistency ? tr("1 step") : tr("Heun"));
}

void TrainingPanel::gridMenu(int index, const QPoint& global)
{
    const int i = scrub_->value();
    if (i < 0 || i >= grids_.size() || grid_cell_ <= 0) return;
    QMenu menu(this);
    menu.addSection(gridCellDescription(index));
    menu.addAction(tr("Enlarge"), this,
                   [this, index] { ImageGridView::showInWindow(this, grid_->cellImage(index), gridCellDescription(index)); });
    menu.addAction(tr("Copy seed %1").arg(index), this, [index] { QApplication::clipboard()->setText(QString::number(index)); });
    QAction* send = menu.addAction(tr("Sample seed %1 with this run's newest model").arg(index), this, [this, index] {
        emit sendModel(run_models_->itemData(run_models_->count() - 1).toString(), "sampler", index);
    });
    send->setEnabled(run_models_->count() > 0);
    menu.exec(global);
}

bool TrainingPanel::watchRun(const QString& dir, QString* why)
{
    if (!showRun(dir, -1, why)) return false;
    watched_ = dir;
    setWatchingState(true);
    grid_tries_.clear();
    watch_timer_->start();
    progress_->setText(tr("Watching %1 (read-only): %2 loss points, %3 grids").arg(dir).arg(watched_losses_).arg(grids_.size()));
    return true;
}

void TrainingPanel::stopWatching()
{
    if (watched_.isEmpty()) return;
    watch_timer_->stop();
    watched_.clear();
    setWatchingState(false);
    progress_->setText(tr("Not running."));
}

void TrainingPanel::setWatchingState(bool on)
{
    // Watching is read-only: the form and the run's own controls wait until it ends.
    watch_->setText(on ? tr("Stop watching") : tr("Watch run…"));
    setRunning(active_);
    if (on) form_box_->setToolTip(tr("Showing a run another process writes: the form is read-only while watching"));
    else form_box_->setToolTip(QString());
}

void TrainingPanel::pollWatchedRun()
{
    if (watched_.isEmpty()) return;
    const ect::RunFolder folder(watched_.toStdString());
    if (!QFileInfo::exists(watched_ + "/config.json")) {
        progress_->setText(tr("Watching %1: the run folder is gone (waiting for it to come back).").arg(watched_));
        return;
    }
    // The log: what was added since the last look, from where that look stopped (a line still
    // being written is read once it is whole). A log that was replaced or shrank (the run resumed
    // from an earlier checkpoint and dropped the records after it) is drawn again from the start.
    {
        ect::RunLog records;
        bool restarted = false;
        try {
            records = folder.read_log_since(watched_log_, &restarted);
        } catch (const ect::Error& e) {
            progress_->setText(tr("Watching %1: the log cannot be read: %2").arg(watched_, error_text(e)));
            return;
        }
        if (restarted) {
            chart_->clear();
            watched_losses_ = watched_quality_ = 0;
        }
        for (const auto& p : records.loss) chart_->addPoint(p.step, p.images_seen, p.stage, p.loss);
        for (const auto& q : records.quality)
            for (const auto& [sampler, fd] : q.fd)
                chart_->addQuality(q.step, qint64(q.kimg * 1000 + 0.5), QString::fromStdString(sampler), fd);
        watched_losses_ += records.loss.size();
        watched_quality_ += records.quality.size();
    }
    // New grids, in step order; one that does not decode yet (still being copied) is tried again
    // at the next looks, and passed over after ten (a damaged file must not hide the grids after it).
    const qint64 last = grids_.isEmpty() ? -1 : grids_.back().first;
    for (const auto& [step, path] : folder.grids()) {
        if (step <= last) continue;
        bool refused = false;
        const QImage image = read_run_grid(QString::fromStdString(path), &refused);
        if (refused) continue;    // never a grid we show (too large, not a file): passed over
        if (image.isNull()) {
            if (++grid_tries_[step] < 10) break;
            continue;
        }
        grid_tries_.remove(step);
        addGrid(step, image);
    }
    if (folder.snapshots().size() != size_t(std::max(0, run_models_->count()))) refreshRunModels();
    const qint64 step = grids_.isEmpty() ? 0 : grids_.back().first;
    progress_->setText(tr("Watching %1 (read-only): %2 loss points, %3 grids (newest: step %4), updated %5")
                           .arg(watched_)
                           .arg(watched_losses_)
                           .arg(grids_.size())
                           .arg(step)
                           .arg(QTime::currentTime().toString("HH:mm:ss")));
}

bool TrainingPanel::eventFilter(QObject* watched, QEvent* event)
{
    // Side by side each half needs about 280 px (the chart's axes, the grid's buttons); below
    // that (1024 px in German or French) the chart would shrink to a strip: stack them instead.
    // The splitter's own resize, not the panel's: the panel's comes before its layout has placed it.
    if (watched == views_ && event->type() == QEvent::Resize) {
        const Qt::Orientation want = views_->width() < 560 ? Qt::Vertical : Qt::Horizontal;
        if (views_->orientation() != want) {
            views_->setOrientation(want);
            const int length = want == Qt::Vertical ? views_->height() : views_->width();
            views_->setSizes({length / 2, length / 2});
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace studio
