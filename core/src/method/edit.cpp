// The editing operators and loop of edit.h.
#include "ect/method/edit.h"

#include "ect/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace ect {

namespace {

const std::vector<EditTaskInfo> kTasks{
    {EditTask::Inpaint, "inpaint", "fill the unmasked pixels around the ones the mask keeps", true, false},
    {EditTask::SuperRes, "superres", "a sharp image whose block means are the input's (2x, 4x ...)", false, false},
    {EditTask::Colorize, "colorize", "colours for a grey image (RGB models)", false, true},
    {EditTask::Sketch, "sketch", "an image near rough strokes: SDEdit from the first level", false, false},
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
        if (!mask.defined()) fail("edit", "inpainting needs a mask of the pixels to keep");
        if (mask.dim() != 4 || mask.size(2) != h || mask.size(3) != w || (mask.size(1) != 1 && mask.size(1) != c) ||
            (mask.size(0) != 1 && mask.size(0) != images.size(0)))
            fail("edit", "the mask is " + c10::str(mask.sizes()) + ", the images " + c10::str(images.sizes()) +
                             ": it must be their size (one channel or theirs)");
        break;
    case EditTask::SuperRes:
        if (factor < 2 || h % factor != 0 || w % factor != 0)
            fail("edit", "super-resolution by " + std::to_string(factor) + " needs images whose size it divides (" +
                             std::to_string(h) + "x" + std::to_string(w) + ")");
        break;
    case EditTask::Colorize:
        if (c != 3) fail("edit", "colorization needs an RGB model (this one makes " + std::to_string(c) + "-channel images)");
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

}  // namespace ect
