// The scope every sampler runs the network in (internal to core's samplers).
#pragma once

#include "ect/method/precond.h"

#include <torch/torch.h>

namespace ect {

// Samplers always run the network without dropout and without autograd; the caller's
// train/eval state is restored afterwards. A network already in eval mode (every loaded model,
// the trainer's EMA) is only read: the studio samples one model from several worker threads at
// once, and flipping its modules' flags there was a data race (ThreadSanitizer).
class EvalScope {
public:
    explicit EvalScope(Denoiser& net) : net_(net), was_training_(net->is_training())
    {
        if (was_training_) net_->eval();
    }
    ~EvalScope()
    {
        if (was_training_) net_->train(true);
    }

private:
    Denoiser& net_;
    bool was_training_;
    torch::NoGradGuard no_grad_;
};

}  // namespace ect
