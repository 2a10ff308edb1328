// The FD feature classifier: architecture, training, files.
#include "ect/evaluation/classifier.h"

#include "ect/device.h"
#include "ect/error.h"
#include "ect/io/json_read.h"
#include "ect/network/model_file.h"
#include "ect/io/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>

namespace ect {

using json = nlohmann::json;

std::string ClassifierConfig::to_json() const
{
    return json{{"arch", "ect-cnn-v1"},       {"resolution", resolution}, {"channels", channels},
                {"classes", classes},         {"widths", widths},         {"feature_dim", feature_dim}}
        .dump();
}

ClassifierConfig ClassifierConfig::from_json(const std::string& text, const std::string& source)
{
    ClassifierConfig c;
    try {
        const json j = parse_json_bounded(text, source, 4, 4096);
        if (j.value("arch", std::string()) != "ect-cnn-v1")
            fail(source, "unknown classifier architecture '" + j.value("arch", std::string("?")) + "'");
        // Whole numbers within bounds (a float such as 1e36 is refused, not converted).
        auto whole = [&](const json& v, const char* key) {
            const auto x = json_whole(v, 0, 1 << 20);
            if (!x) fail(source, std::string("classifier field '") + key + "' must be a whole number, not " + v.dump());
            return int(*x);
        };
        c.resolution = whole(j.at("resolution"), "resolution");
        c.channels = whole(j.at("channels"), "channels");
        c.classes = whole(j.at("classes"), "classes");
        if (!j.at("widths").is_array() || j.at("widths").size() > 16) fail(source, "classifier widths must be a short list");
        c.widths.clear();  // the description replaces the defaults
        for (const auto& w : j.at("widths")) c.widths.push_back(whole(w, "widths"));
        c.feature_dim = whole(j.at("feature_dim"), "feature_dim");
    } catch (const json::exception& e) {
        fail(source, std::string("bad classifier description (") + e.what() + ")");
    }
    if (c.widths.size() != 3 || c.resolution < 8 || c.channels < 1 || c.classes < 2 || c.feature_dim < 1)
        fail(source, "classifier description out of range");
    for (int w : c.widths)
        if (w < 1 || w % 8) fail(source, "classifier widths must be positive multiples of 8");
    return c;
}

namespace {

void conv_block(torch::nn::Sequential& seq, int in, int out)
{
    seq->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    seq->push_back(torch::nn::GroupNorm(torch::nn::GroupNormOptions(8, out)));
    seq->push_back(torch::nn::SiLU());
}

}  // namespace

ClassifierImpl::ClassifierImpl(const ClassifierConfig& config) : cfg_(config)
{
    torch::nn::Sequential body;
    const auto& w = cfg_.widths;
    conv_block(body, cfg_.channels, w[0]);
    conv_block(body, w[0], w[0]);
    body->push_back(torch::nn::MaxPool2d(2));
    conv_block(body, w[0], w[1]);
    conv_block(body, w[1], w[1]);
    body->push_back(torch::nn::MaxPool2d(2));
    conv_block(body, w[1], w[2]);
    body->push_back(torch::nn::AdaptiveAvgPool2d(1));
    body->push_back(torch::nn::Flatten());
    body_ = register_module("body", body);
    feature_ = register_module("feature", torch::nn::Linear(w[2], cfg_.feature_dim));
    dropout_ = register_module("dropout", torch::nn::Dropout(0.3));
    head_ = register_module("head", torch::nn::Linear(cfg_.feature_dim, cfg_.classes));
}

torch::Tensor ClassifierImpl::features(const torch::Tensor& images)
{
    return torch::silu(feature_(body_->forward(images)));
}

std::vector<torch::Tensor> ClassifierImpl::stage_features(const torch::Tensor& images)
{
    // Each pooling layer closes a stage: its input is the stage's activation.
    std::vector<torch::Tensor> stages;
    torch::Tensor x = images;
    for (auto& layer : *body_) {
        const auto& module = layer.ptr();
        if (module->as<torch::nn::MaxPool2dImpl>() || module->as<torch::nn::AdaptiveAvgPool2dImpl>()) {
            stages.push_back(x);
            if (module->as<torch::nn::AdaptiveAvgPool2dImpl>()) break;  // the rest only flattens
        }
        x = layer.forward(x);
    }
    return stages;
}

torch::Tensor classifier_distance(Classifier& net, const torch::Tensor& a, const torch::Tensor& b)
{
    if (!a.sizes().equals(b.sizes())) fail("feature distance", "the two batches differ in shape");
    const auto& cfg = net->config();
    if (a.dim() != 4 || a.size(1) != cfg.channels || a.size(2) != cfg.resolution || a.size(3) != cfg.resolution)
        fail("feature distance", "the classifier reads " + std::to_string(cfg.resolution) + "×" +
                                     std::to_string(cfg.resolution) + "×" + std::to_string(cfg.channels) +
                                     " images, not " + c10::str(a.sizes()));
    // One pass over both (GroupNorm is per image, so the halves do not see each other).
    const int64_t n = a.size(0);
    torch::Tensor distance = torch::zeros({n}, a.options());
    for (const torch::Tensor& stage : net->stage_features(torch::cat({a, b.to(a.dtype())}, 0))) {
        // LPIPS's normalize_tensor: x / (‖x‖ + 1e-10) along channels.
        const torch::Tensor unit = stage / (stage.square().sum(1, true).sqrt() + 1e-10);
        distance = distance + (unit.slice(0, 0, n) - unit.slice(0, n)).square().sum(1).mean({1, 2});
    }
    return distance;
}

torch::Tensor ClassifierImpl::logits_from_features(const torch::Tensor& features)
{
    return head_(dropout_(features));
}

double classifier_accuracy(Classifier& net, const Dataset& data, int64_t batch)
{
    if (!data.labels.defined()) fail(data.name, "has no labels to measure accuracy against");
    torch::NoGradGuard no_grad;
    const bool was_training = net->is_training();
    net->eval();
    const torch::Device device = net->parameters().front().device();
    int64_t correct = 0;
    for (int64_t i = 0; i < data.size(); i += batch) {
        const torch::Tensor idx = torch::arange(i, std::min(i + batch, data.size()));
        const torch::Tensor pred = net->forward(data.pixels(idx).to(device)).argmax(1).cpu();
        correct += pred.eq(data.labels.index_select(0, idx)).sum().item<int64_t>();
    }
    net->train(was_training);
    return static_cast<double>(correct) / static_cast<double>(data.size());
}

Classifier train_classifier(const Dataset& train, const Dataset& test, const ClassifierTrainOptions& o,
                            const std::function<void(const ClassifierEpoch&)>& on_epoch)
{
    if (!train.labels.defined() || train.num_classes < 2) fail(train.name, "a classifier needs labelled data");
    if (o.epochs < 1 || o.batch < 1 || !(o.lr > 0)) fail("classifier", "epochs, batch and lr must be positive");
    ClassifierConfig cfg;
    cfg.resolution = static_cast<int>(train.images.size(2));
    cfg.channels = static_cast<int>(train.images.size(1));
    cfg.classes = train.num_classes;
    torch::manual_seed(o.seed);  // initial weights and dropout
    Classifier net(cfg);
    net->to(o.device);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(o.lr));
    IndexSampler sampler(train.size(), o.seed);
    at::Generator flip_gen = make_generator(torch::kCPU, o.seed + 1);
    const int64_t steps_per_epoch = (train.size() + o.batch - 1) / o.batch;
    const int64_t total = steps_per_epoch * o.epochs;
    int64_t step = 0;
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        net->train();
        double loss_sum = 0;
        for (int64_t s = 0; s < steps_per_epoch; ++s, ++step) {
            // Cosine learning-rate decay to zero over the whole run.
            const double lr = o.lr * 0.5 * (1 + std::cos(M_PI * static_cast<double>(step) / static_cast<double>(total)));
            for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
            const torch::Tensor idx = sampler.next(o.batch);
            torch::Tensor x = train.pixels(idx);
            if (o.xflip) {
                const torch::Tensor flip = torch::rand({x.size(0), 1, 1, 1}, flip_gen) < 0.5;
                x = torch::where(flip, x.flip(3), x);
            }
            const torch::Tensor y = train.labels.index_select(0, idx).to(o.device);
            const torch::Tensor loss = torch::cross_entropy_loss(net->forward(x.to(o.device)), y);
            opt.zero_grad();
            loss.backward();
            opt.step();
            loss_sum += loss.item<double>();
        }
        const double acc = test.size() ? classifier_accuracy(net, test) : 0.0;
        if (on_epoch)
            on_epoch({epoch, loss_sum / static_cast<double>(steps_per_epoch), acc,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
    }
    net->eval();
    return net;
}

void save_classifier(const std::string& path, Classifier& net, std::map<std::string, std::string> metadata)
{
    metadata[kClassifierMetadataKey] = net->config().to_json();
    metadata["ect.kind"] = "classifier";
    std::vector<std::pair<std::string, torch::Tensor>> state;
    for (const auto& p : net->named_parameters(true)) state.emplace_back(p.key(), p.value().detach().cpu());
    write_safetensors(path, state, metadata);
}

Classifier load_classifier(const std::string& path, const torch::Device& device,
                           std::map<std::string, std::string>* metadata)
{
    const TensorFile file = read_safetensors(path);
    const auto it = file.metadata.find(kClassifierMetadataKey);
    if (it == file.metadata.end())
        fail(path, std::string("not a classifier file: no '") + kClassifierMetadataKey + "' metadata");
    Classifier net(ClassifierConfig::from_json(it->second, path));
    std::vector<std::pair<std::string, torch::Tensor>> targets;
    for (const auto& p : net->named_parameters(true)) targets.emplace_back(p.key(), p.value());
    load_named_weights(targets, file, path, "the classifier", kClassifierMetadataKey);
    net->to(device);
    net->eval();
    if (metadata) *metadata = file.metadata;
    return net;
}

}  // namespace ect
