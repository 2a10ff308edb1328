// Every parser of a file a user may be handed, fed mutations of a valid file: a malformed input
// must end in ect::Error (one message naming the file) or be read, never in another exception
// type, a crash, or an allocation the file does not pay for. Deterministic (fixed seeds), so a
// failure reproduces; ECT_FUZZ_ITERATIONS scales the run (default: a few seconds per parser).
#include "check.h"
#include "core_support.h"

#include "ect/device.h"
#include "ect/error.h"
#include "ect/io/image_io.h"
#include "ect/io/safetensors.h"
#include "ect/network/model_file.h"
#include "ect/training/dataset.h"
#include "ect/training/recipe.h"
#include "ect/training/run_folder.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

using namespace ect;
namespace fs = std::filesystem;

namespace {

using ect::test::slurp;
using ect::test::spit;

int iterations(int usual)
{
    const char* env = std::getenv("ECT_FUZZ_ITERATIONS");
    return env && *env ? std::max(1, std::atoi(env)) : usual;
}

// One random change of the kinds that break parsers: flipped bits, bytes set to boundary values,
// chunks deleted, duplicated or inserted, digits swapped for others, truncation.
std::string mutate(std::string s, std::mt19937_64& rng)
{
    auto pick = [&](size_t n) { return n ? size_t(rng() % n) : size_t(0); };
    const int changes = 1 + int(rng() % 4);
    for (int c = 0; c < changes; ++c) {
        switch (rng() % 8) {
        case 0:
            if (!s.empty()) s[pick(s.size())] ^= char(1u << (rng() % 8));
            break;
        case 1: {
            static const unsigned char boundary[] = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
            if (!s.empty()) s[pick(s.size())] = char(boundary[rng() % sizeof boundary]);
            break;
        }
        case 2:
            if (!s.empty()) {
                const size_t at = pick(s.size()), n = 1 + pick(std::min<size_t>(64, s.size() - at));
                s.erase(at, n);
            }
            break;
        case 3:
            if (!s.empty()) {
                const size_t at = pick(s.size()), n = 1 + pick(std::min<size_t>(64, s.size() - at));
                s.insert(pick(s.size()), s.substr(at, n));
            }
            break;
        case 4: {
            static const char* tokens[] = {"-1", "1e308", "4294967296", "18446744073709551615", "null", "[]", "{}",
                                           "\"\"", "NaN", "9999999999999999999999", "0.5", "\"\\u0000\""};
            s.insert(pick(s.size() + 1), tokens[rng() % (sizeof tokens / sizeof *tokens)]);
            break;
        }
        case 5:
            for (char& ch : s)
                if (ch >= '0' && ch <= '9' && rng() % 16 == 0) ch = char('0' + rng() % 10);
            break;
        case 6:
            s.resize(pick(s.size() + 1));
            break;
        default:
            if (!s.empty()) {  // a 4- or 8-byte little-endian field set to a large value
                const size_t at = pick(s.size());
                const uint64_t v = rng() % 2 ? ~uint64_t(0) >> (rng() % 64) : uint64_t(rng() % 4096);
                for (size_t i = 0; i < 8 && at + i < s.size(); ++i) s[at + i] = char(v >> (8 * i));
            }
        }
    }
    return s;
}

// Runs `parse` on `count` mutations of `seed`: each ends in success or ect::Error. The resident
// memory may not grow by more than `memory_cap` over the run.
void fuzz(const std::string& what, const std::string& seed, int count, const std::function<void(const std::string&)>& parse,
          int64_t memory_cap = int64_t(1) << 30)
{
    std::mt19937_64 rng(0xEC7 + std::hash<std::string>()(what));
    const int64_t resident = process_resident_bytes();
    int errors = 0;
    for (int i = 0; i < count; ++i) {
        const std::string input = i == 0 ? seed : mutate(seed, rng);
        check::set_row(what + " #" + std::to_string(i));
        try {
            parse(input);
        } catch (const Error&) {
            ++errors;
        } catch (const std::exception& e) {
            spit(test::temp_file("fuzz-failure-" + what), input);
            FAIL_CASE(what + " #" + std::to_string(i) + " threw something other than ect::Error: " + e.what() +
                      " (input kept in " + test::temp_file("fuzz-failure-" + what) + ")");
        }
        REQUIRE_MSG(process_resident_bytes() - resident < memory_cap, what, " #", i, " grew memory to ",
                    process_resident_bytes() >> 20, " MiB");
    }
    std::printf("  %-22s %d inputs, %d refused with a message\n", what.c_str(), count, errors);
}

Denoiser& tiny_net()
{
    static Denoiser net = [] {
        torch::manual_seed(3);
        return Denoiser(test::tiny_config(3));
    }();
    return net;
}

}  // namespace

TEST_CASE(initTestCase)
{
    torch::set_num_threads(2);
}

TEST_CASE(safetensors_headers)
{
    const std::string path = test::temp_file("fuzz-seed.safetensors");
    write_safetensors(path, {{"a", torch::arange(6, torch::kFloat32).reshape({2, 3})}, {"b", torch::ones({4}, torch::kInt64)},
                             {"e", torch::zeros({0})}},
                      {{"note", "seed"}});
    fuzz("safetensors", slurp(path), iterations(4000), [](const std::string& bytes) { parse_safetensors(bytes, "fuzz"); });
}

TEST_CASE(model_files)
{
    const std::string seed_path = test::temp_file("fuzz-model.safetensors");
    save_model(seed_path, tiny_net(), {{"ect.kind", "consistency"}});
    const std::string seed = slurp(seed_path);
    const std::string path = test::temp_file("fuzz-model-input.safetensors");
    // The header is where the structure lives: mutate it (and the data's length) rather than
    // spending the iterations flipping weight bits, which any file may legitimately hold.
    uint64_t header = 0;
    std::memcpy(&header, seed.data(), 8);
    const std::string head = seed.substr(0, 8 + header), data = seed.substr(8 + header);
    std::mt19937_64 rng(7);
    fuzz("model header", head, iterations(300), [&](const std::string& mutated_head) {
        std::string bytes = mutated_head;
        if (bytes.size() >= 8) {
            const uint64_t n = bytes.size() - 8;  // keep the length field consistent half of the time
            if (rng() % 2) std::memcpy(bytes.data(), &n, 8);
        }
        spit(path, bytes + data);
        load_model(path);
    });
}

TEST_CASE(network_descriptions)
{
    const std::string seed = tiny_net()->config().to_json();
    fuzz("network JSON", seed, iterations(4000), [](const std::string& text) { NetworkConfig::from_json(text, "fuzz"); });
}

TEST_CASE(recipes)
{
    TrainConfig c = make_preset("tiny", "ect");
    c.base_model = "/base.safetensors";
    fuzz("config.json", c.to_json(), iterations(3000), [](const std::string& text) { TrainConfig::from_json(text, "fuzz"); });
}

TEST_CASE(training_logs)
{
    const std::string dir = test::temp_file("fuzz-run");
    fs::create_directories(dir);
    const RunFolder folder(dir);
    const std::string seed = std::string(R"({"step":10,"kimg":0.16,"stage":0,"loss":0.5,"lr":0.0001})") + "\n" +
                             R"({"step":12,"kimg":0.2,"fd":{"cm1":3.5,"cm2":2.25},"fd_samples":2000,"eval_seconds":1.5})" + "\n";
    fuzz("log.jsonl", seed, iterations(3000), [&](const std::string& text) {
        spit(folder.log_path(), text);
        folder.read_log();
    });
}

TEST_CASE(idx_files)
{
    auto be32 = [](uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    const std::string dir = test::temp_file("fuzz-idx");
    fs::create_directories(dir);
    const std::string images = be32(0x00000803) + be32(3) + be32(4) + be32(4) + std::string(48, '\x40');
    const std::string labels = be32(0x00000801) + be32(3) + std::string("\x01\x02\x03", 3);
    spit(dir + "/train-labels-idx1-ubyte", labels);
    fuzz("IDX images", images, iterations(2000), [&](const std::string& bytes) {
        spit(dir + "/train-images-idx3-ubyte", bytes);
        load_idx(dir + "/train-images-idx3-ubyte", dir + "/train-labels-idx1-ubyte", "fuzz");
    });
}

TEST_CASE(idx_with_an_empty_array_is_refused)
{
    // libFuzzer's find (tests/fuzz/corpus/idx/crash-38e8…): a zero dimension made an empty tensor
    // and a memcpy into no memory; such a file now gets one message.
    auto be32 = [](uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    const std::string dir = test::temp_file("idx-empty");
    fs::create_directories(dir);
    spit(dir + "/images", be32(0x00000803) + be32(0) + be32(4) + be32(4));
    spit(dir + "/labels", be32(0x00000801) + be32(0));
    try {
        load_idx(dir + "/images", dir + "/labels", "empty");
        FAIL_CASE("an empty IDX array was read");
    } catch (const Error& e) {
        REQUIRE_MSG(std::string(e.what()).find("empty array") != std::string::npos, e.what());
    }
}

TEST_CASE(png_text_chunks)
{
    const std::string path = test::temp_file("fuzz-seed.png");
    write_image(path, tile_grid(torch::full({1, 4, 4, 1}, 7, torch::kUInt8)), {{"parameters", "Steps: 1"}, {"ect-settings", "{}"}});
    const std::string input = test::temp_file("fuzz-input.png");
    fuzz("PNG text", slurp(path), iterations(2000), [&](const std::string& bytes) {
        spit(input, bytes);
        read_image_text(input);
    });
}
