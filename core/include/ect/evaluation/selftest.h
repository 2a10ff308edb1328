// Parity with the official Python code as a library call: every reference fixture reproduced on
// a device. `ect selftest` runs it (so a core-only build on a GPU server verifies itself) and the
// QtTest parity test runs the same checks.
#pragma once

#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

namespace ect {

// ECT-SPEC "Parity fixtures": networks, the mapping, the losses and 1-step sampling agree with the
// reference to 1e-4 (relative L2), multi-step samplers to 1e-3.
constexpr double kParityTolerance = 1e-4;
constexpr double kSamplerParityTolerance = 1e-3;
// The network families of shared/fixtures/families (ADM, VP, VE, ...): 1e-5 relative.
constexpr double kFamilyParityTolerance = 1e-5;
// An output of float16-rounded weights against the float32 network's (EDM2's logvar fixture).
constexpr double kFloat16WeightsTolerance = 1e-2;

struct ParityCheck {
    std::string name;       // e.g. "network songunet-cond28 D_eval", "ect-loss <key>", "sampler heun/steps18"
    double error = 0;       // relative L2 error against the reference
    double tolerance = 0;
    std::string problem;    // why the check could not run (a missing or malformed fixture), else empty
    bool passed() const { return problem.empty() && error < tolerance; }
};

// ‖ours − ref‖ / ‖ref‖ in float64 on the CPU; infinite when the shapes differ.
double relative_l2_error(const torch::Tensor& ours, const torch::Tensor& ref);

// Runs every parity check against the fixtures in `fixtures_dir` (the files of
// shared/fixtures/reference) on `device`, in strict fp32. `progress` receives each check as it
// finishes. A missing fixture file is reported as a failed check, not thrown.
// "families", "imagenet-loss" and "phema" read shared/fixtures/families, beside `fixtures_dir`;
// "methods" (DPM-Solver++, CMT, TCM) reads method_fixtures_file(), "edit" (zero-shot editing)
// edit_fixtures_file(), both with the reference SongUNet.
// `groups` limits the run to some of "networks", "mapping", "ect-loss", "edm-loss", "samplers", "families",
// "imagenet-loss", "phema", "methods", "edit" (empty: all; an unknown name throws Error).
std::vector<ParityCheck> run_parity_checks(const std::string& fixtures_dir, const torch::Device& device,
                                           const std::function<void(const ParityCheck&)>& progress = {},
                                           const std::vector<std::string>& groups = {});
const std::vector<std::string>& parity_check_groups();

// The fixtures folder: ECT_FIXTURES from the environment, else the one found when the project was
// configured (empty when neither exists).
std::string default_fixtures_dir();
// The few-step methods' reference tensors: ECT_METHOD_FIXTURES from the environment, else the
// sources' tests/fixtures/methods.safetensors.
std::string method_fixtures_file();
// Zero-shot editing's reference tensors: edit.safetensors beside method_fixtures_file().
std::string edit_fixtures_file();

}  // namespace ect
