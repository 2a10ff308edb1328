// MainWindow: wires the panels to the loaded models; all long work happens in the panels' workers.
#include "main_window.h"

#include "compare_panel.h"
#include "export.h"
#include "image_grid_view.h"
#include "qt_bridge.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/build_config.h"
#include "ect/bundled.h"
#include "ect/device.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>
#include <QVBoxLayout>

#include <torch/cuda.h>
#include <torch/torch.h>

#include <thread>

// resources/studio.qrc is compiled into a static library: its initialiser must be referenced,
// or the linker drops it (Q_INIT_RESOURCE has to be used outside any namespace).
static void init_studio_resources()
{
    Q_INIT_RESOURCE(studio);
}

namespace studio {

namespace {
constexpr int kMaxRecent = 8;
}

QString preferred_language()
{
    return QSettings().value("preferences/language").toString();
}

bool install_translation(const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* ours = new QTranslator(qApp);
    if (!ours->load(locale, "ect-studio", "_", ":/i18n")) {
        delete ours;
        return false;
    }
    QApplication::installTranslator(ours);
    // Qt's own strings (standard dialog buttons), when the system has them.
    auto* qt = new QTranslator(qApp);
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    init_studio_resources();
    setWindowTitle(tr("ECT Studio"));
    setWindowIcon(QIcon(":/icons/ect-studio.png"));
    tabs_ = new QTabWidget;
    sampler_ = new SamplerPanel;
    training_ = new TrainingPanel;
    compare_ = new ComparePanel;
    tabs_->addTab(training_, tr("Training"));
    tabs_->addTab(sampler_, tr("Sampler"));
    tabs_->addTab(compare_, tr("Compare"));
    tabs_->setCurrentWidget(sampler_);
    setCentralWidget(tabs_);

    // Side panel: what is loaded.
    auto* side = new QWidget;
    auto* sl = new QVBoxLayout(side);
    base_label_ = new QLabel;
    consistency_label_ = new QLabel;
    dataset_label_ = new QLabel;
    for (auto* l : {base_label_, consistency_label_, dataset_label_}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto* open_base = new QPushButton(tr("Open base model…"));
    auto* open_cm = new QPushButton(tr("Open consistency model…"));
    sl->addWidget(consistency_label_);
    sl->addWidget(open_cm);
    sl->addSpacing(12);
    sl->addWidget(base_label_);
    sl->addWidget(open_base);
    sl->addSpacing(12);
    sl->addWidget(dataset_label_);
    auto* open_data = new QPushButton(tr("Choose dataset folder…"));
    sl->addWidget(open_data);
    sl->addStretch();
    auto* dock = new QDockWidget(tr("Models"));
    dock->setObjectName("models");
    dock->setWidget(side);
    dock->setMinimumWidth(220);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    connect(open_base, &QPushButton::clicked, this, [this] { browseModel(Slot::Base); });
    connect(open_cm, &QPushButton::clicked, this, [this] { browseModel(Slot::Consistency); });
    connect(open_data, &QPushButton::clicked, this, &MainWindow::browseDataset);
    buildMenus();

    connect(sampler_, &SamplerPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(compare_, &ComparePanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(training_, &TrainingPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(training_, &TrainingPanel::runFinished, this, [this] {
        if (close_after_stop_) close();
    });
    connect(training_->dataEdit(), &QLineEdit::textChanged, this, &MainWindow::refreshSidePanel);

    device_label_ = new QLabel;
    memory_label_ = new QLabel;
    statusBar()->addPermanentWidget(device_label_);
    statusBar()->addPermanentWidget(memory_label_);
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatus);
    timer->start(2000);
    updateStatus();
    refreshSidePanel();

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!settings.contains("window/geometry")) resize(1280, 800);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open_cm = file->addAction(tr("Open &consistency model…"), this, [this] { browseModel(Slot::Consistency); });
    open_cm->setShortcut(QKeySequence::Open);
    open_cm->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    QAction* open_base = file->addAction(tr("Open &base model…"), this, [this] { browseModel(Slot::Base); });
    open_base->setShortcut(QKeySequence(tr("Ctrl+B")));
    QAction* open_png = file->addAction(tr("Open settings from &image…"), this, [this] {
        QSettings settings;
        const QString f = QFileDialog::getOpenFileName(this, tr("Open settings from an exported image"),
                                                       settings.value("folders/export", QDir::homePath()).toString(),
                                                       tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)"));
        if (!f.isEmpty()) openSettingsImage(f);
    });
    open_png->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(tr("Choose &dataset folder…"), this, &MainWindow::browseDataset);
    recent_menu_ = file->addMenu(tr("Open &recent model"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* export_grid = file->addAction(tr("&Export figure…"), this, &MainWindow::exportGrid);
    export_grid->setShortcut(QKeySequence(tr("Ctrl+E")));
    export_grid->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    file->addSeparator();
    QAction* prefs = file->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QList<QPair<QString, QWidget*>> areas{{tr("&Training"), training_}, {tr("&Sampler"), sampler_}, {tr("&Compare"), compare_}};
    for (int i = 0; i < areas.size(); ++i) {
        QAction* a = view->addAction(areas[i].first, this, [this, w = areas[i].second] { tabs_->setCurrentWidget(w); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ECT Studio"), this, [this] {
        QMessageBox::about(this, tr("About ECT Studio"),
                           tr("<b>ECT Studio %1</b><p>Easy Consistency Tuning (Geng et al., ICLR 2025): tune a diffusion "
                              "model into a consistency model that samples in one or two steps.</p><p>LibTorch %2</p>")
                               .arg(ECT_VERSION, TORCH_VERSION));
    });
}

void MainWindow::browseModel(Slot slot)
{
    QSettings settings;
    const QString dir = settings.value("folders/models", QDir::homePath()).toString();
    const QString f = QFileDialog::getOpenFileName(
        this, slot == Slot::Base ? tr("Open base model") : tr("Open consistency model"), dir,
        tr("Model files (*.safetensors)"));
    if (f.isEmpty()) return;
    settings.setValue("folders/models", QFileInfo(f).absolutePath());
    openModel(slot, f);
}

void MainWindow::browseDataset()
{
    // Training data: a folder of images (sub-folders = classes), an EDM dataset folder or a folder
    // of IDX files; the Training area checks it when a run starts.
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a dataset folder"),
                                                          settings.value("folders/data", QDir::homePath()).toString());
    if (dir.isEmpty()) return;
    settings.setValue("folders/data", dir);
    training_->dataEdit()->setText(dir);
    statusBar()->showMessage(tr("Training data: %1 (type fashion-mnist for the built-in set)").arg(dir), 8000);
}

static torch::Device sampling_device()
{
    // Preferences → Device; a CUDA choice on a machine without CUDA falls back to the CPU.
    try {
        return ect::resolve_device(QSettings().value("preferences/device", "auto").toString().toStdString());
    } catch (const std::exception&) {
        return torch::kCPU;
    }
}

bool MainWindow::openModel(Slot slot, const QString& path, bool quiet)
{
    try {
        auto loaded = std::make_shared<ect::ModelFile>(ect::load_model(path.toStdString(), sampling_device()));
        (slot == Slot::Base ? base_ : consistency_) = loaded;
        if (slot == Slot::Base) training_->setBaseModelPath(path);
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(this, tr("Cannot open model"), last_error_);
        return false;
    }
    addRecent(path);
    refreshSidePanel();
    sampler_->setModels(base_, consistency_);
    compare_->setModels(base_, consistency_);
    return true;
}

std::shared_ptr<ect::ModelFile> MainWindow::model(Slot slot) const
{
    return slot == Slot::Base ? base_ : consistency_;
}

QStringList MainWindow::recentModels() const
{
    return QSettings().value("recent/models").toStringList();
}

void MainWindow::addRecent(const QString& path)
{
    QStringList list = recentModels();
    const QString full = QFileInfo(path).absoluteFilePath();
    list.removeAll(full);
    list.prepend(full);
    while (list.size() > kMaxRecent) list.removeLast();
    QSettings().setValue("recent/models", list);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!recent_menu_) return;
    recent_menu_->clear();
    for (const QString& path : recentModels()) {
        recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] {
            // A diffusion model goes into the base slot, anything else into the consistency slot.
            Slot slot = Slot::Consistency;
            try {
                const auto meta = ect::read_safetensors(path.toStdString()).metadata;
                const auto it = meta.find("ect.kind");
                if (it != meta.end() && it->second == "diffusion") slot = Slot::Base;
            } catch (const std::exception&) {
                // openModel reports the problem.
            }
            openModel(slot, path);
        })->setToolTip(path);
    }
    recent_menu_->setEnabled(!recent_menu_->isEmpty());
}

void MainWindow::refreshSidePanel()
{
    auto describe = [this](const std::shared_ptr<ect::ModelFile>& m, const QString& title) {
        if (!m) return tr("<b>%1</b><br><i>none loaded</i>").arg(title);
        return tr("<b>%1</b><br>%2<br><small>%3 parameters<br>%4</small>")
            .arg(title, QFileInfo(QString::fromStdString(m->path)).fileName())
            .arg(ect::count_parameters(*m->net))
            .arg(QString::fromStdString(m->config.summary()).toHtmlEscaped());
    };
    consistency_label_->setText(describe(consistency_, tr("Consistency model")));
    base_label_->setText(describe(base_, tr("Base diffusion model")));
    dataset_label_->setText(tr("<b>Dataset</b><br>%1").arg(training_->dataEdit()->text().toHtmlEscaped()));
}

void MainWindow::updateStatus()
{
    const torch::Device device = sampling_device();
    device_label_->setText(QString::fromStdString(ect::describe_device(device) + " · " +
                                                  ect::precision_name(studio::preferred_precision(device))));
    QString memory = tr("%1 MiB").arg(ect::process_resident_bytes() >> 20);
    if (device.is_cuda()) memory += tr(" · GPU %1 MiB").arg(ect::device_memory_allocated(device) >> 20);
    memory_label_->setText(memory);
}

bool MainWindow::exportFigure(const QString& path, bool quiet)
{
    QImage image;
    QString parameters, settings;
    if (tabs_->currentWidget() == compare_) {
        image = compare_->figure();
        parameters = compare_->parametersText();
        settings = QString::fromStdString(compare_->settings().dump(-1, ' ', true));
    } else if (tabs_->currentWidget() == training_) {
        const int i = training_->gridSlider()->value();
        if (i >= 0 && i < training_->grids().size()) {
            const auto& [step, grid] = training_->grids()[i];
            FigureLabels labels;
            labels.title = tr("Training run %1 · step %2 · 1-step samples on fixed noise")
                               .arg(QFileInfo(training_->runFolderEdit()->text()).fileName())
                               .arg(step);
            image = labelled_figure(grid, 1, 1, grid.width(), grid.height(), 0, labels, 3);
            parameters = parameters_text({{"Run", training_->runFolderEdit()->text()}, {"Step", QString::number(step)},
                                          {"Version", "ECT Studio " ECT_VERSION}});
            settings = QString::fromStdString(
                nlohmann::json{{"kind", "training"}, {"run", training_->runFolderEdit()->text().toStdString()}, {"step", step}}
                    .dump(-1, ' ', true));
        }
    } else {
        image = sampler_->figure();
        parameters = sampler_->parametersText();
        settings = QString::fromStdString(sampler_->settings().dump(-1, ' ', true));
    }
    if (image.isNull()) {
        last_error_ = tr("There is nothing to export in this area yet.");
        if (!quiet) QMessageBox::information(this, tr("Export"), last_error_);
        return false;
    }
    try {
        write_figure(path, image, parameters, settings);
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(this, tr("Export"), last_error_);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    return true;
}

void MainWindow::exportGrid()
{
    QSettings settings;
    const QString format = settings.value("preferences/export_format", "png").toString();
    const QString dir = settings.value("folders/export", QDir::homePath()).toString();
    const QString name = tabs_->currentWidget() == compare_ ? "comparison" : tabs_->currentWidget() == training_ ? "training" : "samples";
    QString f = QFileDialog::getSaveFileName(this, tr("Export figure"), dir + "/" + name + "." + format,
                                             tr("PNG with settings (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)"));
    if (f.isEmpty()) return;
    if (QFileInfo(f).suffix().isEmpty()) f += "." + format;
    settings.setValue("folders/export", QFileInfo(f).absolutePath());
    exportFigure(f);
}

bool MainWindow::openSettingsImage(const QString& path, bool quiet)
{
    auto refuse = [&](const QString& why) {
        last_error_ = why;
        if (!quiet) QMessageBox::warning(this, tr("Open settings from image"), why);
        return false;
    };
    QString text;
    try {
        text = read_settings_json(path);
    } catch (const std::exception& e) {
        return refuse(error_text(e));
    }
    if (text.isEmpty()) return refuse(tr("%1 holds no ECT Studio settings (only images exported as PNG by the studio do).").arg(path));
    const nlohmann::json j = nlohmann::json::parse(text.toStdString(), nullptr, false);
    if (!j.is_object() || !j.contains("kind")) return refuse(tr("%1: the stored settings are damaged.").arg(path));
    // Load the models the settings name, when they exist and are not loaded already.
    auto ensure = [&](const char* key, Slot slot) {
        if (!j.contains(key) || !j[key].is_string()) return;
        const QString p = QString::fromStdString(j[key].get<std::string>());
        const auto& loaded = model(slot);
        if (loaded && QFileInfo(QString::fromStdString(loaded->path)).absoluteFilePath() == QFileInfo(p).absoluteFilePath()) return;
        if (QFileInfo::exists(p)) openModel(slot, p, quiet);
        else statusBar()->showMessage(tr("The model %1 is not on this machine; using the loaded one.").arg(p), 8000);
    };
    const std::string kind = j.value("kind", "");
    if (kind == "sampler") {
        ensure("model", j.value("model_slot", "") == "base" ? Slot::Base : Slot::Consistency);
        sampler_->applySettings(j);
        tabs_->setCurrentWidget(sampler_);
    } else if (kind == "compare") {
        ensure("base_model", Slot::Base);
        ensure("model", Slot::Consistency);
        compare_->applySettings(j);
        tabs_->setCurrentWidget(compare_);
    } else {
        return refuse(tr("%1 was exported from the %2 area, whose settings cannot be restored.").arg(path, QString::fromStdString(kind)));
    }
    statusBar()->showMessage(tr("Settings restored from %1").arg(path), 5000);
    return true;
}

void MainWindow::showPreferences()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(&dialog);
    auto* language = new QComboBox;
    language->addItem(tr("System default"), "");
    language->addItem("English", "en");
    language->addItem("Deutsch", "de");
    language->addItem("Français", "fr");
    QSettings settings;
    language->setCurrentIndex(std::max(0, language->findData(settings.value("preferences/language", "").toString())));
    auto* threads = new QSpinBox;
    threads->setRange(1, int(std::max(1u, std::thread::hardware_concurrency())));
    threads->setValue(torch::get_num_threads());
    auto* device = new QComboBox;
    device->addItem(tr("Automatic (CUDA when present)"), "auto");
    device->addItem(tr("CPU"), "cpu");
    for (size_t i = 0; i < torch::cuda::device_count(); ++i)
        device->addItem(QString::fromStdString(ect::describe_device(torch::Device(torch::kCUDA, c10::DeviceIndex(i)))),
                        QString("cuda:%1").arg(i));
    device->setCurrentIndex(std::max(0, device->findData(settings.value("preferences/device", "auto").toString())));
    auto* precision = new QComboBox;
    precision->addItem(tr("Automatic (fp32 on the CPU, TF32 on CUDA)"), "auto");
    precision->addItem(tr("fp32 (exact)"), "fp32");
    precision->addItem(tr("TF32 (CUDA tensor cores)"), "tf32");
    precision->addItem(tr("bf16 (CUDA autocast)"), "bf16");
    precision->setCurrentIndex(std::max(0, precision->findData(settings.value("preferences/precision", "auto").toString())));
    auto* format = new QComboBox;
    for (const char* f : {"png", "jpg", "tif", "exr"}) format->addItem(QString(f).toUpper(), f);
    format->setCurrentIndex(std::max(0, format->findData(settings.value("preferences/export_format", "png").toString())));
    form->addRow(tr("Language"), language);
    form->addRow(tr("Sampling device"), device);
    form->addRow(tr("Precision"), precision);
    form->addRow(tr("CPU threads"), threads);
    form->addRow(tr("Export format"), format);
    auto* note = new QLabel(tr("A new language applies when the studio starts again."));
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString old_language = settings.value("preferences/language", "").toString();
    settings.setValue("preferences/language", language->currentData());
    settings.setValue("preferences/threads", threads->value());
    settings.setValue("preferences/export_format", format->currentData());
    settings.setValue("preferences/precision", precision->currentData());
    ect::init_threads(threads->value());
    if (device->currentData() != settings.value("preferences/device", "auto")) {
        settings.setValue("preferences/device", device->currentData());
        // Reload the open models onto the new device (running jobs keep their own copies).
        for (Slot slot : {Slot::Consistency, Slot::Base})
            if (const auto m = model(slot)) openModel(slot, QString::fromStdString(m->path));
    }
    if (language->currentData().toString() != old_language)
        statusBar()->showMessage(tr("The language changes when ECT Studio starts again."), 8000);
}

void MainWindow::saveSession()
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("session/tab", tabs_->currentIndex());
    settings.setValue("session/base_model", base_ ? QString::fromStdString(base_->path) : QString());
    settings.setValue("session/consistency_model", consistency_ ? QString::fromStdString(consistency_->path) : QString());
    settings.setValue("session/sampler", QString::fromStdString(sampler_->settings().dump()));
    settings.setValue("session/compare", QString::fromStdString(compare_->settings().dump()));
}

void MainWindow::restoreSession(bool last_session)
{
    QSettings settings;
    if (settings.contains("preferences/threads")) ect::init_threads(settings.value("preferences/threads").toInt());
    // Last session's models when they still exist, else the bundled Fashion-MNIST pair.
    auto pick = [&](const char* key, const char* bundled) {
        const QString last = last_session ? settings.value(key).toString() : QString();
        if (!last.isEmpty() && QFileInfo::exists(last)) return last;
        return QString::fromStdString(ect::find_bundled(bundled));
    };
    const QString cm = pick("session/consistency_model", ect::kBundledConsistency);
    const QString base = pick("session/base_model", ect::kBundledDiffusion);
    // The consistency model first: the sampler then shows it (one step) rather than Heun.
    if (!cm.isEmpty() && !consistency_) openModel(Slot::Consistency, cm, true);
    if (!base.isEmpty() && !base_) openModel(Slot::Base, base, true);
    if (!last_session) return;
    auto stored = [&](const char* key) {
        return nlohmann::json::parse(settings.value(key).toString().toStdString(), nullptr, false);
    };
    sampler_->applySettings(stored("session/sampler"));  // both ignore anything but a JSON object
    compare_->applySettings(stored("session/compare"));
    if (settings.contains("session/tab")) tabs_->setCurrentIndex(settings.value("session/tab").toInt());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (training_->running()) {
        // Finish the step and save the run first; the window closes when the worker reports back.
        close_after_stop_ = true;
        training_->stop();
        statusBar()->showMessage(tr("Saving the training run before closing…"));
        event->ignore();
        return;
    }
    saveSession();
    event->accept();
}

}  // namespace studio
