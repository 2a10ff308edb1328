// The sampler view: a grid of samples from seeds, or a spherical interpolation between two
// seeds' noise, re-rendered while the user edits (stale work is cancelled).
#pragma once

#include "latest_job.h"
#include "sampler_worker.h"
#include "studio_area.h"

#include <QWidget>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

class QComboBox;
class QFormLayout;
class QToolButton;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class ImageGridView;

namespace studio {
class BusyBar;
class EmaLengthControl;
}

namespace studio {

class SamplerPanel : public QWidget, public StudioArea {
    Q_OBJECT

public:
    explicit SamplerPanel(QWidget* parent = nullptr);
    ~SamplerPanel() override;

    // StudioArea. The models offered in the "Model" box; either may be null.
    QString areaKey() const override { return QStringLiteral("sampler"); }
    QString exportName() const override { return QStringLiteral("samples"); }
    void setModels(const LoadedModels& models) override;
    AreaFigure exportFigure() const override;
    // The controls as JSON (persisted between sessions, stored in exported PNGs) and back;
    // applying ignores unknown or bad values.
    nlohmann::json settings() const override;
    bool applySettings(const nlohmann::json& settings, QString* why = nullptr) override;
    std::vector<ModelReference> modelsIn(const nlohmann::json& settings) const override;

    // The job the current controls describe (throws ect::Error on invalid mid levels).
    SampleJob currentJob() const;
    const SampleResult& lastResult() const { return last_; }
    QImage currentImage() const;
    // The shown grid as a figure with a title and axis labels, and what export stores with it.
    QImage figure() const;
    QString parametersText() const;
    // True when the shown result is that of the current settings (no render pending or running).
    bool idle() const;
    bool ready() const override { return idle(); }

    // Controls, for tests and for restoring settings.
    QSpinBox* seedBox() const { return seed_; }
    QSpinBox* seedBBox() const { return seed_b_; }
    QSpinBox* countBox() const { return count_; }
    QSpinBox* stepsBox() const { return steps_; }
    QComboBox* modeBox() const { return mode_; }
    QComboBox* samplerBox() const { return sampler_; }
    QComboBox* modelBox() const { return model_; }
    EmaLengthControl* emaLength() const { return ema_; }  // shown for models of runs with EMA snapshots
    QComboBox* classBox() const { return class_; }
    QLineEdit* midEdit() const { return mid_; }
    QSlider* amountSlider() const { return amount_; }
    QSlider* amountYSlider() const { return amount_y_; }
    QSpinBox* seedCBox() const { return seed_c_; }
    QSpinBox* seedDBox() const { return seed_d_; }
    // X/Y plot: the axes (data: the axis table's names; Y also "" for none) and their values.
    QComboBox* xAxisBox() const { return x_axis_; }
    QComboBox* yAxisBox() const { return y_axis_; }
    QLineEdit* xValuesEdit() const { return x_values_; }
    QLineEdit* yValuesEdit() const { return y_values_; }
    ImageGridView* gridView() const { return grid_; }
    QLabel* infoLabel() const { return info_; }  // what was rendered, or why nothing was
    BusyBar* busyBar() const { return busy_; }
    QToolButton* randomSeedButton() const { return random_seed_; }
    // What cell i of the shown grid is: its seed, class and sampler (the grid's tooltip).
    QString cellDescription(int index) const;
    // The seed of cell i of the shown grid (grid mode), or −1.
    qint64 cellSeed(int index) const;
    // The class cell i was drawn in (a conditional model's), or −1.
    int cellClass(int index) const;
    // Shows cell i enlarged in a window of its own.
    void enlargeCell(int index);
    // A plot cell's settings into the grid mode's controls (its menu's "Use these settings").
    void useCellSettings(int index);
    // Cancels the render in progress; the grid shown stays, dimmed, until the next one.
    void cancelRender();

public slots:
    void scheduleRender();

signals:
    void rendered(const studio::SampleResult& result);
    void statusMessage(const QString& text);
    // A plot cell's checkpoint, to be opened in an area ("sampler", "compare").
    void sendModel(const QString& path, const QString& area);
    // A cell's image, to be edited in the Edit area (`source`: which cell; `label`: its class or −1).
    void editImage(const QImage& image, const QString& source, int label);

private:
    std::optional<SampleJob> jobToRender();  // the current job, or none (the reason shown)
    void onRendered(const SampleResult& result);
    void modelChanged();
    void samplerChanged();  // steps minimum and mid field from the sampler table
    void showMidDefault();  // the mid field's placeholder: the levels an empty field means at this step count
    void cellMenu(int index, const QPoint& global);
    // The labels of a grid result (columns: classes or offsets; rows: seeds), as the figure has them.
    struct GridLabels {
        QStringList columns, rows;
    };
    GridLabels gridLabels(const SampleResult& result) const;
    std::shared_ptr<ect::ModelFile> selectedModel() const;
    const ect::SamplerInfo& selectedSampler() const;

    std::shared_ptr<ect::ModelFile> base_, consistency_;
    QComboBox *mode_, *model_, *sampler_, *class_;
    EmaLengthControl* ema_;
    QSpinBox *steps_, *seed_, *count_, *seed_b_, *seed_c_, *seed_d_, *row_;
    QLineEdit* mid_;
    QSlider *amount_, *amount_y_;
    class QFormLayout* form_;
    void showModeRows();
    enum Mode { GridMode, InterpolationMode, Interpolation2DMode, PlotMode };
    Mode mode() const;
    // X/Y plot: what an axis starts with when chosen (for this model and sampler), filled in when
    // the values field is empty or still holds the previous axis's start.
    QString axisExample(const QString& axis) const;
    void axisChanged(QComboBox* axis, QLineEdit* values, QString* filled);
    void refreshAxisExamples();
    void updateEnabled();  // controls an axis varies are disabled
    ect::PlotAxis plotAxis(const QComboBox* axis, const QLineEdit* values) const;
    QComboBox *x_axis_, *y_axis_;
    QLineEdit *x_values_, *y_values_;
    QString x_filled_, y_filled_;
    ImageGridView *grid_, *single_;
    QLabel* info_;
    BusyBar* busy_;
    QToolButton* random_seed_;
    SampleResult last_;
    using Runner = LatestJobRunner<SampleJob, SampleResult>;
    std::unique_ptr<Runner> runner_;
};

}  // namespace studio
