// Between core tensors and Qt: sample tensors to QImages, and error text for dialogs.
#pragma once

#include <QImage>
#include <QString>

#include "ect/device.h"
#include "ect/method/samplers.h"
#include "ect/network/model_file.h"

#include <map>
#include <string>

#include <torch/types.h>

#include <exception>

namespace ect {
struct PlotAxisInfo;
}

namespace studio {

// Float [N, C, H, W] samples in [−1, 1] → one grid image (`columns` 0 = square, `gap` pixels).
QImage grid_image(const torch::Tensor& images, int columns = 0, int gap = 1);

// How the studio names a model everywhere: its file's name, or, for a training run's model
// (model.safetensors, snapshots/model-*.safetensors), the run folder's name and the step
// ("run-2 · step 500"), so two runs' models are told apart.
QString model_name(const ect::ModelFile& model);
QString model_name(const QString& path, const std::map<std::string, std::string>& metadata);

// A model's kind and provenance in a line: "diffusion model", or "consistency · objective cmt ·
// from fmnist-edm.safetensors (3fa1c2d4e5)" (the base's file name and the start of its SHA-256).
QString model_origin(const ect::ModelFile& model);

// A network's shape in the studio's words and language ("SongUNet 28×28×1, 10 classes, channels
// 32×[2,2,3], 2 blocks per level, attention at 7, dropout 0.1").
QString network_summary(const ect::NetworkConfig& config);
// Where work runs, in the studio's words: "CPU (2 threads)", or core's name of a GPU.
QString device_text(const torch::Device& device);

// The message of an exception from core or LibTorch, without LibTorch's backtrace.
QString error_text(const std::exception& e);

// Preferences → Precision ("auto", "fp32", "tf32", "bf16") for work on `device`: "auto" is the
// device's default, and bf16 on the CPU (where it cannot run) falls back to the default too.
// Safe to call from worker threads (each call reads its own QSettings).
ect::Precision preferred_precision(const torch::Device& device);

// The sampler table's text for people, translated: its label ("EDM Heun") and a caption with the
// step count ("Heun 18 steps", "ECT 1 step"; `name` in place of the sampler's short name).
QString sampler_label(const ect::SamplerInfo& info);
QString sampler_caption(const ect::SamplerInfo& info, int steps, const QString& name = {});
// The plot axis table's label, translated ("Steps").
QString plot_axis_label(const ect::PlotAxisInfo& info);

}  // namespace studio
