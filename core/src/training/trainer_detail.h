// What the two halves of the trainer share (run_build.cpp builds a run and reads its state,
// trainer.cpp steps it and writes its state): not part of the core API.
#pragma once

#include "ect/io/safetensors.h"
#include "ect/method/precond.h"

#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ect::trainer_detail {

constexpr const char* kStateChecksumKey = "ect.state_sha256";
constexpr int64_t kTickStats = 11;  // the tick statistics' slots (see Trainer::tick_stats_)
constexpr int64_t kStopSlot = 10;   // ranks that asked to stop

// A non-negative count stored as metadata text ("512000"); anything else is a damaged file.
int64_t parse_count(const std::string& text, const std::string& source);
// The state's name of power-function profile i ("phema.0"), and the lengths as the state lists them.
std::string phema_part(size_t i);
std::string ema_lengths_text(const std::vector<double>& stds);
// Tensors of `file` under `prefix.`, with the prefix removed.
std::vector<std::pair<std::string, torch::Tensor>> with_prefix(const TensorFile& file, const std::string& prefix);
// SHA-256 of a state's tensors (name, type, shape, bytes; in name order) and metadata, stored in
// the state and checked on resume: a torn or bit-flipped file is caught before it is trained on.
std::string state_checksum(std::vector<std::pair<std::string, torch::Tensor>> tensors,
                           const std::map<std::string, std::string>& metadata);
// An exception's message for another rank to print: LibTorch's without its C++ backtrace.
std::string message_of(const std::exception& e);

}  // namespace ect::trainer_detail
