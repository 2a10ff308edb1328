// MainWindow: wires the panels to the loaded models; all long work happens in the panels' workers.
#include "main_window.h"

#include "compare_panel.h"
#include "edit_panel.h"
#include "paint_canvas.h"
#include "export.h"
#include "preferences_dialog.h"
#include "qt_bridge.h"
#include "sampler_panel.h"
#include "settings.h"
#include "training_panel.h"

#include "ect/build_config.h"
#include "ect/network/bundled.h"
#include "ect/device.h"
#include "ect/error.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QDockWidget>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLibraryInfo>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>
#include <QVBoxLayout>

#include <torch/torch.h>

#include <algorithm>


// resources/studio.qrc is compiled into a static library: its initialiser must be referenced,
// or the linker drops it (Q_INIT_RESOURCE has to be used outside any namespace).
static void init_studio_resources()
{
    Q_INIT_RESOURCE(studio);
}

namespace studio {

namespace {
// The image files the studio opens (settings inside, or on the Edit area's canvas to edit).
const QStringList kImageSuffixes{"png", "jpg", "jpeg", "tif", "tiff", "exr", "webp", "bmp"};
}  // namespace

void init_resources()
{
    init_studio_resources();
}

bool MainWindow::currentAreaReady() const
{
    const StudioArea* area = currentArea();
    return !area || area->ready();
}

namespace {
constexpr int kMaxRecent = 8;
}

QString preferred_language()
{
    return settings::language.value();
}

bool install_translation(const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QCoreApplication* app = QCoreApplication::instance();  // a window's, or a run that only prints
    auto* ours = new QTranslator(app);
    if (!ours->load(locale, "ect-studio", "_", ":/i18n")) {
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    // Numbers as the language writes them ("3 203 073 paramètres", "0,821" in spin boxes).
    QLocale::setDefault(locale);
    // Qt's own strings (standard dialog buttons), when the system has them.
    auto* qt = new QTranslator(app);
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

QString about_text()
{
    // Where the bundled models were found and which translations the binary carries: what an
    // installed copy needs to find at run time.
    const QString models = QString::fromStdString(ect::find_bundled(ect::kBundledConsistency));
    QStringList languages{QStringLiteral("English")};  // the source language
    for (const QString& qm : QDir(":/i18n").entryList({"ect-studio_*.qm"}, QDir::Files, QDir::Name))
        languages << QLocale(qm.section('_', 1).section('.', 0, 0)).nativeLanguageName();
    return MainWindow::tr("<b>ECT Studio %1</b><p>Easy Consistency Tuning (Geng et al., ICLR 2025): tune a diffusion "
                          "model into a consistency model that samples in one or two steps.</p><p>LibTorch %2</p>")
               .arg(ECT_VERSION, TORCH_VERSION) +
           MainWindow::tr("<p>Bundled models: %1</p><p>Languages: %2</p>")
               .arg(models.isEmpty() ? MainWindow::tr("not installed") : QFileInfo(models).absolutePath().toHtmlEscaped(),
                    languages.join(", "));
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    init_studio_resources();
    setWindowTitle(tr("ECT Studio"));
    setWindowIcon(QIcon(":/icons/ect-studio.png"));
    setAcceptDrops(true);  // model files and exported images dropped on the window
    tabs_ = new QTabWidget;
    training_ = addArea(new TrainingPanel, tr("&Training"));
    sampler_ = addArea(new SamplerPanel, tr("&Sampler"));
    compare_ = addArea(new ComparePanel, tr("&Compare"));
    edit_ = addArea(new EditPanel, tr("&Edit"));
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
    // Every loaded model (Compare's columns draw from them), with what made it.
    sl->addWidget(new QLabel(tr("<b>Loaded models</b>")));
    loaded_list_ = new QListWidget;
    loaded_list_->setObjectName("loadedModels");
    loaded_list_->setWordWrap(true);
    loaded_list_->setMaximumHeight(180);
    sl->addWidget(loaded_list_);
    auto* add_listed = new QPushButton(tr("Add model…"));
    add_listed->setToolTip(tr("Load another model for Compare, keeping the base and consistency models"));
    remove_loaded_ = new QPushButton(tr("Remove"));
    remove_loaded_->setEnabled(false);
    auto* list_buttons = new QHBoxLayout;
    list_buttons->addWidget(add_listed);
    list_buttons->addWidget(remove_loaded_);
    sl->addLayout(list_buttons);
    sl->addSpacing(12);
    sl->addWidget(dataset_label_);
    auto* open_data = new QPushButton(tr("Choose dataset folder…"));
    sl->addWidget(open_data);
    sl->addStretch();
    auto* dock = new QDockWidget(tr("Models"));
    dock->setObjectName("models");
    dock->setWidget(side);
    // As wide as its buttons need in the studio's language (a dock may squeeze its widget).
    dock->setMinimumWidth(std::max(200, side->minimumSizeHint().width()));
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    models_dock_ = dock;

    connect(open_base, &QPushButton::clicked, this, [this] { browseModel(Slot::Base); });
    connect(open_cm, &QPushButton::clicked, this, [this] { browseModel(Slot::Consistency); });
    connect(open_data, &QPushButton::clicked, this, &MainWindow::browseDataset);
    connect(add_listed, &QPushButton::clicked, this, [this] { browseModel(Slot::Listed); });
    connect(loaded_list_, &QListWidget::currentRowChanged, this, [this](int row) {
        // A model in a slot stays: the Sampler and Training use it.
        const bool in_slot = row >= 0 && size_t(row) < loaded_.size() &&
                             (loaded_[size_t(row)] == base_ || loaded_[size_t(row)] == consistency_);
        remove_loaded_->setEnabled(row >= 0 && !in_slot);
    });
    connect(remove_loaded_, &QPushButton::clicked, this, [this] {
        const int row = loaded_list_->currentRow();
        if (row >= 0 && size_t(row) < loaded_.size()) removeModel(QString::fromStdString(loaded_[size_t(row)]->path));
    });
    buildMenus();

    connect(sampler_, &SamplerPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(compare_, &ComparePanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(training_, &TrainingPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(training_, &TrainingPanel::runFinished, this, [this] {
        if (close_after_stop_) close();
    });
    connect(training_, &TrainingPanel::dataFolderChanged, this, &MainWindow::refreshSidePanel);
    connect(training_, &TrainingPanel::sendModel, this, [this](const QString& path, const QString& area) { sendModelTo(path, area); });
    connect(sampler_, &SamplerPanel::sendModel, this, [this](const QString& path, const QString& area) { sendModelTo(path, area); });
    connect(sampler_, &SamplerPanel::editImage, this, [this](const QImage& image, const QString& source, int label) {
        if (edit_->useImage(image, source, label)) tabs_->setCurrentWidget(edit_);
    });
    qApp->installEventFilter(this);

    device_label_ = new QLabel;
    memory_label_ = new QLabel;
    statusBar()->addPermanentWidget(device_label_);
    statusBar()->addPermanentWidget(memory_label_);
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatus);
    timer->start(2000);
    updateStatus();
    refreshSidePanel();

    restoreGeometry(settings::window_geometry.value());
    restoreState(settings::window_state.value());
    if (!settings::window_geometry.stored()) resize(1280, 800);
}

template <class Panel>
Panel* MainWindow::addArea(Panel* panel, const QString& title)
{
    areas_.push_back({panel, panel, title});
    // The tab shows the title without its menu mnemonic.
    tabs_->addTab(panel, QString(title).remove('&'));
    return panel;
}

StudioArea* MainWindow::currentArea() const
{
    for (const Area& a : areas_)
        if (a.widget == tabs_->currentWidget()) return a.area;
    return nullptr;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open_cm = file->addAction(tr("Open &consistency model…"), this, [this] { browseModel(Slot::Consistency); });
    open_cm->setShortcut(QKeySequence::Open);
    open_cm->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    QAction* open_base = file->addAction(tr("Open &base model…"), this, [this] { browseModel(Slot::Base); });
    open_base->setShortcut(QKeySequence(tr("Ctrl+B")));
    file->addAction(tr("&Add model to the list…"), this, [this] { browseModel(Slot::Listed); })
        ->setToolTip(tr("Load another model for Compare, keeping the base and consistency models"));
    QAction* open_png = file->addAction(tr("Open settings from &image…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Open settings from an exported image"),
                                                       settings::export_folder.value(),
                                                       tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.exr)"));
        if (!f.isEmpty()) openSettingsImage(f);
    });
    open_png->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(tr("Choose &dataset folder…"), this, &MainWindow::browseDataset);
    QMenu* save_menu = file->addMenu(tr("&Save model as"));
    for (const auto& [slot, title] : {std::pair{Slot::Consistency, tr("&Consistency model…")}, std::pair{Slot::Base, tr("&Base model…")}})
        save_menu->addAction(title, this, [this, slot = slot] {
            const auto m = model(slot);
            if (!m) {
                QMessageBox::information(this, tr("Save model"), tr("No model is loaded in that slot."));
                return;
            }
            const QString suggested = settings::models_folder.value() + "/" + QFileInfo(QString::fromStdString(m->path)).completeBaseName() + ".safetensors";
            const QString f = QFileDialog::getSaveFileName(this, tr("Save model as"), suggested, tr("Model files (*.safetensors)"));
            if (!f.isEmpty()) saveModelAs(slot, f);
        });
    recent_menu_ = file->addMenu(tr("Open &recent model"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* export_grid = file->addAction(tr("&Export figure…"), this, &MainWindow::exportGrid);
    export_grid->setShortcut(QKeySequence(tr("Ctrl+E")));
    export_action_ = export_grid;
    export_grid->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    file->addSeparator();
    QAction* prefs = file->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (size_t i = 0; i < areas_.size(); ++i) {
        QAction* a = view->addAction(areas_[i].title, this, [this, w = areas_[i].widget] { tabs_->setCurrentWidget(w); });
        if (i < 9) a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + int(i))));
    }
    view->addSeparator();
    // The side panel, when it was closed.
    QAction* models = models_dock_->toggleViewAction();
    models->setText(tr("&Models panel"));
    models->setShortcut(QKeySequence(tr("Ctrl+M")));
    view->addAction(models);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ECT Studio"), this, [this] {
        QMessageBox::about(this, tr("About ECT Studio"), about_text());
    });
}

void MainWindow::browseModel(Slot slot)
{
    const QString f = QFileDialog::getOpenFileName(
        this,
        slot == Slot::Base ? tr("Open base model") : slot == Slot::Consistency ? tr("Open consistency model") : tr("Add a model"),
        settings::models_folder.value(),
        tr("Model files (*.safetensors *.pkl);;ECT Studio models (*.safetensors);;Official EDM, EDM2 and ECT snapshots (*.pkl)"));
    if (f.isEmpty()) return;
    settings::models_folder.set(QFileInfo(f).absolutePath());
    openModel(slot, f);
}

void MainWindow::browseDataset()
{
    // Training data: a folder of images (sub-folders = classes), an EDM dataset folder or a folder
    // of IDX files; the Training area checks it when a run starts.
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a dataset folder"), settings::data_folder.value());
    if (dir.isEmpty()) return;
    settings::data_folder.set(dir);
    training_->setDataFolder(dir);
    statusBar()->showMessage(tr("Training data: %1 (type fashion-mnist for the built-in set)").arg(dir), 8000);
}

static torch::Device sampling_device()
{
    // Preferences → Device; a CUDA choice on a machine without CUDA falls back to the CPU.
    try {
        return ect::resolve_device(settings::device.value().toStdString());
    } catch (const std::exception&) {
        return torch::kCPU;
    }
}

std::shared_ptr<ect::ModelFile> MainWindow::loadModelFile(const QString& path, bool quiet)
{
    try {
        return std::make_shared<ect::ModelFile>(ect::load_model(path.toStdString(), sampling_device()));
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(this, tr("Cannot open model"), last_error_);
        return nullptr;
    }
}

bool MainWindow::openModel(Slot slot, const QString& path, bool quiet)
{
    auto loaded = loadModelFile(path, quiet);
    if (!loaded) return false;
    placeModel(slot, loaded, path);
    return true;
}

void MainWindow::placeModel(Slot slot, std::shared_ptr<ect::ModelFile> loaded, const QString& path)
{
    if (slot == Slot::Base) base_ = loaded;
    if (slot == Slot::Consistency) consistency_ = loaded;
    // Into the list, replacing the same file loaded before (a reload); past the cap, the oldest
    // model that holds no slot goes.
    if (const int same = loadedIndex(path); same >= 0) loaded_[size_t(same)] = loaded;
    else loaded_.push_back(loaded);
    for (auto it = loaded_.begin(); int(loaded_.size()) > kMaxLoaded && it != loaded_.end();)
        it = (*it == base_ || *it == consistency_ || *it == loaded) ? it + 1 : loaded_.erase(it);
    addRecent(path);
    publishModels();
    const auto& m = loaded;
    if (QFileInfo(path).suffix().compare("pkl", Qt::CaseInsensitive) == 0)
        statusBar()->showMessage(tr("Opened the official snapshot %1 (%2), converted in memory; File > Save model as keeps it "
                                    "as a model file.")
                                     .arg(QFileInfo(path).fileName(), QString::fromStdString(m->metadata.count("ect.source_class")
                                                                                                  ? m->metadata.at("ect.source_class")
                                                                                                  : std::string())),
                                 10000);
}

int MainWindow::loadedIndex(const QString& path) const
{
    const QString full = QFileInfo(path).absoluteFilePath();
    for (size_t i = 0; i < loaded_.size(); ++i)
        if (QFileInfo(QString::fromStdString(loaded_[i]->path)).absoluteFilePath() == full) return int(i);
    return -1;
}

bool MainWindow::isLoaded(const QString& path) const
{
    return loadedIndex(path) >= 0;
}

bool MainWindow::removeModel(const QString& path)
{
    const int i = loadedIndex(path);
    if (i < 0 || loaded_[size_t(i)] == base_ || loaded_[size_t(i)] == consistency_) return false;
    loaded_.erase(loaded_.begin() + i);
    publishModels();
    return true;
}

void MainWindow::publishModels()
{
    refreshSidePanel();
    const LoadedModels models{base_, consistency_, loaded_};
    for (const Area& a : areas_) a.area->setModels(models);
}

bool MainWindow::saveModelAs(Slot slot, const QString& path, bool quiet)
{
    const auto m = model(slot);
    try {
        if (!m) throw ect::Error(tr("no model is loaded in that slot").toStdString());
        ect::check_output_path(path.toStdString());
        std::map<std::string, std::string> metadata = m->metadata;
        metadata.erase(ect::kNetworkMetadataKey);  // written from the network itself
        ect::save_model(path.toStdString(), m->net, metadata);
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(this, tr("Save model"), last_error_);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::sendModelTo(const QString& path, const QString& area, bool quiet)
{
    auto loaded = loadModelFile(path, quiet);
    if (!loaded) return false;
    const auto kind = loaded->metadata.find("ect.kind");
    const bool consistency = kind != loaded->metadata.end() && kind->second == "consistency";
    placeModel(consistency ? Slot::Consistency : Slot::Base, loaded, path);
    for (const Area& a : areas_)
        if (a.area->areaKey() == area) tabs_->setCurrentWidget(a.widget);
    if (area == QLatin1String("sampler")) {
        // The sampler shows the model just sent, not the other slot's.
        const int i = sampler_->modelBox()->findData(consistency ? "consistency" : "base");
        if (i >= 0) sampler_->modelBox()->setCurrentIndex(i);
    }
    statusBar()->showMessage(tr("%1 is now the %2.").arg(model_name(*loaded), consistency ? tr("consistency model") : tr("base model")), 8000);
    return true;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride && export_action_) {
        auto* key = static_cast<QKeyEvent*>(event);
        auto* widget = qobject_cast<QWidget*>(watched);
        // Left unaccepted, the key goes to the shortcut (File > Export) instead of the field.
        if (widget && widget->window() == this && QKeySequence(key->keyCombination()) == export_action_->shortcut()) {
            event->ignore();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

bool MainWindow::openFile(const QString& path, bool quiet)
{
    const QFileInfo info(path);
    const QString ext = info.suffix().toLower();
    auto refuse = [&](const QString& why) {
        last_error_ = why;
        if (!quiet) QMessageBox::information(this, tr("Open"), why);
        return false;
    };
    if (info.isDir()) {
        // A folder of images (sub-folders = classes), an EDM dataset folder or IDX files: the
        // Training area's dataset.
        settings::data_folder.set(info.absoluteFilePath());
        training_->setDataFolder(info.absoluteFilePath());
        tabs_->setCurrentWidget(training_);
        statusBar()->showMessage(tr("Training data: %1").arg(info.absoluteFilePath()), 8000);
        return true;
    }
    if (!info.exists()) return refuse(tr("%1 does not exist.").arg(path));
    if (ext == "zip") {
        settings::data_folder.set(info.absoluteFilePath());
        training_->setDataFolder(info.absoluteFilePath());
        tabs_->setCurrentWidget(training_);
        statusBar()->showMessage(tr("Training data: %1").arg(info.absoluteFilePath()), 8000);
        return true;
    }
    if (ext != "safetensors" && ext != "pkl" && !kImageSuffixes.contains(ext))
        return refuse(tr("%1 is neither a model (.safetensors, .pkl), an image with settings, nor a dataset (a folder or a .zip).")
                          .arg(info.fileName()));
    if (ext == "safetensors" || ext == "pkl") {
        auto loaded = loadModelFile(path, quiet);
        if (!loaded) return false;
        const auto kind = loaded->metadata.find("ect.kind");
        const bool consistency = kind != loaded->metadata.end() && kind->second == "consistency";
        placeModel(consistency ? Slot::Consistency : Slot::Base, loaded, path);
        return true;
    }
    return openSettingsImage(path, quiet);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    // Local files only: model files and images (whose settings are restored).
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    // An image dropped on the Edit area's canvas is the image to edit, unless it holds the Edit
    // area's own settings (an exported edit), which restore as anywhere else.
    QWidget* target = childAt(event->position().toPoint());
    const bool on_canvas = target && tabs_->currentWidget() == edit_ &&
                           (target == edit_->canvas() || edit_->canvas()->isAncestorOf(target));
    for (const QUrl& url : event->mimeData()->urls()) {
        if (!url.isLocalFile()) continue;
        const QString path = url.toLocalFile();
        if (on_canvas && kImageSuffixes.contains(QFileInfo(path).suffix().toLower()) && !holdsSettingsOf(path, edit_->areaKey()))
            edit_->openImage(path);
        else openFile(path);
    }
    event->acceptProposedAction();
}

bool MainWindow::holdsSettingsOf(const QString& path, const QString& area) const
{
    try {
        const nlohmann::json j = nlohmann::json::parse(read_settings_json(path).toStdString(), nullptr, false);
        return json_string(j, "kind").value_or("") == area.toStdString();
    } catch (const std::exception&) {
        return false;  // unreadable: not settings (opening it says why)
    }
}

std::shared_ptr<ect::ModelFile> MainWindow::model(Slot slot) const
{
    return slot == Slot::Base ? base_ : slot == Slot::Consistency ? consistency_ : nullptr;
}

QStringList MainWindow::recentModels() const
{
    return settings::recent_models.value();
}

void MainWindow::addRecent(const QString& path)
{
    QStringList list = recentModels();
    const QString full = QFileInfo(path).absoluteFilePath();
    list.removeAll(full);
    list.prepend(full);
    while (list.size() > kMaxRecent) list.removeLast();
    settings::recent_models.set(list);
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
            .arg(title, model_name(*m).toHtmlEscaped())
            .arg(QLocale().toString(qlonglong(ect::count_parameters(*m->net))))
            .arg(network_summary(m->config).toHtmlEscaped());
    };
    consistency_label_->setText(describe(consistency_, tr("Consistency model")));
    for (QLabel* l : {consistency_label_, base_label_})
        l->setToolTip(l == consistency_label_ ? (consistency_ ? QString::fromStdString(consistency_->path) : QString())
                                              : (base_ ? QString::fromStdString(base_->path) : QString()));
    base_label_->setText(describe(base_, tr("Base diffusion model")));
    const int row = loaded_list_->currentRow();
    loaded_list_->clear();
    for (const auto& m : loaded_) {
        QString role;
        if (m == base_) role = tr(" (base)");
        if (m == consistency_) role = tr(" (consistency)");
        auto* item = new QListWidgetItem(model_name(*m) + role + "\n" + model_origin(*m), loaded_list_);
        item->setToolTip(QString::fromStdString(m->path));
    }
    loaded_list_->setCurrentRow(std::min(row, loaded_list_->count() - 1));
    dataset_label_->setText(tr("<b>Dataset</b><br>%1").arg(training_->dataFolder().toHtmlEscaped()));
}

void MainWindow::updateStatus()
{
    const torch::Device device = sampling_device();
    device_label_->setText(device_text(device) + " · " + QString::fromStdString(ect::precision_name(studio::preferred_precision(device))));
    QString memory = tr("%1 MiB").arg(ect::process_resident_bytes() >> 20);
    if (device.is_cuda()) memory += tr(" · GPU %1 MiB").arg(ect::device_memory_allocated(device) >> 20);
    memory_label_->setText(memory);
}

bool MainWindow::exportFigure(const QString& path, bool quiet)
{
    StudioArea* area = currentArea();
    const AreaFigure figure = area ? area->exportFigure() : AreaFigure{};
    if (figure.image.isNull()) {
        last_error_ = tr("There is nothing to export in this area yet.");
        if (!quiet) QMessageBox::information(this, tr("Export"), last_error_);
        return false;
    }
    try {
        write_figure(path, figure.image, figure.parameters, QString::fromStdString(figure.settings.dump(-1, ' ', true)));
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
    const QString format = settings::export_format.value();
    const QString name = currentArea() ? currentArea()->exportName() : QString("figure");
    QString f = QFileDialog::getSaveFileName(this, tr("Export figure"), settings::export_folder.value() + "/" + name + "." + format,
                                             tr("PNG with settings (*.png);;JPEG (*.jpg);;TIFF (*.tif);;OpenEXR (*.exr)"));
    if (f.isEmpty()) return;
    if (QFileInfo(f).suffix().isEmpty()) f += "." + format;
    settings::export_folder.set(QFileInfo(f).absolutePath());
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
    if (text.isEmpty()) {
        // No settings of ours: another tool's (or our JPEG/TIFF export's) parameters text restores
        // what the Sampler can use of it (steps, seed, count, class, ...).
        nlohmann::json from_parameters;
        try {
            from_parameters = sampler_settings_from_parameters(read_parameters_text(path));
        } catch (const std::exception& e) {
            return refuse(error_text(e));
        }
        if (from_parameters.is_null())
            return refuse(tr("%1 holds no ECT Studio settings and no generation parameters.").arg(path));
        QString why;
        if (!sampler_->applySettings(from_parameters, &why)) return refuse(tr("%1: %2").arg(path, why));
        tabs_->setCurrentWidget(sampler_);
        statusBar()->showMessage(tr("Sampler settings restored from the parameters in %1").arg(path), 5000);
        return true;
    }
    const nlohmann::json j = nlohmann::json::parse(text.toStdString(), nullptr, false);
    const auto kind = json_string(j, "kind");
    if (!kind) return refuse(tr("%1: the stored settings are damaged.").arg(path));
    const auto found = std::find_if(areas_.begin(), areas_.end(), [&](const Area& a) { return a.area->areaKey().toStdString() == *kind; });
    if (found == areas_.end())
        return refuse(tr("%1 holds settings of a kind this version cannot restore (%2).").arg(path, QString::fromStdString(*kind)));
    StudioArea* area = found->area;
    // Load the models the settings name, when they exist and are not loaded already.
    for (const ModelReference& m : area->modelsIn(j)) {
        const auto& loaded = model(m.slot);
        if (loaded && QFileInfo(QString::fromStdString(loaded->path)).absoluteFilePath() == QFileInfo(m.path).absoluteFilePath()) continue;
        if (m.slot == Slot::Listed && isLoaded(m.path)) continue;
        if (QFileInfo::exists(m.path)) openModel(m.slot, m.path, quiet);
        else statusBar()->showMessage(tr("The model %1 is not on this machine; using the loaded one.").arg(m.path), 8000);
    }
    QString why;
    if (!area->applySettings(j, &why)) return refuse(tr("%1: %2").arg(path, why));
    tabs_->setCurrentWidget(found->widget);
    statusBar()->showMessage(tr("Settings restored from %1").arg(path), 5000);
    return true;
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    const PreferencesDialog::Changes changes = dialog.save();
    if (changes.device) {
        // Reload the open models onto the new device (running jobs keep their own copies).
        const auto listed = loaded_;
        for (const auto& m : listed)
            openModel(m == base_ ? Slot::Base : m == consistency_ ? Slot::Consistency : Slot::Listed, QString::fromStdString(m->path));
    }
    if (changes.language) statusBar()->showMessage(tr("The language changes when ECT Studio starts again."), 8000);
}

void MainWindow::saveSession()
{
    settings::window_geometry.set(saveGeometry());
    settings::window_state.set(saveState());
    settings::session_tab.set(tabs_->currentIndex());
    settings::session_base_model.set(base_ ? QString::fromStdString(base_->path) : QString());
    settings::session_consistency_model.set(consistency_ ? QString::fromStdString(consistency_->path) : QString());
    for (const Area& a : areas_) settings::set_session_area(a.area->areaKey(), QString::fromStdString(a.area->settings().dump()));
}

void MainWindow::restoreSession(bool last_session)
{
    if (settings::threads.value() > 0) ect::init_threads(settings::threads.value());
    // Last session's models when they still exist, else the bundled Fashion-MNIST pair.
    auto pick = [&](const Setting<QString>& stored, const char* bundled) {
        const QString last = last_session ? stored.value() : QString();
        if (!last.isEmpty() && QFileInfo::exists(last)) return last;
        return QString::fromStdString(ect::find_bundled(bundled));
    };
    const QString cm = pick(settings::session_consistency_model, ect::kBundledConsistency);
    const QString base = pick(settings::session_base_model, ect::kBundledDiffusion);
    // The consistency model first: the sampler then shows it (one step) rather than Heun.
    if (!cm.isEmpty() && !consistency_) openModel(Slot::Consistency, cm, true);
    if (!base.isEmpty() && !base_) openModel(Slot::Base, base, true);
    // The list (and Compare's columns, which follow it) reads base first, as one reads a
    // comparison: the diffusion model's samplers, then the few-step models made from it.
    if (base_ && loadedIndex(QString::fromStdString(base_->path)) > 0) {
        std::stable_partition(loaded_.begin(), loaded_.end(), [&](const auto& m) { return m == base_; });
        publishModels();
    }
    if (!last_session) return;
    // Each area takes what it can from its stored settings (damaged text is ignored), after the
    // listed models they name (Compare's) are loaded again, those still on this machine.
    for (const Area& a : areas_) {
        const auto j = nlohmann::json::parse(settings::session_area(a.area->areaKey()).toStdString(), nullptr, false);
        for (const ModelReference& m : a.area->modelsIn(j))
            if (m.slot == Slot::Listed && QFileInfo::exists(m.path) && !isLoaded(m.path)) openModel(Slot::Listed, m.path, true);
        a.area->applySettings(j);
    }
    if (settings::session_tab.stored()) tabs_->setCurrentIndex(settings::session_tab.value());
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
