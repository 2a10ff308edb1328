// What every network family is to the rest of the engine: F(c_in·x, c_noise, labels), its FLOPs,
// and the shared pieces they are built from (dropout masks shared by ECT's two passes, meta-device
// construction, EDM's weight initialisation).
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <vector>

namespace ect {

// Dropout masks drawn once and handed to every forward pass that gets this object. ECT's target
// pass must see the student's masks (ECT-SPEC, loss step 4): both passes read the same slots, so
// the masks are identical by construction on any device, with no RNG replay.
class DropoutMasks {
public:
    // Masks are drawn from `generator` (a generator of the tensors' device), or from the
    // device's default generator when none is given.
    explicit DropoutMasks(c10::optional<at::Generator> generator = c10::nullopt) : generator_(std::move(generator)) {}
    // Inverted dropout of `h` with the mask of `slot` (keep with probability 1 − p, kept values
    // scaled by 1/(1 − p)), the mask drawn at the first request and reused by later ones. Masks are
    // held as booleans (a quarter of float masks' memory), and backward() keeps only them.
    torch::Tensor apply(size_t slot, const torch::Tensor& h, double p);
    // The passes see rows [offset, offset + n) of a batch of `total`: each mask is drawn for the
    // whole batch (at its first request) and each pass takes its rows. A training step's masks
    // then do not depend on how its batch is split into passes or over ranks. total 0: the
    // batch is the tensors' own (the default).
    void use_rows(int64_t total, int64_t offset);
    void clear()
    {
        masks_.clear();
        scales_.clear();
        probabilities_.clear();
        order_.clear();
    }
    size_t drawn() const;
    // Draws every mask drawn so far again, in place and in the order they were first drawn (the
    // generator's numbers go to the same masks as on a first request): a captured training step
    // reads masks redrawn before each replay at the addresses it was captured with.
    void redraw();

private:
    c10::optional<at::Generator> generator_;
    std::vector<size_t> order_;  // slots in the order of their first draw
    int64_t total_ = 0, offset_ = 0;
    std::vector<torch::Tensor> masks_;  // bool, true = kept; for the whole batch
    std::vector<torch::Tensor> scales_;  // 1/(1 − p) as a 0-dim tensor of the activations' dtype
    std::vector<double> probabilities_;  // p of each slot
};

// Dropout of `h` in a block that owns dropout slot `slot`: the shared masks when given, else
// torch's own dropout; nothing outside training mode or at p = 0.
torch::Tensor block_dropout(const torch::Tensor& h, double p, bool training, DropoutMasks* masks, size_t slot);

// While one is alive on a thread, the networks built there put their parameters on the meta
// device: every tensor has its shape and no memory. Used to compare a file's tensors with the
// network its metadata describes before anything that size is allocated.
class MetaConstruction {
public:
    MetaConstruction();
    ~MetaConstruction();
    MetaConstruction(const MetaConstruction&) = delete;
    MetaConstruction& operator=(const MetaConstruction&) = delete;

private:
    bool previous_;
};

// Where a constructor puts a new parameter: the CPU, or the meta device under MetaConstruction.
torch::TensorOptions parameter_options();

// EDM's weight_init (training/networks.py): the distribution of an initial weight or bias,
// scaled by `weight` or `bias` (a scale of 0 draws nothing and gives zeros).
struct WeightInit {
    enum class Mode { XavierUniform, XavierNormal, KaimingUniform, KaimingNormal };
    Mode mode = Mode::KaimingNormal;
    double weight = 1, bias = 0;
    torch::Tensor draw(at::IntArrayRef shape, int64_t fan_in, int64_t fan_out, double scale) const;
};

// A network family's network: the F of D(x, σ) = c_skip·x + c_out·F(c_in·x, c_noise).
struct BackboneImpl : torch::nn::Module {
    // x [N, C, H, W] (already scaled by c_in), noise_labels [N], class_labels [N or 1, label_dim] or
    // undefined for an unconditional network. With `masks`, dropout (in training mode) uses them.
    virtual torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& noise_labels,
                                  const torch::Tensor& class_labels, DropoutMasks* masks) = 0;
    // Floating-point operations of one forward pass for one image, counted from the layer
    // shapes: 2 per multiply-add of every convolution, linear layer and attention product
    // (normalisations, activations and resampling filters are not counted, as in MFU figures).
    virtual int64_t flops_per_image() const = 0;
    // EDM2's uncertainty head: ln u(σ) for the noise labels, [N, 1, 1, 1]; undefined for a network
    // without one.
    virtual torch::Tensor logvar(const torch::Tensor& noise_labels)
    {
        (void)noise_labels;
        return {};
    }
    virtual bool has_logvar() const { return false; }
    // EDM2's forced weight normalisation in training mode (each weight renormalised in place as
    // it is used); ECT's target pass turns it off. Networks without it ignore the call.
    virtual void set_forced_weight_normalisation(bool on) { (void)on; }
};

int64_t count_parameters(const torch::nn::Module& module);

}  // namespace ect
