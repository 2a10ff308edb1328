// Post-hoc EMA in the studio: for a model from a run that kept power-function EMA profiles
// (`ect tune --ema-std ...`, the EDM2 presets), the Sampler and Compare areas offer an "EMA
// length" slider that chooses, after training, which average of the weights the samples come
// from: "as trained" (the run's own EMA) or any relative length σ_rel, reconstructed from the
// run's snapshots (ect/training/phema.h).
#pragma once

#include "ect/training/phema.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QSlider;

namespace studio {

class EmaLengthControl : public QWidget {
    Q_OBJECT

public:
    explicit EmaLengthControl(QWidget* parent = nullptr);

    // The model whose run's snapshots are offered. Returns whether it has any; without, the
    // control goes back to "as trained" (its area hides the row).
    bool setModel(const std::shared_ptr<ect::ModelFile>& model);
    bool available() const { return !snapshots_.empty(); }
    // σ_rel of the chosen length; 0 = as trained.
    double length() const;
    // The nearest position to σ_rel `std` (0: as trained), without lengthChanged.
    void setLength(double std);
    QSlider* slider() const { return slider_; }
    QLabel* label() const { return label_; }

    // The slider's lengths: position 0 = as trained, then σ_rel 0.010, 0.015, ... 0.250.
    static double lengthAt(int position);

signals:
    void lengthChanged();

private:
    void showLength(int position = -1);  // the slider's position by default
    QSlider* slider_;
    QLabel* label_;
    std::vector<ect::PhemaSnapshot> snapshots_;
};

// `model` with the EMA of length σ_rel `std` (> 0) reconstructed from its run's snapshots at the
// model's own step, on `device`. The few most recent reconstructions are kept, so moving the slider back is instant.
// Null when `cancelled` stopped it; ect::Error when the run's snapshots cannot make it.
// Thread-safe (the areas' worker threads call it).
std::shared_ptr<ect::ModelFile> posthoc_model(const std::shared_ptr<ect::ModelFile>& model, double std,
                                              const torch::Device& device, const std::function<bool()>& cancelled = {},
                                              const std::function<void(double)>& progress = {});

// "EMA σ_rel 0.050" for labels and exported parameters; empty for 0 (as trained).
QString ema_length_text(double std);

}  // namespace studio
