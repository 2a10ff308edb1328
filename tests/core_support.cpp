// Qt-free test helpers.
#include "core_support.h"

#include <fstream>
#include <iterator>

#include "ect/error.h"
#include "ect/evaluation/selftest.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace ect::test {

std::string fixture(const std::string& name)
{
    const char* env = std::getenv("ECT_FIXTURES");
    const std::string dir = env && *env ? env : ECT_FIXTURES_DIR;
    return dir + "/" + name;
}

double relative_error(const torch::Tensor& ours, const torch::Tensor& ref)
{
    return ect::relative_l2_error(ours, ref);  // the parity checks' own measure
}

NetworkConfig tiny_config(int label_dim, double dropout)
{
    NetworkConfig c;
    c.img_resolution = 16;
    c.img_channels = 1;
    c.label_dim = label_dim;
    c.model_channels = 16;
    c.channel_mult = {1, 2};
    c.num_blocks = 1;
    c.attn_resolutions = {8};
    c.dropout = dropout;
    return c;
}

namespace {

struct TempFolder {
    std::string path;
    TempFolder()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "ect-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) fail("tests", "cannot make a temporary folder");
        path = pattern;
    }
    ~TempFolder()
    {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

}  // namespace

std::string temp_file(const std::string& name)
{
    static TempFolder folder;
    return folder.path + "/" + name;
}

std::string fresh_dir(const std::string& name)
{
    const std::string d = temp_file(name);
    std::filesystem::remove_all(d);
    return d;
}

TrainConfig tiny_training(const std::string& objective, int64_t steps)
{
    TrainConfig c = make_preset("tiny", objective);
    c.data_limit = 256;
    c.threads = 2;
    c.device = "cpu";
    c.log_every = 1;
    c.sample_every = 0;
    c.grid_count = 1;
    c.steps = steps;
    c.checkpoint_every = 1000;
    return c;
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::vector<nlohmann::json> read_jsonl(const std::string& path)
{
    std::vector<nlohmann::json> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object()) out.push_back(std::move(j));
    }
    return out;
}

}  // namespace ect::test
