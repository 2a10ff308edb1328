// CompareWorker: every column from the same seeds (so the same noise), timed one by one.
#include "compare_worker.h"

#include "ema_length.h"

#include "qt_bridge.h"

#include "ect/error.h"
#include "ect/method/samplers.h"
#include "ect/evaluation/quality.h"
#include "ect/network/bundled.h"

#include <torch/torch.h>

#include <optional>

#include <chrono>

namespace studio {

QString CompareColumn::name() const
{
    // Compare's consistency models come from any objective (ECT, CMT, TCM): "CM 2 steps", the
    // objective beside the model's name.
    return sampler_caption(ect::sampler_info(sampler), steps, forDiffusion() ? QString() : QStringLiteral("CM"));
}

QString CompareColumn::spec() const
{
    QString s = QString::fromStdString(ect::GenerateSettings::sampler_name(sampler)) + ' ' + QString::number(steps);
    if (!mid.empty()) s += '@' + QString::fromStdString(ect::format_levels(mid)).replace(',', '/');
    return s;
}

std::vector<CompareColumn> parse_columns(const QString& text)
{
    std::vector<CompareColumn> out;
    for (const QString& raw : text.split(',', Qt::SkipEmptyParts)) {
        const QString item = raw.trimmed();
        const QString where = "column '" + item + "'";
        const QStringList at = item.split('@');
        const QStringList words = at[0].simplified().split(' ');
        if (words.size() != 2 || at.size() > 2)
            ect::fail(where.toStdString(), "write a sampler and a step count, e.g. 'heun 18' or 'cm 2@1.4'");
        CompareColumn c;
        const QString name = words[0].toLower() == "ect" ? "cm" : words[0].toLower();
        c.sampler = ect::GenerateSettings::parse_sampler(name.toStdString());
        bool ok = false;
        c.steps = words[1].toInt(&ok);
        const ect::SamplerInfo& info = ect::sampler_info(c.sampler);
        const int min_steps = info.min_steps;
        if (!ok || c.steps < min_steps || c.steps > 1000)
            ect::fail(where.toStdString(), "steps must be a whole number from " + std::to_string(min_steps) + " to 1000");
        if (at.size() == 2) {
            if (!info.takes_mid) ect::fail(where.toStdString(), std::string("mid levels do not apply to ") + info.name);
            c.mid = ect::parse_levels(at[1].trimmed().replace('/', ',').toStdString(), where.toStdString());
            if (int(c.mid.size()) != c.steps - 1)
                ect::fail(where.toStdString(), "needs " + std::to_string(c.steps - 1) + " mid levels");
        }
        out.push_back(c);
    }
    if (out.empty()) ect::fail("columns", "list at least one sampler, e.g. 'heun 18, cm 1, cm 2'");
    if (out.size() > kMaxCompareColumns) ect::fail("columns", "at most " + std::to_string(kMaxCompareColumns) + " samplers");
    return out;
}

std::vector<CompareColumn> columns_for(const std::vector<std::shared_ptr<ect::ModelFile>>& models,
                                       const std::vector<CompareColumn>& samplers)
{
    std::vector<CompareColumn> out;
    for (size_t m = 0; m < models.size(); ++m)
        for (CompareColumn c : samplers)
            if (models[m] && c.forDiffusion() == models[m]->is_diffusion()) {
                c.model = int(m);
                out.push_back(c);
            }
    return out;
}

QString columns_text(const std::vector<CompareColumn>& columns)
{
    QStringList parts;
    for (const auto& c : columns) parts << c.spec();
    return parts.join(", ");
}

namespace {

// Checks the job's columns against their models (kind, one image shape) and returns the models
// to sample: the chosen post-hoc average in place of its model. None when cancelled.
std::optional<std::vector<std::shared_ptr<ect::ModelFile>>> models_to_sample(const CompareJob& job,
                                                                             const std::function<bool()>& cancelled,
                                                                             const std::function<void(double)>& progress)
{
    if (job.columns.size() > kMaxCompareColumns) ect::fail("compare", "at most " + std::to_string(kMaxCompareColumns) + " columns");
    const ect::NetworkConfig* shape = nullptr;
    for (const auto& c : job.columns) {
        if (c.model < 0 || size_t(c.model) >= job.models.size() || !job.models[size_t(c.model)])
            ect::fail("compare", "the " + c.name().toStdString() + " column has no model");
        const auto& model = job.models[size_t(c.model)];
        if (c.forDiffusion() != model->is_diffusion())
            ect::fail("compare", c.name().toStdString() + " does not sample a " + model->kind() + " model");
        // The same noise can only go through networks of one image shape.
        if (shape && (shape->img_resolution != model->config.img_resolution ||
                      shape->img_channels != model->config.img_channels))
            ect::fail("compare", "the models make images of different sizes");
        shape = &model->config;
    }
    std::vector<std::shared_ptr<ect::ModelFile>> run = job.models;
    if (job.ema_std > 0 && job.ema_model)
        for (auto& m : run)
            if (m == job.ema_model) {
                const torch::Device device = m->net->parameters().front().device();
                m = posthoc_model(job.ema_model, job.ema_std, device, cancelled, progress);
                if (!m) return std::nullopt;
            }
    return run;
}

// A column's sampler settings for `model` (the model's own mid levels unless the column sets them).
ect::GenerateSettings column_settings(const CompareColumn& c, const ect::ModelFile& model, uint64_t seed, int64_t count,
                                      int class_index)
{
    ect::GenerateSettings s;
    s.sampler = c.sampler;
    s.steps = c.steps;
    if (s.info().takes_mid) s.mid = c.mid.empty() ? ect::default_mid(model, c.steps) : c.mid;
    s.seed = seed;
    s.count = count;
    s.class_index = model.config.label_dim ? class_index : -1;
    s.validate(model.config);
    return s;
}

}  // namespace

CompareResult CompareWorker::run(const CompareJob& job, const std::function<bool()>& cancelled,
                                  const std::function<void(double)>& progress)
{
    CompareResult r;
    r.job = job;
    if (job.rows < 1) ect::fail("compare", "at least one seed");
    const auto models = models_to_sample(job, cancelled, progress);
    if (!models) return r;
    const std::vector<std::shared_ptr<ect::ModelFile>>& run = *models;
    // Progress over every column's network evaluations; cancellation between any two of them.
    int64_t total = 0;
    const int64_t batch = ect::GenerateSettings{}.batch;  // the columns sample in generate's default batches
    for (const auto& c : job.columns) total += int64_t(ect::sampler_info(c.sampler).nfe(c.steps)) * ((job.rows + batch - 1) / batch);
    ect::EvaluationWatch watch([&](int64_t done) {
        if (progress) progress(std::min(1.0, double(done) / double(std::max<int64_t>(total, 1))));
        return !(cancelled && cancelled());
    });
    for (const auto& c : job.columns) {
        if (cancelled && cancelled()) return r;
        const auto& model = run[size_t(c.model)];
        const ect::GenerateSettings s = column_settings(c, *model, job.seed, job.rows, job.class_index);
        CompareColumnResult col;
        col.nfe = s.nfe();
        col.mid = s.mid;
        col.title = QObject::tr("%1 · %2 · NFE %3").arg(model_name(*job.models[size_t(c.model)]), c.name()).arg(col.nfe);
        const torch::Device device = model->net->parameters().front().device();
        ect::PrecisionScope precision(preferred_precision(device), device);  // this worker thread only
        const auto start = std::chrono::steady_clock::now();
        col.samples = ect::generate(model->net, s, cancelled);
        if (!col.samples.defined()) return r;
        col.seconds_per_image =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / double(job.rows);
        r.columns.push_back(std::move(col));
    }
    // Row-major tiles: row = seed, column = (model, sampler).
    std::vector<torch::Tensor> cols;
    for (const auto& c : r.columns) cols.push_back(c.samples);
    const torch::Tensor tiles = torch::stack(cols, 1).flatten(0, 1);
    r.grid = grid_image(tiles, int(r.columns.size()), 1);
    r.cell = int(tiles.size(3));
    return r;
}

FdTableResult CompareWorker::fdTable(const FdTableJob& job, const std::function<bool()>& cancelled,
                                     const std::function<void(double)>& progress)
{
    FdTableResult r;
    r.job = job;
    const CompareJob& cj = job.compare;
    if (cj.columns.empty()) ect::fail("FD table", "no columns to measure");
    if (job.count < 2 || job.count > 1000000) ect::fail("FD table", "takes 2 to 1,000,000 samples per column");
    const auto models = models_to_sample(cj, cancelled, progress);
    if (!models) return r;
    const std::vector<std::shared_ptr<ect::ModelFile>>& run = *models;
    const ect::ModelFile& first = *run[size_t(cj.columns.front().model)];
    const torch::Device device = first.net->parameters().front().device();
    // The reference statistics are taken once, at the first column.
    ect::QualityProbe probe(ect::require_bundled(ect::kBundledClassifier, "FD classifier"), job.reference, first.config, device);
    r.reference = QString("%1 (%2 images)").arg(QString::fromStdString(probe.reference_name())).arg(probe.reference_count());
    int64_t total = 0;
    const int64_t batch = ect::GenerateSettings{}.batch;
    for (const auto& c : cj.columns) total += int64_t(ect::sampler_info(c.sampler).nfe(c.steps)) * ((job.count + batch - 1) / batch);
    ect::EvaluationWatch watch([&](int64_t done) {
        if (progress) progress(std::min(1.0, double(done) / double(std::max<int64_t>(total, 1))));
        return !(cancelled && cancelled());
    });
    try {
        for (const auto& c : cj.columns) {
            if (cancelled && cancelled()) return r;
            const auto& model = run[size_t(c.model)];
            const ect::GenerateSettings s = column_settings(c, *model, cj.seed, job.count, -1);
            ect::PrecisionScope precision(preferred_precision(device), device);
            const auto start = std::chrono::steady_clock::now();
            FdTableRow row;
            row.nfe = s.nfe();
            row.fd = probe.fd(model->net, s);
            row.seconds_per_image =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / double(job.count);
            r.rows.push_back(row);
        }
    } catch (const ect::SamplingCancelled&) {
        // Cancelled between two evaluations: the rows so far (fewer than the columns).
    }
    return r;
}

}  // namespace studio
