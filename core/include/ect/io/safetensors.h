// safetensors files: strict reading (every malformation is a named error) and atomic writing.
#pragma once

#include <torch/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ect {

struct TensorFile {
    // Tensors in the order of their data in the file (names are unique).
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    // `__metadata__`: string to string, as the format requires.
    std::map<std::string, std::string> metadata;

    bool contains(const std::string& name) const;
    // The tensor called `name`; throws Error naming `source` when it is absent.
    const torch::Tensor& at(const std::string& name) const;
    std::string source;  // the path it was read from, for messages
};

// Reads a whole safetensors file onto the CPU, keeping each tensor's dtype.
// Accepted dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.
TensorFile read_safetensors(const std::string& path);

// Parses safetensors bytes already in memory; `source` names them in errors.
TensorFile parse_safetensors(const std::string& bytes, const std::string& source);

// Writes tensors (made contiguous, moved to the CPU) and metadata. The file is written to a
// temporary name, flushed to disk and renamed, so an existing file is never left half-written.
void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// The whole contents of a file; throws Error naming it when it cannot be read.
std::string read_file_bytes(const std::string& path);

// Checks, before long work, that a file can be written at `path`: its folder exists and is
// writable and `path` is not a folder. Throws Error naming the path and the reason.
void check_output_path(const std::string& path);

// Writes bytes to `path` atomically (temporary file, fsync, rename).
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace ect
