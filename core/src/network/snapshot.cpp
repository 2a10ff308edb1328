// Official EDM/ECT network snapshots → our model format (see snapshot.h).
#include "ect/network/snapshot.h"

#include "ect/error.h"
#include "ect/io/hash.h"
#include "ect/io/pickle.h"
#include "ect/network/model_file.h"

#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace ect {

namespace {

using pickle::Value;
using Kind = Value::Kind;

// SongUNet's positional parameters, in the order of EDM's networks.py, for `_init_args`.
const char* const kSongUNetArgs[] = {
    "img_resolution", "in_channels",        "out_channels", "label_dim",        "augment_dim",    "model_channels",
    "channel_mult",   "channel_mult_emb",   "num_blocks",   "attn_resolutions", "dropout",        "label_dropout",
    "embedding_type", "channel_mult_noise", "encoder_type", "decoder_type",     "resample_filter"};

class SnapshotReader {
public:
    SnapshotReader(std::string path) : path_(std::move(path)) {}

    TensorFile read(const std::string& entry);

private:
    [[noreturn]] void refuse(const std::string& why) const { fail(path_, why); }
    const Value* field(const Value* dict, const std::string& key, const std::string& owner) const
    {
        const Value* v = dict ? dict->get(key) : nullptr;
        if (!v) refuse(owner + " has no '" + key + "'");
        return v;
    }
    int64_t integer(const Value* v, const std::string& what) const
    {
        if (v->is(Kind::Int)) return v->integer;
        if (v->is(Kind::Bool)) return v->boolean;
        if (v->is(Kind::Float) && v->number == double(int64_t(v->number)) && std::abs(v->number) < 1e15)
            return int64_t(v->number);
        refuse(what + " must be a whole number, not " + v->describe());
    }
    int small_int(const Value* v, const std::string& what) const
    {
        const int64_t x = integer(v, what);
        if (x < 0 || x > 1000000) refuse(what + " = " + std::to_string(x) + " is out of range");
        return int(x);
    }
    double number(const Value* v, const std::string& what) const
    {
        if (v->is(Kind::Float)) return v->number;
        if (v->is(Kind::Int)) return double(v->integer);
        refuse(what + " must be a number, not " + v->describe());
    }
    std::string text(const Value* v, const std::string& what) const
    {
        if (!v->is(Kind::Str)) refuse(what + " must be a string, not " + v->describe());
        return v->text;
    }
    std::vector<const Value*> list(const Value* v, const std::string& what) const
    {
        if (!v->is(Kind::List) && !v->is(Kind::Tuple)) refuse(what + " must be a list, not " + v->describe());
        if (v->items.size() > 64) refuse(what + " has too many entries");
        return {v->items.begin(), v->items.end()};
    }
    NetworkConfig config_of(const Value* precond_state, const Value* unet, bool consistency, std::string& notes) const;
    void collect(const Value* module, const std::string& prefix, int depth,
                 std::vector<std::pair<std::string, torch::Tensor>>& out, std::set<const Value*>& seen) const;

    std::string path_;
};

NetworkConfig SnapshotReader::config_of(const Value* precond_state, const Value* unet, bool consistency,
                                        std::string& notes) const
{
    // The network's constructor arguments as the persistence wrapper recorded them: positional
    // ones in `_init_args`, keywords in `_init_kwargs`.
    const Value* state = unet->state;
    std::map<std::string, const Value*> args;
    if (const Value* positional = state->get("_init_args")) {
        const auto items = list(positional, "SongUNet's arguments");
        if (items.size() > std::size(kSongUNetArgs)) refuse("SongUNet is given more arguments than it takes");
        for (size_t i = 0; i < items.size(); ++i) args[kSongUNetArgs[i]] = items[i];
    }
    if (const Value* keywords = state->get("_init_kwargs")) {
        if (!keywords->is(Kind::Dict)) refuse("SongUNet's keyword arguments are not a dict");
        for (const auto& [k, v] : keywords->entries) {
            if (!k->is(Kind::Str)) refuse("SongUNet's keyword arguments have a key that is not a string");
            if (std::find(std::begin(kSongUNetArgs), std::end(kSongUNetArgs), k->text) == std::end(kSongUNetArgs))
                refuse("SongUNet argument '" + k->text + "' is not supported");
            args[k->text] = v;
        }
    }
    auto arg = [&](const char* name) -> const Value* {
        const auto it = args.find(name);
        return it == args.end() ? nullptr : it->second;
    };
    NetworkConfig c;                // our defaults are SongUNet's where the snapshot leaves an argument out
    c.channel_mult = {1, 2, 2, 2};  // SongUNet's default (our own default is the CIFAR-10 recipe's)
    c.model_channels = 128;
    c.attn_resolutions = {16};
    c.num_blocks = 4;
    c.dropout = 0.10;
    for (const char* required : {"img_resolution", "in_channels", "out_channels"})
        if (!arg(required)) refuse("SongUNet's '" + std::string(required) + "' is not recorded in the snapshot");
    c.img_resolution = small_int(arg("img_resolution"), "img_resolution");
    c.img_channels = small_int(arg("in_channels"), "in_channels");
    if (small_int(arg("out_channels"), "out_channels") != c.img_channels)
        refuse("SongUNet with out_channels different from in_channels is not supported");
    if (arg("label_dim")) c.label_dim = small_int(arg("label_dim"), "label_dim");
    if (arg("model_channels")) c.model_channels = small_int(arg("model_channels"), "model_channels");
    if (arg("channel_mult")) {
        c.channel_mult.clear();
        for (const Value* v : list(arg("channel_mult"), "channel_mult"))
            c.channel_mult.push_back(small_int(v, "channel_mult"));
    }
    if (arg("channel_mult_emb")) c.channel_mult_emb = small_int(arg("channel_mult_emb"), "channel_mult_emb");
    if (arg("channel_mult_noise")) c.channel_mult_noise = small_int(arg("channel_mult_noise"), "channel_mult_noise");
    if (arg("num_blocks")) c.num_blocks = small_int(arg("num_blocks"), "num_blocks");
    if (arg("attn_resolutions")) {
        c.attn_resolutions.clear();
        for (const Value* v : list(arg("attn_resolutions"), "attn_resolutions"))
            c.attn_resolutions.push_back(small_int(v, "attn_resolutions"));
    }
    if (arg("dropout")) c.dropout = number(arg("dropout"), "dropout");
    if (arg("embedding_type")) c.embedding_type = text(arg("embedding_type"), "embedding_type");
    if (arg("encoder_type")) c.encoder_type = text(arg("encoder_type"), "encoder_type");
    if (arg("decoder_type")) c.decoder_type = text(arg("decoder_type"), "decoder_type");
    if (arg("resample_filter")) {
        c.resample_filter.clear();
        for (const Value* v : list(arg("resample_filter"), "resample_filter"))
            c.resample_filter.push_back(number(v, "resample_filter"));
    }
    if (arg("augment_dim") && integer(arg("augment_dim"), "augment_dim") > 0)
        notes += "map_augment (the augmentation-label input, augment_dim " +
                 std::to_string(integer(arg("augment_dim"), "augment_dim")) + ", unused when sampling) was dropped. ";
    if (arg("label_dropout") && number(arg("label_dropout"), "label_dropout") != 0)
        notes += "label_dropout (a training-time setting) was not kept. ";
    if (const Value* v = precond_state->get("sigma_data")) c.sigma_data = number(v, "sigma_data");
    if (consistency)
        if (const Value* v = precond_state->get("sigma_min")) c.sigma_min = number(v, "sigma_min");
    c.validate(path_);
    return c;
}

// Parameters and persistent buffers of a module and its children, by state-dict name.
void SnapshotReader::collect(const Value* module, const std::string& prefix, int depth,
                             std::vector<std::pair<std::string, torch::Tensor>>& out,
                             std::set<const Value*>& seen) const
{
    if (depth > 32) refuse("modules nested too deeply");
    if (!module->is(Kind::Object) || !module->state || !module->state->is(Kind::Dict))
        refuse("'" + prefix + "' is " + module->describe() + ", not a module");
    if (!seen.insert(module).second) refuse("module '" + prefix + "' appears twice (a cycle or shared module)");
    const Value* state = module->state;
    std::set<std::string> transient;
    if (const Value* set = state->get("_non_persistent_buffers_set"))
        for (const Value* v : set->items)
            if (v->is(Kind::Str)) transient.insert(v->text);
    for (const char* group : {"_parameters", "_buffers"}) {
        const Value* tensors = state->get(group);
        if (!tensors) continue;
        if (!tensors->is(Kind::Dict)) refuse("'" + prefix + "' has " + group + " that are not a dict");
        for (const auto& [k, v] : tensors->entries) {
            if (!k->is(Kind::Str)) refuse("'" + prefix + "' has a tensor name that is not a string");
            if (v->is(Kind::None) || transient.count(k->text)) continue;
            if (!v->is(Kind::Tensor)) refuse("'" + prefix + k->text + "' is " + v->describe() + ", not a tensor");
            out.emplace_back(prefix + k->text, v->tensor);
        }
    }
    if (const Value* children = state->get("_modules")) {
        if (!children->is(Kind::Dict)) refuse("'" + prefix + "' has _modules that are not a dict");
        for (const auto& [k, v] : children->entries) {
            if (!k->is(Kind::Str)) refuse("'" + prefix + "' has a module name that is not a string");
            if (v->is(Kind::None)) continue;
            collect(v, prefix + k->text + ".", depth + 1, out, seen);
        }
    }
}

TensorFile SnapshotReader::read(const std::string& entry)
{
    const std::string bytes = read_file_bytes(path_);
    const pickle::Document doc = pickle::read_pickle(bytes, path_);
    const Value* root = doc.root();
    if (!root->is(Kind::Dict)) refuse("not a network snapshot: the pickle holds " + root->describe() + ", not a dict");
    const Value* net = root->get(entry);
    if (!net) {
        std::string keys;
        for (const auto& [k, v] : root->entries)
            if (k->is(Kind::Str)) keys += (keys.empty() ? "" : ", ") + k->text;
        refuse("the snapshot has no '" + entry + "' entry (it has: " + (keys.empty() ? "none" : keys) + ")");
    }
    if (net->is(Kind::None)) refuse("the snapshot's '" + entry + "' is empty (None)");
    if (!net->is(Kind::Object) || !net->state) refuse("'" + entry + "' is " + net->describe() + ", not a network");
    const std::string precond = net->text;
    bool consistency = false;
    if (precond == "ECMPrecond")
        consistency = true;
    else if (precond == "VPPrecond" || precond == "VEPrecond" || precond == "iDDPMPrecond")
        refuse(precond +
               " networks are not supported: only EDM's preconditioning (EDMPrecond) and ECT's (ECMPrecond) are");
    else if (precond == "Precond")
        refuse(
            "EDM2 networks (Precond over EDM2's UNet) are not supported: only EDMPrecond and ECMPrecond over SongUNet "
            "are");
    else if (precond != "EDMPrecond")
        refuse("'" + entry + "' is a " + precond +
               ", not a network this tool can import (EDMPrecond or ECMPrecond over SongUNet)");
    const Value* modules = field(net->state, "_modules", precond);
    const Value* unet = field(modules, "model", precond);
    if (!unet->is(Kind::Object)) refuse(precond + ".model is " + unet->describe() + ", not a network");
    if (unet->text == "DhariwalUNet")
        refuse("DhariwalUNet (ADM) networks are not supported: only SongUNet (DDPM++/NCSN++) is");
    if (unet->text != "SongUNet") refuse(unet->text + " networks are not supported: only SongUNet (DDPM++/NCSN++) is");
    if (!unet->state || !unet->state->is(Kind::Dict)) refuse("the SongUNet has no state");

    std::string notes;
    const NetworkConfig config = config_of(net->state, unet, consistency, notes);
    TensorFile file;
    file.source = path_;
    std::set<const Value*> seen;
    collect(net, "", 0, file.tensors, seen);
    // EDM's augmentation input: not part of our network (it only sees augmentation labels in training).
    file.tensors.erase(std::remove_if(file.tensors.begin(), file.tensors.end(),
                                      [](const auto& t) { return t.first.rfind("model.map_augment.", 0) == 0; }),
                       file.tensors.end());
    std::set<std::string> names;
    for (const auto& [name, t] : file.tensors)
        if (!names.insert(name).second) refuse("tensor '" + name + "' appears twice");
    file.metadata[kNetworkMetadataKey] = config.to_json();
    file.metadata["ect.kind"] = consistency ? "consistency" : "diffusion";
    file.metadata["ect.source"] = std::filesystem::path(path_).filename().string();
    file.metadata["ect.source_sha256"] = sha256_hex(bytes);
    file.metadata["ect.source_class"] = precond + "(SongUNet)";
    file.metadata["ect.source_entry"] = entry;
    if (!notes.empty()) file.metadata["ect.import_notes"] = notes.substr(0, notes.size() - 1);
    return file;
}

}  // namespace

TensorFile read_snapshot(const std::string& path, const std::string& entry)
{
    return SnapshotReader(path).read(entry);
}

bool is_pickle_file(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;  // never open a pipe or device to peek
    std::ifstream in(path, std::ios::binary);
    char head[2] = {};
    if (!in.read(head, 2)) return false;
    return pickle::looks_like_pickle(std::string(head, 2));
}

}  // namespace ect
