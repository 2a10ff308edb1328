// SongUNet (EDM's DDPM++/NCSN++ U-Net) with EDM's parameter names: the "songunet" family.
#pragma once

#include "ect/network/edm_layers.h"
#include "ect/network/network_config.h"

#include <memory>
#include <string>
#include <vector>

namespace ect {

// SongUNet's own fields of a NetworkConfig (its family_options).
struct SongUNetOptions {
    std::string embedding_type = "positional";  // positional (DDPM++) | fourier (NCSN++)
    std::string encoder_type = "standard";      // standard | skip | residual (NCSN++)
    std::string decoder_type = "standard";      // standard | skip
    std::vector<double> resample_filter{1, 1};
    // Reads them from a config's family_options; throws Error naming `source` on a bad value.
    static SongUNetOptions of(const NetworkConfig& config, const std::string& source = "network");
};

struct SongUNetImpl : BackboneImpl {
    explicit SongUNetImpl(const NetworkConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& noise_labels, const torch::Tensor& class_labels,
                          DropoutMasks* masks) override;
    int64_t flops_per_image() const override;

    NetworkConfig config;
    SongUNetOptions options;

private:
    enum class Kind { Conv, Block, AuxDown, AuxSkip, AuxResidual, AuxUp, AuxNorm, AuxConv };
    struct Stage {
        Kind kind;
        std::shared_ptr<torch::nn::Module> module;
    };
    torch::Tensor embed_noise(const torch::Tensor& noise_labels);

    std::vector<Stage> encoder_, decoder_;
    EdmLinear map_label_{nullptr}, map_layer0_{nullptr}, map_layer1_{nullptr};
    torch::Tensor fourier_freqs_;  // NCSN++ only
};

}  // namespace ect
