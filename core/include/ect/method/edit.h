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

#include "ect/evaluation/classifier.h"
#include "ect/method/generate.h"
#include "ect/network/model_file.h"

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

// An edit as a user asks for it: the task, the levels, the seeds.
struct EditSettings {
    EditTask task = EditTask::Inpaint;
    int factor = 2;              // superres: the block size
    std::vector<double> levels;  // a consistency model's τ₁ > … > τ_N (empty: default_edit_levels)
    int evaluations = 2;         // N when no levels are given
    int heun_steps = 18;         // a diffusion model: Heun steps (NFE 2·steps − 1) from levels[0] or 80
    uint64_t seed = 0;           // result k of every input uses the noise of seed + k, as `ect sample`
    int64_t count = 1;           // results per input
    int batch = 64;              // images per network call

    // Throws Error when the settings cannot run (no evaluations, levels that do not decrease,
    // a count or batch out of range).
    void validate() const;
};

// Levels a consistency model edits with by default, N evaluations: 80 then the model's N-step mid
// levels (ect search-mid's, else 0.821 for 2; EDM's Karras levels for 3 or more); a sketch starts
// lower (kSketchStart), since a start at 80 would forget the strokes.
constexpr double kSketchStart = 2.0;
std::vector<double> default_edit_levels(const ModelFile& model, EditTask task, int evaluations);

struct EditResult {
    torch::Tensor known;    // [N, C, H, W] what the edit kept of each input (float32, CPU)
    torch::Tensor results;  // [N·count, C, H, W] input-major: input i's results at i·count.. (float32, CPU)
    std::vector<double> levels;  // the levels used (consistency), or the Heun levels (diffusion)
    int nfe = 0;                 // network evaluations per result
};

// Edits `images` [N, C, H, W] in [−1, 1] (on any device; computed on the model's) with a
// consistency model (Algorithm 4) or a diffusion model (EDM's Heun sampler with the known part
// replaced at every level by the known image noised to it with the result's starting noise: the
// replacement method). `op` gives the task's mask and factor (its task is settings.task);
// `labels` [N, L] (or undefined) the class of each input for conditional models. Progress and
// cancellation through EvaluationWatch, as sampling.
EditResult edit_images(const ModelFile& model, const EditSettings& settings, const torch::Tensor& images,
                       const torch::Tensor& mask, const torch::Tensor& labels);

// The class a conditional model should edit each input within when the user names none: the one
// `classifier` sees in what the edit keeps of it ([N] int64, each < label_dim). Throws Error when the
// classifier reads other images than `images` or knows more classes than label_dim.
torch::Tensor guess_edit_classes(Classifier& classifier, const EditOperator& op, const torch::Tensor& images, int64_t label_dim);

// The `parameters` text of an edit's image, as `ect edit` and the studio's export write it: Task,
// Levels (consistency) or Sampler and Steps (diffusion), Factor (superres), Seed, Count, NFE, Model,
// Model hash (`model_hash`), Version (`version`: "ect 0.x", "ect-studio 0.x").
ParameterList edit_parameters(const ModelFile& model, const EditSettings& settings, const EditResult& result,
                              const std::string& model_hash, const std::string& version);
// A second model's edit shown beside the first's (a diffusion model through Heun, the same seeds):
// its Model, Model hash, Sampler, Steps and NFE as "Beside model", "Beside model hash", ... after
// the first's pairs.
void add_beside_parameters(ParameterList& pairs, const ModelFile& beside, const EditSettings& settings,
                           const EditResult& result, const std::string& model_hash);

}  // namespace ect
