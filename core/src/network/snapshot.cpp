// Official EDM/ECT network snapshots → our model format (see snapshot.h).
#include "ect/network/snapshot.h"

#include "ect/error.h"
#include "ect/io/hash.h"
#include "ect/io/pickle.h"
#include "ect/network/families.h"
#include "ect/network/model_file.h"

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace ect {

namespace {

using json = nlohmann::json;
using pickle::Value;
using Kind = Value::Kind;

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
    json argument(const Value* v, const std::string& what, int depth) const;
    NetworkConfig config_of(const Value* precond_state, const Value* unet, const NetworkFamily& family,
                            const std::string& precond_kind, bool consistency, const json& extra,
                            std::string& notes) const;
    void collect(const Value* module, const std::string& prefix, int depth,
                 std::vector<std::pair<std::string, torch::Tensor>>& out, std::set<const Value*>& seen) const;

    std::string path_;
};

// A pickled constructor argument as JSON (numbers, text, booleans, None and lists of them): the
// family's import reads it strictly. Anything else is refused by name.
json SnapshotReader::argument(const Value* v, const std::string& what, int depth) const
{
    if (depth > 4) refuse(what + " is nested too deeply");
    switch (v->kind) {
    case Kind::None:
        return nullptr;
    case Kind::Bool:
        return v->boolean;
    case Kind::Int:
        return v->integer;
    case Kind::Float:
        return v->number;
    case Kind::Str:
        return v->text;
    case Kind::List:
    case Kind::Tuple: {
        json out = json::array();
        for (const Value* item : list(v, what)) out.push_back(argument(item, what, depth + 1));
        return out;
    }
    default:
        refuse(what + " is " + v->describe() + ", not a number, text or list");
    }
}

NetworkConfig SnapshotReader::config_of(const Value* precond_state, const Value* unet, const NetworkFamily& family,
                                        const std::string& precond_kind, bool consistency, const json& extra,
                                        std::string& notes) const
{
    // The network's constructor arguments as the persistence wrapper recorded them: positional
    // ones in `_init_args`, keywords in `_init_kwargs`.
    const Value* state = unet->state;
    const std::string& cls = family.official_class;
    json args = json::object();
    if (const Value* positional = state->get("_init_args")) {
        const auto items = list(positional, cls + "'s arguments");
        if (items.size() > family.official_args.size()) refuse(cls + " is given more arguments than it takes");
        for (size_t i = 0; i < items.size(); ++i)
            args[family.official_args[i]] = argument(items[i], family.official_args[i], 0);
    }
    if (const Value* keywords = state->get("_init_kwargs")) {
        if (!keywords->is(Kind::Dict)) refuse(cls + "'s keyword arguments are not a dict");
        if (keywords->entries.size() > 64) refuse(cls + " has too many keyword arguments");
        for (const auto& [k, v] : keywords->entries) {
            if (!k->is(Kind::Str)) refuse(cls + "'s keyword arguments have a key that is not a string");
            args[k->text] = argument(v, k->text, 0);
        }
    }
    NetworkConfig c;
    c.arch = family.name;
    c.precond = precond_kind;
    for (const auto& [key, value] : extra.items()) args[key] = value;
    auto recorded = [&](const char* name) { return args.contains(name) && !args[name].is_null(); };
    if (!recorded("img_resolution")) refuse(cls + "'s 'img_resolution' is not recorded in the snapshot");
    c.img_resolution = official_args::whole(args, "img_resolution", 0, path_);
    if (recorded("img_channels")) {  // EDM2's UNet: one number for input and output
        c.img_channels = official_args::whole(args, "img_channels", 0, path_);
    } else {
        for (const char* required : {"in_channels", "out_channels"})
            if (!recorded(required)) refuse(cls + "'s '" + std::string(required) + "' is not recorded in the snapshot");
        c.img_channels = official_args::whole(args, "in_channels", 0, path_);
        if (official_args::whole(args, "out_channels", 0, path_) != c.img_channels)
            refuse(cls + " with out_channels different from in_channels is not supported");
    }
    c.label_dim = official_args::whole(args, "label_dim", 0, path_);
    family.import(args, c, notes, path_);
    if (precond_kind == "edm") {
        if (const Value* v = precond_state->get("sigma_data")) c.sigma_data = number(v, "sigma_data");
        if (consistency)
            if (const Value* v = precond_state->get("sigma_min")) c.sigma_min = number(v, "sigma_min");
    } else if (precond_kind == "vp") {
        // VPPrecond keeps its schedule as attributes; EDM's defaults where one is missing.
        if (const Value* v = precond_state->get("beta_d")) c.vp_beta_d = number(v, "beta_d");
        if (const Value* v = precond_state->get("beta_min")) c.vp_beta_min = number(v, "beta_min");
        if (const Value* v = precond_state->get("M")) c.vp_M = small_int(v, "M");
    }
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
    std::string precond_kind = "edm";
    if (precond == "ECMPrecond")
        consistency = true;
    else if (precond == "VPPrecond")
        precond_kind = "vp";
    else if (precond == "VEPrecond")
        precond_kind = "ve";
    else if (precond == "iDDPMPrecond")
        refuse("iDDPMPrecond networks are not supported: EDMPrecond, ECMPrecond, VPPrecond and VEPrecond are");
    else if (precond != "EDMPrecond" && precond != "Precond")
        refuse("'" + entry + "' is a " + precond +
               ", not a network this tool can import (EDMPrecond, ECMPrecond, VPPrecond, VEPrecond or EDM2's Precond)");
    // EDM2's Precond holds its network as `unet` and, in EDM2's own models, the uncertainty head
    // beside it; ECT's ImageNet-64 models are the same Precond without the head (a consistency
    // model whose boundary is EDM's own: D(x, 0) = x, no ε shift).
    const bool edm2 = precond == "Precond";
    const Value* modules = field(net->state, "_modules", precond);
    const Value* unet = field(modules, edm2 ? "unet" : "model", precond);
    if (!unet->is(Kind::Object)) refuse(precond + "." + (edm2 ? "unet" : "model") + " is " + unet->describe() + ", not a network");
    const NetworkFamily* family = family_of_official_class(unet->text);
    if (!family) {
        std::string known;
        for (const auto& f : network_families()) known += (known.empty() ? "" : ", ") + f.official_class;
        refuse(unet->text + " networks are not supported (supported: " + known + ")");
    }
    if (!unet->state || !unet->state->is(Kind::Dict)) refuse("the " + unet->text + " has no state");
    json extra = json::object();  // what the preconditioning knows of the network
    std::string encoder_note;
    if (edm2) {
        const Value* head = modules->get("logvar_linear");
        const bool has_head = head && !head->is(Kind::None);
        consistency = !has_head;
        int logvar_channels = 0;
        if (has_head) {
            logvar_channels = 128;  // Precond's default
            if (const Value* kw = net->state->get("_init_kwargs"); kw && kw->is(Kind::Dict))
                if (const Value* v = kw->get("logvar_channels")) logvar_channels = small_int(v, "logvar_channels");
        }
        extra["logvar_channels"] = logvar_channels;
        // The encoder between pixels and what the network sees: StandardRGBEncoder's x/127.5 − 1 is
        // this tool's own range; a latent (VAE) encoder would need the VAE, which is not here.
        if (const Value* enc = root->get("encoder"); enc && !enc->is(Kind::None)) {
            if (!enc->is(Kind::Object)) refuse("the snapshot's encoder is " + enc->describe());
            if (enc->text != "StandardRGBEncoder")
                refuse("the snapshot's encoder is " + enc->text +
                       " (a latent-space model): only pixel models (StandardRGBEncoder) can be imported");
            encoder_note = "StandardRGBEncoder: pixels/127.5 - 1";
        }
    }

    std::string notes;
    NetworkConfig config = config_of(net->state, unet, *family, precond_kind, consistency, extra, notes);
    if (edm2) config.sigma_min = 0;  // no boundary shift: consistency and EDM preconditioning agree
    config.validate(path_);
    TensorFile file;
    file.source = path_;
    std::set<const Value*> seen;
    collect(net, "", 0, file.tensors, seen);
    // EDM's augmentation input: not part of our network (it only sees augmentation labels in training).
    file.tensors.erase(std::remove_if(file.tensors.begin(), file.tensors.end(),
                                      [](const auto& t) { return t.first.rfind("model.map_augment.", 0) == 0; }),
                       file.tensors.end());
    if (edm2) {
        // Our model files keep every family's network under `model.`: unet.* and the head move there.
        for (auto& [name, t] : file.tensors) {
            if (name.rfind("unet.", 0) == 0)
                name = "model." + name.substr(5);
            else if (name.rfind("logvar_", 0) == 0)
                name = "model." + name;
        }
    }
    std::set<std::string> names;
    for (const auto& [name, t] : file.tensors)
        if (!names.insert(name).second) refuse("tensor '" + name + "' appears twice");
    file.metadata[kNetworkMetadataKey] = config.to_json();
    file.metadata["ect.kind"] = consistency ? "consistency" : "diffusion";
    if (!encoder_note.empty()) file.metadata["ect.encoder"] = encoder_note;
    file.metadata["ect.source"] = std::filesystem::path(path_).filename().string();
    file.metadata["ect.source_sha256"] = sha256_hex(bytes);
    file.metadata["ect.source_class"] = precond + "(" + unet->text + ")";
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
