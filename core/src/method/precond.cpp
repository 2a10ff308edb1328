// EDM / ECT preconditioning (EDMPrecond, ECMPrecond), and EDM's VPPrecond and VEPrecond, around the
// network of any family.
#include "ect/method/precond.h"

#include "ect/error.h"
#include "ect/network/families.h"

#include <torch/torch.h>

namespace ect {

PrecondCoefficients precond_coefficients(const torch::Tensor& sigma, Preconditioning mode, double sd, double sigma_min)
{
    PrecondCoefficients c;
    const torch::Tensor s2 = sigma * sigma;
    const torch::Tensor norm = (s2 + sd * sd).sqrt();  // √(σ² + σ_data²)
    if (mode == Preconditioning::Training) {
        c.c_skip = (sd * sd) / (s2 + sd * sd);  // σ_d² / (σ² + σ_d²)
        c.c_out = sigma * sd / norm;             // σ·σ_d / √(σ² + σ_d²)
    } else {
        const torch::Tensor shifted = sigma - sigma_min;
        c.c_skip = (sd * sd) / (shifted * shifted + sd * sd);  // σ_d² / ((σ − ε)² + σ_d²)
        c.c_out = shifted * sd / norm;  // (σ − ε)·σ_d / √(σ² + σ_d²): un-shifted root, as upstream
    }
    c.c_in = 1 / norm;               // 1 / √(σ² + σ_d²)
    c.c_noise = sigma.log() / 4;     // ln(σ) / 4
    return c;
}

namespace {

// VP's σ⁻¹(σ) = (√(β_min² + 2·β_d·ln(1 + σ²)) − β_min) / β_d: the continuous time of σ.
torch::Tensor vp_time(const torch::Tensor& sigma, const NetworkConfig& c)
{
    return ((c.vp_beta_min * c.vp_beta_min + 2 * c.vp_beta_d * (1 + sigma * sigma).log()).sqrt() - c.vp_beta_min) /
           c.vp_beta_d;
}

}  // namespace

PrecondCoefficients precond_coefficients(const torch::Tensor& sigma, Preconditioning mode, const NetworkConfig& config)
{
    if (config.precond == "edm") return precond_coefficients(sigma, mode, config.sigma_data, config.sigma_min);
    if (mode == Preconditioning::Consistency)
        fail("denoiser", "a network with " + config.precond + " preconditioning has no consistency form");
    PrecondCoefficients c;
    const torch::Tensor one = torch::ones_like(sigma);
    c.c_skip = one;
    if (config.precond == "vp") {
        c.c_out = -sigma;                            // −σ
        c.c_in = 1 / (sigma * sigma + 1).sqrt();     // 1 / √(σ² + 1)
        c.c_noise = (config.vp_M - 1) * vp_time(sigma, config);  // (M − 1)·σ⁻¹(σ)
    } else if (config.precond == "ve") {
        c.c_out = sigma;                   // σ
        c.c_in = one;                      // 1
        c.c_noise = (0.5 * sigma).log();   // ln(σ/2)
    } else {
        fail("denoiser", "unknown preconditioning '" + config.precond + "'");
    }
    return c;
}

DenoiserImpl::DenoiserImpl(const NetworkConfig& config) : config_(config)
{
    config_.validate();
    model = register_module("model", network_family(config_.arch).build(config_));
    if (config_.transition_t > 0) {
        NetworkConfig first = config_;
        first.transition_t = 0;
        first_stage = register_module("first_stage", std::make_shared<DenoiserImpl>(first));
    }
}

torch::Tensor DenoiserImpl::prepare_labels(const torch::Tensor& labels, int64_t batch, const torch::Device& device) const
{
    const int label_dim = config().label_dim;
    if (label_dim == 0) return {};
    if (!labels.defined()) return torch::zeros({1, label_dim}, torch::TensorOptions().device(device));
    if (labels.numel() % label_dim != 0)
        fail("class labels", "expected " + std::to_string(label_dim) + " values per sample, got a tensor of " +
                                 std::to_string(labels.numel()) + " values");
    torch::Tensor l = labels.to(device, torch::kFloat32).reshape({-1, label_dim});
    if (l.size(0) != 1 && l.size(0) != batch)
        fail("class labels", std::to_string(l.size(0)) + " label rows for a batch of " + std::to_string(batch));
    return l;
}

namespace {

torch::Tensor sigma_column(const torch::Tensor& sigma, const torch::Tensor& x)
{
    torch::Tensor s = sigma.to(x.device(), torch::kFloat32).reshape({-1, 1, 1, 1});
    if (s.size(0) == 1) s = s.expand({x.size(0), 1, 1, 1});
    if (s.size(0) != x.size(0))
        fail("denoiser", std::to_string(s.size(0)) + " noise levels for a batch of " + std::to_string(x.size(0)));
    return s;
}

void check_input(const torch::Tensor& x, const NetworkConfig& c)
{
    if (x.dim() != 4 || x.size(1) != c.img_channels || x.size(2) != c.img_resolution || x.size(3) != c.img_resolution)
        fail("denoiser", "input of shape " + c10::str(x.sizes()) + " does not fit the model's [N, " +
                             std::to_string(c.img_channels) + ", " + std::to_string(c.img_resolution) + ", " +
                             std::to_string(c.img_resolution) + "]");
}

}  // namespace

torch::Tensor DenoiserImpl::forward(const torch::Tensor& x_in, const torch::Tensor& sigma, const torch::Tensor& labels,
                                    Preconditioning mode, DropoutMasks* masks)
{
    if (!first_stage) return forward_own(x_in, sigma, labels, mode, masks);
    // TCM's TCMPrecond: each sample from the stage its level belongs to. On the CPU only the
    // stages a batch uses run (asking is free there); on CUDA both run and are selected, so the
    // samplers' captured graphs never wait on the host.
    check_input(x_in, config());
    const torch::Tensor x = x_in.to(torch::kFloat32);
    const torch::Tensor s = sigma_column(sigma, x).flatten();
    const torch::Tensor own = s >= config_.transition_t;
    if (!x.is_cuda()) {
        const bool all_own = own.all().item<bool>(), none_own = !own.any().item<bool>();
        if (all_own) return forward_own(x, s, labels, mode, masks);
        if (none_own) return first_stage->forward(x, s, labels, mode, masks);
    }
    const torch::Tensor above = forward_own(x, s, labels, mode, masks);
    const torch::Tensor below = first_stage->forward(x, s, labels, mode, masks);
    return torch::where(own.reshape({-1, 1, 1, 1}), above, below);
}

torch::Tensor DenoiserImpl::forward_own(const torch::Tensor& x_in, const torch::Tensor& sigma, const torch::Tensor& labels,
                                        Preconditioning mode, DropoutMasks* masks)
{
    check_input(x_in, config());
    const torch::Tensor x = x_in.to(torch::kFloat32);
    const torch::Tensor s = sigma_column(sigma, x);
    const auto c = precond_coefficients(s, mode, config());
    torch::Tensor F_x = model->forward(to_network_layout(c.c_in * x), c.c_noise.flatten(),
                                       prepare_labels(labels, x.size(0), x.device()), masks);
    if (channels_last_) F_x = F_x.contiguous();  // back to the caller's NCHW (3 channels: a small copy)
    return c.c_skip * x + c.c_out * F_x;
}

torch::Tensor DenoiserImpl::raw(const torch::Tensor& x_in, const torch::Tensor& sigma, const torch::Tensor& labels,
                                DropoutMasks* masks)
{
    check_input(x_in, config());
    const torch::Tensor x = x_in.to(torch::kFloat32);
    const torch::Tensor s = sigma_column(sigma, x);
    const auto c = precond_coefficients(s, Preconditioning::Training, config());
    const torch::Tensor F = model->forward(to_network_layout(c.c_in * x), c.c_noise.flatten(),
                                           prepare_labels(labels, x.size(0), x.device()), masks);
    return channels_last_ ? F.contiguous() : F;
}

torch::Tensor DenoiserImpl::to_network_layout(const torch::Tensor& x) const
{
    return channels_last_ ? x.contiguous(torch::MemoryFormat::ChannelsLast) : x;
}

void DenoiserImpl::to(torch::Device device, torch::Dtype dtype, bool non_blocking)
{
    torch::nn::Module::to(device, dtype, non_blocking);
    set_memory_format(channels_last_for(device) ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
}

void DenoiserImpl::to(torch::Device device, bool non_blocking)
{
    torch::nn::Module::to(device, non_blocking);
    set_memory_format(channels_last_for(device) ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
}

void DenoiserImpl::set_memory_format(torch::MemoryFormat format)
{
    torch::NoGradGuard no_grad;
    // set_data keeps each tensor's identity (modules, optimizers and graphs hold them); a tensor
    // already in the layout is left as it is, so moving a flattened network to where it is keeps
    // its flat buffers.
    auto relayout = [format](torch::Tensor t) {
        if (t.defined() && t.dim() == 4 && !t.is_contiguous(format)) t.set_data(t.contiguous(format));
    };
    for (auto& p : parameters()) relayout(p);
    for (auto& b : buffers()) relayout(b);
    channels_last_ = format == torch::MemoryFormat::ChannelsLast;
    if (first_stage) first_stage->channels_last_ = channels_last_;
}

}  // namespace ect

namespace ect {

torch::Tensor DenoiserImpl::logvar(const torch::Tensor& sigma)
{
    const torch::Tensor s = sigma.to(torch::kFloat32).reshape({-1});
    return model->logvar(s.log() / 4);
}

}  // namespace ect
