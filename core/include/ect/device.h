// Compute devices: choosing one, thread count, strict fp32, and the few CUDA-only facilities.
#pragma once

#include <torch/types.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

// How the network's arithmetic runs. fp32: full float32 (the parity runs). tf32: float32 with
// TF32 tensor-core matmuls and convolutions on CUDA (on the CPU the same as fp32). bf16: autocast
// to bfloat16 on CUDA for the network's matmuls and convolutions, with float32 weights, optimizer
// state, EMA, preconditioning and loss reduction (CUDA only: refused on the CPU).
enum class Precision { FP32, TF32, BF16 };
Precision parse_precision(const std::string& name);  // "fp32" | "tf32" | "bf16"; throws Error
std::string precision_name(Precision precision);
// The precision used when none is asked for: fp32 on the CPU, tf32 on CUDA.
Precision default_precision(const torch::Device& device);
// Throws Error when `precision` cannot run on `device` (bf16 on the CPU).
void check_precision(Precision precision, const torch::Device& device);

// Applies `precision` to the calling thread for its lifetime (TF32 flags are process-wide, the
// autocast state is per thread) and restores the previous state afterwards. Autocast keeps a
// cache of bf16 copies of the weights; it is cleared on exit, so open one scope per training step
// (weights change between steps) or per sampling call.
class PrecisionScope {
public:
    PrecisionScope(Precision precision, const torch::Device& device);
    ~PrecisionScope();
    PrecisionScope(const PrecisionScope&) = delete;
    PrecisionScope& operator=(const PrecisionScope&) = delete;

private:
    bool autocast_ = false, previous_autocast_ = false;
};

// A short text naming the calling thread's math mode (TF32 flags, autocast), for keys of work
// that bakes it in (captured CUDA graphs).
std::string math_mode_key();

// cuDNN's autotuner picks the fastest convolution algorithms for the shapes it sees (as the
// official training loop does); CUDA only.
void set_cudnn_benchmark(bool on);

// Peak bytes allocated by LibTorch's CUDA caching allocator on `device` since the last reset
// (0 on the CPU), as torch.cuda.max_memory_allocated reports it.
int64_t device_peak_memory(const torch::Device& device);
void reset_device_peak_memory(const torch::Device& device);

// A random generator on `device` (CPU or CUDA) seeded with `seed`, for training draws that a
// checkpoint can save and restore (get_state / set_state).
at::Generator make_generator(const torch::Device& device, uint64_t seed);

// Resident memory of this process in bytes (CPU), for training logs.
int64_t process_resident_bytes();

// Ends a command-line program with `code` once its output is flushed. With CUDA, without running
// static destructors: LibTorch's per-thread cuDNN/cuBLAS handle pools and the leaked CUDA graphs
// can crash when torn down after the CUDA runtime (pytorch/pytorch#36408); `ect bench` on CUDA
// ended with a segmentation fault after printing every result. Everything a command writes is
// closed by then. CPU builds exit normally (leak checkers see a full teardown).
[[noreturn]] void exit_program(int code);

// Makes `device` the thread's current CUDA device (no-op on the CPU): a rank of a multi-GPU run
// then creates its CUDA context, cuBLAS handles and NCCL communicator on its own GPU, not GPU 0.
void make_current(const torch::Device& device);

// Waits for queued work on `device` (no-op on the CPU), for honest timings.
void synchronize(const torch::Device& device);

// "CPU (2 threads)" or "CUDA 0: NVIDIA H100 ..., 80 GiB".
std::string describe_device(const torch::Device& device);

// The card's dense peak TFLOP/s for `precision` (tensor cores for tf32 and bf16), from a table of
// known NVIDIA data-centre cards; 0 when unknown (and on the CPU), so MFU is not reported.
double device_peak_tflops(const torch::Device& device, Precision precision);

// CUDA graphs: a computation on fixed-shape device tensors captured once and replayed, so a
// forward pass costs one launch instead of hundreds (what makes batch-1 sampling fast).
// Process-wide switch, on by default; ECT_CUDA_GRAPHS=0 in the environment turns it off.
bool cuda_graphs_enabled();
void set_cuda_graphs_enabled(bool on);

// Captured graphs by key. run() computes fn(inputs): on a CUDA device with graphs enabled, the
// first call for a key captures fn over private copies of the inputs; later calls copy the new
// inputs in and replay. Elsewhere (the CPU, graphs off) it calls fn. The key must name
// everything that changes the work besides the input values (shapes, levels, precision).
// `weights` are the tensors fn reads besides its inputs: if any of them moved (a model reloaded
// onto another device), every captured graph is dropped and captured again.
class GraphCache {
public:
    using Function = std::function<torch::Tensor(const std::vector<torch::Tensor>&)>;
    torch::Tensor run(const std::string& key, const std::vector<torch::Tensor>& inputs,
                      const std::vector<torch::Tensor>& weights, const Function& fn);
    void clear();
    size_t size() const;

private:
    struct Entry;
    std::map<std::string, std::shared_ptr<Entry>> entries_;
    std::vector<const void*> weight_ptrs_;
    // One caller at a time: a graph's inputs and output are shared (the studio's sampler and
    // compare workers may sample one model at once).
    std::shared_ptr<std::mutex> mutex_ = std::make_shared<std::mutex>();
};

// Memory layout of the convolution networks' weights and activations. NCHW everywhere by default;
// channels_last (NHWC) is what cuDNN's tensor-core convolutions read without transposes. Auto:
// NCHW on the CPU (measured faster there, docs/performance.md) and, until a GPU call has measured
// it, NCHW on CUDA too. ECT_CHANNELS_LAST=1 (or 0) in the environment sets the starting mode.
enum class LayoutMode { Auto, NCHW, ChannelsLast };
LayoutMode layout_mode();
void set_layout_mode(LayoutMode mode);
LayoutMode parse_layout_mode(const std::string& name);  // "auto" | "nchw" | "nhwc"; throws Error
std::string layout_mode_name(LayoutMode mode);
// True when networks on `device` use channels_last under the current mode.
bool channels_last_for(const torch::Device& device);

// A whole training step as one CUDA graph: forward passes, backward, optimizer and EMA updates
// replayed with one launch, for fixed shapes. The step (`body`) reads and writes only tensors
// that live across steps (its inputs are refilled in place before each call, its outputs are
// accumulated in place), so its captured kernels stay valid. run(key, body) on a CUDA device:
// the first calls for a key run body eagerly on a side stream (cuDNN's autotuning, lazy
// initialisation and the allocator's growth must happen before a capture; these are real steps),
// the next captures and replays it, later ones replay. A new key (a stage change: other
// constants baked into the step) drops the graph held and starts again. Elsewhere (the CPU, or
// graphs off) it calls body. Off unless enabled (ECT_STEP_GRAPH=1, or set_step_graphs_enabled).
class StepGraph {
public:
    static constexpr int kWarmupSteps = 2;
    void run(const std::string& key, const torch::Device& device, const std::function<void()>& body);
    void clear();
    // Whether the last run() replayed a graph (false: it ran eagerly or warmed up).
    bool replayed() const { return replayed_; }
    const std::string& key() const { return key_; }

private:
    struct Captured;
    std::shared_ptr<Captured> captured_;
    std::string key_;
    int warmups_ = 0;
    bool replayed_ = false;
};
bool step_graphs_enabled();
void set_step_graphs_enabled(bool on);

// Free bytes on a CUDA device (0 on the CPU).
int64_t device_memory_free(const torch::Device& device);

// Bytes currently allocated by the engine on `device` (CUDA only; 0 on the CPU).
int64_t device_memory_allocated(const torch::Device& device);

}  // namespace ect
