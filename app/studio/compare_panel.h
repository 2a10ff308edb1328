// The comparison pane: the same noise through the base diffusion model and the consistency
// model. An enlarged sample from two chosen samplers (A/B toggle or swipe), and an X/Y grid with
// rows = seeds and columns = samplers, each column with its NFE and measured time per image.
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
class QSpinBox;
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
    void setModels(std::shared_ptr<ect::ModelFile> base, std::shared_ptr<ect::ModelFile> consistency) override;
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

    QSpinBox* seedBox() const { return seed_; }
    QSpinBox* rowsBox() const { return rows_; }
    QLineEdit* columnsEdit() const { return columns_; }
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
    void onRendered(const CompareResult& result);
    void updateSwipe();
    void updateChoices();

    std::shared_ptr<ect::ModelFile> base_, consistency_;
    QSpinBox *seed_, *rows_, *sample_;
    QComboBox *class_, *a_, *b_;
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
};

}  // namespace studio
