// Model files: safetensors round trips and one distinct, named error per kind of damage.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/device.h"
#include "ect/network/model_file.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

#include <sys/stat.h>

using namespace ect;
using ect::test::temp_file;

namespace {

using ect::test::slurp;
using ect::test::spit;

// A file with a hand-written header, to build damaged files byte by byte.
std::string with_header(const std::string& header, const std::string& data)
{
    std::string bytes(8, '\0');
    const uint64_t n = header.size();
    std::memcpy(bytes.data(), &n, 8);
    return bytes + header + data;
}

// The error message read_safetensors gives for `bytes`, or "" when it reads fine.
std::string error_for(const std::string& bytes)
{
    const std::string path = temp_file("damaged.safetensors");
    spit(path, bytes);
    try {
        read_safetensors(path);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE(round_trip_all_dtypes)
{
    const std::string path = temp_file("all.safetensors");
    torch::manual_seed(1);
    std::vector<std::pair<std::string, torch::Tensor>> tensors{
        {"f32", torch::randn({3, 4})},
        {"f16", torch::randn({5}).to(torch::kFloat16)},
        {"bf16", torch::randn({2, 2, 2}).to(torch::kBFloat16)},
        {"f64", torch::randn({7}, torch::kFloat64)},
        {"i64", torch::arange(6).reshape({2, 3})},
        {"u8", torch::randint(0, 255, {4}, torch::kUInt8)},
        {"scalar", torch::tensor(3.5f).reshape({})},
        {"empty", torch::zeros({0, 3})},
        {"strided", torch::randn({4, 4}).t()},  // non-contiguous input is written in logical order
    };
    const std::map<std::string, std::string> meta{{"ect.note", "round trip ✓"}, {"empty", ""}};
    write_safetensors(path, tensors, meta);
    const auto file = read_safetensors(path);
    REQUIRE_EQ(file.tensors.size(), tensors.size());
    REQUIRE(file.metadata == meta);
    for (const auto& [name, t] : tensors) {
        const auto& back = file.at(name);
        REQUIRE_EQ(back.scalar_type(), t.scalar_type());
        REQUIRE(back.sizes().equals(t.sizes()));
        REQUIRE_MSG(torch::equal(back, t), name.c_str());
    }
    // Data starts 8-byte aligned, as the reference writer pads the header.
    uint64_t header = 0;
    std::memcpy(&header, slurp(path).data(), 8);
    REQUIRE_EQ(header % 8, uint64_t(0));
}

TEST_CASE(reads_reference_fixture)
{
    const auto file = read_safetensors(ect::test::fixture("songunet-cond28.safetensors"));
    REQUIRE_EQ(file.tensors.size(), size_t(210));
    REQUIRE(file.metadata.count("ect.network"));
}

TEST_CASE(model_round_trip_identical_outputs)
{
    torch::manual_seed(3);
    Denoiser net(ect::test::tiny_config(4));
    const std::string path = temp_file("tiny.safetensors");
    save_model(path, net, {{"ect.step", "12"}});
    auto loaded = load_model(path);
    REQUIRE_EQ(loaded.config.to_json(), net->config().to_json());
    REQUIRE_EQ(loaded.metadata.at("ect.step"), std::string("12"));
    REQUIRE_EQ(count_parameters(*loaded.net), count_parameters(*net));
    const auto a = named_state(net), b = named_state(loaded.net);
    REQUIRE_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        REQUIRE_EQ(a[i].first, b[i].first);
        REQUIRE(torch::equal(a[i].second, b[i].second));
    }
    torch::NoGradGuard no_grad;
    net->eval();
    const auto x = torch::randn({2, 1, 16, 16});
    const auto labels = torch::eye(4).slice(0, 0, 2);
    REQUIRE(torch::equal(net->forward(x, torch::tensor({0.5f, 3.f}), labels),
                         loaded.net->forward(x, torch::tensor({0.5f, 3.f}), labels)));
}

TEST_CASE(half_precision_weights_load)
{
    torch::manual_seed(4);
    Denoiser net(ect::test::tiny_config());
    auto state = named_state(net);
    for (auto& s : state) s.second = s.second.to(torch::kFloat16);
    const std::string path = temp_file("half.safetensors");
    write_safetensors(path, state, {{kNetworkMetadataKey, net->config().to_json()}});
    const auto loaded = load_model(path);
    REQUIRE(torch::allclose(loaded.net->named_parameters()["model.map_layer0.weight"],
                            net->named_parameters()["model.map_layer0.weight"], 1e-2, 1e-3));
}

static bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

TEST_CASE(damaged_files)
{
    const std::string ok_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::string data(8, '\0');
    auto row = [](const char* name, const std::string& bytes, const char* expected) {
        ect::check::set_row(name);
        const std::string message = error_for(bytes);
        REQUIRE_MSG(contains(message, expected), "got: ", message);
        REQUIRE_MSG(contains(message, "damaged.safetensors"), "the message names the file");
    };
    row("shorter than the length field", "abc", "too short");
    row("truncated header", with_header(ok_header, data).substr(0, 30), "does not fit the file");
    row("a text file", std::string("these are notes, not a model at all\n"), "is not a safetensors model file");
    row("truncated data", with_header(ok_header, data).substr(0, 8 + ok_header.size() + 4), "outside the data section");
    row("bad header JSON", with_header(R"({"a": {"dtype": )", data), "not valid JSON");
    row("header not an object", with_header("[1,2,3]", ""), "not a JSON object");
    row("offsets past the end", with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}})", data),
        "outside the data section");
    row("unknown dtype", with_header(R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", data),
        "unknown dtype 'Q4'");
    row("size disagrees with shape", with_header(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data),
        "needs 12 bytes");
    row("negative shape", with_header(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data),
        "not a non-negative integer");
    row("overlapping tensors",
        with_header(
            R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
            data),
        "overlap");
    row("overlap hidden by an empty tensor",
        with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                    data),
        "overlap");
    row("metadata not strings", with_header(R"({"__metadata__":{"x":1}})", ""), "is not a string");
    // Within the 100 MiB header cap, JSON that would take gigabytes as a document is refused while
    // it is parsed: deeper than a header's 3 levels, or more values than 100k tensors have.
    row("nested too deeply", with_header(std::string(100000, '[') + std::string(100000, ']'), ""), "nested deeper than 3");
    row("nested shape", with_header(R"({"a":{"dtype":"F32","shape":[[2]],"data_offsets":[0,8]}})", data), "nested deeper than 3");
    std::string many = R"({"a":[)";
    for (int i = 0; i < (4 << 20); ++i) many += "0,";
    many += "0]}";
    row("too many values", with_header(many, ""), "more than 4194304 values");
}

TEST_CASE(network_numbers_within_meaningful_ranges)
{
    // Values that pass "> 0, finite" but make sampling NaN, zeros or infinities are refused by name.
    struct Row {
        const char* name;
        double NetworkConfig::*field;
        double value;
        const char* expected;
    };
    for (const Row& r : {Row{"sigma_data huge", &NetworkConfig::sigma_data, 1e300, "sigma_data must be in"},
                         Row{"sigma_data tiny", &NetworkConfig::sigma_data, 1e-300, "sigma_data must be in"},
                         Row{"sigma_min huge", &NetworkConfig::sigma_min, 1e300, "sigma_min must be in"},
                         Row{"sigma_min negative", &NetworkConfig::sigma_min, -1, "sigma_min must be in"}}) {
        ect::check::set_row(r.name);
        NetworkConfig c = test::tiny_config();
        c.*r.field = r.value;
        try {
            c.validate("net.json");
            FAIL_CASE("accepted");
        } catch (const Error& e) {
            REQUIRE_MSG(contains(e.what(), r.expected), e.what());
        }
    }
    NetworkConfig c = test::tiny_config();
    c.family_options = R"({"resample_filter": [1, 1e300]})";  // SongUNet's own field
    REQUIRE_THROWS(Error, c.validate("net.json"));
    c.family_options = R"({"embedding_type": "sinusoidal"})";
    REQUIRE_THROWS(Error, c.validate("net.json"));
    c.family_options = "[1]";
    REQUIRE_THROWS(Error, c.validate("net.json"));
    c = test::tiny_config();
    c.precond = "iddpm";
    REQUIRE_THROWS(Error, c.validate("net.json"));
    c = test::tiny_config();
    c.arch = "dhariwal";
    c.channel_mult_noise = 2;  // ADM has no noise-embedding multiplier
    REQUIRE_THROWS(Error, c.validate("net.json"));
    test::tiny_config().validate("net.json");  // EDM's own values pass
}

TEST_CASE(non_regular_files_are_refused)
{
    // A device never ends and a FIFO blocks: both are refused before a byte is read.
    for (const std::string& path : {std::string("/dev/zero"), temp_file("fifo.safetensors"), temp_file("")}) {
        ect::check::set_row(path);
        if (path.find("fifo") != std::string::npos) REQUIRE_EQ(::mkfifo(path.c_str(), 0600), 0);
        try {
            read_safetensors(path);
            FAIL_CASE("no error");
        } catch (const Error& e) {
            REQUIRE_MSG(contains(e.what(), "not a regular file"), e.what());
            REQUIRE_MSG(contains(e.what(), path), "the message names the file");
        }
    }
}

TEST_CASE(missing_file)
{
    try {
        read_safetensors("/nonexistent/model.safetensors");
        FAIL_CASE("no error");
    } catch (const Error& e) {
        REQUIRE(contains(e.what(), "/nonexistent/model.safetensors: cannot open file"));
    }
}

TEST_CASE(model_errors)
{
    const std::pair<std::string, std::string> rows[] = {
        {"drop", "missing tensor 'model."},
        {"extra", "unexpected tensor 'model.bogus'"},
        {"shape", "has shape [3] but the network needs"},
        {"nometa", "no 'ect.network' metadata"},
        {"badjson", "not valid JSON"},
        {"badnet", "invalid network"},
        {"int", "not floating-point"},
        {"nan", "holds 2 non-finite values (NaN or Inf)"},
        {"fraction", "'img_resolution' must be a whole number, not 28.7"},
        {"overflow", "'channel_mult_emb' must be a whole number, not 1000000000.0"},
        {"huge", "has shape"},
    };
    for (const auto& [damage, expected] : rows) {
        ect::check::set_row(damage);
        torch::manual_seed(5);
        Denoiser net(ect::test::tiny_config());
        auto state = named_state(net);
        std::map<std::string, std::string> meta{{kNetworkMetadataKey, net->config().to_json()}};
        if (damage == "drop") state.erase(state.begin() + 3);
        if (damage == "extra") state.emplace_back("model.bogus", torch::zeros({1}));
        if (damage == "shape") state[0].second = torch::zeros({3});
        if (damage == "nometa") meta.clear();
        if (damage == "badjson") meta[kNetworkMetadataKey] = "{\"arch\": songunet";
        if (damage == "badnet") {
            auto c = net->config();
            c.img_resolution = 15;  // not divisible by 2 for two levels
            meta[kNetworkMetadataKey] = c.to_json();
        }
        if (damage == "int") state[0].second = state[0].second.to(torch::kInt32);
        if (damage == "nan") {
            state[0].second = state[0].second.clone();
            state[0].second.view(-1)[0] = NAN;
            state[0].second.view(-1)[1] = INFINITY;
        }
        auto edit_network = [&](const char* key, const nlohmann::json& value) {
            auto j = nlohmann::json::parse(meta[kNetworkMetadataKey]);
            j[key] = value;
            meta[kNetworkMetadataKey] = j.dump();
        };
        if (damage == "fraction") edit_network("img_resolution", 28.7);
        if (damage == "overflow") edit_network("channel_mult_emb", 1e9);
        // A small file describing a network of billions of parameters (within every bound): its
        // shapes are compared before anything that size is allocated.
        if (damage == "huge") edit_network("model_channels", 4096), edit_network("channel_mult", {64, 64});
        const std::string path = temp_file("bad-model.safetensors");
        write_safetensors(path, state, meta);
        const int64_t resident = process_resident_bytes();
        try {
            load_model(path);
            FAIL_CASE("no error");
        } catch (const Error& e) {
            REQUIRE_MSG(contains(e.what(), expected), e.what());
            REQUIRE_MSG(std::string(e.what()).rfind(path, 0) == 0, "the message names the file");
        }
        REQUIRE_MSG(process_resident_bytes() - resident < (512 << 20), "refusing took ",
                    (process_resident_bytes() - resident) >> 20, " MiB");
    }
}

TEST_CASE(nonfinite_weights_load_when_allowed)
{
    Denoiser net(ect::test::tiny_config());
    auto state = named_state(net);
    state[0].second = state[0].second.clone();
    state[0].second.view(-1)[0] = NAN;
    const std::string path = temp_file("nan-model.safetensors");
    write_safetensors(path, state, {{kNetworkMetadataKey, net->config().to_json()}});
    REQUIRE_THROWS(Error, load_model(path));
    LoadOptions inspect;
    inspect.allow_nonfinite = true;
    const ModelFile m = load_model(path, torch::kCPU, inspect);
    REQUIRE(std::isnan(m.net->named_parameters()[state[0].first].view(-1)[0].item<double>()));
}

TEST_CASE(failed_write_keeps_existing_file)
{
    const std::string path = temp_file("keep.safetensors");
    write_safetensors(path, {{"a", torch::ones({2})}});
    const std::string before = slurp(path);
    REQUIRE_THROWS(Error, write_safetensors(path, {{"a", torch::ones({2})}, {"a", torch::ones({2})}}));
    REQUIRE_EQ(slurp(path), before);
}
