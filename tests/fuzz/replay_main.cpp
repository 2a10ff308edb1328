// Replays fuzz inputs through the targets without libFuzzer (any compiler; ctest runs it over the
// committed corpora, so every crasher found once stays fixed):
//   ect-fuzz-replay --all CORPUS_ROOT         every target over CORPUS_ROOT/<target>/ (must exist)
//   ect-fuzz-replay TARGET FILE_OR_DIR...     one target over the given inputs
//   ect-fuzz-replay --write-seeds DIR         the generated seed inputs, DIR/<target>/seed-N
//   ect-fuzz-replay --list
// ECT_FUZZ_VERBOSE=1 prints each refusal's message.
// Exits 1 when an input ends in anything but a read or ect::Error (a crash ends the process).
#include "fuzz_targets.h"

#include "ect/error.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> inputs_under(const std::vector<std::string>& roots)
{
    std::vector<fs::path> files;
    for (const auto& r : roots) {
        if (fs::is_directory(r)) {
            for (const auto& e : fs::recursive_directory_iterator(r))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (fs::is_regular_file(r)) {
            files.push_back(r);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Runs every input; returns how many failed (ended in something other than a read or ect::Error).
int replay(const fuzz::Target& t, const std::vector<fs::path>& files)
{
    int refused = 0, failed = 0;
    for (const auto& f : files) {
        const std::string bytes = slurp(f);
        try {
            t.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const ect::Error& e) {
            ++refused;
            // ECT_FUZZ_VERBOSE=1: each refusal's message (is a seed refused? which check holds?).
            if (std::getenv("ECT_FUZZ_VERBOSE")) std::printf("refused %s %s: %s\n", t.name, f.string().c_str(), e.what());
        } catch (const std::exception& e) {
            ++failed;
            std::printf("FAIL %s %s: %s\n", t.name, f.string().c_str(), e.what());
        }
    }
    std::printf("%-16s %5zu inputs: %5zu read, %5d refused with a message, %d failed\n", t.name, files.size(),
                files.size() - size_t(refused + failed), refused, failed);
    return failed;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: ect-fuzz-replay --all CORPUS_ROOT | TARGET INPUT... | --write-seeds DIR | --list\n");
        return 2;
    }
    fuzz::initialise(&argc, &argv);
    const std::string first = argv[1];
    if (first == "--list") {
        for (const auto& t : fuzz::targets()) std::printf("%-16s %s\n", t.name, t.what);
        return 0;
    }
    if (first == "--write-seeds" && argc == 3) {
        for (const auto& t : fuzz::targets()) {
            const fs::path dir = fs::path(argv[2]) / t.name;
            fs::create_directories(dir);
            const auto seeds = t.seeds();
            for (size_t i = 0; i < seeds.size(); ++i)
                std::ofstream(dir / ("seed-" + std::to_string(i)), std::ios::binary) << seeds[i];
            std::printf("%-16s %zu seeds\n", t.name, seeds.size());
        }
        return 0;
    }
    if (first == "--all" && argc == 3) {
        int failed = 0;
        for (const auto& t : fuzz::targets()) {
            const auto files = inputs_under({(fs::path(argv[2]) / t.name).string()});
            if (files.empty()) {
                std::printf("FAIL %s: no corpus under %s\n", t.name, argv[2]);
                ++failed;
                continue;
            }
            failed += replay(t, files);
        }
        return failed ? 1 : 0;
    }
    const fuzz::Target* t = fuzz::find_target(first);
    if (!t) {
        std::fprintf(stderr, "ect-fuzz-replay: no target '%s' (--list shows them)\n", first.c_str());
        return 2;
    }
    const auto files = inputs_under(std::vector<std::string>(argv + 2, argv + argc));
    if (files.empty()) {
        std::fprintf(stderr, "ect-fuzz-replay: no inputs\n");
        return 2;
    }
    return replay(*t, files) ? 1 : 0;
}
