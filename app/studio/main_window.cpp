// MainWindow: wires the panels to the loaded models; all long work happens in the panels' workers.
#include "main_window.h"

#include "image_grid_view.h"
#include "qt_bridge.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/build_config.h"
#include "ect/device.h"
#include "ect/image_io.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <torch/torch.h>

namespace studio {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("ECT Studio"));
    tabs_ = new QTabWidget;
    sampler_ = new SamplerPanel;
    training_ = new TrainingPanel;
    tabs_->addTab(sampler_, tr("Sampler"));
    tabs_->addTab(training_, tr("Training"));
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
    sl->addStretch();
    auto* dock = new QDockWidget(tr("Models"));
    dock->setObjectName("models");
    dock->setWidget(side);
    dock->setMinimumWidth(220);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    connect(open_base, &QPushButton::clicked, this, [this] { browseModel(Slot::Base); });
    connect(open_cm, &QPushButton::clicked, this, [this] { browseModel(Slot::Consistency); });
    buildMenus();

    connect(sampler_, &SamplerPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 5000); });
    connect(training_, &TrainingPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(training_, &TrainingPanel::runFinished, this, [this] {
        if (close_after_stop_) close();
    });

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
    QAction* open_base = file->addAction(tr("Open &base model…"), this, [this] { browseModel(Slot::Base); });
    open_base->setShortcut(QKeySequence(tr("Ctrl+B")));
    file->addSeparator();
    QAction* export_grid = file->addAction(tr("&Export sample grid…"), this, &MainWindow::exportGrid);
    export_grid->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
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

bool MainWindow::openModel(Slot slot, const QString& path, bool quiet)
{
    try {
        auto loaded = std::make_shared<ect::ModelFile>(ect::load_model(path.toStdString()));
        (slot == Slot::Base ? base_ : consistency_) = loaded;
        if (slot == Slot::Base) training_->setBaseModelPath(path);
    } catch (const std::exception& e) {
        last_error_ = error_text(e);
        if (!quiet) QMessageBox::warning(this, tr("Cannot open model"), last_error_);
        return false;
    }
    refreshSidePanel();
    sampler_->setModels(base_, consistency_);
    return true;
}

std::shared_ptr<ect::ModelFile> MainWindow::model(Slot slot) const
{
    return slot == Slot::Base ? base_ : consistency_;
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
    dataset_label_->setText(tr("<b>Dataset</b><br>%1").arg(training_->dataEdit()->text()));
}

void MainWindow::updateStatus()
{
    device_label_->setText(QString::fromStdString(ect::describe_device(ect::resolve_device("auto"))));
    memory_label_->setText(tr("%1 MiB").arg(ect::process_resident_bytes() >> 20));
}

void MainWindow::exportGrid()
{
    const QImage image = tabs_->currentWidget() == training_ && !training_->grids().isEmpty()
                             ? training_->gridView()->image()
                             : sampler_->currentImage();
    if (image.isNull()) {
        QMessageBox::information(this, tr("Export"), tr("There is no sample grid to export yet."));
        return;
    }
    QSettings settings;
    const QString f = QFileDialog::getSaveFileName(this, tr("Export sample grid"),
                                                   settings.value("folders/export", QDir::homePath()).toString(),
                                                   tr("Images (*.png *.jpg *.tif *.exr)"));
    if (f.isEmpty()) return;
    settings.setValue("folders/export", QFileInfo(f).absolutePath());
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    ect::Image8 out;
    out.width = rgb.width();
    out.height = rgb.height();
    out.channels = 3;
    for (int y = 0; y < rgb.height(); ++y)
        out.pixels.insert(out.pixels.end(), rgb.constScanLine(y), rgb.constScanLine(y) + 3 * rgb.width());
    try {
        ect::write_image(f.toStdString(), out);
        statusBar()->showMessage(tr("Exported %1").arg(f), 5000);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export"), error_text(e));
    }
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
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

}  // namespace studio
