// The Edit area: zero-shot editing with the loaded consistency model (or the base model through
// Heun) while the user paints. An image (a Fashion-MNIST test image, or a file) on a canvas; the
// mask of what to fill (inpaint) or rough strokes (sketch) painted with a brush; the task and its
// levels; the results of several seeds beside it, re-made after every brush movement by the
// latest-job runner (a stroke in progress never waits for a stale result). "Both" puts the
// consistency model's results beside the base model's (Heun) for the same edit and seeds.
#pragma once

#include "latest_job.h"
#include "studio_area.h"

#include "ect/method/edit.h"
#include "ect/training/dataset.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class ImageGridView;
class PaintCanvas;

namespace studio {

class BusyBar;

struct EditJob {
    std::shared_ptr<ect::ModelFile> model;
    std::shared_ptr<ect::ModelFile> beside;  // "both": the base model, edited through Heun after `model`
    ect::EditSettings settings;              // heun_steps for `beside`, the rest for `model`
    torch::Tensor image;   // [1, C, R, R] in [−1, 1]
    torch::Tensor mask;    // [1, 1, R, R] (1 keeps), or undefined
    torch::Tensor labels;  // [1, L], or undefined
    quint64 revision = 0;  // the canvas's revision the job was made from
};

struct EditOutcome {
    EditJob job;
    ect::EditResult result;
    std::optional<ect::EditResult> beside;  // the base model's, in "both"
    double seconds = 0;                     // the edit, all results (both models)
};

class EditPanel : public QWidget, public StudioArea {
    Q_OBJECT

public:
    explicit EditPanel(QWidget* parent = nullptr);
    ~EditPanel() override;

    QString areaKey() const override { return QStringLiteral("edit"); }
    QString exportName() const override { return QStringLiteral("edit"); }
    void setModels(const LoadedModels& models) override;
    AreaFigure exportFigure() const override;
    bool ready() const override { return idle(); }
    nlohmann::json settings() const override;
    bool applySettings(const nlohmann::json& settings, QString* why = nullptr) override;

    bool idle() const;
    const std::optional<EditOutcome>& lastOutcome() const { return last_; }
    QString parametersText() const;
    QImage figure() const;
    // Opens an image file onto the canvas (resized to the model's size); false (the reason in the
    // info line) when it cannot be read.
    bool openImage(const QString& path);
    // The test image `index` onto the canvas.
    void useTestImage(int index);
    // An image from elsewhere in the studio (a Sampler grid's cell) onto the canvas, resized to the
    // model's size; `source` says where it came from, `label` its class (−1: unknown), which a
    // conditional model then edits within unless another class is chosen.
    bool useImage(const QImage& image, const QString& source, int label = -1);

    QComboBox* modelBox() const { return model_; }
    QComboBox* taskBox() const { return task_; }
    QSpinBox* testImageBox() const { return test_image_; }
    QSpinBox* factorBox() const { return factor_; }
    QSpinBox* evaluationsBox() const { return evaluations_; }
    QLineEdit* levelsEdit() const { return levels_; }
    QSpinBox* seedBox() const { return seed_; }
    QSpinBox* countBox() const { return count_; }
    QSpinBox* brushBox() const { return brush_; }
    QCheckBox* eraserBox() const { return eraser_; }
    QPushButton* undoButton() const { return undo_; }
    QPushButton* clearButton() const { return clear_; }
    PaintCanvas* canvas() const { return canvas_; }
    ImageGridView* resultsView() const { return results_; }
    QLabel* infoLabel() const { return info_; }

public slots:
    void scheduleRender();

signals:
    void rendered();  // a new outcome is shown (lastOutcome)

private:
    using Runner = LatestJobRunner<EditJob, EditOutcome>;
    std::optional<EditJob> jobToRender();
    void onRendered(const EditOutcome& outcome);
    std::shared_ptr<ect::ModelFile> selectedModel() const;
    std::shared_ptr<ect::ModelFile> besideModel() const;  // the base model in "both", else none
    void modelChanged();
    void taskChanged();
    void loadCanvas(const torch::Tensor& image_u8);  // [C, R, R]
    void resetMask();                                // the right half to fill
    torch::Tensor canvasTensor() const;              // [1, C, R, R] in [−1, 1]
    torch::Tensor maskTensor() const;                // [1, 1, R, R]

    LoadedModels models_;
    ect::Dataset test_;  // fashion-mnist:test at the model's size, read when first needed
    int test_resolution_ = 0, test_channels_ = 0;
    QString image_file_;  // the file on the canvas ("" for a test image)
    int64_t test_label_ = -1;
    std::optional<EditOutcome> last_;
    std::unique_ptr<Runner> runner_;

    QComboBox *model_, *task_, *class_;
    QSpinBox *test_image_, *factor_, *evaluations_, *heun_steps_, *seed_, *count_, *brush_;
    QLineEdit* levels_;
    QCheckBox* eraser_;
    QPushButton *open_, *undo_, *clear_;
    QLabel *source_, *info_;
    PaintCanvas* canvas_;
    ImageGridView* results_;
    BusyBar* busy_;
};

}  // namespace studio
