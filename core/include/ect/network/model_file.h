// Model files: a Denoiser's weights as safetensors, its architecture in `ect.network` metadata.
#pragma once

#include "ect/method/precond.h"
#include "ect/io/safetensors.h"

#include <map>
#include <string>

namespace ect {

constexpr const char* kNetworkMetadataKey = "ect.network";

struct ModelFile {
    std::string path;
    NetworkConfig config;
    std::map<std::string, std::string> metadata;
    Denoiser net{nullptr};

    // From the provenance: "diffusion" or "consistency" (files without `ect.kind` are ECT's
    // consistency models, as the first versions wrote them), and the objective that made it
    // ("edm" for a diffusion model without one, else "ect").
    std::string kind() const;
    std::string objective() const;
    bool is_diffusion() const { return kind() == "diffusion"; }
};

struct LoadOptions {
    bool allow_nonfinite = false;  // load NaN/Inf weights (to inspect a damaged file), else refuse
    bool shapes_only = false;      // check names, shapes and types; copy nothing
    std::string snapshot_entry = "ema";  // which network of an official snapshot (.pkl) to load
};

// Builds the network described by the file's metadata and loads its weights (an official EDM/ECT
// network snapshot, `.pkl`, is converted on the way: ect/network/snapshot.h) (F16/BF16/F64 are
// converted to float32). Throws Error naming the file and the first problem: no or bad
// `ect.network`, missing or unexpected tensors, wrong shapes (checked before the network is
// built), non-float data, NaN or Inf weights (unless allowed).
ModelFile load_model(const std::string& path, const torch::Device& device = torch::kCPU,
                     const LoadOptions& options = {});

// Copies a file's tensors into `net`, checking names and shapes strictly; `source` names the file.
void load_weights(Denoiser& net, const TensorFile& file, const std::string& source, const LoadOptions& options = {});

// The same strict copy into any named tensors (parameters and buffers of a module): each must be
// in the file with its shape and floating-point data (converted to float32), and the file may hold
// nothing else. Messages name `owner` ("the network") and the metadata that describes it.
void load_named_weights(const std::vector<std::pair<std::string, torch::Tensor>>& targets, const TensorFile& file,
                        const std::string& source, const std::string& owner, const std::string& metadata_key,
                        const LoadOptions& options = {});

// Checks `file`'s tensors against the network `config` describes (names and shapes, as
// load_named_weights) on the meta device, allocating nothing: a small file describing a huge
// network is refused before anything is built from the description.
void check_described_shapes(const NetworkConfig& config, const TensorFile& file, const std::string& source,
                            const std::string& owner);

// Every parameter and buffer by its state-dict name (model.enc.32x32_conv.weight, ...).
std::vector<std::pair<std::string, torch::Tensor>> named_state(Denoiser& net);

// Copies every parameter and buffer of `src` into `dst` (same architecture, any devices).
void copy_state(Denoiser& dst, Denoiser& src);

// Writes the weights as float32 with `ect.network` plus `metadata`, atomically.
void save_model(const std::string& path, Denoiser& net, std::map<std::string, std::string> metadata = {});

}  // namespace ect
