// The shared pieces of every network family: dropout masks, meta construction, EDM's weight init.
#include "ect/network/backbone.h"

#include "ect/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace ect {
namespace {

// Where the constructors put parameters: the CPU, or the meta device under MetaConstruction.
thread_local bool t_meta_construction = false;

}  // namespace

MetaConstruction::MetaConstruction() : previous_(t_meta_construction)
{
    t_meta_construction = true;
}

MetaConstruction::~MetaConstruction()
{
    t_meta_construction = previous_;
}

torch::TensorOptions parameter_options()
{
    return t_meta_construction ? torch::TensorOptions().device(torch::kMeta) : torch::TensorOptions();
}

torch::Tensor WeightInit::draw(at::IntArrayRef shape, int64_t fan_in, int64_t fan_out, double scale) const
{
    // A zero scale draws nothing: the tensor is zeros and the random stream is left as it was.
    if (scale == 0) return torch::zeros(shape, parameter_options());
    torch::Tensor t;
    switch (mode) {
    case Mode::XavierUniform:  // √(6/(fan_in+fan_out)) · U(−1, 1)
        t = std::sqrt(6.0 / double(fan_in + fan_out)) * (torch::rand(shape, parameter_options()) * 2 - 1);
        break;
    case Mode::XavierNormal:  // √(2/(fan_in+fan_out)) · N(0, 1)
        t = std::sqrt(2.0 / double(fan_in + fan_out)) * torch::randn(shape, parameter_options());
        break;
    case Mode::KaimingUniform:  // √(3/fan_in) · U(−1, 1)
        t = std::sqrt(3.0 / double(fan_in)) * (torch::rand(shape, parameter_options()) * 2 - 1);
        break;
    case Mode::KaimingNormal:  // √(1/fan_in) · N(0, 1)
        t = std::sqrt(1.0 / double(fan_in)) * torch::randn(shape, parameter_options());
        break;
    }
    return t * scale;
}

size_t DropoutMasks::drawn() const
{
    return static_cast<size_t>(std::count_if(masks_.begin(), masks_.end(), [](const auto& m) { return m.defined(); }));
}

void DropoutMasks::use_rows(int64_t total, int64_t offset)
{
    if (total < 0 || offset < 0 || (total > 0 && offset >= total)) fail("dropout", "bad rows of a batch");
    total_ = total;
    offset_ = offset;
}

torch::Tensor DropoutMasks::apply(size_t slot, const torch::Tensor& h, double p)
{
    if (slot >= masks_.size()) {
        masks_.resize(slot + 1);
        scales_.resize(slot + 1);
        probabilities_.resize(slot + 1, 0.0);
    }
    torch::Tensor& whole = masks_[slot];
    const int64_t n = h.dim() > 0 ? h.size(0) : 1;
    if (total_ > 0 && (h.dim() == 0 || offset_ + n > total_))
        fail("dropout", "a pass's rows lie outside the batch its masks were drawn for");
    if (!whole.defined()) {
        torch::NoGradGuard no_grad;
        auto shape = h.sizes().vec();
        if (total_ > 0) shape[0] = total_;
        // Drawn as floats (the same random stream as a float mask) in NCHW order, so a seed gives
        // the same masks in either layout; kept as booleans in h's layout.
        const torch::Tensor drawn = torch::empty(shape, h.options().requires_grad(false)).bernoulli_(1 - p, generator_);
        whole = drawn.to(torch::kBool).contiguous(h.suggest_memory_format());
        probabilities_[slot] = p;
        order_.push_back(slot);
        // 1/(1 − p) rounded as a float mask's value would be: ones ÷ (1 − p) in h's dtype.
        scales_[slot] = torch::ones({}, h.options().requires_grad(false)).div_(1 - p);
    }
    const torch::Tensor m = total_ > 0 ? whole.narrow(0, offset_, n) : whole;
    if (!m.sizes().equals(h.sizes())) fail("dropout", "shared dropout mask reused for a tensor of another shape");
    // where() keeps only the boolean mask for backward; h · scale keeps only the 0-dim scale.
    return torch::where(m, h * scales_[slot].to(h.scalar_type()), torch::zeros({}, h.options()));
}

void DropoutMasks::redraw()
{
    torch::NoGradGuard no_grad;
    for (size_t slot : order_) {
        torch::Tensor& whole = masks_[slot];
        const torch::Tensor drawn =
            torch::empty(whole.sizes(), scales_[slot].options()).bernoulli_(1 - probabilities_[slot], generator_);
        whole.copy_(drawn);  // → bool, in the mask's own layout
    }
}

torch::Tensor block_dropout(const torch::Tensor& h, double p, bool training, DropoutMasks* masks, size_t slot)
{
    if (!(p > 0) || !training) return h;
    return masks ? masks->apply(slot, h, p) : torch::dropout(h, p, true);
}

int64_t count_parameters(const torch::nn::Module& module)
{
    int64_t n = 0;
    for (const auto& p : module.parameters()) n += p.numel();
    return n;
}

}  // namespace ect
