// Samplers from caller-supplied noise: ECT's few-step consistency sampler and EDM's Heun/Euler.
#pragma once

#include "ect/method/precond.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace ect {

constexpr double kSigmaMax = 80;       // t_max of both samplers
constexpr double kHeunSigmaMin = 0.002;
constexpr double kHeunRho = 7;
constexpr double kCifarMidLevel = 0.821;  // standard 2-step mid level (CIFAR-10)

// Consistency sampling from levels [t_max, mid_1, ..., mid_k]: x = t_max·z (float64); at each
// level x ← D_cm(x, t_i), then, if a next level exists, x ← x + t_{i+1}·z_i with z_i = renoise[i].
// Returns float64 images; NFE = 1 + mid.size().
torch::Tensor sample_consistency(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& class_labels,
                                 const std::vector<double>& mid_levels, const std::vector<torch::Tensor>& renoise,
                                 double t_max = kSigmaMax);

// Progress and cancellation of sampling on the calling thread, between network evaluations: while
// a watch is alive, the samplers on this thread tell it of each evaluation, and a watch whose
// callback answers false stops them with SamplingCancelled. (A CUDA graph replays a whole sampler
// at once: its evaluations are told together, after it.)
struct SamplingCancelled : std::exception {
    const char* what() const noexcept override { return "sampling cancelled"; }
};
class EvaluationWatch {
public:
    // `after_evaluation(n)`: n evaluations of this watch's lifetime are done; false cancels.
    explicit EvaluationWatch(std::function<bool(int64_t evaluations)> after_evaluation);
    ~EvaluationWatch();
    EvaluationWatch(const EvaluationWatch&) = delete;
    EvaluationWatch& operator=(const EvaluationWatch&) = delete;
    // Called by the samplers after `n` evaluations; throws SamplingCancelled when told to stop.
    static void note(int64_t n = 1);
    // Suspends the thread's watch for a scope (a CUDA graph's capture must not throw).
    class Suspend {
    public:
        Suspend();
        ~Suspend();

    private:
        EvaluationWatch* saved_;
    };

private:
    std::function<bool(int64_t)> callback_;
    int64_t done_ = 0;
    EvaluationWatch* outer_;
};

enum class EdmSolver { Heun, Euler };

// t_i = (σ_max^(1/ρ) + i/(N−1)·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ for i < N, and t_N = 0 (float64, N+1).
torch::Tensor edm_sigma_levels(int steps, double sigma_min = kHeunSigmaMin, double sigma_max = kSigmaMax,
                               double rho = kHeunRho);

// One step of EDM's deterministic sampler from x at level t_cur to t_next: the Euler step, and for
// Heun the trapezoid correction unless t_next is 0 (the last step). Computes in x's dtype. The
// samplers below and the editing loop's replacement method (edit.h) step with it.
torch::Tensor edm_step(Denoiser& net, const torch::Tensor& x, const torch::Tensor& class_labels, double t_cur,
                       double t_next, EdmSolver solver);

// EDM's deterministic sampler on training-mode preconditioning, N >= 2 steps (no churn).
// Heun: NFE = 2N − 1; Euler: NFE = N. Returns float64 images.
torch::Tensor sample_edm(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& class_labels, int steps,
                         EdmSolver solver = EdmSolver::Heun);

int edm_nfe(int steps, EdmSolver solver);

// ---------------------------------------------------------------------------------------------
// The sampler table: every sampler the engine offers, one row each. The CLI (flags, help, `ect
// eval`, `ect bench`), generation, the trainer's FD and the studio's forms, workers and figure
// captions all read it. Adding a sampler: its function above, a kind here, a row in samplers.cpp.

enum class SamplerKind { Consistency, Heun, Euler, DpmSolver };

struct SamplerInfo {
    SamplerKind kind;
    const char* name;           // CLI, settings and JSON ("cm")
    const char* label;          // for people ("Consistency (ECT)"; the studio translates it)
    const char* short_name;     // figure captions: "<short name> <K> steps" ("Heun")
    bool for_diffusion_models;  // samples a diffusion (base) model rather than a consistency model
    bool takes_mid;             // steps − 1 decreasing mid levels between t_max and the last step
    int min_steps;
    int default_steps;
    int (*nfe)(int steps);
    // latents: float32 [N, C, H, W]; labels: one-hot or undefined; mid: the levels (takes_mid);
    // renoise: one tensor per mid level (takes_mid). Returns float64 images.
    torch::Tensor (*run)(Denoiser& net, const torch::Tensor& latents, const torch::Tensor& labels, int steps,
                         const std::vector<double>& mid, const std::vector<torch::Tensor>& renoise);
};

const std::vector<SamplerInfo>& sampler_table();
const SamplerInfo& sampler_info(SamplerKind kind);
// The row named `name`; throws Error listing the names otherwise.
const SamplerInfo& sampler_info(const std::string& name);
// The names joined, for help texts and messages: "cm, heun, euler, dpm++" / "cm|heun|euler|dpm++".
std::string sampler_names(const std::string& separator = ", ");

}  // namespace ect
