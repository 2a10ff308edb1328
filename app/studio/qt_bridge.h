// Between core tensors and Qt: sample tensors to QImages, and error text for dialogs.
#pragma once

#include <QImage>
#include <QString>

#include <torch/types.h>

#include <exception>

namespace studio {

// Float [N, C, H, W] samples in [−1, 1] → one grid image (`columns` 0 = square, `gap` pixels).
QImage grid_image(const torch::Tensor& images, int columns = 0, int gap = 1);

// The message of an exception from core or LibTorch, without LibTorch's backtrace.
QString error_text(const std::exception& e);

}  // namespace studio
