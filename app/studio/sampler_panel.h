// The sampler view: a grid of samples from seeds, or a spherical interpolation between two
// seeds' noise, re-rendered while the user edits (stale work is cancelled).
#pragma once

#include "sampler_worker.h"

#include <QThread>
#include <QTimer>
#include <QWidget>

#include <nlohmann/json.hpp>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class ImageGridView;

namespace studio {

class SamplerPanel : public QWidget {
    Q_OBJECT

public:
    explicit SamplerPanel(QWidget* parent = nullptr);
    ~SamplerPanel() override;

    // Models offered in the "Model" box; either may be null.
    void setModels(std::shared_ptr<ect::ModelFile> base, std::shared_ptr<ect::ModelFile> consistency);

    // The job the current controls describe (throws ect::Error on invalid mid levels).
    SampleJob currentJob() const;
    const SampleResult& lastResult() const { return last_; }
    QImage currentImage() const;
    // The shown grid as a figure with a title and axis labels, and what export stores with it.
    QImage figure() const;
    QString parametersText() const;
    // The controls as JSON (persisted between sessions, stored in exported PNGs) and back.
    nlohmann::json settings() const;
    void applySettings(const nlohmann::json& settings);  // ignores unknown or bad values
    // True when the shown result is that of the current settings (no render pending or running).
    bool idle() const { return !debounce_.isActive() && last_.id == next_id_; }

    // Controls, for tests and for restoring settings.
    QSpinBox* seedBox() const { return seed_; }
    QSpinBox* seedBBox() const { return seed_b_; }
    QSpinBox* countBox() const { return count_; }
    QSpinBox* stepsBox() const { return steps_; }
    QComboBox* modeBox() const { return mode_; }
    QComboBox* samplerBox() const { return sampler_; }
    QComboBox* modelBox() const { return model_; }
    QComboBox* classBox() const { return class_; }
    QLineEdit* midEdit() const { return mid_; }
    QSlider* amountSlider() const { return amount_; }
    QSlider* amountYSlider() const { return amount_y_; }
    QSpinBox* seedCBox() const { return seed_c_; }
    QSpinBox* seedDBox() const { return seed_d_; }

public slots:
    void scheduleRender();

signals:
    void rendered(const studio::SampleResult& result);
    void statusMessage(const QString& text);

private:
    void renderNow();
    void onRendered(const SampleResult& result);
    void modelChanged();
    void samplerChanged();  // steps minimum and mid field from the sampler table
    std::shared_ptr<ect::ModelFile> selectedModel() const;
    const ect::SamplerInfo& selectedSampler() const;

    std::shared_ptr<ect::ModelFile> base_, consistency_;
    QComboBox *mode_, *model_, *sampler_, *class_;
    QSpinBox *steps_, *seed_, *count_, *seed_b_, *seed_c_, *seed_d_, *row_;
    QLineEdit* mid_;
    QSlider *amount_, *amount_y_;
    class QFormLayout* form_;
    void showModeRows();
    ImageGridView *grid_, *single_;
    QLabel* info_;
    QTimer debounce_;
    QThread thread_;
    SamplerWorker* worker_;
    int next_id_ = 0;
    SampleResult last_;
};

}  // namespace studio
