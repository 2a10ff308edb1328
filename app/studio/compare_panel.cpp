// ComparePanel: controls → CompareJob → CompareWorker (own thread) → swipe view + X/Y figure.
#include "compare_panel.h"

#include "busy_bar.h"
#include "control_column.h"
#include "ema_length.h"

#include "export.h"
#include "image_grid_view.h"
#include "qt_bridge.h"
#include "swipe_view.h"

#include "ect/build_config.h"
#include "ect/error.h"

#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace studio {

namespace {
// The base with Heun (NFE 35) and DPM-Solver++ (NFE 4), every consistency model at 1 and 2 steps.
constexpr const char* kDefaultColumns = "heun 18, dpm++ 4, cm 1, cm 2";

QString absolute(const std::string& path)
{
    return QFileInfo(QString::fromStdString(path)).absoluteFilePath();
}

QString ms(double seconds)
{
    return seconds < 0.1 ? QObject::tr("%1 ms").arg(seconds * 1000, 0, 'f', 1)
                         : QObject::tr("%1 s").arg(seconds, 0, 'f', 2);
}
}  // namespace

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<studio::CompareJob>();
    qRegisterMetaType<studio::CompareResult>();
    qRegisterMetaType<studio::FdTableJob>();
    qRegisterMetaType<studio::FdTableResult>();

    seed_ = new QSpinBox;
    seed_->setRange(0, 2000000000);
    rows_ = new QSpinBox;
    rows_->setRange(1, 16);
    rows_->setValue(6);
    class_ = new QComboBox;
    columns_ = new QLineEdit(kDefaultColumns);
    columns_->setToolTip(tr("Samplers for every ticked model that fits them: heun N, euler N and dpm++ N sample "
                            "diffusion models, cm K consistency models (cm 2@1.4 sets the mid level; 3 steps: "
                            "cm 3@2.7/0.7)"));
    models_ = new QListWidget;
    models_->setObjectName("comparedModels");
    models_->setMaximumHeight(150);
    models_->setToolTip(tr("The loaded models (File > Add model to the list… loads more); ticked ones are "
                           "compared, each a column per sampler of its kind"));
    a_ = new QComboBox;
    b_ = new QComboBox;
    sample_ = new QSpinBox;
    sample_->setRange(0, 15);
    ema_ = new EmaLengthControl;

    auto* form = new QFormLayout;
    form->addRow(tr("First seed"), seed_);
    form->addRow(tr("Seeds (rows)"), rows_);
    form->addRow(tr("Class"), class_);
    form->addRow(tr("Models"), models_);
    form->addRow(tr("Samplers"), columns_);
    form->addRow(tr("EMA length"), ema_);  // the consistency model's, when its run kept EMA snapshots
    form_ = form;
    auto* ab = new QGroupBox(tr("Enlarged sample"));
    auto* abf = new QFormLayout(ab);
    abf->addRow(tr("A"), a_);
    abf->addRow(tr("B"), b_);
    abf->addRow(tr("Seed row"), sample_);
    show_a_ = new QToolButton;
    show_a_->setText(tr("A"));
    show_b_ = new QToolButton;
    show_b_->setText(tr("B"));
    show_swipe_ = new QToolButton;
    show_swipe_->setText(tr("Swipe"));
    auto* modes = new QButtonGroup(this);
    auto* mode_row = new QHBoxLayout;
    for (auto* b : {show_a_, show_b_, show_swipe_}) {
        b->setCheckable(true);
        modes->addButton(b);
        mode_row->addWidget(b);
    }
    show_swipe_->setChecked(true);
    abf->addRow(tr("Show"), mode_row);
    info_ = new QLabel;
    info_->setWordWrap(true);
    timing_ = new QLabel;
    timing_->setWordWrap(true);
    timing_->setTextFormat(Qt::RichText);
    // The FD table: every column's FD against real images (the bundled classifier's features).
    auto* fd = new QGroupBox(tr("FD table"));
    auto* fdf = new QFormLayout(fd);
    fd_count_ = new QSpinBox;
    fd_count_->setRange(10, 50000);
    fd_count_->setSingleStep(100);
    fd_count_->setValue(500);
    fd_count_->setToolTip(tr("Samples per column, seeds from the first seed on (fewer samples read higher: compare "
                             "rows of one table)"));
    fd_reference_ = new QLineEdit("fashion-mnist:test");
    fd_reference_->setToolTip(tr("Real images to measure against: a dataset as the Training area names it "
                                 "(fashion-mnist:test, a folder, an EDM .zip)"));
    fdf->addRow(tr("Samples"), fd_count_);
    fdf->addRow(tr("Reference"), fd_reference_);
    fd_measure_ = new QPushButton(tr("Measure FD"));
    fd_copy_ = new QPushButton(tr("Copy table"));
    fd_copy_->setEnabled(false);
    auto* fd_buttons = new QHBoxLayout;
    fd_buttons->addWidget(fd_measure_);
    fd_buttons->addWidget(fd_copy_);
    fdf->addRow(fd_buttons);
    fd_table_ = new QTableWidget(0, 4);
    fd_table_->setHorizontalHeaderLabels({tr("Model"), tr("Sampler"), tr("NFE"), tr("FD")});
    fd_table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    fd_table_->verticalHeader()->setVisible(false);
    fd_table_->verticalHeader()->setDefaultSectionSize(fd_table_->fontMetrics().height() + 6);
    fd_table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // sized to its rows: the column scrolls
    fd_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    fd_table_->setVisible(false);
    fdf->addRow(fd_table_);
    fd_info_ = new QLabel;
    fd_info_->setWordWrap(true);
    fdf->addRow(fd_info_);
    fd_busy_ = new BusyBar;
    fdf->addRow(fd_busy_);

    auto* controls = new QWidget;
    auto* cl = new QVBoxLayout(controls);
    cl->addLayout(form);
    cl->addWidget(ab);
    cl->addWidget(timing_);
    cl->addWidget(info_);
    busy_ = new BusyBar;
    cl->addWidget(busy_);
    cl->addWidget(fd);
    cl->addStretch();

    swipe_ = new SwipeView;
    grid_ = new ImageGridView;
    grid_->setPlaceholderText(tr("Tick the models to compare (File > Add model to the list… loads more)."));
    auto* views = new QSplitter(Qt::Horizontal);
    views->addWidget(swipe_);
    views->addWidget(grid_);
    views->setStretchFactor(0, 1);
    views->setStretchFactor(1, 1);
    views->setSizes({500, 500});  // half each, whatever the figure's own size
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(control_column(controls));
    layout->addWidget(views, 1);

    runner_ = std::make_unique<Runner>(
        this, Runner::Hooks{[this] { return jobToRender(); },
                            [](const CompareJob& job, const std::function<bool()>& cancelled,
                               const std::function<void(double)>& report) -> std::optional<CompareResult> {
                                CompareResult r = CompareWorker::run(job, cancelled, report);
                                if (r.columns.size() != job.columns.size()) return std::nullopt;
                                return r;
                            },
                            [this](const CompareResult& r) { onRendered(r); },
                            [this](const QString& message) {
                                busy_->end();
                                grid_->setDimmed(false);
                                info_->setText(tr("Cannot compare: %1").arg(message));
                            },
                            [this](double fraction) { busy_->setProgress(fraction); }});
    fd_runner_ = std::make_unique<FdRunner>(
        this, FdRunner::Hooks{[this]() -> std::optional<FdTableJob> {
                                  std::optional<FdTableJob> job;
                                  job.swap(fd_pending_);
                                  return job;
                              },
                              [](const FdTableJob& job, const std::function<bool()>& cancelled,
                                 const std::function<void(double)>& report) -> std::optional<FdTableResult> {
                                  FdTableResult r = CompareWorker::fdTable(job, cancelled, report);
                                  if (r.rows.size() != job.compare.columns.size()) return std::nullopt;
                                  return r;
                              },
                              [this](const FdTableResult& r) { onFdTable(r); },
                              [this](const QString& message) {
                                  fd_busy_->end();
                                  fd_measure_->setEnabled(true);
                                  fd_info_->setText(tr("Cannot measure: %1").arg(message));
                              },
                              [this](double fraction) { fd_busy_->setProgress(fraction); }});
    connect(fd_measure_, &QPushButton::clicked, this, [this] {
        QString problem;
        const std::optional<CompareJob> compare = runnableJob(problem);
        if (!compare) {
            fd_info_->setText(problem.isEmpty() ? tr("Load a model to measure.") : problem);
            return;
        }
        FdTableJob job;
        job.compare = *compare;
        job.count = fd_count_->value();
        job.reference = fd_reference_->text().trimmed().toStdString();
        fd_pending_ = job;
        fd_measure_->setEnabled(false);
        fd_info_->setText(tr("Measuring %1 columns of %2 samples…").arg(job.compare.columns.size()).arg(job.count));
        fd_busy_->begin({});
        fd_runner_->schedule();
    });
    connect(fd_busy_, &BusyBar::cancelRequested, this, [this] {
        fd_runner_->cancel();
        fd_busy_->end();
        fd_measure_->setEnabled(true);
        fd_info_->setText(tr("Cancelled: the table shown is of an earlier measurement."));
    });
    connect(fd_copy_, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(fdTableText()); });
    connect(busy_, &BusyBar::cancelRequested, this, [this] {
        runner_->cancel();
        info_->setText(tr("Cancelled: the grid shown is of earlier settings."));
    });
    for (auto* spin : {seed_, rows_}) connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, &ComparePanel::scheduleRender);
    connect(class_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ComparePanel::scheduleRender);
    connect(columns_, &QLineEdit::editingFinished, this, &ComparePanel::scheduleRender);
    connect(models_, &QListWidget::itemChanged, this, [this] {
        fillClasses();
        scheduleRender();
    });
    connect(ema_, &EmaLengthControl::lengthChanged, this, &ComparePanel::scheduleRender);
    for (auto* box : {a_, b_}) connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, &ComparePanel::updateSwipe);
    connect(sample_, qOverload<int>(&QSpinBox::valueChanged), this, &ComparePanel::updateSwipe);
    connect(show_a_, &QToolButton::toggled, this, [this](bool on) { if (on) swipe_->setMode(SwipeView::Mode::A); });
    connect(show_b_, &QToolButton::toggled, this, [this](bool on) { if (on) swipe_->setMode(SwipeView::Mode::B); });
    connect(show_swipe_, &QToolButton::toggled, this, [this](bool on) { if (on) swipe_->setMode(SwipeView::Mode::Swipe); });
    connect(swipe_, &SwipeView::modeChanged, this, [this](SwipeView::Mode m) {
        (m == SwipeView::Mode::A ? show_a_ : m == SwipeView::Mode::B ? show_b_ : show_swipe_)->setChecked(true);
    });
}

ComparePanel::~ComparePanel() = default;

void ComparePanel::setModels(const LoadedModels& models)
{
    const QStringList ticked = comparedModels();
    loaded_ = models;
    form_->setRowVisible(ema_, ema_->setModel(loaded_.consistency));
    {
        const QSignalBlocker block(models_);
        models_->clear();
        for (const auto& m : loaded_.all) {
            const QString path = absolute(m->path);
            auto* item = new QListWidgetItem(model_name(*m) + " · " + QString::fromStdString(m->objective()), models_);
            item->setData(Qt::UserRole, path);
            item->setToolTip(model_origin(*m) + "\n" + path);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            // A model seen for the first time comes ticked: opening a model shows it here.
            item->setCheckState(ticked.contains(path) || !seen_.contains(path) ? Qt::Checked : Qt::Unchecked);
            if (!seen_.contains(path)) seen_ << path;
        }
    }
    fillClasses();
    scheduleRender();
}

bool ComparePanel::setComparedModels(const QStringList& paths)
{
    QStringList wanted;
    for (const QString& p : paths) wanted << QFileInfo(p).absoluteFilePath();
    int found = 0;
    {
        const QSignalBlocker block(models_);
        for (int i = 0; i < models_->count(); ++i) {
            const bool on = wanted.contains(models_->item(i)->data(Qt::UserRole).toString());
            found += on;
            models_->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
    }
    fillClasses();
    scheduleRender();
    return found == int(wanted.size());
}

QStringList ComparePanel::comparedModels() const
{
    QStringList out;
    for (int i = 0; i < models_->count(); ++i)
        if (models_->item(i)->checkState() == Qt::Checked) out << models_->item(i)->data(Qt::UserRole).toString();
    return out;
}

std::vector<std::shared_ptr<ect::ModelFile>> ComparePanel::checkedModels() const
{
    std::vector<std::shared_ptr<ect::ModelFile>> out;
    const QStringList ticked = comparedModels();
    for (const auto& m : loaded_.all)
        if (ticked.contains(absolute(m->path))) out.push_back(m);
    return out;
}

void ComparePanel::fillClasses()
{
    // The classes of the first compared model that has any (the same noise and class for all).
    const QSignalBlocker block(class_);
    const int previous = class_->currentData().isValid() ? class_->currentData().toInt() : -1;
    class_->clear();
    std::shared_ptr<ect::ModelFile> any;
    for (const auto& m : checkedModels())
        if (m->config.label_dim > 0) {
            any = m;
            break;
        }
    const int classes = any ? any->config.label_dim : 0;
    class_->setEnabled(classes > 0);
    if (classes > 0) class_->addItem(tr("All classes in turn"), -1);
    const auto names = any ? ect::class_names(*any) : std::vector<std::string>{};
    for (int c = 0; c < classes; ++c) class_->addItem(QString("%1 · %2").arg(c).arg(QString::fromStdString(names[size_t(c)])), c);
    const int keep = class_->findData(previous);
    if (keep >= 0) class_->setCurrentIndex(keep);
}

bool ComparePanel::fdIdle() const
{
    return fd_runner_->idle();
}

void ComparePanel::onFdTable(const FdTableResult& r)
{
    fd_last_ = r;
    fd_busy_->end();
    fd_measure_->setEnabled(true);
    fd_copy_->setEnabled(true);
    const CompareJob& job = r.job.compare;
    fd_table_->setRowCount(int(r.rows.size()));
    for (size_t i = 0; i < r.rows.size(); ++i) {
        const auto& m = *job.models[size_t(job.columns[i].model)];
        auto cell = [&](int col, const QString& text, bool number) {
            auto* item = new QTableWidgetItem(text);
            if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            fd_table_->setItem(int(i), col, item);
        };
        cell(0, model_name(m) + " · " + QString::fromStdString(m.objective()), false);
        cell(1, job.columns[i].spec(), false);
        cell(2, QString::number(r.rows[i].nfe), true);
        cell(3, QString::number(r.rows[i].fd, 'g', 4), true);
        fd_table_->item(int(i), 0)->setToolTip(QString::fromStdString(m.path));
    }
    fd_table_->resizeColumnsToContents();  // the model column stretches (set once, above)
    int height = fd_table_->horizontalHeader()->sizeHint().height() + 2 * fd_table_->frameWidth();
    for (int i = 0; i < fd_table_->rowCount(); ++i) height += fd_table_->rowHeight(i);
    fd_table_->setFixedHeight(height);
    fd_table_->setVisible(true);
    fd_info_->setText(tr("FD of %1 samples per column (seeds %2…) against %3, in the bundled classifier's features.")
                          .arg(r.job.count)
                          .arg(job.seed)
                          .arg(r.reference));
}

QString ComparePanel::fdTableText() const
{
    // Untranslated, as `ect eval` writes its table: other tools read it.
    QStringList lines{"model\tobjective\tsampler\tNFE\tFD\tseconds_per_image\tsamples\treference\tsha256"};
    const CompareJob& job = fd_last_.job.compare;
    for (size_t i = 0; i < fd_last_.rows.size(); ++i) {
        const auto& m = *job.models[size_t(job.columns[i].model)];
        const auto& row = fd_last_.rows[i];
        lines << QStringList{QString::fromStdString(m.path), QString::fromStdString(m.objective()), job.columns[i].spec(),
                             QString::number(row.nfe), QString::number(row.fd, 'g', 6),
                             QString::number(row.seconds_per_image, 'g', 4), QString::number(fd_last_.job.count),
                             fd_last_.reference, model_sha256(QString::fromStdString(m.path))}
                     .join('\t');
    }
    return lines.join('\n') + '\n';
}

void ComparePanel::scheduleRender()
{
    runner_->schedule();
}

bool ComparePanel::idle() const
{
    return runner_->idle();
}

CompareJob ComparePanel::currentJob() const
{
    CompareJob job;
    job.models = checkedModels();
    job.seed = uint64_t(seed_->value());
    job.rows = rows_->value();
    job.class_index = class_->isEnabled() ? class_->currentData().toInt() : -1;
    job.columns = columns_for(job.models, parse_columns(columns_->text()));
    if (loaded_.consistency && std::find(job.models.begin(), job.models.end(), loaded_.consistency) != job.models.end()) {
        job.ema_model = loaded_.consistency;
        job.ema_std = ema_->length();
    }
    return job;
}

std::optional<CompareJob> ComparePanel::runnableJob(QString& problem) const
{
    CompareJob job;
    try {
        job = currentJob();
    } catch (const ect::Error& e) {
        problem = tr("Check the samplers: %1").arg(error_text(e));
        return std::nullopt;
    }
    if (job.models.empty()) {
        problem = loaded_.all.empty() ? QString() : tr("Tick at least one model to compare.");
        return std::nullopt;
    }
    if (job.columns.empty()) {
        problem = tr("None of the samplers fits the ticked models: heun, euler and dpm++ sample diffusion "
                     "models, cm consistency models.");
        return std::nullopt;
    }
    if (job.columns.size() > kMaxCompareColumns) {
        problem = tr("%1 columns: untick a model or drop a sampler (at most %2).").arg(job.columns.size()).arg(kMaxCompareColumns);
        return std::nullopt;
    }
    return job;
}

std::optional<CompareJob> ComparePanel::jobToRender()
{
    QString problem;
    std::optional<CompareJob> job = runnableJob(problem);
    if (!job) {
        info_->setText(problem);
        return std::nullopt;
    }
    info_->setText(tr("Comparing…"));
    grid_->setDimmed(!grid_->image().isNull());
    busy_->begin({});  // the line above says what runs
    return job;
}

void ComparePanel::onRendered(const CompareResult& result)
{
    last_ = result;
    updateChoices();
    busy_->end();
    grid_->setDimmed(false);
    grid_->setImage(figure());
    QString rows;
    for (const auto& c : result.columns)
        rows += tr("<tr><td>%1</td><td align=right>&nbsp;%2 per image</td></tr>").arg(c.title.toHtmlEscaped(), ms(c.seconds_per_image));
    timing_->setText(tr("<b>Measured on this machine</b><table>%1</table>").arg(rows));
    info_->setText(tr("Same noise in every column: seed %1 + row.").arg(result.job.seed));
    updateSwipe();
    emit rendered(result);
}

void ComparePanel::updateChoices()
{
    const QSignalBlocker ba(a_), bb(b_);
    const QString pa = a_->currentText(), pb = b_->currentText();
    a_->clear();
    b_->clear();
    int first_base = -1, last_cm = -1;
    for (size_t i = 0; i < last_.columns.size(); ++i) {
        a_->addItem(last_.columns[i].title);
        b_->addItem(last_.columns[i].title);
        if (last_.job.columns[i].forDiffusion() && first_base < 0) first_base = int(i);
        if (!last_.job.columns[i].forDiffusion()) last_cm = int(i);
    }
    // Default pairing: the first diffusion column against the last consistency column.
    const int ia = a_->findText(pa), ib = b_->findText(pb);
    a_->setCurrentIndex(ia >= 0 ? ia : std::max(first_base, 0));
    b_->setCurrentIndex(ib >= 0 ? ib : (last_cm >= 0 ? last_cm : a_->count() - 1));
    sample_->setMaximum(std::max(0, last_.job.rows - 1));
}

void ComparePanel::updateSwipe()
{
    const int a = a_->currentIndex(), b = b_->currentIndex(), row = sample_->value();
    if (a < 0 || b < 0 || last_.columns.empty() || row >= last_.job.rows) return;
    const auto& ca = last_.columns[size_t(a)];
    const auto& cb = last_.columns[size_t(b)];
    auto image = [row](const CompareColumnResult& c) { return grid_image(c.samples.slice(0, row, row + 1), 1, 0); };
    swipe_->setImages(image(ca), image(cb), ca.title + " · " + ms(ca.seconds_per_image),
                      cb.title + " · " + ms(cb.seconds_per_image));
}

QImage ComparePanel::figure() const
{
    if (last_.grid.isNull()) return {};
    FigureLabels labels;
    const auto& job = last_.job;
    QStringList names;
    for (const auto& m : job.models) names << model_name(*m);
    labels.title = names.size() == 1 ? tr("%1, same noise").arg(names[0])
                                     : tr("%1 models, same noise: %2").arg(names.size()).arg(names.join(", "));
    for (size_t i = 0; i < last_.columns.size(); ++i) {
        const auto& c = last_.columns[i];
        const auto& m = job.models[size_t(job.columns[i].model)];
        QString model = model_name(*m) + " · " + QString::fromStdString(m->objective());
        if (m == job.ema_model && job.ema_std > 0) model += QStringLiteral(" · ") + ema_length_text(job.ema_std);
        labels.column_labels << model + "\n" + job.columns[i].name() + "\n" + tr("NFE %1").arg(c.nfe) + "\n" + ms(c.seconds_per_image);
    }
    for (int r = 0; r < last_.job.rows; ++r) labels.row_labels << tr("seed %1").arg(last_.job.seed + uint64_t(r));
    labels.x_axis = tr("model · sampler · NFE · time per image");
    labels.y_axis = tr("seed");
    return labelled_figure(last_.grid, int(last_.columns.size()), last_.job.rows, last_.cell, last_.cell, 1, labels, 3);
}

QString ComparePanel::parametersText() const
{
    const auto& job = last_.job;
    std::vector<std::pair<QString, QString>> p;
    p.emplace_back("Seed", QString::number(job.seed));
    p.emplace_back("Seeds", QString::number(job.rows));
    // Untranslated names and sampler specs ("heun 18", "cm 2@1.4"): other tools read this text.
    // Models are numbered from 1; each column names its model's number.
    QStringList models, cols;
    for (size_t m = 0; m < job.models.size(); ++m) {
        const auto& f = *job.models[m];
        models << QString("%1 %2 (%3 %4, sha256 %5)")
                      .arg(m + 1)
                      .arg(QFileInfo(QString::fromStdString(f.path)).completeBaseName(), QString::fromStdString(f.kind()),
                           QString::fromStdString(f.objective()), model_sha256(QString::fromStdString(f.path)));
    }
    for (size_t i = 0; i < last_.columns.size(); ++i) {
        const auto& c = last_.columns[i];
        cols << QString("%1 %2 (NFE %3, %4 ms)")
                    .arg(job.columns[i].model + 1)
                    .arg(job.columns[i].spec())
                    .arg(c.nfe)
                    .arg(c.seconds_per_image * 1000, 0, 'f', 1);
    }
    p.emplace_back("Models", models.join(" | "));
    p.emplace_back("Samplers", cols.join(" | "));
    if (job.class_index >= 0) p.emplace_back("Class", QString::number(job.class_index));
    if (job.ema_std > 0)
        p.emplace_back("EMA", QString("sigma_rel %1 (post-hoc)").arg(QString::fromStdString(ect::phema_std_text(job.ema_std))));
    if (!job.models.empty()) p.emplace_back("Size", QString("%1x%1").arg(job.models.front()->config.img_resolution));
    p.emplace_back("Version", "ECT Studio " ECT_VERSION);
    return parameters_text(p);
}

nlohmann::json ComparePanel::settings() const
{
    nlohmann::json j = {{"kind", "compare"},
                        {"seed", seed_->value()},
                        {"rows", rows_->value()},
                        {"class", class_->isEnabled() ? class_->currentData().toInt() : -1},
                        {"columns", columns_->text().toStdString()},
                        {"a", a_->currentIndex()},
                        {"b", b_->currentIndex()},
                        {"sample", sample_->value()},
                        {"ema_std", ema_->length()}};
    // The ticked models, each with its SHA-256, kind and objective: an exported figure says which
    // files made each column even after they moved.
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : checkedModels())
        models.push_back({{"path", m->path},
                          {"sha256", model_sha256(QString::fromStdString(m->path)).toStdString()},
                          {"kind", m->kind()},
                          {"objective", m->objective()}});
    j["models"] = models;
    return j;
}

AreaFigure ComparePanel::exportFigure() const
{
    return {figure(), parametersText(), settings()};
}

std::vector<ModelReference> ComparePanel::modelsIn(const nlohmann::json& j) const
{
    std::vector<ModelReference> out;
    // Settings written before the list: a base and a consistency model.
    if (const auto p = json_string(j, "base_model")) out.push_back({ModelSlot::Base, QString::fromStdString(*p)});
    if (const auto p = json_string(j, "model")) out.push_back({ModelSlot::Consistency, QString::fromStdString(*p)});
    const auto it = j.is_object() ? j.find("models") : j.end();
    if (it != j.end() && it->is_array())
        for (const auto& m : *it)
            if (const auto p = json_string(m, "path"); p && out.size() < size_t(64)) out.push_back({ModelSlot::Listed, QString::fromStdString(*p)});
    return out;
}

bool ComparePanel::applySettings(const nlohmann::json& j, QString* why)
{
    if (json_string(j, "kind").value_or("") != "compare") {
        if (why) *why = tr("These are not the Compare area's settings.");
        return false;
    }
    const QSignalBlocker b1(seed_), b2(rows_), b3(columns_), b4(class_);
    if (const auto v = json_int(j, "seed")) seed_->setValue(*v);
    if (const auto v = json_int(j, "rows")) rows_->setValue(*v);
    if (const auto v = json_string(j, "columns")) columns_->setText(QString::fromStdString(*v));
    if (const auto v = json_int(j, "class")) {
        const int i = class_->findData(*v);
        if (i >= 0) class_->setCurrentIndex(i);
    }
    if (const auto v = json_int(j, "sample")) sample_->setValue(*v);
    if (const auto it = j.find("ema_std"); it != j.end() && it->is_number()) ema_->setLength(it->get<double>());
    // The models to tick: the list's, else (older settings) the base and consistency models.
    QStringList paths;
    for (const ModelReference& m : modelsIn(j))
        if ((m.slot == ModelSlot::Listed) == j.contains("models")) paths << m.path;
    if (!paths.isEmpty()) setComparedModels(paths);  // those not on this machine stay unticked (the window said so)
    scheduleRender();
    return true;
}

}  // namespace studio
