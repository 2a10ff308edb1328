// The default models that ship with ECT Studio (resources/models): the base EDM diffusion model,
// its ECT-tuned consistency model and the FD classifier, all for Fashion-MNIST.
#pragma once

#include <string>
#include <vector>

namespace ect {

constexpr const char* kBundledDiffusion = "fmnist-edm.safetensors";
constexpr const char* kBundledConsistency = "fmnist-ect.safetensors";
constexpr const char* kBundledClassifier = "fmnist-classifier.safetensors";

// Folders searched, in order: $ECT_MODELS_DIR, <exe>/../share/ect-studio/models (installed),
// <exe>/../../resources/models and the source tree's resources/models (build trees).
std::vector<std::string> bundled_model_dirs();

// The full path of a bundled file, or "" when no folder holds it.
std::string find_bundled(const std::string& file);

// Like find_bundled, but throws Error naming the folders searched when the file is absent.
std::string require_bundled(const std::string& file, const std::string& what);

}  // namespace ect
