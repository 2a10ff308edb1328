// The comparison pane: the same noise through any number of loaded models (the base diffusion
// model, ECT's, CMT's, TCM's ...), each ticked in a list and sampled with the samplers that fit its
// kind. An enlarged sample from two chosen columns (A/B toggle or swipe), and an X/Y grid with rows
// = seeds and columns = (model, sampler), each column with its NFE and measured time per image.
#pragma once

#include "compare_worker.h"
#include "latest_job.h"
#include "studio_area.h"

#include <QWidget>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QToolButton;
class ImageGridView;

namespace studio {
class BusyBar;
class EmaLengthControl;
}
class SwipeView;

namespace studio {

class ComparePanel : public QWidget, public StudioArea {
    Q_OBJECT

public:
    explicit ComparePanel(QWidget* parent = nullptr);
    ~ComparePanel() override;

    // StudioArea.
    QString areaKey() const override { return QStringLiteral("compare"); }
    QString exportName() const override { return QStringLiteral("comparison"); }
    void setModels(const LoadedModels& models) override;
    AreaFigure exportFigure() const override;
    nlohmann::json settings() const override;
    bool applySettings(const nlohmann::json& settings, QString* why = nullptr) override;  // ignores bad values
    std::vector<ModelReference> modelsIn(const nlohmann::json& settings) const override;
    CompareJob currentJob() const;  // throws ect::Error on a bad column list
    const CompareResult& lastResult() const { return last_; }
    bool idle() const;
    bool ready() const override { return idle(); }
    BusyBar* busyBar() const { return busy_; }

    // The X/Y grid as a labelled figure (title, seeds down, samplers across), for display and export.
    QImage figure() const;
    QString parametersText() const;

    // The FD table of the ticked models × samplers (`ect eval --models` in the studio).
    QSpinBox* fdCountBox() const { return fd_count_; }
    QLineEdit* fdReferenceEdit() const { return fd_reference_; }
    QPushButton* fdMeasureButton() const { return fd_measure_; }
    QTableWidget* fdTable() const { return fd_table_; }
    QLabel* fdInfo() const { return fd_info_; }
    const FdTableResult& lastFdTable() const { return fd_last_; }
    bool fdIdle() const;
    QString fdTableText() const;  // tab-separated, with a header line: what Copy puts on the clipboard

    QSpinBox* seedBox() const { return seed_; }
    QSpinBox* rowsBox() const { return rows_; }
    QLineEdit* columnsEdit() const { return columns_; }  // the samplers
    QListWidget* modelsList() const { return models_; }  // every loaded model, ticked = compared
    // Ticks exactly these models (paths) in the list; false when one of them is not loaded.
    bool setComparedModels(const QStringList& paths);
    QStringList comparedModels() const;
    QComboBox* aBox() const { return a_; }
    QComboBox* bBox() const { return b_; }
    QSpinBox* sampleBox() const { return sample_; }
    SwipeView* swipeView() const { return swipe_; }
    EmaLengthControl* emaLength() const { return ema_; }  // the consistency model's, for runs with EMA snapshots

public slots:
    void scheduleRender();

signals:
    void rendered(const studio::CompareResult& result);
    void statusMessage(const QString& text);

private:
    std::optional<CompareJob> jobToRender();  // the current job, or none (the reason shown)
    // The current job when it can run (models ticked, columns that fit, not too many), else none
    // and why in `problem` (empty when no model is loaded at all). Shared by the grid and the FD table.
    std::optional<CompareJob> runnableJob(QString& problem) const;
    void onRendered(const CompareResult& result);
    void updateSwipe();
    void updateChoices();
    void fillClasses();
    std::vector<std::shared_ptr<ect::ModelFile>> checkedModels() const;

    LoadedModels loaded_;
    QStringList seen_;  // paths the list has shown: a model seen for the first time comes ticked
    QSpinBox *seed_, *rows_, *sample_;
    QComboBox *class_, *a_, *b_;
    QListWidget* models_;
    EmaLengthControl* ema_;
    class QFormLayout* form_;
    BusyBar* busy_;
    QLineEdit* columns_;
    QToolButton *show_a_, *show_b_, *show_swipe_;
    SwipeView* swipe_;
    ImageGridView* grid_;
    QLabel *info_, *timing_;
    CompareResult last_;
    using Runner = LatestJobRunner<CompareJob, CompareResult>;
    std::unique_ptr<Runner> runner_;
    void onFdTable(const FdTableResult& result);
    QSpinBox* fd_count_;
    QLineEdit* fd_reference_;
    QPushButton *fd_measure_, *fd_copy_;
    QTableWidget* fd_table_;
    QLabel* fd_info_;
    BusyBar* fd_busy_;
    FdTableResult fd_last_;
    std::optional<FdTableJob> fd_pending_;  // set by Measure, taken by the runner
    using FdRunner = LatestJobRunner<FdTableJob, FdTableResult>;
    std::unique_ptr<FdRunner> fd_runner_;
};

}  // namespace studio
