// The editing operators and loop of edit.h.
#include "ect/method/edit.h"

#include "ect/error.h"
#include "ect/method/generate.h"
#include "ect/method/noise.h"
#include "ect/method/samplers.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace ect {

namespace {

const std::vector<EditTaskInfo> kTasks{
    {EditTask::Inpaint, "inpaint", "fill the unmasked pixels around the ones the mask keeps", true},
    {EditTask::SuperRes, "superres", "a sharp image whose block means are the input's (2x, 4x ...)", false},
    {EditTask::Colorize, "colorize", "colours for a grey image (RGB models)", false},
    {EditTask::Sketch, "sketch", "an image near rough strokes: SDEdit from the first level", false},
};

// Each factor×factor block replaced by its mean.
torch::Tensor block_means(const torch::Tensor& x, int factor)
{
    const int64_t h = x.size(2), w = x.size(3);
    const torch::Tensor means = torch::avg_pool2d(x, {factor, factor}, {factor, factor});
    return means.repeat_interleave(factor, 2).repeat_interleave(factor, 3).reshape({x.size(0), x.size(1), h, w});
}

// The luminance axis of colorize's transform (the first column of the reference's Q), unit length.
torch::Tensor luminance_axis(const torch::TensorOptions& options)
{
    const double r = 0.2989, g = 0.5870, b = 0.1140, n = std::sqrt(r * r + g * g + b * b);
    return torch::tensor({r / n, g / n, b / n}, options.dtype(torch::kFloat64)).to(options.dtype()).reshape({1, 3, 1, 1});
}

// The projection of x onto the luminance axis, per pixel.
torch::Tensor grey_part(const torch::Tensor& x)
{
    const torch::Tensor v = luminance_axis(x.options());
    return v * (x * v).sum(1, true);
}

}  // namespace

const std::vector<EditTaskInfo>& edit_tasks()
{
    return kTasks;
}

const EditTaskInfo& edit_task_info(EditTask task)
{
    for (const auto& t : kTasks)
        if (t.task == task) return t;
    throw std::logic_error("an edit task without a row");
}

EditTask parse_edit_task(const std::string& name, const std::string& source)
{
    std::string names;
    for (const auto& t : kTasks) {
        if (name == t.name) return t.task;
        names += (names.empty() ? "" : ", ") + std::string(t.name);
    }
    fail(source, "unknown task '" + name + "' (use " + names + ")");
}

void EditOperator::validate(const torch::Tensor& images) const
{
    if (images.dim() != 4) fail("edit", "images must be [N, C, H, W]");
    const int64_t c = images.size(1), h = images.size(2), w = images.size(3);
    switch (task) {
    case EditTask::Inpaint:
        if (!mask.defined()) fail("inpaint", "needs a mask of the pixels to keep");
        if (mask.dim() != 4 || mask.size(2) != h || mask.size(3) != w || (mask.size(1) != 1 && mask.size(1) != c) ||
            (mask.size(0) != 1 && mask.size(0) != images.size(0)))
            fail("inpaint", "the mask is " + c10::str(mask.sizes()) + ", the images " + c10::str(images.sizes()) +
                                ": it must be their size (one channel or theirs)");
        break;
    case EditTask::SuperRes:
        if (factor < 2 || h % factor != 0 || w % factor != 0)
            fail("superres", "a factor of " + std::to_string(factor) + " needs images whose size it divides (these are " +
                                 std::to_string(h) + "x" + std::to_string(w) + ")");
        break;
    case EditTask::Colorize:
        if (c != 3) fail("colorize", "needs an RGB model (this one makes " + std::to_string(c) + "-channel images)");
        break;
    case EditTask::Sketch: break;
    }
}

torch::Tensor EditOperator::known(const torch::Tensor& images) const
{
    validate(images);
    switch (task) {
    case EditTask::Inpaint: return replace(images, -torch::ones_like(images));
    case EditTask::SuperRes: return block_means(images, factor);
    case EditTask::Colorize: return grey_part(images);
    case EditTask::Sketch: return images;
    }
    throw std::logic_error("an edit task without an operator");
}

torch::Tensor EditOperator::replace(const torch::Tensor& known, const torch::Tensor& x) const
{
    switch (task) {
    case EditTask::Inpaint: {
        const torch::Tensor m = mask.to(x.device(), x.scalar_type());
        return known * m + x * (1 - m);
    }
    case EditTask::SuperRes: return block_means(known, factor) + (x - block_means(x, factor));
    case EditTask::Colorize: return grey_part(known) + (x - grey_part(x));
    case EditTask::Sketch: return x;
    }
    throw std::logic_error("an edit task without an operator");
}

torch::Tensor edit_iterate(const ConsistencyFunction& f, const EditOperator& op, const torch::Tensor& known,
                           torch::Tensor x, const std::vector<double>& levels, const std::vector<torch::Tensor>& noise,
                           double t_min, double t_max)
{
    if (levels.empty()) fail("edit", "at least one level");
    if (noise.size() + 1 < levels.size()) fail("edit", "one noise tensor per level after the first");
    for (size_t n = 0; n < levels.size(); ++n) {
        if (!std::isfinite(levels[n]) || levels[n] <= 0) fail("edit", "levels must be positive");
        if (n > 0 && levels[n] >= levels[n - 1]) fail("edit", "levels must decrease");
    }
    op.validate(known);
    for (size_t n = 0; n < levels.size(); ++n) {
        const double level = std::clamp(levels[n], t_min, t_max);
        torch::Tensor x0 = f(x, level).clamp(-1, 1);
        x0 = op.replace(known, x0);
        if (n + 1 == levels.size()) return x0;  // τ_{N+1} = t_min: no noise left to add
        const double next = std::clamp(levels[n + 1], t_min, t_max);
        x = x0 + noise[n].to(x0.device(), x0.scalar_type()) * std::sqrt(next * next - t_min * t_min);
    }
    return x;
}

void EditSettings::validate() const
{
    if (levels.empty() && (evaluations < 1 || evaluations > 64)) fail("edit", "1 to 64 evaluations");
    for (size_t n = 0; n < levels.size(); ++n) {
        if (!std::isfinite(levels[n]) || levels[n] <= 0 || levels[n] > kSigmaMax)
            fail("edit", "levels must lie in (0, 80]");
        if (n > 0 && levels[n] >= levels[n - 1]) fail("edit", "levels must decrease");
    }
    if (levels.size() > 64) fail("edit", "at most 64 levels");
    if (heun_steps < 2 || heun_steps > 1000) fail("edit", "2 to 1000 Heun steps");
    if (count < 1 || count > 100000) fail("edit", "1 to 100,000 results per input");
    if (batch < 1 || batch > 100000) fail("edit", "a batch of 1 to 100,000 images");
    if (factor < 2 || factor > 64) fail("edit", "a super-resolution factor of 2 to 64");
}

std::vector<double> default_edit_levels(const ModelFile& model, EditTask task, int evaluations)
{
    if (evaluations < 1 || evaluations > 64) fail("edit", "1 to 64 evaluations");
    const double start = task == EditTask::Sketch ? kSketchStart : kSigmaMax;
    std::vector<double> mid = task == EditTask::Sketch ? std::vector<double>{} : default_mid(model, evaluations);
    if (int(mid.size()) != evaluations - 1 || (!mid.empty() && mid.front() >= start)) {
        // EDM's Karras levels from the start down, N of them (the last above σ_min).
        const torch::Tensor t = edm_sigma_levels(evaluations + 1, kHeunSigmaMin, start);
        mid.clear();
        for (int i = 1; i < evaluations; ++i) mid.push_back(t[i].item<double>());
    }
    std::vector<double> levels{start};
    levels.insert(levels.end(), mid.begin(), mid.end());
    return levels;
}

EditResult edit_images(const ModelFile& model, const EditSettings& settings, const torch::Tensor& images,
                       const torch::Tensor& mask, const torch::Tensor& labels)
{
    settings.validate();
    const NetworkConfig& cfg = model.config;
    if (images.dim() != 4 || images.size(1) != cfg.img_channels || images.size(2) != cfg.img_resolution ||
        images.size(3) != cfg.img_resolution)
        fail("edit", "the images are " + c10::str(images.sizes()) + ", the model makes " +
                         std::to_string(cfg.img_resolution) + "x" + std::to_string(cfg.img_resolution) + "x" +
                         std::to_string(cfg.img_channels) + " images");
    if (images.size(0) < 1 || images.size(0) > 10000) fail("edit", "1 to 10,000 input images");
    if (labels.defined() && (labels.dim() != 2 || labels.size(0) != images.size(0) || labels.size(1) != cfg.label_dim))
        fail("edit", "one label row of " + std::to_string(cfg.label_dim) + " classes per input image");
    const bool consistency = !model.is_diffusion();
    Denoiser net = model.net;  // the same network, through a handle that may run it
    const torch::Device device = net->parameters().front().device();
    EditOperator op;
    op.task = settings.task;
    op.factor = settings.factor;
    if (mask.defined()) op.mask = mask.to(device, torch::kFloat32);
    const torch::Tensor input = images.to(device, torch::kFloat32);
    const torch::Tensor known = op.known(input);  // validates the operator against the images

    EditResult out;
    out.known = known.cpu();
    std::vector<double> levels = settings.levels;
    if (consistency && levels.empty()) levels = default_edit_levels(model, settings.task, settings.evaluations);
    torch::Tensor t_steps;
    if (consistency) {
        out.levels = levels;
        out.nfe = int(levels.size());
    } else {
        const double start = !levels.empty() ? levels.front() : settings.task == EditTask::Sketch ? kSketchStart : kSigmaMax;
        t_steps = edm_sigma_levels(settings.heun_steps, kHeunSigmaMin, start);
        out.levels.assign(t_steps.data_ptr<double>(), t_steps.data_ptr<double>() + t_steps.numel());
        out.nfe = edm_nfe(settings.heun_steps, EdmSolver::Heun);
    }

    const int64_t n = images.size(0), count = settings.count, total = n * count;
    const int renoise = consistency ? int(levels.size()) - 1 : 0;
    // Result k of each input: the noise of image seed + k, the same latent `ect sample` draws.
    const SampleNoise noise = seeded_noise(settings.seed, 0, count, cfg.img_channels, cfg.img_resolution, renoise, device);
    std::vector<torch::Tensor> results;
    torch::NoGradGuard no_grad;
    net->eval();
    for (int64_t first = 0; first < total; first += settings.batch) {
        const int64_t m = std::min<int64_t>(settings.batch, total - first);
        // Rows first..first+m−1 of the input-major layout: input r / count, result r % count.
        const torch::Tensor rows = torch::arange(first, first + m, torch::TensorOptions().dtype(torch::kLong).device(device));
        const torch::Tensor which = rows.div(count, "floor"), seed_of = rows.remainder(count);
        const torch::Tensor y = known.index_select(0, which), image = input.index_select(0, which);
        const torch::Tensor z = noise.latents.index_select(0, seed_of);
        const torch::Tensor row_labels = labels.defined() ? labels.to(device, torch::kFloat32).index_select(0, which) : labels;
        EditOperator batch_op = op;
        if (op.mask.defined() && op.mask.size(0) > 1) batch_op.mask = op.mask.index_select(0, which);
        const torch::Tensor from = settings.task == EditTask::Sketch ? image : y;
        if (consistency) {
            std::vector<torch::Tensor> z_n;
            for (const auto& r : noise.renoise) z_n.push_back(r.index_select(0, seed_of));
            const ConsistencyFunction f = [&](const torch::Tensor& x, double level) {
                torch::Tensor d = net->forward(x, torch::full({1}, level, x.options()), row_labels,
                                               Preconditioning::Consistency);
                EvaluationWatch::note();
                return d;
            };
            results.push_back(edit_iterate(f, batch_op, y, from + levels.front() * z, levels, z_n).cpu());
        } else {
            // The known part from the start follows the replacement; a sketch starts from its image.
            const double t0 = t_steps[0].item<double>();
            const torch::Tensor start = batch_op.replace(y + t0 * z, from + t0 * z);
            // EDM's Heun steps, the known part replaced after each by the known image noised to
            // the step's level with the start's noise z (at 0: the known image).
            const auto t = t_steps.accessor<double, 1>();
            torch::Tensor x = start;
            for (int64_t i = 0; i + 1 < t_steps.size(0); ++i)
                x = batch_op.replace(y + t[i + 1] * z, edm_step(net, x, row_labels, t[i], t[i + 1], EdmSolver::Heun));
            results.push_back(x.clamp(-1, 1).to(torch::kFloat32).cpu());
        }
    }
    out.results = torch::cat(results, 0);
    return out;
}

torch::Tensor guess_edit_classes(Classifier& classifier, const EditOperator& op, const torch::Tensor& images, int64_t label_dim)
{
    const ClassifierConfig& c = classifier->config();
    if (c.resolution != images.size(3) || c.channels != images.size(1) || c.classes > label_dim)
        throw Error("the classifier reads " + std::to_string(c.channels) + "×" + std::to_string(c.resolution) + "² images of " +
                    std::to_string(c.classes) + " classes, not these (name the class)");
    torch::NoGradGuard no_grad;
    classifier->eval();
    const torch::Device device = classifier->parameters().front().device();
    return classifier->forward(op.known(images).to(device)).argmax(1).to(torch::kCPU);
}

ParameterList edit_parameters(const ModelFile& model, const EditSettings& s, const EditResult& r,
                              const std::string& model_hash, const std::string& version)
{
    ParameterList p{{"Task", edit_task_info(s.task).name}};
    if (model.is_diffusion()) {
        p.emplace_back("Sampler", "EDM Heun");
        p.emplace_back("Steps", std::to_string(s.heun_steps));
    } else {
        p.emplace_back("Levels", format_levels(r.levels));
    }
    if (s.task == EditTask::SuperRes) p.emplace_back("Factor", std::to_string(s.factor));
    p.emplace_back("Seed", std::to_string(s.seed));
    p.emplace_back("Count", std::to_string(s.count));
    p.emplace_back("NFE", std::to_string(r.nfe));
    p.emplace_back("Model", std::filesystem::path(model.path).stem().string());
    p.emplace_back("Model hash", model_hash);
    p.emplace_back("Version", version);
    return p;
}

void add_beside_parameters(ParameterList& pairs, const ModelFile& beside, const EditSettings& settings,
                           const EditResult& result, const std::string& model_hash)
{
    for (const auto& [key, value] : edit_parameters(beside, settings, result, model_hash, ""))
        if (key == "Model" || key == "Model hash" || key == "Sampler" || key == "Steps" || key == "NFE")
            pairs.emplace_back("Beside " + (key == "NFE" ? key : char(std::tolower(static_cast<unsigned char>(key[0]))) + key.substr(1)), value);
}

}  // namespace ect
