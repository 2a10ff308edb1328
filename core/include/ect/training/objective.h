// Training objectives, one row each of the table in objectives.cpp: EDM pretraining, ECT tuning,
// CMT mid-training, TCM's two stages. An objective owns its options (and so their JSON keys, command-line flags and
// the studio's form, all generated from the option descriptions), its random draws and loss, its
// stage schedule, the kind of model it produces, the networks it trains with besides the trained
// one (CMT's frozen teacher), its network passes per image (`ect bench`) and the samplers that
// show and measure it. The trainer calls it and knows no objective by name.
#pragma once

#include "ect/method/generate.h"
#include "ect/method/precond.h"
#include "ect/training/recipe.h"

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ect {

// One option of an objective: a number (bounded, possibly whole) or a choice among names.
struct ObjectiveOption {
    std::string key;    // config.json (and a model's ect.recipe) key
    std::string flag;   // command-line flag without "--"
    std::string label;  // the studio form's label
    std::string help;   // the flag's help and the form's tool tip
    std::vector<std::string> choices;  // a choice; empty: a number
    double min = 0, max = 0;           // a number's bounds, inclusive
    bool whole = false;                // a number that must be whole
    bool advanced = false;             // rarely changed: the studio shows it on request
    // A number whose 0 stands for a default chosen elsewhere: what 0 means, in words ("the default,
    // 0.821"). The studio shows 0 as an empty field with these words in it; empty reads as 0.
    std::string zero_means;
    std::function<std::string(const TrainConfig&)> get;         // the value as text
    std::function<void(TrainConfig&, const std::string&)> set;  // a value set_option checked

    bool is_choice() const { return !choices.empty(); }
};

// The option's value as text ("0.5", "sigmoid"), numbers with full precision.
std::string option_value(const TrainConfig& config, const ObjectiveOption& option);
// Sets the option from text after checking it (a number within the bounds, or one of the
// choices); throws Error naming `source` (a flag, a file) otherwise.
void set_option(TrainConfig& config, const ObjectiveOption& option, const std::string& text, const std::string& source);
// Checks the option's current value against its bounds; throws Error("recipe", ...).
void check_option(const TrainConfig& config, const ObjectiveOption& option);

// What one forward pass of a step adds to the step's loss.
struct PassLoss {
    torch::Tensor sum;         // scalar with gradients: the pass's share; the step minimises Σ sum / batch
    torch::Tensor per_sample;  // detached terms whose Σ / batch is the step's reported loss
    torch::Tensor level;       // the noise level of each term (the log's loss bands)
};

// An objective during a run: the networks it holds besides the trained one and its draws.
class ObjectiveRun {
public:
    virtual ~ObjectiveRun() = default;
    // The step's random draws for its whole batch, from `gen` in a fixed order, each with the
    // batch along dimension 0 (or a fraction of it, see rows_per_image): every rank draws them
    // all and each pass takes its rows, so a step is the same however its batch is split.
    virtual std::vector<torch::Tensor> draw(at::Generator& gen, int64_t batch, const NetworkConfig& net,
                                            const torch::TensorOptions& options) = 0;
    // Rows of draw()'s tensors per image of the batch, as a divisor: 1 (a row per image) or,
    // for CMT, its teacher steps (a trajectory per that many images).
    virtual int64_t images_per_draw_row() const { return 1; }
    // The loss of one pass: images y [n, C, H, W] and labels (or undefined) of batch rows
    // [first, first + n), `draws` the matching rows of draw()'s tensors.
    virtual PassLoss loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels,
                          const std::vector<torch::Tensor>& draws, int stage, DropoutMasks* masks) = 0;
    // The model its grids, FD and model files show for the trained network's EMA weights `ema`:
    // `ema` itself, or (TCM's second stage) a two-stage model holding them and the first stage.
    virtual Denoiser sampling_model(Denoiser& ema) { return ema; }
    // True when loss() is device work only, the same for every step of one stage (no value read
    // back to the host, no draw of its own): its training step may be captured as a CUDA graph.
    virtual bool capturable() const { return false; }
};

class Objective {
public:
    virtual ~Objective() = default;
    virtual std::string name() const = 0;   // "edm", "ect", "cmt": config.json's "objective"
    virtual std::string title() const = 0;  // "ECT tuning"
    virtual std::string about() const = 0;  // a sentence for help texts and tool tips
    // The ect.kind of the models it makes: "diffusion" or "consistency".
    virtual std::string produces() const = 0;
    // Whether it starts from a base model (the presets' tuning column) or a new network (their
    // pretraining column; a base model then optionally continues one).
    virtual bool from_base() const = 0;
    // Whether the run needs the base model after its start (a teacher): read again on resume
    // and checked against the SHA-256 the run started with.
    virtual bool keeps_base() const { return false; }
    virtual std::vector<ObjectiveOption> options() const = 0;
    // The preset values that are its own (after the preset's column is applied).
    virtual void adjust_preset(TrainConfig&) const {}
    // The trained network's description for a new run from a base model (its preconditioning):
    // a consistency model of the EDM2 family keeps EDM's form with σ_min = 0, as ECT's ImageNet
    // code tunes it (SongUNet keeps ECMPrecond's σ_min).
    virtual void adjust_network(NetworkConfig& n) const
    {
        if (produces() == "consistency" && n.arch == "edm2") n.sigma_min = 0;
    }
    // Checks beyond the options' bounds (e.g. a batch that splits into trajectories).
    virtual void validate(const TrainConfig&) const {}
    // The stage at `images` images seen (ECT's schedule; 0 for objectives without stages).
    virtual int stage(const TrainConfig&, int64_t) const { return 0; }
    // Network passes per image of a step (a forward pass 1, a backward 2), for `ect bench`.
    virtual double passes_per_image(const TrainConfig& config) const = 0;
    // The sampler of the run's grids, and the named samplers its FD is measured with.
    virtual GenerateSettings grid_sampler(const TrainConfig& config) const = 0;
    virtual std::vector<std::pair<std::string, GenerateSettings>> eval_samplers(const TrainConfig& config) const = 0;
    // Whether FD is measured at step 0 (the base model as what the objective makes).
    virtual bool eval_at_start() const { return from_base(); }
    // Metadata of its model files besides the recipe (ECT: the 2-step mid level).
    virtual std::map<std::string, std::string> model_metadata(const TrainConfig&) const { return {}; }
    // Its state for a run: `base` is the base model (on `device`; null when there is none).
    virtual std::unique_ptr<ObjectiveRun> begin(const TrainConfig& config, Denoiser* base, torch::Device device) const = 0;
};

// Every objective, in the table's order.
const std::vector<const Objective*>& objectives();
std::vector<std::string> objective_names();
// The objective named `name`; throws Error naming `source` and the known ones.
const Objective& find_objective(const std::string& name, const std::string& source = "objective");
// Every option of every objective, each key once (config.json reads any of them).
std::vector<ObjectiveOption> all_objective_options();

}  // namespace ect
