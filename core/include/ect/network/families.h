// The table of network families, found by name (as EDM's EDMPrecond builds
// globals()[model_type]): each row parses its own fields, builds its network, imports the
// constructor arguments of official snapshots and names itself. A new family is its own source
// file plus a row here (see ARCHITECTURE.md).
#pragma once

#include "ect/network/backbone.h"
#include "ect/network/network_config.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ect {

struct NetworkFamily {
    std::string name;            // `arch` in ect.network: "songunet"
    std::string title;           // for people: "SongUNet"
    std::string official_class;  // the class of official snapshots: "SongUNet"
    std::string about;           // one line: what it is, where it comes from
    // The family's own fields read from a description (keys it does not know are left to
    // others), checked with the shared ones, as canonical JSON. Throws Error naming `source`.
    std::function<std::string(const nlohmann::json& description, const NetworkConfig& shared, const std::string& source)>
        options;
    std::function<std::shared_ptr<BackboneImpl>(const NetworkConfig&)> build;
    // Official snapshots: the constructor's positional arguments in order, and the translation
    // of its arguments (positional and keyword, as JSON) into a config. `config` arrives with
    // img_resolution, img_channels and label_dim set by the preconditioning; unsupported
    // arguments throw, dropped training-only ones are said in `notes` ("... was dropped. ").
    std::vector<std::string> official_args;
    std::function<void(const nlohmann::json& args, NetworkConfig& config, std::string& notes, const std::string& source)>
        import;
    // The family's own part of NetworkConfig::summary() (", positional embedding, ...").
    std::function<std::string(const NetworkConfig&)> summary;
};

const std::vector<NetworkFamily>& network_families();
// The row of `name`; throws Error naming `source` and the known families when there is none.
const NetworkFamily& network_family(const std::string& name, const std::string& source = "network");
// The row whose official class is `official_class`, or nullptr.
const NetworkFamily* family_of_official_class(const std::string& official_class);

// Reading official constructor arguments (JSON from a pickle) strictly, for the import functions.
namespace official_args {
int whole(const nlohmann::json& args, const char* key, int fallback, const std::string& source);
double number(const nlohmann::json& args, const char* key, double fallback, const std::string& source);
std::vector<int> whole_list(const nlohmann::json& args, const char* key, std::vector<int> fallback,
                            const std::string& source);
std::vector<double> number_list(const nlohmann::json& args, const char* key, std::vector<double> fallback,
                                const std::string& source);
std::string text(const nlohmann::json& args, const char* key, std::string fallback, const std::string& source);
// Refuses any argument not in `known`, naming the family.
void only_known(const nlohmann::json& args, const std::vector<std::string>& known, const std::string& family,
                const std::string& source);
// EDM's augment_dim and label_dropout: training-time inputs our networks leave out, said in notes.
void note_training_only(const nlohmann::json& args, std::string& notes, const std::string& source);
}  // namespace official_args

// The shared argument readers for the family rows: strict JSON fields of a description.
namespace description {
void read(const nlohmann::json& j, const char* key, int& out, const std::string& source);
void read(const nlohmann::json& j, const char* key, double& out, const std::string& source);
void read(const nlohmann::json& j, const char* key, std::string& out, const std::string& source);
void read(const nlohmann::json& j, const char* key, std::vector<int>& out, const std::string& source);
void read(const nlohmann::json& j, const char* key, std::vector<double>& out, const std::string& source);
}  // namespace description

}  // namespace ect
