// Fréchet distance and the feature networks behind it.
#include "ect/evaluation/metrics.h"

#include "ect/error.h"
#include "ect/io/safetensors.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <fstream>

namespace ect {

void FeatureStats::add(const torch::Tensor& features)
{
    if (features.dim() != 2) fail("features", "expected [N, D] features, got " + c10::str(features.sizes()));
    const torch::Tensor f = features.detach().to(torch::kCPU, torch::kFloat64);
    if (!sum_.defined()) {
        sum_ = torch::zeros({f.size(1)}, torch::kFloat64);
        outer_ = torch::zeros({f.size(1), f.size(1)}, torch::kFloat64);
    } else if (f.size(1) != sum_.size(0)) {
        fail("features", "feature size changed from " + std::to_string(sum_.size(0)) + " to " + std::to_string(f.size(1)));
    }
    if (!torch::isfinite(f).all().item<bool>()) fail("features", "the feature network produced NaN or infinite values");
    sum_ = sum_ + f.sum(0);  // out of place, as in merge()
    outer_ = outer_ + f.t().mm(f);
    count_ += f.size(0);
}

void FeatureStats::merge(const FeatureStats& other)
{
    if (other.count_ == 0) return;
    // Out of place: a copied FeatureStats shares its tensors with the original.
    if (count_ == 0) {
        sum_ = other.sum_.clone();
        outer_ = other.outer_.clone();
    } else {
        if (other.dim() != dim()) fail("features", "cannot merge feature sets of different sizes");
        sum_ = sum_ + other.sum_;
        outer_ = outer_ + other.outer_;
    }
    count_ += other.count_;
}

torch::Tensor FeatureStats::mean() const
{
    if (count_ < 1) fail("features", "no features accumulated");
    return sum_ / static_cast<double>(count_);
}

torch::Tensor FeatureStats::covariance() const
{
    if (count_ < 2) fail("features", "a covariance needs at least 2 images");
    const torch::Tensor mu = mean();
    const double n = static_cast<double>(count_);
    return (outer_ - n * torch::outer(mu, mu)) / (n - 1);
}

namespace {

// Square root of a symmetric positive semi-definite matrix (negative round-off clamped to 0).
torch::Tensor sqrtm_psd(const torch::Tensor& m)
{
    const auto [values, vectors] = torch::linalg_eigh(m, "L");
    return vectors.mm(torch::diag(values.clamp_min(0).sqrt())).mm(vectors.t());
}

}  // namespace

double frechet_distance(const FeatureStats& a, const FeatureStats& b)
{
    if (a.dim() != b.dim()) fail("features", "the two feature sets have different sizes");
    const torch::Tensor mu_a = a.mean(), mu_b = b.mean();
    const torch::Tensor sa = a.covariance(), sb = b.covariance();
    const torch::Tensor root_a = sqrtm_psd(sa);
    torch::Tensor inner = root_a.mm(sb).mm(root_a);
    inner = (inner + inner.t()) / 2;  // symmetric up to round-off; eigh needs it exactly
    const torch::Tensor eig = torch::linalg_eigvalsh(inner, "L");
    const double trace_sqrt = eig.clamp_min(0).sqrt().sum().item<double>();
    const double diff = (mu_a - mu_b).pow(2).sum().item<double>();
    return diff + sa.trace().item<double>() + sb.trace().item<double>() - 2 * trace_sqrt;
}

namespace {

class ClassifierFeatureNetwork final : public FeatureNetwork {
public:
    ClassifierFeatureNetwork(const std::string& path, const torch::Device& device)
        : net_(load_classifier(path, device)), device_(device), path_(path)
    {
    }
    torch::Tensor features(const torch::Tensor& u8) override
    {
        const auto& cfg = net_->config();
        if (u8.dim() != 4 || u8.size(1) != cfg.channels || u8.size(2) != cfg.resolution || u8.size(3) != cfg.resolution)
            fail(path_, "the classifier takes " + std::to_string(cfg.channels) + "x" + std::to_string(cfg.resolution) +
                            "x" + std::to_string(cfg.resolution) + " images, got " + c10::str(u8.sizes()));
        torch::NoGradGuard no_grad;
        const torch::Tensor x = u8.to(device_).to(torch::kFloat32) / 127.5 - 1;
        return net_->features(x).cpu();
    }
    std::string description() const override { return "classifier " + path_; }

private:
    Classifier net_;
    torch::Device device_;
    std::string path_;
};

class ScriptFeatureNetwork final : public FeatureNetwork {
public:
    ScriptFeatureNetwork(const std::string& path, const torch::Device& device) : device_(device), path_(path)
    {
        try {
            module_ = torch::jit::load(path, device);
        } catch (const c10::Error& e) {
            std::string msg = e.what_without_backtrace();
            fail(path, "not a loadable TorchScript file (" + msg.substr(0, msg.find('\n')) + ")");
        }
        module_.eval();
        const auto& schema = module_.get_method("forward").function().getSchema();
        for (const auto& arg : schema.arguments())
            if (arg.name() == "return_features") return_features_ = true;
    }
    torch::Tensor features(const torch::Tensor& u8) override
    {
        if (u8.dim() != 4 || (u8.size(1) != 1 && u8.size(1) != 3))
            fail(path_, "feature networks take [N, 1 or 3, H, W] images, got " + c10::str(u8.sizes()));
        torch::NoGradGuard no_grad;
        torch::Tensor x = u8.size(1) == 1 ? u8.repeat({1, 3, 1, 1}) : u8;
        std::vector<torch::jit::IValue> args{x.to(device_)};
        torch::jit::Kwargs kwargs;
        if (return_features_) kwargs.emplace("return_features", true);
        torch::jit::IValue out;
        try {
            out = module_.get_method("forward")(std::move(args), kwargs);
        } catch (const c10::Error& e) {
            std::string msg = e.what_without_backtrace();
            fail(path_, "the feature network failed (" + msg.substr(0, msg.find('\n')) + ")");
        }
        if (out.isTuple()) out = out.toTupleRef().elements().at(0);
        else if (out.isList()) out = out.toListRef().at(0);
        if (!out.isTensor()) fail(path_, "the feature network must return a tensor");
        torch::Tensor f = out.toTensor();
        if (f.dim() == 4 && f.size(2) == 1 && f.size(3) == 1) f = f.flatten(1);  // [N, D, 1, 1] pooled maps
        if (f.dim() != 2 || f.size(0) != u8.size(0))
            fail(path_, "the feature network returned " + c10::str(f.sizes()) + ", expected [N, D]");
        return f.to(torch::kCPU, torch::kFloat32);
    }
    std::string description() const override { return "TorchScript " + path_; }

private:
    torch::jit::Module module_;
    torch::Device device_;
    std::string path_;
    bool return_features_ = false;
};

}  // namespace

std::unique_ptr<FeatureNetwork> classifier_features(const std::string& path, const torch::Device& device)
{
    return std::make_unique<ClassifierFeatureNetwork>(path, device);
}

std::unique_ptr<FeatureNetwork> torchscript_features(const std::string& path, const torch::Device& device)
{
    return std::make_unique<ScriptFeatureNetwork>(path, device);
}

std::unique_ptr<FeatureNetwork> load_feature_network(const std::string& path, const torch::Device& device)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "cannot open the feature network file");
    char magic[4] = {};
    in.read(magic, 4);
    // TorchScript archives are zip files ("PK\3\4"); safetensors start with a little-endian length.
    if (in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K') return torchscript_features(path, device);
    return classifier_features(path, device);
}

FeatureStats image_stats(FeatureNetwork& net, const torch::Tensor& images_u8, int64_t begin, int64_t end, int64_t batch)
{
    FeatureStats stats;
    for (int64_t i = begin; i < end; i += batch) stats.add(net.features(images_u8.slice(0, i, std::min(i + batch, end))));
    return stats;
}

}  // namespace ect
