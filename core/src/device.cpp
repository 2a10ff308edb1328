// Device selection and settings. Everything CUDA-specific lives in the ECT_WITH_CUDA block below.
#include "ect/device.h"

#include "ect/error.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <thread>

#include <ATen/CPUGeneratorImpl.h>
#include <fstream>
#include <unistd.h>

#ifdef ECT_WITH_CUDA
#include <ATen/cuda/CUDAGeneratorImpl.h>
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

int64_t process_resident_bytes()
{
    std::ifstream statm("/proc/self/statm");
    int64_t total = 0, resident = 0;
    statm >> total >> resident;
    return resident * static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
}

#ifdef ECT_WITH_CUDA

at::Generator make_generator(const torch::Device& device, uint64_t seed)
{
    if (!device.is_cuda()) return at::detail::createCPUGenerator(seed);
    at::Generator gen = at::cuda::detail::createCUDAGenerator(device.index());
    gen.set_current_seed(seed);
    return gen;
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

std::string describe_device(const torch::Device& device)
{
    (void)device;
    return "CPU (" + std::to_string(torch::get_num_threads()) + " threads)";
}

int64_t device_memory_allocated(const torch::Device&)
{
    return 0;
}

#endif

}  // namespace ect
