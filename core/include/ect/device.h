// Compute devices: choosing one, thread count, strict fp32, and the few CUDA-only facilities.
#pragma once

#include <torch/types.h>

#include <string>

namespace ect {

// "auto" (CUDA when present, else CPU), "cpu", "cuda" or "cuda:N"; throws Error for others or
// for CUDA when this machine has none.
torch::Device resolve_device(const std::string& name);

// Sets LibTorch's intra-op threads (0 = every core); Debian's LibTorch starts at 1.
void init_threads(int threads = 0);

// Full fp32 matmuls and convolutions on CUDA (TF32 off), as the reference parity runs need.
void use_strict_fp32();
// TF32 on or off for CUDA matmuls and convolutions (training speed against exact fp32).
void set_tf32(bool allow);

// A random generator on `device` (CPU or CUDA) seeded with `seed`, for training draws that a
// checkpoint can save and restore (get_state / set_state).
at::Generator make_generator(const torch::Device& device, uint64_t seed);

// Resident memory of this process in bytes (CPU), for training logs.
int64_t process_resident_bytes();

// Waits for queued work on `device` (no-op on the CPU), for honest timings.
void synchronize(const torch::Device& device);

// "CPU (2 threads)" or "CUDA 0: NVIDIA H100 ..., 80 GiB".
std::string describe_device(const torch::Device& device);

// Bytes currently allocated by the engine on `device` (CUDA only; 0 on the CPU).
int64_t device_memory_allocated(const torch::Device& device);

}  // namespace ect
