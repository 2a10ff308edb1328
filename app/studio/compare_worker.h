// The comparison: the same seeds' noise through any number of models, each with the samplers that
// fit its kind (a diffusion model with Heun, Euler or DPM-Solver++, a consistency model with 1, 2,
// ... steps): a column is (model, sampler, steps), each timed, off the GUI thread.
#pragma once

#include "ect/method/generate.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace studio {

struct CompareColumn {
    int model = 0;  // index into CompareJob::models
    ect::SamplerKind sampler = ect::SamplerKind::Consistency;
    int steps = 1;
    std::vector<double> mid;  // consistency: empty = the model's default levels

    bool forDiffusion() const { return ect::sampler_info(sampler).for_diffusion_models; }
    QString name() const;  // "Heun 18", "ECT 2 steps"
    QString spec() const;  // "heun 18", "cm 2@1.434"
};

// "heun 18, dpm++ 4, cm 1, cm 2@1.4, cm 3@2.7/0.7": sampler (heun, euler, dpm++, cm or ect), steps,
// and optional consistency mid levels after '@' separated by '/' (model 0 each). Throws ect::Error
// naming the item.
std::vector<CompareColumn> parse_columns(const QString& text);
QString columns_text(const std::vector<CompareColumn>& columns);

// Each of `models`, in order, with every sampler of `samplers` that fits its kind (as `ect eval
// --models` pairs them): the comparison's columns.
std::vector<CompareColumn> columns_for(const std::vector<std::shared_ptr<ect::ModelFile>>& models,
                                       const std::vector<CompareColumn>& samplers);
constexpr size_t kMaxCompareColumns = 16;

struct CompareJob {
    std::vector<std::shared_ptr<ect::ModelFile>> models;  // the columns' models
    uint64_t seed = 0;
    int rows = 6;          // seeds seed .. seed + rows − 1
    int class_index = -1;  // −1: classes in turn (for the models with classes)
    std::vector<CompareColumn> columns;
    // Post-hoc EMA of one model (the consistency model's slot): σ_rel of the average its columns
    // sample, 0 = as saved.
    std::shared_ptr<ect::ModelFile> ema_model;
    double ema_std = 0;
};

struct CompareColumnResult {
    QString title;  // "fmnist-edm · Heun 18 · NFE 35"
    int nfe = 0;
    double seconds_per_image = 0;
    std::vector<double> mid;  // the levels used (consistency)
    torch::Tensor samples;    // float64 [rows, C, H, W]
};

struct CompareResult {
    CompareJob job;
    std::vector<CompareColumnResult> columns;
    QImage grid;  // rows × columns tiles, 1-pixel gaps, no labels
    int cell = 0;  // tile size in pixels
};

// The FD of every column of a comparison against a reference image set, in the bundled
// classifier's feature space: the table `ect eval --models A,B --samplers ...` prints, for the
// ticked models and samplers. Every column draws the same seeds (compare.seed ...).
struct FdTableJob {
    CompareJob compare;  // its rows and class are not used: `count` samples, classes in turn
    int64_t count = 500;
    std::string reference = "fashion-mnist:test";
};

struct FdTableRow {
    int nfe = 0;
    double fd = 0;
    double seconds_per_image = 0;  // sampling and features
};

struct FdTableResult {
    FdTableJob job;
    std::vector<FdTableRow> rows;  // one per column, in order
    QString reference;             // the reference set's name, with its image count
};

class CompareWorker {
public:
    // Runs synchronously (the Compare area's runner thread, or tests); throws ect::Error for
    // settings that cannot run. A result with fewer columns than the job was cancelled.
    static CompareResult run(const CompareJob& job, const std::function<bool()>& cancelled = {},
                             const std::function<void(double)>& progress = {});
    // The same for an FD table: fewer rows than columns = cancelled.
    static FdTableResult fdTable(const FdTableJob& job, const std::function<bool()>& cancelled = {},
                                 const std::function<void(double)>& progress = {});
};

}  // namespace studio

Q_DECLARE_METATYPE(studio::CompareJob)
Q_DECLARE_METATYPE(studio::CompareResult)
Q_DECLARE_METATYPE(studio::FdTableJob)
Q_DECLARE_METATYPE(studio::FdTableResult)
