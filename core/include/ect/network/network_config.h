// The architecture of a denoiser, as stored in a model file's `ect.network` metadata: the fields
// every network family shares, the preconditioning, and the family's own fields as JSON.
#pragma once

#include <string>
#include <vector>

namespace ect {

constexpr double kSigmaData = 0.5;       // σ_data of EDM preconditioning
constexpr double kConsistencySigmaMin = 0.003;  // ε_min of ECT's consistency preconditioning

struct NetworkConfig {
    std::string arch = "songunet";  // the network family: a name in network_families()
    // edm: EDM's (and ECT's consistency form of it); vp, ve: EDM's VPPrecond / VEPrecond, the
    // preconditionings of its "baseline" models.
    std::string precond = "edm";
    int img_resolution = 32;
    int img_channels = 3;
    int label_dim = 0;  // 0 = unconditional
    int model_channels = 128;
    std::vector<int> channel_mult{2, 2, 2};
    int channel_mult_emb = 4;
    int channel_mult_noise = 1;
    int num_blocks = 4;
    std::vector<int> attn_resolutions{16};
    double dropout = 0.0;
    double sigma_data = kSigmaData;
    double sigma_min = kConsistencySigmaMin;
    // TCM's two-stage denoiser (truncated consistency models): > 0 holds a frozen first stage,
    // registered as "first_stage", that denoises below this level t′; the network itself at σ ≥ t′.
    double transition_t = 0;
    // VP: σ(t) = √(exp(½·β_d·t² + β_min·t) − 1) over M discrete steps (EDM's VPPrecond defaults).
    double vp_beta_d = 19.9;
    double vp_beta_min = 0.1;
    int vp_M = 1000;
    // The family's own fields as a JSON object (SongUNet: embedding_type, encoder_type,
    // decoder_type, resample_filter); "{}" is the family's defaults. In `ect.network` they sit
    // beside the shared fields.
    std::string family_options = "{}";

    // The official CIFAR-10 DDPM++ network of EDM and ECT (55,732,739 parameters).
    static NetworkConfig cifar10_ddpmpp();

    // Parses the `ect.network` JSON; throws Error naming `source` on a bad or inconsistent value.
    static NetworkConfig from_json(const std::string& text, const std::string& source = "ect.network");
    std::string to_json() const;
    // Throws Error naming `source` when the values cannot build a network.
    void validate(const std::string& source = "network") const;
    // One line for people: "SongUNet 28x28x1, 10 classes, channels 32x[1,2,2], 2 blocks, attn [14]".
    std::string summary() const;
    // The family's name for people ("SongUNet", "DhariwalUNet (ADM)").
    std::string family_title() const;
};

}  // namespace ect
