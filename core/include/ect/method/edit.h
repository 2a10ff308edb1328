// Zero-shot editing with a consistency model (Song et al. 2023, "Consistency Models", Algorithm 4;
// openai/consistency_models cm/karras_diffusion.py iterative_inpainting, iterative_colorization and
// iterative_superres are the reference): the consistency function alternates with a projection
// onto what the user fixed, in one to a few network evaluations and without training.
//
// Each task is an orthogonal transform A of the image and a mask Ω of A's coordinates that are
// known; replace(y, x) = A⁻¹[(A y)·Ω + (A x)·(1 − Ω)] takes the known coordinates from y and the
// rest from x. With A orthogonal that is a projection, computed here directly (the official code
// builds A by a QR decomposition; the projection does not depend on the basis it picks):
//   inpaint   A = identity, Ω the user's mask of known pixels;
//   superres  A = an orthogonal basis of each factor×factor block whose first vector is uniform,
//             Ω its first coordinate: the block means are known;
//   colorize  A = an orthogonal colour transform whose first axis is luminance (0.2989, 0.5870,
//             0.1140), Ω that axis: the grey image is known (RGB models only);
//   sketch    nothing is known: SDEdit, the user's image (strokes) noised to the first level and
//             denoised; the levels say how far from it the result may go.
#pragma once

#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

namespace ect {

enum class EditTask { Inpaint, SuperRes, Colorize, Sketch };

struct EditTaskInfo {
    EditTask task;
    const char* name;   // "inpaint": the CLI's --task and the studio's settings
    const char* about;  // a line for help texts
    bool needs_mask;    // the user paints what is known (inpaint)
    bool needs_rgb;     // three-channel models only (colorize)
};

// The table of tasks, in the order help texts and menus list them.
const std::vector<EditTaskInfo>& edit_tasks();
const EditTaskInfo& edit_task_info(EditTask task);
// Throws Error naming `source` and the known names.
EditTask parse_edit_task(const std::string& name, const std::string& source = "task");

// A task's operator on images [N, C, H, W] in [−1, 1].
struct EditOperator {
    EditTask task = EditTask::Inpaint;
    torch::Tensor mask;  // inpaint: 1 where the pixel is known, 0 elsewhere; [N or 1, 1 or C, H, W]
    int factor = 2;      // superres: the block size (the known image is H/factor × W/factor)

    // Throws Error when the operator does not fit the images (no mask, a mask of another size,
    // a factor that does not divide the size, colour on a grey model).
    void validate(const torch::Tensor& images) const;
    // What the edit keeps of `images`, the rest as the official code shows it: inpaint −1 (black)
    // outside the mask, superres the block means, colorize the grey image, sketch the image.
    torch::Tensor known(const torch::Tensor& images) const;
    // The known part from `known`, the rest from `x` (see above).
    torch::Tensor replace(const torch::Tensor& known, const torch::Tensor& x) const;
};

// The consistency function f(x, level) of a model, [N, C, H, W] → [N, C, H, W].
using ConsistencyFunction = std::function<torch::Tensor(const torch::Tensor& x, double level)>;

// Algorithm 4 from `x` (the known image noised to levels[0], or any start): for each level τ_n,
// x₀ = clamp(f(x, τ_n), −1, 1), x₀ = replace(known, x₀), then x = x₀ + z_n·√(τ_{n+1}² − t_min²)
// (τ_{N+1} = t_min: the last needs no noise), levels clipped to [t_min, t_max] as the reference.
// `noise` holds z_1..z_{N−1} (at least levels.size() − 1 tensors like x). One evaluation per level.
torch::Tensor edit_iterate(const ConsistencyFunction& f, const EditOperator& op, const torch::Tensor& known,
                           torch::Tensor x, const std::vector<double>& levels, const std::vector<torch::Tensor>& noise,
                           double t_min = 0.002, double t_max = 80);

}  // namespace ect
