// The studio's main window: Sampler and Training areas, a side panel with the loaded models and
// dataset, menus, and a status bar with the device and memory.
#pragma once

#include "ect/model_file.h"

#include <QLabel>
#include <QMainWindow>

#include <memory>

class QTabWidget;

namespace studio {

class SamplerPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    enum class Slot { Base, Consistency };
    // Loads a model into a slot. A bad file shows a dialog (unless `quiet`) and keeps what was
    // loaded; returns whether the model was loaded.
    bool openModel(Slot slot, const QString& path, bool quiet = false);
    std::shared_ptr<ect::ModelFile> model(Slot slot) const;
    QString lastError() const { return last_error_; }

    SamplerPanel* samplerPanel() const { return sampler_; }
    TrainingPanel* trainingPanel() const { return training_; }
    QTabWidget* tabs() const { return tabs_; }

public slots:
    void exportGrid();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void browseModel(Slot slot);
    void refreshSidePanel();
    void updateStatus();

    std::shared_ptr<ect::ModelFile> base_, consistency_;
    QTabWidget* tabs_;
    SamplerPanel* sampler_;
    TrainingPanel* training_;
    QLabel *base_label_, *consistency_label_, *dataset_label_, *device_label_, *memory_label_;
    QString last_error_;
    bool close_after_stop_ = false;
};

}  // namespace studio
