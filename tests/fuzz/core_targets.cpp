// The core's parsers as fuzz targets, each with the valid files its corpus starts from.
#include "fuzz_targets.h"

#include "ect/build_config.h"
#include "ect/error.h"
#include "ect/evaluation/plot.h"
#include "ect/io/image_io.h"
#include "ect/io/safetensors.h"
#include "ect/method/denoise_cases.h"
#include "ect/network/model_file.h"
#include "ect/training/dataset.h"
#include "ect/training/recipe.h"
#include "ect/training/run_folder.h"
#include "ect/training/trainer.h"

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#if ECT_HAVE_ZLIB
#include <zlib.h>
#endif

namespace fs = std::filesystem;

namespace fuzz {
namespace {

std::string as_string(const uint8_t* data, size_t size)
{
    return std::string(reinterpret_cast<const char*>(data), size);
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string scratch(const std::string& name)
{
    return scratch_dir() + "/" + name;
}

// ---- safetensors: the header JSON, dtypes, shapes and offsets against the file ----------------

std::vector<std::string> safetensors_seeds()
{
    const std::string path = scratch("seed.safetensors");
    ect::write_safetensors(path,
                           {{"a", torch::arange(6, torch::kFloat32).reshape({2, 3})},
                            {"b", torch::ones({4}, torch::kInt64)},
                            {"e", torch::zeros({0})},
                            {"h", torch::ones({2, 2}, torch::kFloat16)}},
                           {{"note", "seed"}});
    return {slurp(path)};
}

void safetensors_run(const uint8_t* data, size_t size)
{
    ect::parse_safetensors(as_string(data, size), "fuzz");
}

// ---- model files: `ect.network`, tensor names and shapes against it, before a network is built --

// A small network's file, split into its header (what the fuzzer mutates: the structure lives
// there) and its data section (kept as is: weight bits are anything a file may hold).
struct ModelSeed {
    std::string header, data;
};

// A small class-conditional network: 8×8 gray images, 2 classes.
ect::NetworkConfig seed_network()
{
    ect::NetworkConfig c;
    c.img_resolution = 8;
    c.img_channels = 1;
    c.label_dim = 2;
    c.model_channels = 4;
    c.channel_mult = {1, 1};
    c.num_blocks = 1;
    c.attn_resolutions = {4};
    return c;
}

const ModelSeed& model_seed()
{
    static const ModelSeed seed = [] {
        torch::manual_seed(1);
        ect::Denoiser net(seed_network());
        const std::string path = scratch("seed-model.safetensors");
        ect::save_model(path, net, {{"ect.kind", "consistency"}});
        const std::string bytes = slurp(path);
        uint64_t n = 0;
        std::memcpy(&n, bytes.data(), 8);
        return ModelSeed{bytes.substr(8, n), bytes.substr(8 + n)};
    }();
    return seed;
}

std::vector<std::string> model_seeds()
{
    return {model_seed().header};
}

void model_run(const uint8_t* data, size_t size)
{
    std::string bytes(8, '\0');
    const uint64_t n = size;
    std::memcpy(bytes.data(), &n, 8);
    bytes += as_string(data, size) + model_seed().data;
    const std::string path = scratch("model.safetensors");
    write_bytes(path, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ect::load_model(path);
}

// ---- network descriptions alone ---------------------------------------------------------------

std::vector<std::string> network_seeds()
{
    ect::NetworkConfig c;
    c.label_dim = 10;
    c.attn_resolutions = {16};
    return {c.to_json()};
}

void network_run(const uint8_t* data, size_t size)
{
    ect::NetworkConfig::from_json(as_string(data, size), "fuzz");
}

// ---- IDX images (raw or gzip) against a labels file of 3 -----------------------------------------

std::string be32(uint32_t v)
{
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string gzip(const std::string& raw)
{
#if ECT_HAVE_ZLIB
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, uLong(raw.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = uInt(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
#else
    return raw;
#endif
}

std::vector<std::string> idx_seeds()
{
    std::string pixels;
    for (int i = 0; i < 3 * 4 * 4; ++i) pixels += char(i * 5);
    const std::string images = be32(0x00000803) + be32(3) + be32(4) + be32(4) + pixels;
    return {images, gzip(images)};
}

void idx_run(const uint8_t* data, size_t size)
{
    static const std::string labels = [] {
        const std::string p = scratch("labels-idx1-ubyte");
        const std::string b = be32(0x00000801) + be32(3) + std::string("\x01\x02\x03", 3);
        write_bytes(p, reinterpret_cast<const uint8_t*>(b.data()), b.size());
        return p;
    }();
    const std::string images = scratch("images-idx3-ubyte");
    write_bytes(images, data, size);
    ect::load_idx(images, labels, "fuzz");
}

// ---- image collections: a zip archive (EDM's dataset_tool layout), dataset.json in a folder ------

std::string tiny_png(int shade)
{
    ect::Image8 img;
    img.width = img.height = 4;
    img.channels = 1;
    img.pixels.assign(16, uint8_t(shade));
    return ect::encode_png(img);
}

std::string le16(uint32_t v)
{
    return {char(v), char(v >> 8)};
}
std::string le32(uint32_t v)
{
    return le16(v) + le16(v >> 16);
}

// A zip archive of stored entries (CRCs are not read by our reader, so they are left zero).
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& entries)
{
    std::string out, directory;
    for (const auto& [name, bytes] : entries) {
        const uint32_t local = uint32_t(out.size());
        out += le32(0x04034b50) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0) + le32(uint32_t(bytes.size())) +
               le32(uint32_t(bytes.size())) + le16(uint32_t(name.size())) + le16(0) + name + bytes;
        directory += le32(0x02014b50) + le16(20) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0) +
                     le32(uint32_t(bytes.size())) + le32(uint32_t(bytes.size())) + le16(uint32_t(name.size())) +
                     le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(local) + name;
    }
    const uint32_t cd_offset = uint32_t(out.size());
    out += directory + le32(0x06054b50) + le16(0) + le16(0) + le16(uint32_t(entries.size())) +
           le16(uint32_t(entries.size())) + le32(uint32_t(directory.size())) + le32(cd_offset) + le16(0);
    return out;
}

const char* kLabelsJson = R"({"labels": [["00000/img00000000.png", 0], ["00000/img00000001.png", 1]]})";

std::vector<std::string> zip_seeds()
{
    return {stored_zip({{"dataset.json", kLabelsJson},
                        {"00000/img00000000.png", tiny_png(40)},
                        {"00000/img00000001.png", tiny_png(200)}}),
            stored_zip({{"a/x.png", tiny_png(10)}, {"b/y.png", tiny_png(90)}})};
}

ect::DatasetOptions small_images()
{
    ect::DatasetOptions o;
    o.resolution = 4;
    o.channels = 1;
    return o;
}

void zip_run(const uint8_t* data, size_t size)
{
    const std::string path = scratch("dataset.zip");
    write_bytes(path, data, size);
    // At the data's own size too (what a new network and the studio's form read): the first
    // image's header then sets the size, and a refusal there must not hide the resizing path.
    try {
        ect::probe_dataset(path);
    } catch (const ect::Error&) {
    }
    ect::load_dataset(path, small_images());
}

std::vector<std::string> dataset_json_seeds()
{
    return {kLabelsJson, R"({"labels": null})"};
}

void dataset_json_run(const uint8_t* data, size_t size)
{
    static const std::string folder = [] {
        const std::string dir = scratch("dataset");
        fs::create_directories(dir + "/00000");
        for (int i = 0; i < 2; ++i) {
            const std::string png = tiny_png(60 + 100 * i);
            write_bytes(dir + "/00000/img0000000" + std::to_string(i) + ".png",
                        reinterpret_cast<const uint8_t*>(png.data()), png.size());
        }
        return dir;
    }();
    write_bytes(folder + "/dataset.json", data, size);
    ect::load_dataset(folder, small_images());
}

// ---- PNG text chunks (the parameters and settings inside exported figures) ---------------------

std::vector<std::string> png_seeds()
{
    ect::Image8 img;
    img.width = img.height = 2;
    img.channels = 3;
    img.pixels.assign(12, 100);
    return {ect::encode_png(
        img, {{"parameters", "Steps: 1, Sampler: ect, Seed: 7"}, {"ect-settings", R"({"kind":"sampler"})"}})};
}

void png_run(const uint8_t* data, size_t size)
{
    const std::string path = scratch("figure.png");
    write_bytes(path, data, size);
    ect::read_image_text(path);
}

// ---- official network snapshots (.pkl): the restricted pickle reader and the import -------------
// The corpus also holds snapshots in the official layout written by make_snapshot_seed.py.

std::vector<std::string> pickle_seeds()
{
    auto short_string = [](const std::string& s) { return std::string("\x8c") + char(s.size()) + s + "\x94"; };
    return {
        // an empty dict (no "ema"), and what a hostile file holds: os.system("true") and builtins.eval
        std::string("\x80\x04}\x94.", 5),
        std::string("\x80\x04", 2) + short_string("posix") + short_string("system") + "\x93\x94" +
            short_string("true") + "\x85\x94R\x94.",
        std::string("\x80\x02", 2) + "cbuiltins\neval\n(S'1'\ntR.",
        // a dict with an OrderedDict, a list of ints (one too big for 64 bits), a float, bytes, None
        std::string("\x80\x04}\x94(", 5) + short_string("ema") + short_string("collections") +
            short_string("OrderedDict") + std::string("\x93\x94)R\x94", 5) + short_string("a") +
            std::string("]\x94(K\x01M\x00\x01J\xff\xff\xff\xff\x8a\x09", 15) + std::string(9, '\x7f') + "e" +
            short_string("b") + std::string("G@\x09\x21\xfb\x54\x44\x2d\x18", 9) + std::string("C\x03", 2) + "abc" +
            std::string("N\x87\x94u.", 5),
    };
}

void pickle_run(const uint8_t* data, size_t size)
{
    const std::string path = scratch("snapshot.pkl");
    write_bytes(path, data, size);
    ect::load_model(path);
}

// ---- run folders: config.json and log.jsonl ------------------------------------------------------

std::vector<std::string> config_seeds()
{
    ect::TrainConfig c = ect::make_preset("tiny", "ect");
    c.base_model = "base.safetensors";
    return {c.to_json(), ect::make_preset("cifar10", "edm").to_json()};
}

void config_run(const uint8_t* data, size_t size)
{
    ect::TrainConfig::from_json(as_string(data, size), "fuzz");
}

std::vector<std::string> log_seeds()
{
    return {std::string(R"({"step":10,"kimg":0.16,"stage":0,"loss":0.5,"lr":0.0001,"nonfinite_steps":0})") + "\n" +
            R"({"step":12,"kimg":0.2,"fd":{"cm1":3.5,"cm2":2.25},"fd_samples":2000,"eval_seconds":1.5})" + "\n" +
            R"({"step":14,"kimg":0.3,"stage":1,"loss_bands":[0.1,0.2,0.3,0.4],"loss":0.25,"lr":0.0001})" + "\n"};
}

void log_run(const uint8_t* data, size_t size)
{
    static const ect::RunFolder folder = [] {
        fs::create_directories(scratch("run"));
        return ect::RunFolder(scratch("run"));
    }();
    write_bytes(folder.log_path(), data, size);
    folder.read_log();
}

// ---- `ect plot`: results files and run logs, then the chart ------------------------------------

std::vector<std::string> plot_seeds()
{
    return {std::string(R"({"count":2000,"fd":21.1,"mid":[],"model":"runs/ect.safetensors","sampler":"cm","steps":1,"nfe":1})") + "\n" +
                R"({"count":2000,"fd":4.1,"mid":[0.82],"model":"runs/ect.safetensors","sampler":"cm","steps":2,"nfe":2})" + "\n" +
                R"({"count":2000,"fd":3.9,"mid":[1.43],"model":"runs/ect.safetensors","sampler":"cm","steps":2,"nfe":2})" + "\n" +
                R"({"count":2000,"fd":0.4,"model":"runs/edm.safetensors","sampler":"heun","steps":18,"nfe":35})" + "\n",
            std::string(R"({"step":10,"kimg":0.16,"stage":0,"loss":0.5,"lr":0.0001})") + "\n" +
                R"({"step":12,"kimg":0.2,"fd":{"cm1":3.5,"cm2":2.25},"fd_samples":2000,"eval_seconds":1.5})" + "\n" +
                R"({"step":20,"kimg":0.32,"stage":0,"loss":0.4,"lr":0.0001})" + "\n" +
                R"({"step":24,"kimg":0.4,"fd":{"cm1":3.0,"cm2":2.0},"fd_samples":2000,"eval_seconds":1.5})" + "\n"};
}

void plot_run(const uint8_t* data, size_t size)
{
    // The same bytes through both of `ect plot`'s readers (an `ect eval --json` results file and a
    // run folder's log.jsonl, FD and loss), each chart drawn: a refusal of one is no reason to
    // skip the others.
    const std::string results = scratch("plot-results.jsonl");
    write_bytes(results, data, size);
    try {
        ect::render_plot(ect::plot_from_inputs({results}));
    } catch (const ect::Error&) {
    }
    static const std::string run = [] {
        fs::create_directories(scratch("plot-run"));
        return scratch("plot-run");
    }();
    write_bytes(run + "/log.jsonl", data, size);
    for (const char* y : {"fd", "loss"}) {
        ect::PlotInputOptions o;
        o.y = y;
        o.smooth = 3;
        try {
            ect::render_plot(ect::plot_from_inputs({run}, o));
        } catch (const ect::Error&) {
        }
    }
}

// ---- `ect denoise` cases: x, sigma, class_labels against the network, then run in batches --------

std::vector<std::string> denoise_seeds()
{
    const std::string path = scratch("seed-cases.safetensors");
    ect::write_safetensors(path, {{"x", torch::randn({3, 1, 8, 8})},
                                  {"sigma", torch::tensor({0.002f, 1.0f, 80.0f})},
                                  {"class_labels", torch::eye(2).index({torch::tensor({0, 1, 0})})}});
    return {slurp(path)};
}

void denoise_run(const uint8_t* data, size_t size)
{
    static ect::Denoiser net = [] {
        torch::manual_seed(1);
        ect::Denoiser made(seed_network());
        made->eval();
        return made;
    }();
    const std::string path = scratch("cases.safetensors");
    write_bytes(path, data, size);
    const ect::DenoiseCases cases = ect::read_denoise_cases(path, seed_network());
    // Batches of 16: several batches for the corpus's larger files, while the 300-case seed
    // (45 ms a batch of two under ASan, 150 batches) stays well inside the 10 s per input.
    ect::denoise_cases(net, cases, 16, torch::kCPU);
}

// ---- run folders resumed: config.json, the state's header and log.jsonl together ----------------
// The input is the three parts separated by kPartBreak; the state's data section is the seed run's
// own. The target trusts states without a checksum and the seed's header has none, so mutations
// reach the checks behind it (shapes against the description, the optimizer's moments, the data
// order, the generators) instead of stopping at a checksum that no longer matches.

struct RunSeed {
    std::string config, header, data, log;
};

const RunSeed& run_seed()
{
    static const RunSeed seed = [] {
        const std::string images = scratch("run-images");
        fs::create_directories(images);
        for (int i = 0; i < 4; ++i) {
            const std::string png = tiny_png(30 + 60 * i);
            write_bytes(images + "/img" + std::to_string(i) + ".png", reinterpret_cast<const uint8_t*>(png.data()), png.size());
        }
        ect::TrainConfig c = ect::make_preset("tiny", "edm");
        c.data = images;
        c.device = "cpu";
        c.threads = 1;
        c.batch = 2;
        c.steps = 1;
        c.log_every = 1;
        c.sample_every = 0;
        c.checkpoint_every = 1;
        c.resolution = 4;
        c.image_channels = 1;
        c.network.model_channels = 4;
        c.network.channel_mult = {1, 1};
        c.network.num_blocks = 1;
        c.network.attn_resolutions = {};
        const std::string dir = scratch("run-seed");
        fs::remove_all(dir);
        ect::Trainer::start(c, dir)->run();
        const ect::RunFolder folder(dir);
        const std::string state = slurp(folder.state_path());
        uint64_t n = 0;
        std::memcpy(&n, state.data(), 8);
        nlohmann::json header = nlohmann::json::parse(state.substr(8, n));
        header["__metadata__"].erase("ect.state_sha256");
        // The images' folder is this process's scratch: the corpus says @IMAGES@ in its place.
        std::string config = slurp(folder.config_path());
        for (size_t at; (at = config.find(images)) != std::string::npos;) config.replace(at, images.size(), "@IMAGES@");
        return RunSeed{config, header.dump(), state.substr(8 + n), slurp(folder.log_path())};
    }();
    return seed;
}

std::vector<std::string> resume_seeds()
{
    const RunSeed& s = run_seed();
    return {s.config + kPartBreak + s.header + kPartBreak + s.log};
}

void resume_run(const uint8_t* data, size_t size)
{
    const std::string input = as_string(data, size);
    std::vector<std::string> parts = split_parts(input, 3);
    const std::string images = scratch("run-images");
    (void)run_seed();  // the images and the state's data section
    for (size_t at; (at = parts[0].find("@IMAGES@")) != std::string::npos;) parts[0].replace(at, 8, images);
    const std::string dir = scratch("run-resume");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const ect::RunFolder folder(dir);
    write_bytes(folder.config_path(), reinterpret_cast<const uint8_t*>(parts[0].data()), parts[0].size());
    std::string state(8, '\0');
    const uint64_t n = parts[1].size();
    std::memcpy(state.data(), &n, 8);
    state += parts[1] + run_seed().data;
    write_bytes(folder.state_path(), reinterpret_cast<const uint8_t*>(state.data()), state.size());
    write_bytes(folder.log_path(), reinterpret_cast<const uint8_t*>(parts[2].data()), parts[2].size());
    ect::ResumeOptions how;
    how.trust_unchecked_state = true;
    ect::Trainer::resume(dir, how);
}

}  // namespace

std::vector<Target> core_targets()
{
    return {
        {"safetensors", "parse_safetensors: header, dtypes, shapes, offsets", safetensors_run, safetensors_seeds},
        {"model-header", "load_model: a model file's header (ect.network against the tensors) over fixed weights",
         model_run, model_seeds},
        {"network-json", "NetworkConfig::from_json: the `ect.network` description", network_run, network_seeds},
        {"idx", "load_idx: IDX images, raw or gzip, against 3 labels", idx_run, idx_seeds},
        {"zip", "load_dataset: a zip archive (central directory, entries, dataset.json, images)", zip_run, zip_seeds},
        {"dataset-json", "load_dataset: dataset.json of a folder of two images", dataset_json_run, dataset_json_seeds},
        {"png-text", "read_image_text: PNG chunks (parameters, ect-settings)", png_run, png_seeds},
        {"pickle", "load_model of a .pkl: the restricted pickle reader, legacy torch storages, the snapshot import",
         pickle_run, pickle_seeds},
        {"run-config", "TrainConfig::from_json: a run folder's config.json", config_run, config_seeds},
        {"run-log", "RunFolder::read_log: a run folder's log.jsonl", log_run, log_seeds},
        {"run-resume", "Trainer::resume: config.json, the state's header (over a seed run's tensors) and log.jsonl together",
         resume_run, resume_seeds},
        {"denoise-cases", "read_denoise_cases + denoise_cases: `ect denoise` case files against a small network",
         denoise_run, denoise_seeds},
        {"plot-inputs", "plot_from_inputs + render_plot: `ect plot` over a results file and over a run's log.jsonl",
         plot_run, plot_seeds},
    };
}

}  // namespace fuzz
