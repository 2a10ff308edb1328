// torch.distributed for the trainer: the torchrun environment, the c10d store and process group.
// The one file that includes c10d: its headers need USE_C10D_GLOO / USE_C10D_NCCL, and the Gloo
// and NCCL headers, which only some LibTorch installs have (build_config.h says which).
#include "ect/training/distributed.h"

#include "ect/build_config.h"
#include "ect/device.h"
#include "ect/error.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <thread>

#if ECT_WITH_GLOO || ECT_WITH_NCCL
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#if ECT_WITH_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if ECT_WITH_NCCL
#ifndef USE_C10D_NCCL
#define USE_C10D_NCCL
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace ect {
namespace {

constexpr const char* kFailureKey = "ect/failure";

// An integer variable: absent → `fallback` (or Error when required), malformed → Error.
int env_int(const char* name, int fallback, bool required, int lo, int hi)
{
    const char* v = std::getenv(name);
    if (!v || !*v) {
        if (required) fail("launch", std::string(name) + " is not set (torchrun sets it; a launch by hand sets RANK, "
                                     "WORLD_SIZE, MASTER_ADDR and MASTER_PORT)");
        return fallback;
    }
    const std::string text(v);
    const bool digits = text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
    const int value = digits ? std::stoi(text) : -1;
    if (!digits || value < lo || value > hi)
        fail("launch", std::string(name) + "='" + text.substr(0, 40) + "' is not a number from " + std::to_string(lo) + " to " +
                           std::to_string(hi));
    return value;
}

}  // namespace

LaunchEnvironment LaunchEnvironment::from_environment()
{
    LaunchEnvironment e;
    const char* rank = std::getenv("RANK");
    const char* world = std::getenv("WORLD_SIZE");
    if (!(rank && *rank) && !(world && *world)) return e;  // a plain process
    e.launched = true;
    // 4096 processes (512 nodes of 8 GPUs) and no more: rank 0 holds a connection per rank, and a
    // stray WORLD_SIZE of a million would spin until the process runs out of file descriptors.
    e.world_size = env_int("WORLD_SIZE", 1, true, 1, 4096);
    e.rank = env_int("RANK", 0, true, 0, e.world_size - 1);
    e.local_world_size = env_int("LOCAL_WORLD_SIZE", 1, false, 1, e.world_size);
    e.local_rank = env_int("LOCAL_RANK", 0, false, 0, e.local_world_size - 1);
    e.group_world_size = env_int("GROUP_WORLD_SIZE", 1, false, 1, e.world_size);
    e.group_rank = env_int("GROUP_RANK", 0, false, 0, e.group_world_size - 1);
    e.restart_count = env_int("TORCHELASTIC_RESTART_COUNT", 0, false, 0, 1 << 20);
    const char* addr = std::getenv("MASTER_ADDR");
    if (!addr || !*addr) fail("launch", "MASTER_ADDR is not set (the address of rank 0's node; torchrun sets it)");
    e.master_addr = addr;
    e.master_port = env_int("MASTER_PORT", 0, true, 1, 65535);
    const char* agent = std::getenv("TORCHELASTIC_USE_AGENT_STORE");
    e.agent_store = agent && std::string(agent) == "True";  // torchrun writes Python's str(True)
    return e;
}

std::string LaunchEnvironment::describe() const
{
    std::string s = "rank " + std::to_string(rank) + " of " + std::to_string(world_size);
    if (group_world_size > 1)
        s += " (local rank " + std::to_string(local_rank) + " of " + std::to_string(local_world_size) + ", node " +
             std::to_string(group_rank) + " of " + std::to_string(group_world_size) + ")";
    return s;
}

std::string distributed_backends()
{
    std::string s;
#if ECT_WITH_GLOO
    s = "gloo";
#endif
#if ECT_WITH_NCCL
    s += s.empty() ? "nccl" : ", nccl";
#endif
    return s;
}

#if ECT_WITH_GLOO || ECT_WITH_NCCL

struct DistributedGroup::Impl {
    LaunchEnvironment env;
    torch::Device device{torch::kCPU};
    std::string backend;
    c10::intrusive_ptr<c10d::Store> store;  // the run's keys (ours and the process group's under their prefixes)
#if ECT_WITH_GLOO
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#endif
#if ECT_WITH_NCCL
    c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif

    template <class Work>
    void wait(const Work& work, const char* what)
    {
        try {
            work->wait();
        } catch (const std::exception& e) {
            lost(what, e.what());
        }
    }

    [[noreturn]] void lost(const char* what, const std::string& detail)
    {
        std::string msg = std::string(what) + " over the " + std::to_string(env.world_size) + " ranks failed";
        const std::string other = published();
        if (!other.empty()) msg += ": " + other;
        else msg += " (another rank stopped or cannot be reached: " + detail.substr(0, 300) + ")";
        throw Error(msg + "; the run's last checkpoint is kept: continue it with --resume");
    }

    std::string published()
    {
        try {
            if (!store->check({kFailureKey})) return {};
            const auto bytes = store->get(kFailureKey);
            return std::string(bytes.begin(), bytes.end());
        } catch (const std::exception&) {
            return {};  // the store went with the rank that hosted it
        }
    }

    auto all_reduce(std::vector<at::Tensor>& tensors, const c10d::AllreduceOptions& opts)
    {
#if ECT_WITH_NCCL
        if (nccl) return nccl->allreduce(tensors, opts);
#endif
#if ECT_WITH_GLOO
        return gloo->allreduce(tensors, opts);
#endif
    }

    auto broadcast(std::vector<at::Tensor>& tensors, const c10d::BroadcastOptions& opts)
    {
#if ECT_WITH_NCCL
        if (nccl) return nccl->broadcast(tensors, opts);
#endif
#if ECT_WITH_GLOO
        return gloo->broadcast(tensors, opts);
#endif
    }
};

DistributedGroup::DistributedGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DistributedGroup::~DistributedGroup() = default;

std::shared_ptr<DistributedGroup> DistributedGroup::join(const LaunchEnvironment& env, const std::string& requested_device,
                                                         std::chrono::milliseconds timeout)
{
    auto impl = std::make_unique<Impl>();
    impl->env = env;
    const bool want_cuda = requested_device == "cuda" || requested_device.rfind("cuda:", 0) == 0 ||
                           (requested_device == "auto" && torch::cuda::is_available());
    if (want_cuda) {
        if (!torch::cuda::is_available()) fail("device", "'" + requested_device + "' requested but this machine has no CUDA device");
        if (requested_device.rfind("cuda:", 0) == 0)
            fail("device", "'" + requested_device + "': under torchrun each rank uses cuda:LOCAL_RANK; give --device cuda or auto");
        const int gpus = static_cast<int>(torch::cuda::device_count());
        if (env.local_rank >= gpus)
            fail("device", "local rank " + std::to_string(env.local_rank) + " needs GPU " + std::to_string(env.local_rank) +
                               " but this node has " + std::to_string(gpus) + " (start at most that many ranks per node)");
        impl->device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(env.local_rank));
        make_current(impl->device);  // as torch.cuda.set_device(LOCAL_RANK) in a PyTorch script
#if ECT_WITH_NCCL
        impl->backend = "nccl";
#else
        fail("distributed", "this ect was built without NCCL (LibTorch's ProcessGroupNCCL header or nccl.h was missing), "
                            "so it cannot train on several GPUs; give --device cpu to use Gloo");
#endif
    } else {
        if (requested_device != "cpu" && requested_device != "auto") fail("device", "unknown device '" + requested_device + "'");
#if ECT_WITH_GLOO
        impl->backend = "gloo";
#else
        fail("distributed", "this ect was built without Gloo (LibTorch's ProcessGroupGloo headers were missing)");
#endif
    }

    const std::string where = "rendezvous at " + env.master_addr + ":" + std::to_string(env.master_port);
    try {
        c10d::TCPStoreOptions so;
        so.port = static_cast<std::uint16_t>(env.master_port);
        // As torch.distributed: with torchrun's agent store every rank is a client and the keys
        // live under the attempt; otherwise rank 0 hosts the store.
        so.isServer = !env.agent_store && env.rank == 0;
        so.numWorkers = static_cast<std::size_t>(env.world_size);
        so.waitWorkers = false;
        so.timeout = timeout;
        c10::intrusive_ptr<c10d::Store> tcp = c10::make_intrusive<c10d::TCPStore>(env.master_addr, so);
        impl->store = env.agent_store
                          ? c10::intrusive_ptr<c10d::Store>(c10::make_intrusive<c10d::PrefixStore>(
                                "/worker/attempt_" + std::to_string(env.restart_count), tcp))
                          : tcp;
        impl->store->setTimeout(timeout);
        const auto pg_store = c10::make_intrusive<c10d::PrefixStore>("default_pg", impl->store);
#if ECT_WITH_NCCL
        if (impl->backend == "nccl") {
            auto opts = c10d::ProcessGroupNCCL::Options::create();
            opts->timeout = timeout;
            impl->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(pg_store, env.rank, env.world_size, opts);
        }
#endif
#if ECT_WITH_GLOO
        if (impl->backend == "gloo") {
            auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
            // GLOO_SOCKET_IFNAME picks the network interfaces, as in PyTorch (multi-node machines
            // whose host name resolves to an unreachable address).
            const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
            if (ifname && *ifname) {
                std::string list(ifname), item;
                std::stringstream ss(list);
                while (std::getline(ss, item, ','))
                    if (!item.empty()) opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(item));
            }
            if (opts->devices.empty()) opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            opts->threads = 2;  // Gloo's worker threads; the buckets alternate between them
            impl->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(pg_store, env.rank, env.world_size, opts);
        }
#endif
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        fail("distributed", where + " failed for " + env.describe() + ": " + std::string(e.what()).substr(0, 400) +
                                " (are all ranks started, and is MASTER_ADDR reachable from this node?)");
    }
    return std::shared_ptr<DistributedGroup>(new DistributedGroup(std::move(impl)));
}

int DistributedGroup::rank() const { return impl_->env.rank; }
int DistributedGroup::size() const { return impl_->env.world_size; }
const std::string& DistributedGroup::backend() const { return impl_->backend; }
torch::Device DistributedGroup::device() const { return impl_->device; }
const LaunchEnvironment& DistributedGroup::environment() const { return impl_->env; }

int DistributedGroup::default_threads() const
{
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, cores / std::max(1, impl_->env.local_world_size));
}

void DistributedGroup::all_reduce_sum(const torch::Tensor& t)
{
    std::vector<at::Tensor> v{t};
    c10d::AllreduceOptions opts;
    opts.reduceOp = c10d::ReduceOp::SUM;
    impl_->wait(impl_->all_reduce(v, opts), "the loss statistics' sum");
}

void DistributedGroup::all_reduce_sum_buckets(const torch::Tensor& flat, int64_t bucket_bytes)
{
    const int64_t per = std::max<int64_t>(1, bucket_bytes / static_cast<int64_t>(flat.element_size()));
    c10d::AllreduceOptions opts;
    opts.reduceOp = c10d::ReduceOp::SUM;
    std::vector<decltype(impl_->all_reduce(std::declval<std::vector<at::Tensor>&>(), opts))> works;
    std::vector<std::vector<at::Tensor>> lists;
    lists.reserve(static_cast<size_t>((flat.numel() + per - 1) / per));
    for (int64_t off = 0; off < flat.numel(); off += per) {
        lists.push_back({flat.narrow(0, off, std::min(per, flat.numel() - off))});
        works.push_back(impl_->all_reduce(lists.back(), opts));
    }
    for (auto& w : works) impl_->wait(w, "the gradient sum");
}

void DistributedGroup::broadcast(const torch::Tensor& t, int root)
{
    std::vector<at::Tensor> v{t};
    c10d::BroadcastOptions opts;
    opts.rootRank = root;
    impl_->wait(impl_->broadcast(v, opts), "the weights' broadcast");
}

void DistributedGroup::broadcast_all(const std::vector<torch::Tensor>& tensors, int root)
{
    if (tensors.empty()) return;
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> flat;
    for (const auto& t : tensors) flat.push_back(t.detach().reshape({-1}));
    torch::Tensor buffer = torch::cat(flat).to(impl_->device).contiguous();
    broadcast(buffer, root);
    int64_t off = 0;
    for (const auto& t : tensors) {
        torch::Tensor(t).copy_(buffer.narrow(0, off, t.numel()).view(t.sizes()));
        off += t.numel();
    }
}

bool DistributedGroup::same_everywhere(int64_t value)
{
    // max(v) and max(−v) = −min(v) in one reduction: the same everywhere when max = min (v and
    // −v in int64: the most negative value has no opposite, so it is nudged by one first).
    if (value == std::numeric_limits<int64_t>::min()) ++value;
    torch::Tensor t = torch::tensor({value, -value}, torch::TensorOptions().dtype(torch::kInt64)).to(impl_->device);
    std::vector<at::Tensor> v{t};
    c10d::AllreduceOptions opts;
    opts.reduceOp = c10d::ReduceOp::MAX;
    impl_->wait(impl_->all_reduce(v, opts), "the weights' comparison");
    const torch::Tensor h = t.cpu();
    return h[0].item<int64_t>() == -h[1].item<int64_t>();
}

std::string DistributedGroup::vote(bool ok, const std::string& why)
{
    if (!ok) publish_failure(why);
    auto minimum = [&](double value) {
        torch::Tensor t = torch::full({1}, value, torch::TensorOptions().dtype(torch::kFloat32)).to(impl_->device);
        std::vector<at::Tensor> v{t};
        c10d::AllreduceOptions opts;
        opts.reduceOp = c10d::ReduceOp::MIN;
        impl_->wait(impl_->all_reduce(v, opts), "a vote");
        return t.cpu().item<float>();
    };
    if (minimum(ok ? 1 : 0) > 0.5f) return {};
    std::string message = impl_->published();
    if (message.empty()) message = ok ? "another rank failed (see its output)" : "rank " + std::to_string(rank()) + ": " + why;
    minimum(1);  // every rank has read the message before the store's host may leave
    return message;
}

std::string DistributedGroup::published_failure()
{
    return impl_->published();
}

void DistributedGroup::publish_failure(const std::string& what) noexcept
{
    try {
        if (impl_->store->check({kFailureKey})) return;  // the first failure is the one to report
        const std::string text = "rank " + std::to_string(impl_->env.rank) + ": " + what;
        impl_->store->set(kFailureKey, std::vector<uint8_t>(text.begin(), text.end()));
    } catch (const std::exception&) {
    }
}

#else  // no c10d in this build

struct DistributedGroup::Impl {};
DistributedGroup::DistributedGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DistributedGroup::~DistributedGroup() = default;

std::shared_ptr<DistributedGroup> DistributedGroup::join(const LaunchEnvironment&, const std::string&, std::chrono::milliseconds)
{
    fail("distributed", "this ect was built without torch.distributed (LibTorch's c10d Gloo/NCCL headers were not found "
                        "at build time; on Debian install libgloo-dev and rebuild)");
}
[[noreturn]] static void unreachable() { throw std::logic_error("no distributed group in this build"); }
int DistributedGroup::rank() const { unreachable(); }
int DistributedGroup::size() const { unreachable(); }
const std::string& DistributedGroup::backend() const { unreachable(); }
torch::Device DistributedGroup::device() const { unreachable(); }
const LaunchEnvironment& DistributedGroup::environment() const { unreachable(); }
int DistributedGroup::default_threads() const { unreachable(); }
void DistributedGroup::all_reduce_sum(const torch::Tensor&) { unreachable(); }
void DistributedGroup::all_reduce_sum_buckets(const torch::Tensor&, int64_t) { unreachable(); }
void DistributedGroup::broadcast(const torch::Tensor&, int) { unreachable(); }
void DistributedGroup::broadcast_all(const std::vector<torch::Tensor>&, int) { unreachable(); }
bool DistributedGroup::same_everywhere(int64_t) { unreachable(); }
std::string DistributedGroup::vote(bool, const std::string&) { unreachable(); }
std::string DistributedGroup::published_failure() { return {}; }
void DistributedGroup::publish_failure(const std::string&) noexcept {}

#endif

}  // namespace ect
