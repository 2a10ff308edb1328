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

#include <QButtonGroup>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace studio {

namespace {
constexpr const char* kDefaultColumns = "heun 18, heun 5, cm 1, cm 2";

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

    seed_ = new QSpinBox;
    seed_->setRange(0, 2000000000);
    rows_ = new QSpinBox;
    rows_->setRange(1, 16);
    rows_->setValue(6);
    class_ = new QComboBox;
    columns_ = new QLineEdit(kDefaultColumns);
    columns_->setToolTip(tr("Samplers across the grid: heun N / euler N use the base model, cm K the consistency "
                            "model (cm 2@1.4 sets the mid level; 3 steps: cm 3@2.7/0.7)"));
    a_ = new QComboBox;
    b_ = new QComboBox;
    sample_ = new QSpinBox;
    sample_->setRange(0, 15);
    ema_ = new EmaLengthControl;

    auto* form = new QFormLayout;
    form->addRow(tr("First seed"), seed_);
    form->addRow(tr("Seeds (rows)"), rows_);
    form->addRow(tr("Class"), class_);
    form->addRow(tr("Columns"), columns_);
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
    auto* controls = new QWidget;
    auto* cl = new QVBoxLayout(controls);
    cl->addLayout(form);
    cl->addWidget(ab);
    cl->addWidget(timing_);
    cl->addWidget(info_);
    busy_ = new BusyBar;
    cl->addWidget(busy_);
    cl->addStretch();

    swipe_ = new SwipeView;
    grid_ = new ImageGridView;
    grid_->setPlaceholderText(tr("Open a base diffusion model and a consistency model to compare them."));
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
    connect(busy_, &BusyBar::cancelRequested, this, [this] {
        runner_->cancel();
        info_->setText(tr("Cancelled: the grid shown is of earlier settings."));
    });
    for (auto* spin : {seed_, rows_}) connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, &ComparePanel::scheduleRender);
    connect(class_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ComparePanel::scheduleRender);
    connect(columns_, &QLineEdit::editingFinished, this, &ComparePanel::scheduleRender);
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

void ComparePanel::setModels(std::shared_ptr<ect::ModelFile> base, std::shared_ptr<ect::ModelFile> consistency)
{
    base_ = std::move(base);
    consistency_ = std::move(consistency);
    form_->setRowVisible(ema_, ema_->setModel(consistency_));
    const QSignalBlocker block(class_);
    const int previous = class_->currentData().isValid() ? class_->currentData().toInt() : -1;
    class_->clear();
    const auto& any = consistency_ ? consistency_ : base_;
    const int classes = any ? any->config.label_dim : 0;
    class_->setEnabled(classes > 0);
    if (classes > 0) class_->addItem(tr("All classes in turn"), -1);
    const auto names = any ? ect::class_names(*any) : std::vector<std::string>{};
    for (int c = 0; c < classes; ++c) class_->addItem(QString("%1 · %2").arg(c).arg(QString::fromStdString(names[size_t(c)])), c);
    const int keep = class_->findData(previous);
    if (keep >= 0) class_->setCurrentIndex(keep);
    scheduleRender();
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
    job.base = base_;
    job.consistency = consistency_;
    job.seed = uint64_t(seed_->value());
    job.rows = rows_->value();
    job.class_index = class_->isEnabled() ? class_->currentData().toInt() : -1;
    job.columns = parse_columns(columns_->text());
    job.ema_std = ema_->length();
    return job;
}

std::optional<CompareJob> ComparePanel::jobToRender()
{
    if (!base_ && !consistency_) return std::nullopt;
    CompareJob job;
    try {
        job = currentJob();
    } catch (const ect::Error& e) {
        info_->setText(tr("Check the columns: %1").arg(error_text(e)));
        return std::nullopt;
    }
    // Columns whose model is missing are left out rather than failing the whole comparison.
    std::vector<CompareColumn> usable;
    for (const auto& c : job.columns)
        if (c.usesBase() ? bool(base_) : bool(consistency_)) usable.push_back(c);
    if (usable.empty()) {
        info_->setText(tr("The columns need a model that is not loaded."));
        return std::nullopt;
    }
    const bool partial = usable.size() != job.columns.size();
    job.columns = usable;
    info_->setText(partial ? tr("Comparing (columns without a loaded model are left out)…") : tr("Comparing…"));
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
        if (last_.job.columns[i].usesBase() && first_base < 0) first_base = int(i);
        if (!last_.job.columns[i].usesBase()) last_cm = int(i);
    }
    // Default pairing: the first base-model column against the last consistency column.
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
    const auto name = [](const std::shared_ptr<ect::ModelFile>& m) {
        return m ? model_name(*m) : QString("-");
    };
    QString tuned = name(last_.job.consistency);
    if (last_.job.ema_std > 0) tuned += QStringLiteral(" · ") + ema_length_text(last_.job.ema_std);
    labels.title = tr("%1 (base) vs %2 (ECT), same noise").arg(name(last_.job.base), tuned);
    for (size_t i = 0; i < last_.columns.size(); ++i) {
        const auto& c = last_.columns[i];
        labels.column_labels << last_.job.columns[i].name() + "\n" + tr("NFE %1").arg(c.nfe) + "\n" + ms(c.seconds_per_image);
    }
    for (int r = 0; r < last_.job.rows; ++r) labels.row_labels << tr("seed %1").arg(last_.job.seed + uint64_t(r));
    labels.x_axis = tr("sampler · NFE · time per image");
    labels.y_axis = tr("seed");
    return labelled_figure(last_.grid, int(last_.columns.size()), last_.job.rows, last_.cell, last_.cell, 1, labels, 3);
}

QString ComparePanel::parametersText() const
{
    const auto& job = last_.job;
    std::vector<std::pair<QString, QString>> p;
    p.emplace_back("Seed", QString::number(job.seed));
    p.emplace_back("Seeds", QString::number(job.rows));
    QStringList cols;
    // Untranslated sampler specs ("heun 18", "cm 2@1.4"): other tools read this text.
    for (size_t i = 0; i < last_.columns.size(); ++i) {
        const auto& c = last_.columns[i];
        cols << QString("%1 (NFE %2, %3 ms)").arg(last_.job.columns[i].spec()).arg(c.nfe).arg(c.seconds_per_image * 1000, 0, 'f', 1);
    }
    p.emplace_back("Samplers", cols.join(" | "));
    if (job.class_index >= 0) p.emplace_back("Class", QString::number(job.class_index));
    if (job.ema_std > 0)
        p.emplace_back("EMA", QString("sigma_rel %1 (post-hoc)").arg(QString::fromStdString(ect::phema_std_text(job.ema_std))));
    for (const auto& [key, m] : {std::pair{QString("Model"), job.consistency}, std::pair{QString("Base model"), job.base}})
        if (m) {
            const QString path = QString::fromStdString(m->path);
            p.emplace_back(key, QFileInfo(path).completeBaseName());
            p.emplace_back(key + " hash", short_model_hash(path));
        }
    if (const auto& m = job.consistency ? job.consistency : job.base)
        p.emplace_back("Size", QString("%1x%1").arg(m->config.img_resolution));
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
    if (base_) j["base_model"] = base_->path;
    if (consistency_) j["model"] = consistency_->path;
    return j;
}

AreaFigure ComparePanel::exportFigure() const
{
    return {figure(), parametersText(), settings()};
}

std::vector<ModelReference> ComparePanel::modelsIn(const nlohmann::json& j) const
{
    std::vector<ModelReference> out;
    if (const auto p = json_string(j, "base_model")) out.push_back({ModelSlot::Base, QString::fromStdString(*p)});
    if (const auto p = json_string(j, "model")) out.push_back({ModelSlot::Consistency, QString::fromStdString(*p)});
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
    scheduleRender();
    return true;
}

}  // namespace studio
