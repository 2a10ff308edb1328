// Loading and saving Denoisers as safetensors model files with strict validation.
#include "ect/network/model_file.h"

#include "ect/error.h"
#include "ect/network/snapshot.h"

#include <torch/torch.h>

#include <set>

namespace ect {

std::vector<std::pair<std::string, torch::Tensor>> named_state(Denoiser& net)
{
    std::vector<std::pair<std::string, torch::Tensor>> state;
    for (const auto& p : net->named_parameters(true)) state.emplace_back(p.key(), p.value());
    for (const auto& b : net->named_buffers(true)) state.emplace_back(b.key(), b.value());
    return state;
}

void load_named_weights(const std::vector<std::pair<std::string, torch::Tensor>>& targets, const TensorFile& file,
                        const std::string& source, const std::string& owner, const std::string& metadata_key,
                        const LoadOptions& options)
{
    std::set<std::string> expected;
    torch::NoGradGuard no_grad;
    for (const auto& [name, target] : targets) {
        expected.insert(name);
        if (!file.contains(name)) {
            size_t missing = 0;
            for (const auto& [other, unused] : targets) missing += file.contains(other) ? 0 : 1;
            fail(source, "missing tensor '" + name + "'" +
                             (missing > 1 ? " and " + std::to_string(missing - 1) + " more" : std::string()) + " that " +
                             owner + " in " + metadata_key + " needs");
        }
        const torch::Tensor& value = file.at(name);
        if (!value.sizes().equals(target.sizes()))
            fail(source, "tensor '" + name + "' has shape " + c10::str(value.sizes()) + " but " + owner + " needs " +
                             c10::str(target.sizes()));
        if (!value.is_floating_point())
            fail(source, "tensor '" + name + "' holds " + c10::toString(value.scalar_type()) + ", not floating-point data");
        if (options.shapes_only) continue;
        if (!options.allow_nonfinite) {
            // NaN or Inf weights sample black or noise without a word: refuse them by name.
            const int64_t bad = value.numel() - torch::isfinite(value).sum().item<int64_t>();
            if (bad > 0)
                fail(source, "tensor '" + name + "' holds " + std::to_string(bad) +
                                 " non-finite values (NaN or Inf): the weights are damaged");
        }
        target.copy_(value.to(torch::kFloat32));
    }
    for (const auto& [name, unused] : file.tensors)
        if (!expected.count(name))
            fail(source, "unexpected tensor '" + name + "': not part of " + owner + " described in " + metadata_key);
}

void load_weights(Denoiser& net, const TensorFile& file, const std::string& source, const LoadOptions& options)
{
    load_named_weights(named_state(net), file, source, "the network", kNetworkMetadataKey, options);
}

void check_described_shapes(const NetworkConfig& config, const TensorFile& file, const std::string& source,
                            const std::string& owner)
{
    MetaConstruction meta;  // an outline of the network on the meta device costs nothing
    Denoiser outline(config);
    LoadOptions shapes;
    shapes.shapes_only = true;
    load_named_weights(named_state(outline), file, source, owner, kNetworkMetadataKey, shapes);
}

std::string ModelFile::kind() const
{
    const auto it = metadata.find("ect.kind");
    return it != metadata.end() && it->second == "diffusion" ? "diffusion" : "consistency";
}

std::string ModelFile::objective() const
{
    const auto it = metadata.find("ect.objective");
    if (it != metadata.end() && !it->second.empty()) return it->second;
    return is_diffusion() ? "edm" : "ect";
}

ModelFile load_model(const std::string& path, const torch::Device& device, const LoadOptions& options)
{
    // Official EDM/ECT snapshots (.pkl) are converted on the way in.
    const TensorFile file = is_pickle_file(path) ? read_snapshot(path, options.snapshot_entry) : read_safetensors(path);
    const auto it = file.metadata.find(kNetworkMetadataKey);
    if (it == file.metadata.end())
        fail(path, std::string("not an ECT model file: no '") + kNetworkMetadataKey + "' metadata");
    ModelFile model;
    model.path = path;
    model.config = NetworkConfig::from_json(it->second, path);
    model.metadata = file.metadata;
    // The file's own tensors, already read, then bound what building the network can take.
    check_described_shapes(model.config, file, path, "the network");
    model.net = Denoiser(model.config);
    load_named_weights(named_state(model.net), file, path, "the network", kNetworkMetadataKey, options);
    model.net->to(device);
    model.net->eval();
    return model;
}

void copy_state(Denoiser& dst, Denoiser& src)
{
    torch::NoGradGuard no_grad;
    auto to = named_state(dst);
    auto from = named_state(src);
    if (to.size() != from.size()) fail("network", "cannot copy weights between different architectures");
    for (size_t i = 0; i < to.size(); ++i) to[i].second.copy_(from[i].second);
}

void save_model(const std::string& path, Denoiser& net, std::map<std::string, std::string> metadata)
{
    metadata[kNetworkMetadataKey] = net->config().to_json();
    auto state = named_state(net);
    for (auto& entry : state) entry.second = entry.second.detach().to(torch::kCPU, torch::kFloat32);
    write_safetensors(path, state, metadata);
}

}  // namespace ect
