// Device selection and settings. Everything CUDA-specific lives in the ECT_WITH_CUDA block below.
#include "ect/device.h"

#include "ect/error.h"

#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <thread>

#include <ATen/CPUGeneratorImpl.h>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <unistd.h>

#ifdef ECT_WITH_CUDA
#include <ATen/cuda/CUDAGeneratorImpl.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <cuda_runtime_api.h>
#endif

namespace ect {

torch::Device resolve_device(const std::string& name)
{
    if (name == "auto") return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (name == "cpu") return torch::kCPU;
    if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available())
            fail("device", "'" + name + "' requested but this build or machine has no CUDA device");
        int index = 0;
        if (name.size() > 5) {
            try {
                size_t used = 0;
                index = std::stoi(name.substr(5), &used);
                if (used != name.size() - 5) throw std::invalid_argument(name);
            } catch (const std::exception&) {
                fail("device", "bad device '" + name + "' (use cpu, cuda, cuda:N or auto)");
            }
        }
        if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
            fail("device", "no CUDA device " + std::to_string(index));
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    fail("device", "unknown device '" + name + "' (use cpu, cuda, cuda:N or auto)");
}

void init_threads(int threads)
{
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
}

void use_strict_fp32()
{
    set_tf32(false);
}

void set_tf32(bool allow)
{
    at::globalContext().setAllowTF32CuBLAS(allow);
    at::globalContext().setAllowTF32CuDNN(allow);
}

Precision parse_precision(const std::string& name)
{
    if (name == "fp32") return Precision::FP32;
    if (name == "tf32") return Precision::TF32;
    if (name == "bf16") return Precision::BF16;
    fail("precision", "unknown precision '" + name + "' (use fp32, tf32 or bf16)");
}

std::string precision_name(Precision precision)
{
    switch (precision) {
    case Precision::FP32: return "fp32";
    case Precision::TF32: return "tf32";
    case Precision::BF16: return "bf16";
    }
    return "fp32";
}

Precision default_precision(const torch::Device& device)
{
    return device.is_cuda() ? Precision::TF32 : Precision::FP32;
}

void check_precision(Precision precision, const torch::Device& device)
{
    if (precision == Precision::BF16 && !device.is_cuda())
        fail("precision", "bf16 runs on CUDA devices only (use fp32 on the CPU)");
}

namespace {

// LibTorch 2.4 replaced the CUDA-specific autocast switches by per-device ones.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool cuda_autocast_enabled()
{
    return at::autocast::is_autocast_enabled(at::kCUDA);
}
void set_cuda_autocast(bool on)
{
    at::autocast::set_autocast_enabled(at::kCUDA, on);
    if (on) at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
}
#else
bool cuda_autocast_enabled()
{
    return at::autocast::is_enabled();
}
void set_cuda_autocast(bool on)
{
    at::autocast::set_enabled(on);
    if (on) at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
}
#endif

}  // namespace

PrecisionScope::PrecisionScope(Precision precision, const torch::Device& device)
{
    check_precision(precision, device);
    if (!device.is_cuda()) return;
    set_tf32(precision != Precision::FP32);
    if (precision == Precision::BF16) {
        autocast_ = true;
        previous_autocast_ = cuda_autocast_enabled();
        set_cuda_autocast(true);
        at::autocast::increment_nesting();
    }
}

std::string math_mode_key()
{
    const auto& ctx = at::globalContext();
    return std::string("tf32:") + (ctx.allowTF32CuBLAS() ? "1" : "0") + (ctx.allowTF32CuDNN() ? "1" : "0") +
           ",bf16:" + (cuda_autocast_enabled() ? "1" : "0");
}

PrecisionScope::~PrecisionScope()
{
    if (!autocast_) return;
    // The cached bf16 weight copies go stale once the optimizer updates the weights.
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    set_cuda_autocast(previous_autocast_);
}

namespace {

std::atomic<bool>& graphs_switch()
{
    static std::atomic<bool> on{[] {
        const char* env = std::getenv("ECT_CUDA_GRAPHS");
        return !(env && std::string(env) == "0");
    }()};
    return on;
}

std::atomic<bool>& step_graphs_switch()
{
    static std::atomic<bool> on{[] {
        const char* env = std::getenv("ECT_STEP_GRAPH");
        return env && std::string(env) == "1";
    }()};
    return on;
}

}  // namespace

bool cuda_graphs_enabled()
{
    return graphs_switch();
}

void set_cuda_graphs_enabled(bool on)
{
    graphs_switch() = on;
}

namespace {

std::atomic<LayoutMode>& layout_switch()
{
    static std::atomic<LayoutMode> mode{[] {
        const char* env = std::getenv("ECT_CHANNELS_LAST");
        if (!env) return LayoutMode::Auto;
        const std::string v = env;
        return v == "1" ? LayoutMode::ChannelsLast : v == "0" ? LayoutMode::NCHW : LayoutMode::Auto;
    }()};
    return mode;
}

}  // namespace

LayoutMode layout_mode()
{
    return layout_switch();
}

void set_layout_mode(LayoutMode mode)
{
    layout_switch() = mode;
}

LayoutMode parse_layout_mode(const std::string& name)
{
    if (name == "auto") return LayoutMode::Auto;
    if (name == "nchw") return LayoutMode::NCHW;
    if (name == "nhwc" || name == "channels_last") return LayoutMode::ChannelsLast;
    fail("layout", "unknown memory layout '" + name + "' (use auto, nchw or nhwc)");
}

std::string layout_mode_name(LayoutMode mode)
{
    switch (mode) {
    case LayoutMode::Auto: return "auto";
    case LayoutMode::NCHW: return "nchw";
    case LayoutMode::ChannelsLast: return "nhwc";
    }
    return "auto";
}

bool channels_last_for(const torch::Device& /*device*/)
{
    // Auto is NCHW on every device until the GPU side-by-side has measured channels_last there
    // (issue 22); the device argument is where that measured choice goes.
    return layout_switch() == LayoutMode::ChannelsLast;
}

bool step_graphs_enabled()
{
    return step_graphs_switch();
}

void set_step_graphs_enabled(bool on)
{
    step_graphs_switch() = on;
}

void StepGraph::clear()
{
    captured_.reset();
    key_.clear();
    warmups_ = 0;
    replayed_ = false;
}

void GraphCache::clear()
{
    std::lock_guard<std::mutex> lock(*mutex_);
    entries_.clear();
    weight_ptrs_.clear();
}

size_t GraphCache::size() const
{
    std::lock_guard<std::mutex> lock(*mutex_);
    return entries_.size();
}

int64_t process_resident_bytes()
{
    std::ifstream statm("/proc/self/statm");
    int64_t total = 0, resident = 0;
    statm >> total >> resident;
    return resident * static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
}

void exit_program(int code)
{
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
#ifdef ECT_WITH_CUDA
    std::_Exit(code);
#else
    std::exit(code);
#endif
}

#ifdef ECT_WITH_CUDA

at::Generator make_generator(const torch::Device& device, uint64_t seed)
{
    if (!device.is_cuda()) return at::detail::createCPUGenerator(seed);
    at::Generator gen = at::cuda::detail::createCUDAGenerator(device.index());
    gen.set_current_seed(seed);
    return gen;
}

void make_current(const torch::Device& device)
{
    if (device.is_cuda()) c10::cuda::set_device(device.index());
}

void synchronize(const torch::Device& device)
{
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

std::string describe_device(const torch::Device& device)
{
    if (!device.is_cuda()) return "CPU (" + std::to_string(torch::get_num_threads()) + " threads)";
    cudaDeviceProp prop{};
    cudaGetDeviceProperties(&prop, device.index());
    return "CUDA " + std::to_string(device.index()) + ": " + prop.name + ", " +
           std::to_string(prop.totalGlobalMem >> 30) + " GiB";
}

double device_peak_tflops(const torch::Device& device, Precision precision)
{
    if (!device.is_cuda()) return 0;
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, device.index()) != cudaSuccess) return 0;
    const std::string name = prop.name;
    struct Peak {
        const char* name;  // a substring of the device name; the first match wins
        double fp32, tf32, bf16;
    };
    // Dense (no sparsity) figures of NVIDIA's data sheets.
    static const Peak table[] = {{"H100 PCIe", 51.2, 378, 756},
                                 {"H100", 66.9, 494.7, 989.4},  // SXM
                                 {"H200", 66.9, 494.7, 989.4},
                                 {"A100", 19.5, 156, 312}};
    for (const auto& p : table) {
        if (name.find(p.name) == std::string::npos) continue;
        switch (precision) {
        case Precision::FP32: return p.fp32;
        case Precision::TF32: return p.tf32;
        case Precision::BF16: return p.bf16;
        }
    }
    return 0;
}

int64_t device_memory_free(const torch::Device& device)
{
    if (!device.is_cuda()) return 0;
    size_t free = 0, total = 0;
    if (cudaSetDevice(device.index()) != cudaSuccess || cudaMemGetInfo(&free, &total) != cudaSuccess) return 0;
    return static_cast<int64_t>(free);
}

struct GraphCache::Entry {
    at::cuda::CUDAGraph graph;
    std::vector<torch::Tensor> inputs;  // the graph's private inputs, refilled before each replay
    torch::Tensor output;
};

torch::Tensor GraphCache::run(const std::string& key, const std::vector<torch::Tensor>& inputs,
                              const std::vector<torch::Tensor>& weights, const Function& fn)
{
    const bool on_cuda = !inputs.empty() && inputs[0].is_cuda();
    if (!on_cuda || !cuda_graphs_enabled()) return fn(inputs);
    std::lock_guard<std::mutex> lock(*mutex_);
    std::vector<const void*> ptrs;
    for (const auto& w : weights) ptrs.push_back(w.data_ptr());
    if (ptrs != weight_ptrs_) {  // new weights (or a first call): graphs read weights by address
        entries_.clear();
        weight_ptrs_ = ptrs;
    }
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        auto entry = std::make_shared<Entry>();
        for (const auto& t : inputs) entry->inputs.push_back(t.clone());
        // Capture on a side stream after warm-up runs there (cuDNN autotuning and lazy
        // initialisation must not happen inside a capture). Autocast's weight cache is off while
        // capturing: a graph must not read cached casts that are freed when the cache is cleared.
        const bool cache = at::autocast::is_autocast_cache_enabled();
        at::autocast::set_autocast_cache_enabled(false);
        torch::cuda::synchronize(inputs[0].device().index());
        {
            c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool(false, inputs[0].device().index());
            c10::cuda::CUDAStreamGuard guard(stream);
            for (int i = 0; i < 2; ++i) fn(entry->inputs);
            stream.synchronize();
            entry->graph.capture_begin();
            entry->output = fn(entry->inputs);
            entry->graph.capture_end();
            stream.synchronize();
        }
        at::autocast::set_autocast_cache_enabled(cache);
        it = entries_.emplace(key, entry).first;
    }
    Entry& e = *it->second;
    for (size_t i = 0; i < inputs.size(); ++i) e.inputs[i].copy_(inputs[i]);
    e.graph.replay();
    return e.output.clone();  // the next replay overwrites the graph's output
}

struct StepGraph::Captured {
    c10::optional<c10::cuda::CUDAStream> stream;  // one side stream for the warm-ups and the capture
    std::unique_ptr<at::cuda::CUDAGraph> graph;
};

namespace {

// Autocast's weight cache off for a scope, whatever leaves it (a failed capture included).
struct AutocastCacheOff {
    bool before = at::autocast::is_autocast_cache_enabled();
    AutocastCacheOff() { at::autocast::set_autocast_cache_enabled(false); }
    ~AutocastCacheOff() { at::autocast::set_autocast_cache_enabled(before); }
};

}  // namespace

void StepGraph::run(const std::string& key, const torch::Device& device, const std::function<void()>& body)
{
    replayed_ = false;
    if (!device.is_cuda() || !cuda_graphs_enabled()) return body();
    if (key != key_ || !captured_) {
        if (captured_) captured_->graph.reset();  // the old graph's memory pool goes with it
        if (!captured_) captured_ = std::make_shared<Captured>();
        key_ = key;
        warmups_ = 0;
    }
    Captured& c = *captured_;
    if (c.graph) {
        c.graph->replay();
        replayed_ = true;
        return;
    }
    // Warm-up steps and the capture on one side stream, after the caller's stream has finished
    // the work queued so far (the inputs' copies), as PyTorch's whole-network capture does: the
    // same stream for both, so what the warm-ups set up per stream (cuBLAS workspaces) is what the
    // graph uses. Autocast's weight cache is off: a graph must not keep reading cached casts of
    // the weights that the cache frees when cleared (and new weights make them stale).
    if (!c.stream) c.stream = c10::cuda::getStreamFromPool(false, device.index());
    c10::cuda::CUDAStream stream = *c.stream;
    c10::cuda::getCurrentCUDAStream(device.index()).synchronize();
    AutocastCacheOff cache_off;
    c10::cuda::CUDAStreamGuard guard(stream);
    if (warmups_ < kWarmupSteps) {
        ++warmups_;
        body();
        stream.synchronize();
        return;
    }
    // The warm-ups' cached blocks back to the device first: the capture allocates its own set
    // in the graph's private pool (torch.cuda.graph empties the cache the same way).
    stream.synchronize();
    c10::cuda::CUDACachingAllocator::emptyCache();
    auto graph = std::make_unique<at::cuda::CUDAGraph>();
    graph->capture_begin();
    try {
        body();  // recorded, not run
    } catch (...) {
        // End the capture before anything else runs on the device, drop the partial graph, and
        // run uncaptured from now on: the error is the caller's (the step did not happen).
        try {
            graph->capture_end();
        } catch (...) {
        }
        graph.reset();
        set_step_graphs_enabled(false);
        throw;
    }
    graph->capture_end();
    graph->replay();  // this step
    stream.synchronize();
    c.graph = std::move(graph);
    replayed_ = true;
}

void set_cudnn_benchmark(bool on)
{
    at::globalContext().setBenchmarkCuDNN(on);
}

int64_t device_peak_memory(const torch::Device& device)
{
    if (!device.is_cuda()) return 0;
    // Index 0 of each statistic is the aggregate over both pools in every LibTorch release.
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
    return stats.allocated_bytes[0].peak;
}

void reset_device_peak_memory(const torch::Device& device)
{
    if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index());
}

int64_t device_memory_allocated(const torch::Device& device)
{
    if (!device.is_cuda()) return 0;
    // The runtime's view (in use on the device: tensors, LibTorch's cache, the context) rather than the
    // caching allocator's statistics, whose C++ API moved between LibTorch releases.
    size_t free = 0, total = 0;
    if (cudaSetDevice(device.index()) != cudaSuccess || cudaMemGetInfo(&free, &total) != cudaSuccess) return 0;
    return static_cast<int64_t>(total - free);
}

#else  // a CPU-only LibTorch: CUDA devices never reach these functions (resolve_device refuses them)

at::Generator make_generator(const torch::Device& device, uint64_t seed)
{
    (void)device;  // only CPU devices get here
    return at::detail::createCPUGenerator(seed);
}

void synchronize(const torch::Device&) {}
void make_current(const torch::Device&) {}

std::string describe_device(const torch::Device& device)
{
    (void)device;
    return "CPU (" + std::to_string(torch::get_num_threads()) + " threads)";
}

int64_t device_memory_allocated(const torch::Device&)
{
    return 0;
}

int64_t device_memory_free(const torch::Device&)
{
    return 0;
}

double device_peak_tflops(const torch::Device&, Precision)
{
    return 0;
}

void set_cudnn_benchmark(bool) {}

struct GraphCache::Entry {};

torch::Tensor GraphCache::run(const std::string&, const std::vector<torch::Tensor>& inputs,
                              const std::vector<torch::Tensor>&, const Function& fn)
{
    return fn(inputs);  // no CUDA in this build: nothing to capture
}

struct StepGraph::Captured {};

void StepGraph::run(const std::string& key, const torch::Device&, const std::function<void()>& body)
{
    key_ = key;
    replayed_ = false;
    body();  // no CUDA in this build: nothing to capture
}

int64_t device_peak_memory(const torch::Device&)
{
    return 0;
}

void reset_device_peak_memory(const torch::Device&) {}

#endif

}  // namespace ect
