// The studio's main window: Training, Sampler, Compare and Edit areas, a side panel with the loaded
// models and dataset, menus (recent files, Preferences, About), and a status bar with the device
// and memory.
#pragma once

#include "studio_area.h"

#include "ect/network/model_file.h"

#include <QLabel>
#include <QMainWindow>

#include <memory>
#include <utility>
#include <vector>

class QDockWidget;
class QMenu;
class QTabWidget;

namespace studio {

class ComparePanel;
class EditPanel;
class SamplerPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    using Slot = ModelSlot;
    // Loads a model into a slot (Listed: only into the list of loaded models). A bad file shows a
    // dialog (unless `quiet`) and keeps what was loaded; returns whether the model was loaded.
    bool openModel(Slot slot, const QString& path, bool quiet = false);
    std::shared_ptr<ect::ModelFile> model(Slot slot) const;  // null for Listed
    // Every loaded model, oldest first (at most kMaxLoaded; the slots' models always among them).
    const std::vector<std::shared_ptr<ect::ModelFile>>& loadedModels() const { return loaded_; }
    // Takes a model off the list; false when it is not there or holds a slot.
    bool removeModel(const QString& path);
    bool isLoaded(const QString& path) const;
    static constexpr int kMaxLoaded = 12;
    QString lastError() const { return last_error_; }

    // Restores the settings stored in an image the studio exported (loading its models when they
    // exist and differ from the loaded ones). Returns false, with a dialog unless `quiet`, when the
    // image has none or cannot be read.
    bool openSettingsImage(const QString& path, bool quiet = false);
    // Opens a file the way a drop on the window does: a model file (.safetensors, or an official
    // .pkl snapshot) goes to the slot its kind belongs to (consistency or base), an image restores
    // its settings (a drop on the Edit area's canvas opens an image without them there instead). Returns whether it was used; a dialog (unless `quiet`) says why not.
    bool openFile(const QString& path, bool quiet = false);
    // Loads a model file into the slot of its kind and shows it in an area ("sampler", "compare"):
    // how a training run's checkpoint is sent there. False (a dialog unless `quiet`) when it cannot load.
    bool sendModelTo(const QString& path, const QString& area, bool quiet = false);
    // Writes a loaded model as a model file (.safetensors) with its metadata: how an official
    // .pkl snapshot opened here is kept in our format. Returns false (a dialog unless `quiet`) on failure.
    bool saveModelAs(Slot slot, const QString& path, bool quiet = false);
    // Writes the current area's figure (title, axis labels, parameters inside) to `path`.
    bool exportFigure(const QString& path, bool quiet = false);
    // Whether the current area has finished making what it shows (a scripted export waits for it).
    bool currentAreaReady() const;

    // Reopens the last session's models (or the bundled ones) and its sampler and compare
    // settings; with `last_session` false, only the bundled models with default settings (the
    // stored session is kept). Called at start-up, not by the constructor, so tests start clean.
    void restoreSession(bool last_session = true);
    void saveSession();

    SamplerPanel* samplerPanel() const { return sampler_; }
    TrainingPanel* trainingPanel() const { return training_; }
    ComparePanel* comparePanel() const { return compare_; }
    EditPanel* editPanel() const { return edit_; }
    QTabWidget* tabs() const { return tabs_; }
    QStringList recentModels() const;

public slots:
    void exportGrid();
    void showPreferences();

protected:
    void closeEvent(QCloseEvent* event) override;
    // Ctrl+E exports from any field: text and number fields would take it as "end of line".
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // Adds an area: a tab, a View menu entry (Ctrl+1, 2, …), its export, settings and session.
    template <class Panel>
    Panel* addArea(Panel* panel, const QString& title);
    StudioArea* currentArea() const;
    // Whether the image at `path` holds settings the area `area` ("edit", ...) exported.
    bool holdsSettingsOf(const QString& path, const QString& area) const;
    void buildMenus();
    void browseModel(Slot slot);
    // Loads a model file; on failure keeps the reason in lastError() (and shows it unless `quiet`).
    std::shared_ptr<ect::ModelFile> loadModelFile(const QString& path, bool quiet);
    void placeModel(Slot slot, std::shared_ptr<ect::ModelFile> loaded, const QString& path);
    void browseDataset();
    void refreshSidePanel();
    void publishModels();  // to every area
    int loadedIndex(const QString& path) const;  // in loaded_ (same file by absolute path), or −1
    void updateStatus();
    void addRecent(const QString& path);
    void rebuildRecentMenu();

    std::shared_ptr<ect::ModelFile> base_, consistency_;
    std::vector<std::shared_ptr<ect::ModelFile>> loaded_;
    QTabWidget* tabs_;
    struct Area {
        StudioArea* area;
        QWidget* widget;
        QString title;  // with its menu mnemonic ("&Training")
    };
    std::vector<Area> areas_;
    SamplerPanel* sampler_;
    TrainingPanel* training_;
    ComparePanel* compare_;
    EditPanel* edit_;
    QMenu* recent_menu_ = nullptr;
    QLabel *base_label_, *consistency_label_, *dataset_label_, *device_label_, *memory_label_;
    class QListWidget* loaded_list_;
    class QPushButton* remove_loaded_;
    QDockWidget* models_dock_;
    QAction* export_action_ = nullptr;
    QString last_error_;
    bool close_after_stop_ = false;
};

// The language the user chose in Preferences ("" = the system's), read before the window exists.
QString preferred_language();
// Installs the translator for `language` ("de", "fr"; "" = system). Returns whether one was found.
bool install_translation(const QString& language);
// Help → About's text (HTML): version, LibTorch, where the bundled models are, the languages.
QString about_text();
// Registers the studio's compiled-in resources (icons, translations); the window calls it, and so
// does a run that only prints (--about) and makes no window.
void init_resources();


}  // namespace studio
