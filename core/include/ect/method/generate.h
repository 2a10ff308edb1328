// Generating images from seeds: the one path `ect sample` and the studio share, so the same
// seed and settings give the same image in both.
#pragma once

#include "ect/network/model_file.h"
#include "ect/method/noise.h"
#include "ect/method/samplers.h"

#include <functional>
#include <string>
#include <vector>

namespace ect {

struct GenerateSettings {
    SamplerKind sampler = SamplerKind::Consistency;
    int steps = 1;            // consistency: 1..; Heun/Euler: 2..
    std::vector<double> mid;  // consistency mid levels, steps − 1 of them, decreasing
    uint64_t seed = 0;        // image i uses seed + i
    int64_t count = 1;
    int class_index = -1;  // conditional models: a class, or −1 to cycle through the classes
    int batch = 64;        // images per network call

    static SamplerKind parse_sampler(const std::string& name);  // a name of the sampler table
    static std::string sampler_name(SamplerKind kind);
    const SamplerInfo& info() const { return sampler_info(sampler); }
    // Mid levels used when none are given: none for 1 step, 0.821 for 2 steps; 3+ need levels.
    static std::vector<double> default_mid(int steps);
    int nfe() const;
    // Throws Error when the settings cannot run on a network with `config`.
    void validate(const NetworkConfig& config) const;
};

// Metadata key of a model's searched mid levels for `steps` consistency steps ("ect.mid.2").
std::string mid_levels_key(int steps);

// The mid levels a model samples with by default: the ones `ect search-mid` stored in its
// metadata, else GenerateSettings::default_mid.
std::vector<double> default_mid(const ModelFile& model, int steps);
std::vector<double> default_mid(const std::map<std::string, std::string>& metadata, int steps);

// "0.821,0.3" → {0.821, 0.3}; throws Error naming `source` on anything else.
std::vector<double> parse_levels(const std::string& text, const std::string& source);
std::string format_levels(const std::vector<double>& levels);

// Names of a conditional model's classes: `ect.class_names` (JSON list) from training, else
// Fashion-MNIST's when it was trained on it (`ect.data`), else "0", "1", ... (empty when unconditional).
std::vector<std::string> class_names(const ModelFile& model);

// The `parameters` text of generated images, in the "Key: value, ..." form other diffusion tools
// read (A1111's last line): Steps, Sampler, Mid levels, Seed, then `after_seed` (default: Count),
// Class, NFE, Size, Model (the file's name), Model hash (`model_hash`: the first 10 hex digits of
// its SHA-256), Version. `ect sample` and the studio's export write the same text.
using ParameterList = std::vector<std::pair<std::string, std::string>>;
ParameterList generation_parameters(const ModelFile& model, const GenerateSettings& settings, const std::string& model_hash,
                                    const ParameterList& after_seed = {});
// "Key: value, Key: value" (values with commas or colons quoted).
std::string format_parameters(const ParameterList& pairs);
// A model's short hash for `parameters`: the first 10 hex digits of the file's SHA-256 ("" when unreadable).
std::string short_file_hash(const std::string& path);

// Heun for models `ect pretrain` made (metadata ect.kind = diffusion), consistency otherwise.
SamplerKind default_sampler(const ModelFile& model);

// Samples images seed..seed+count−1 on the network's device; float64 [N, C, H, W] on the CPU.
// `cancelled` is asked between batches; when it answers true (or an EvaluationWatch on this thread
// cancels between evaluations) the result is undefined.
torch::Tensor generate(Denoiser& net, const GenerateSettings& settings, const std::function<bool()>& cancelled = {});

// The same samples one batch at a time: `consume(first, images)` receives images first..first+n−1
// (float64 on the CPU) and returns false to stop. Returns whether every batch was consumed.
bool generate_batches(Denoiser& net, const GenerateSettings& settings,
                      const std::function<bool(int64_t first, const torch::Tensor& images)>& consume);

// The same sampler from given latents [N, C, H, W] (e.g. interpolated noise) with class labels
// (or undefined) and, for multi-step consistency sampling, the seeds' re-noising tensors.
torch::Tensor generate_from_latents(Denoiser& net, const GenerateSettings& settings, const torch::Tensor& latents,
                                    const torch::Tensor& labels, const std::vector<torch::Tensor>& renoise);

// Spherical interpolation of two noise tensors, t ∈ [0, 1] (t = 0 gives a, t = 1 gives b).
torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, double t);

// Noise between seeds, for interpolation figures: the latents and re-noising tensors (as many as
// the settings' sampler uses) of point (u, v), one image per point in order, mixed from the corner
// seeds' noise by spherical interpolation. Two corners {a, b}: a → b by u (v is ignored). Four
// corners {a, b, c, d}: the top edge a → b and the bottom edge c → d by u, then top → bottom by v.
SampleNoise interpolated_noise(const NetworkConfig& config, const GenerateSettings& settings,
                               const std::vector<uint64_t>& corners, const std::vector<std::pair<double, double>>& points);

}  // namespace ect
