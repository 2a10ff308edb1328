// The network-family table and the strict readers of official constructor arguments.
#include "ect/network/families.h"

#include "ect/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace ect {

using json = nlohmann::json;

// Each family's row, defined in its own file.
NetworkFamily songunet_family();
NetworkFamily dhariwal_unet_family();
NetworkFamily edm2_unet_family();

const std::vector<NetworkFamily>& network_families()
{
    static const std::vector<NetworkFamily> table{songunet_family(), dhariwal_unet_family(), edm2_unet_family()};
    return table;
}

const NetworkFamily& network_family(const std::string& name, const std::string& source)
{
    std::string known;
    for (const auto& f : network_families()) {
        if (f.name == name) return f;
        known += (known.empty() ? "'" : ", '") + f.name + "'";
    }
    fail(source, "invalid network: unsupported arch '" + name + "' (known: " + known + ")");
}

const NetworkFamily* family_of_official_class(const std::string& official_class)
{
    for (const auto& f : network_families())
        if (f.official_class == official_class) return &f;
    return nullptr;
}

namespace official_args {
namespace {

const json* find(const json& args, const char* key)
{
    const auto it = args.find(key);
    return it == args.end() || it->is_null() ? nullptr : &*it;
}

int as_whole(const json& v, const std::string& what, const std::string& source)
{
    double x = 0;
    if (v.is_number_integer() || v.is_boolean())
        x = v.is_boolean() ? double(v.get<bool>()) : double(v.get<int64_t>());
    else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>())
        x = v.get<double>();
    else
        fail(source, what + " must be a whole number, not " + v.dump());
    if (x < 0 || x > 1000000) fail(source, what + " = " + v.dump() + " is out of range");
    return int(x);
}

double as_number(const json& v, const std::string& what, const std::string& source)
{
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        fail(source, what + " must be a finite number, not " + v.dump());
    return v.get<double>();
}

const json& as_list(const json& v, const std::string& what, const std::string& source)
{
    if (!v.is_array()) fail(source, what + " must be a list, not " + v.dump());
    if (v.size() > 64) fail(source, what + " has too many entries");
    return v;
}

}  // namespace

int whole(const json& args, const char* key, int fallback, const std::string& source)
{
    const json* v = find(args, key);
    return v ? as_whole(*v, key, source) : fallback;
}

double number(const json& args, const char* key, double fallback, const std::string& source)
{
    const json* v = find(args, key);
    return v ? as_number(*v, key, source) : fallback;
}

std::vector<int> whole_list(const json& args, const char* key, std::vector<int> fallback, const std::string& source)
{
    const json* v = find(args, key);
    if (!v) return fallback;
    std::vector<int> out;
    for (const auto& item : as_list(*v, key, source)) out.push_back(as_whole(item, key, source));
    return out;
}

std::vector<double> number_list(const json& args, const char* key, std::vector<double> fallback,
                                const std::string& source)
{
    const json* v = find(args, key);
    if (!v) return fallback;
    std::vector<double> out;
    for (const auto& item : as_list(*v, key, source)) out.push_back(as_number(item, key, source));
    return out;
}

std::string text(const json& args, const char* key, std::string fallback, const std::string& source)
{
    const json* v = find(args, key);
    if (!v) return fallback;
    if (!v->is_string()) fail(source, std::string(key) + " must be a string, not " + v->dump());
    return v->get<std::string>();
}

void only_known(const json& args, const std::vector<std::string>& known, const std::string& family,
                const std::string& source)
{
    for (const auto& [key, value] : args.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            fail(source, family + " argument '" + key + "' is not supported");
}

void note_training_only(const json& args, std::string& notes, const std::string& source)
{
    const int augment_dim = whole(args, "augment_dim", 0, source);
    if (augment_dim > 0)
        notes += "map_augment (the augmentation-label input, augment_dim " + std::to_string(augment_dim) +
                 ", unused when sampling) was dropped. ";
    if (number(args, "label_dropout", 0, source) != 0) notes += "label_dropout (a training-time setting) was not kept. ";
}

}  // namespace official_args
}  // namespace ect
