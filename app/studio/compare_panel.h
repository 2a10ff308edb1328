// The comparison pane: the same noise through the base diffusion model and the consistency
// model. An enlarged sample from two chosen samplers (A/B toggle or swipe), and an X/Y grid with
// rows = seeds and columns = samplers, each column with its NFE and measured time per image.
#pragma once

#include "compare_worker.h"

#include <QThread>
#include <QTimer>
#include <QWidget>

#include <nlohmann/json.hpp>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;
class ImageGridView;
class SwipeView;

namespace studio {

class ComparePanel : public QWidget {
    Q_OBJECT

public:
    explicit ComparePanel(QWidget* parent = nullptr);
    ~ComparePanel() override;

    void setModels(std::shared_ptr<ect::ModelFile> base, std::shared_ptr<ect::ModelFile> consistency);
    CompareJob currentJob() const;  // throws ect::Error on a bad column list
    const CompareResult& lastResult() const { return last_; }
    bool idle() const { return !debounce_.isActive() && last_.id == next_id_; }

    // The X/Y grid as a labelled figure (title, seeds down, samplers across), for display and export.
    QImage figure() const;
    QString parametersText() const;
    nlohmann::json settings() const;
    void applySettings(const nlohmann::json& settings);  // ignores unknown or bad values

    QSpinBox* seedBox() const { return seed_; }
    QSpinBox* rowsBox() const { return rows_; }
    QLineEdit* columnsEdit() const { return columns_; }
    QComboBox* aBox() const { return a_; }
    QComboBox* bBox() const { return b_; }
    QSpinBox* sampleBox() const { return sample_; }
    SwipeView* swipeView() const { return swipe_; }

public slots:
    void scheduleRender();

signals:
    void rendered(const studio::CompareResult& result);
    void statusMessage(const QString& text);

private:
    void renderNow();
    void onRendered(const CompareResult& result);
    void updateSwipe();
    void updateChoices();

    std::shared_ptr<ect::ModelFile> base_, consistency_;
    QSpinBox *seed_, *rows_, *sample_;
    QComboBox *class_, *a_, *b_;
    QLineEdit* columns_;
    QToolButton *show_a_, *show_b_, *show_swipe_;
    SwipeView* swipe_;
    ImageGridView* grid_;
    QLabel *info_, *timing_;
    QTimer debounce_;
    QThread thread_;
    CompareWorker* worker_;
    int next_id_ = 0;
    CompareResult last_;
};

}  // namespace studio
