// Between core tensors and Qt: sample tensors to QImages, and error text for dialogs.
#pragma once

#include <QImage>
#include <QString>

#include "ect/device.h"
#include "ect/method/samplers.h"

#include <torch/types.h>

#include <exception>

namespace studio {

// Float [N, C, H, W] samples in [−1, 1] → one grid image (`columns` 0 = square, `gap` pixels).
QImage grid_image(const torch::Tensor& images, int columns = 0, int gap = 1);

// The message of an exception from core or LibTorch, without LibTorch's backtrace.
QString error_text(const std::exception& e);

// Preferences → Precision ("auto", "fp32", "tf32", "bf16") for work on `device`: "auto" is the
// device's default, and bf16 on the CPU (where it cannot run) falls back to the default too.
// Safe to call from worker threads (each call reads its own QSettings).
ect::Precision preferred_precision(const torch::Device& device);

// The sampler table's text for people, translated: its label ("EDM Heun") and a caption with the
// step count ("Heun 18 steps", "ECT 1 step").
QString sampler_label(const ect::SamplerInfo& info);
QString sampler_caption(const ect::SamplerInfo& info, int steps);

}  // namespace studio
