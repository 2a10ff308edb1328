// The denoiser D(x, σ) = c_skip·x + c_out·F(c_in·x, c_noise) over any network family: EDM and
// consistency preconditioning, and EDM's VP and VE.
#pragma once

#include "ect/device.h"
#include "ect/network/network_config.h"
#include "ect/network/backbone.h"

namespace ect {

enum class Preconditioning {
    Training,     // EDM: training, and the base diffusion model at sampling time (D(x, 0) = x)
    Consistency,  // ECT: the tuned model at sampling time, boundary at σ = sigma_min
};

struct PrecondCoefficients {
    torch::Tensor c_skip, c_out, c_in, c_noise;
};

// The coefficients for σ (shape [N, 1, 1, 1]) of a model with σ_data and, for consistency mode, ε_min.
PrecondCoefficients precond_coefficients(const torch::Tensor& sigma, Preconditioning mode, double sigma_data,
                                         double sigma_min);
// The coefficients of the network's own preconditioning (config.precond): EDM's (as above), VP's or
// VE's. VP and VE have no consistency form: asking for one throws Error.
PrecondCoefficients precond_coefficients(const torch::Tensor& sigma, Preconditioning mode, const NetworkConfig& config);

struct DenoiserImpl : torch::nn::Module {
    explicit DenoiserImpl(const NetworkConfig& config);

    // D(x, σ). x: [N, C, H, W] (any float dtype: computed in float32, returned as float32);
    // sigma: a scalar or [N] (must be > 0); class_labels: [N, label_dim], [label_dim] or undefined
    // (undefined on a conditional model means all-zero labels, as the reference does).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& sigma, const torch::Tensor& class_labels = {},
                          Preconditioning mode = Preconditioning::Training, DropoutMasks* masks = nullptr);

    // F(c_in·x, c_noise): the raw network output, for parity checks.
    torch::Tensor raw(const torch::Tensor& x, const torch::Tensor& sigma, const torch::Tensor& class_labels = {},
                      DropoutMasks* masks = nullptr);

    // EDM2's uncertainty ln u(σ) ([N, 1, 1, 1]) from the network's head at c_noise = ln(σ)/4;
    // undefined when the network has none.
    torch::Tensor logvar(const torch::Tensor& sigma);

    const NetworkConfig& config() const { return config_; }

    // Module::to, after which the 4-D weights take the layout that the process's layout mode
    // (layout_mode()) gives `device`: every move of a network onto a device picks its layout.
    using torch::nn::Module::to;
    void to(torch::Device device, torch::Dtype dtype, bool non_blocking = false) override;
    void to(torch::Device device, bool non_blocking = false) override;
    // Puts every 4-D parameter and buffer (the first stage's too) in `format` (Contiguous: NCHW,
    // ChannelsLast: NHWC), values unchanged, and makes forward() feed the network in it (inputs
    // and outputs stay as the caller gave them). Before flatten_parameters: it gives the
    // parameters new storage.
    void set_memory_format(torch::MemoryFormat format);
    bool channels_last() const { return channels_last_; }

    // The network family's network (registered as "model", the name in EDM's state dicts).
    std::shared_ptr<BackboneImpl> model;
    // A two-stage (TCM) denoiser's frozen first stage, used below config().transition_t (null
    // for one stage). forward() picks per sample: this network at σ ≥ t′, the first stage below.
    std::shared_ptr<DenoiserImpl> first_stage;
    // The samplers' captured CUDA graphs, one per batch shape and sampler setting, kept while
    // this network lives (see generate_from_latents).
    GraphCache sampling_graphs;

private:
    NetworkConfig config_;
    bool channels_last_ = false;
    torch::Tensor to_network_layout(const torch::Tensor& x) const;
    torch::Tensor forward_own(const torch::Tensor& x, const torch::Tensor& sigma, const torch::Tensor& class_labels,
                              Preconditioning mode, DropoutMasks* masks);
    torch::Tensor prepare_labels(const torch::Tensor& class_labels, int64_t batch, const torch::Device& device) const;
};
TORCH_MODULE(Denoiser);

}  // namespace ect
