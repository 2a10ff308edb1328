// Data-parallel training on torch.distributed: a process joins the group torchrun started (its
// RANK, WORLD_SIZE, MASTER_ADDR, ... variables) through LibTorch's own c10d: a TCPStore for the
// rendezvous, ProcessGroupNCCL on CUDA (one GPU per rank, cuda:LOCAL_RANK) or ProcessGroupGloo
// on the CPU. The trainer uses it to keep every rank's weights identical; nothing else does.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ect {

// What torchrun (or Slurm through torchrun, or a hand-written launcher) told this process.
struct LaunchEnvironment {
    int rank = 0, world_size = 1;
    int local_rank = 0, local_world_size = 1;
    int group_rank = 0, group_world_size = 1;  // this node among the nodes
    std::string master_addr;
    int master_port = 0;
    bool agent_store = false;  // torchrun's agent hosts the store: every rank is a client
    int restart_count = 0;     // torchrun's attempt (its store keys are kept per attempt)
    bool launched = false;     // RANK and WORLD_SIZE were set

    // Reads the variables; Error naming the variable when one is malformed or missing.
    static LaunchEnvironment from_environment();
    std::string describe() const;  // "rank 1 of 4 (local rank 1 of 2, node 0 of 2)"
};

// Whether this build can join a group, and with which backends ("gloo", "gloo, nccl"; "" none).
std::string distributed_backends();

class DistributedGroup {
public:
    // Joins the group: the store at MASTER_ADDR:MASTER_PORT (hosted by rank 0, or by torchrun's
    // agent), then NCCL when `requested_device` is CUDA ("auto" with a GPU, "cuda"), else Gloo.
    // A rank waits at most `timeout` for the others at the rendezvous and in any collective; a
    // rank that dies is noticed at once (its connections close) or after `timeout`.
    static std::shared_ptr<DistributedGroup> join(const LaunchEnvironment& env, const std::string& requested_device,
                                                  std::chrono::milliseconds timeout);
    ~DistributedGroup();

    int rank() const;
    int size() const;
    bool is_root() const { return rank() == 0; }
    const std::string& backend() const;  // "gloo" or "nccl"
    torch::Device device() const;        // this rank's device: cuda:LOCAL_RANK or the CPU
    const LaunchEnvironment& environment() const;
    // CPU threads for this rank when none were asked for: the cores shared by the node's ranks.
    int default_threads() const;

    // In place, on tensors of the group's device. Each waits for its result; an error (a rank
    // gone, a timeout) becomes an ect::Error that says so, with what a failed rank published.
    void all_reduce_sum(const torch::Tensor& t);
    // The sum of a flat buffer, in buckets of `bucket_bytes` sent back to back and then awaited
    // (DDP's 25 MB buckets: the first bucket travels while the next is handed over).
    void all_reduce_sum_buckets(const torch::Tensor& flat, int64_t bucket_bytes = int64_t(25) << 20);
    void broadcast(const torch::Tensor& t, int root = 0);
    // Broadcasts several tensors as one buffer (any shapes, one dtype).
    void broadcast_all(const std::vector<torch::Tensor>& tensors, int root = 0);
    // True when `value` is the same on every rank.
    bool same_everywhere(int64_t value);
    // A vote: "" when every rank passes ok, else what the first failed rank published ("rank 0:
    // ..."). Every rank has read it before any returns (rank 0 may host the store and exit next).
    std::string vote(bool ok, const std::string& why = {});
    // What a failed rank published ("rank 1: ..."), or "" (asks the store; never throws).
    std::string published_failure();
    // Publishes this rank's failure for the others to report (never throws).
    void publish_failure(const std::string& what) noexcept;

    struct Impl;

private:
    explicit DistributedGroup(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace ect
