// The training panel: recipe form, start/pause/stop/resume, live loss chart, throughput and
// ETA, and the 1-step sample grid of every checkpoint interval with a scrubbing slider.
#pragma once

#include "studio_area.h"
#include "training_worker.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QThread>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <utility>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class ImageGridView;
class LossChart;

namespace studio {

class TrainingPanel : public QWidget, public StudioArea {
    Q_OBJECT

public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // The recipe the form describes; throws ect::Error when it cannot train.
    ect::TrainConfig currentConfig() const;
    bool running() const { return active_; }
    void setBaseModelPath(const QString& path);
    QString dataFolder() const;
    void setDataFolder(const QString& folder);
    // Shows a run's recipe, loss and FD history and grids without training (`step`: the grid to
    // show, −1 the last). False, with the reason in `why`, while a run is active or when `dir`
    // is not a run folder.
    bool showRun(const QString& dir, qint64 step = -1, QString* why = nullptr);
    // Shows a run and follows it while another process writes it (a run on a GPU server, its
    // folder synced or mounted): new log records, stage changes and grids appear as they land.
    // Read-only: no lock, nothing written to the folder. Ends with stopWatching(), another run
    // shown, or a run started here. False, with the reason, as showRun.
    bool watchRun(const QString& dir, QString* why = nullptr);
    void stopWatching();
    bool watching() const { return !watched_.isEmpty(); }
    // Reads what the watched run added since the last look (a timer calls it every second).
    void pollWatchedRun();

    // StudioArea: the figure is the shown grid; the settings name the run folder and step.
    QString areaKey() const override { return QStringLiteral("training"); }
    QString exportName() const override { return QStringLiteral("training"); }
    // A newly loaded base model becomes the tuning form's base model.
    void setModels(const LoadedModels& models) override;
    AreaFigure exportFigure() const override;
    nlohmann::json settings() const override;
    bool applySettings(const nlohmann::json& settings, QString* why = nullptr) override;

    LossChart* chart() const { return chart_; }
    ImageGridView* gridView() const { return grid_; }
    QSlider* gridSlider() const { return scrub_; }
    const QList<QPair<qint64, QImage>>& grids() const { return grids_; }
    QLineEdit* runFolderEdit() const { return run_dir_; }
    QSpinBox* stepsBox() const { return steps_; }
    QComboBox* presetBox() const { return preset_; }
    // Pretraining: the network family of the new network (data: the family's name).
    QComboBox* familyBox() const { return family_; }
    // Power-function EMA profiles kept beside the EMA ("0.05, 0.10"; empty: none).
    QLineEdit* emaProfilesEdit() const { return ema_profiles_; }
    // The training objective (data: its name in the objective table, "ect", "edm", "cmt").
    QComboBox* objectiveBox() const { return objective_; }
    // The objective's own options, made from their descriptions: the field of option `key`
    // (a QDoubleSpinBox, a QSpinBox or a QComboBox), or null.
    QWidget* objectiveOptionField(const QString& key) const;
    // Whether the advanced options' rows are shown.
    QCheckBox* allOptionsBox() const { return all_options_; }
    QLineEdit* dataEdit() const { return data_; }
    QSpinBox* resolutionBox() const { return resolution_; }
    QComboBox* channelsBox() const { return channels_; }
    // What the form knows of the chosen data's own size ("" until a look at it has come back).
    QString dataShapeText() const;
    QSpinBox* gridEveryBox() const { return grid_every_; }
    QComboBox* gridUnitBox() const { return grid_unit_; }
    QSpinBox* checkpointEveryBox() const { return checkpoint_every_; }
    QComboBox* checkpointUnitBox() const { return checkpoint_unit_; }
    QLabel* presetSummary() const { return preset_summary_; }
    QLabel* progressLabel() const { return progress_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* stopButton() const { return stop_; }
    QPushButton* watchButton() const { return watch_; }
    QWidget* formBox() const { return form_box_; }
    // The models the shown run has written: its snapshots and its newest model, newest last.
    QComboBox* runModelsBox() const { return run_models_; }
    QPushButton* toSamplerButton() const { return to_sampler_; }
    QPushButton* toCompareButton() const { return to_compare_; }
    // The run whose chart and grids are shown ("" when none).
    QString shownRun() const { return shown_run_; }
    // `dir` when it holds no run, else the first of dir-2, dir-3, … (or run-1 → run-2) that holds none.
    static QString nextFreeRunFolder(const QString& dir);
    // What Start does with a folder that already holds a run; the default asks with a dialog.
    enum class UsedFolder { Resume, NewFolder, Cancel };
    void setUsedFolderChoice(std::function<UsedFolder(const QString& dir, const QString& next)> choose)
    {
        choose_used_folder_ = std::move(choose);
    }
    // Whether to resume a run whose state has no checksum (an older or foreign state); the
    // default asks with a dialog.
    void setUncheckedStateChoice(std::function<bool(const QString& dir)> trust) { trust_unchecked_ = std::move(trust); }

public slots:
    void start();
    // `trust_unchecked`: take a state without a checksum as it is.
    void resumeRun(const QString& run_dir, bool trust_unchecked = false);
    void togglePause();
    void stop();

signals:
    void runFinished(bool completed, const QString& message);
    void modelWritten(const QString& path);
    void statusMessage(const QString& text);
    void dataFolderChanged(const QString& folder);
    // The user sent a model of the run to another area ("sampler", "compare"); `seed` >= 0: show that seed.
    void sendModel(const QString& path, const QString& area, qint64 seed);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyPreset();
    const ect::Objective& currentObjective() const;
    void buildObjectiveOptions();  // the fields of the chosen objective's options
    void showObjectiveOptions(const ect::TrainConfig& config);
    void readObjectiveOptions(ect::TrainConfig& config) const;
    void warn(const QString& message);
    void setRunning(bool running);
    void showGrid(int index);
    void loadHistory(const QString& run_dir);
    void showConfig(const ect::TrainConfig& config);  // every field, from a run's config.json
    void showRecipe(const ect::TrainConfig& config);  // the numbers a preset sets
    // Looks at the chosen data's own size off the UI thread (a zip or IDX file takes a moment);
    // the answer fills the image size fields' "from the data" entries.
    void probeData();
    void showDataShape();
    void refreshRunModels();
    void showPresetSummary(const ect::TrainConfig& config, bool of_run);
    void setWatchingState(bool watching);
    void gridMenu(int index, const QPoint& global);
    QString gridCellDescription(int index) const;
    // A grid arrived (live, from history, or from a watched run): keep it and show it unless scrubbing.
    void addGrid(qint64 step, const QImage& image);
    void showGridsOf(const ect::TrainConfig& config);  // the shown run's grid size and classes

    QComboBox *objective_, *preset_, *device_, *x_axis_, *family_;
    class QFormLayout* form_;  // the recipe form; the objective's option rows follow the learning rate
    QCheckBox* all_options_;   // shows the objective's advanced options too
    std::vector<std::pair<ect::ObjectiveOption, QWidget*>> option_fields_;
    QLineEdit *base_, *data_, *run_dir_, *ema_profiles_;
    QSpinBox *batch_, *steps_, *eval_every_, *resolution_, *grid_every_, *checkpoint_every_;
    QComboBox *grid_unit_, *checkpoint_unit_, *run_models_;
    QLabel* preset_summary_;
    QWidget* form_box_;
    QPushButton *to_sampler_, *to_compare_;
    QString shown_run_;
    qint64 last_step_ = 0, last_total_ = 0;
    int grid_classes_ = 0, grid_cell_ = 0, grid_count_ = 0;  // the shown run's classes and image size (cell tooltips)
    QStringList grid_class_names_;
    std::function<UsedFolder(const QString&, const QString&)> choose_used_folder_;
    std::function<bool(const QString&)> trust_unchecked_;
    QComboBox* channels_;
    QLabel* data_shape_;
    QTimer* probe_timer_;
    // The last look at the data: its source, and its size or why it could not be read.
    QString probed_source_, probe_error_;
    ect::DataShape probed_{};
    QDoubleSpinBox *lr_, *dropout_, *smoothing_;
    QCheckBox* log_scale_;
    QPushButton *start_, *pause_, *stop_, *resume_, *watch_;
    QLabel *progress_, *grid_label_, *notice_;
    LossChart* chart_;
    // Chart and grid side by side, or one above the other where the area is too narrow for both.
    class QSplitter* views_;
    ImageGridView* grid_;
    QSlider* scrub_;
    QList<QPair<qint64, QImage>> grids_;
    // Following a run another process writes: what has been read of it so far.
    QString watched_;
    QTimer* watch_timer_;
    size_t watched_losses_ = 0, watched_quality_ = 0;
    ect::RunFolder::LogCursor watched_log_;  // the log is read on from here (after the last whole line)
    QHash<qint64, int> grid_tries_;  // watched grids that did not decode yet, by step: the looks so far
    std::shared_ptr<ect::ModelFile> base_model_;  // the last base model the window loaded
    QThread thread_;
    TrainingWorker* worker_;
    bool paused_ = false, active_ = false;
};

}  // namespace studio
