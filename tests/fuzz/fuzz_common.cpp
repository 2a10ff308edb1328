// What both fuzz drivers share: the target table, one-time set-up and a scratch folder.
#include "fuzz_targets.h"

#include <torch/torch.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#if ECT_FUZZ_STUDIO
#include <QApplication>
#endif

namespace fs = std::filesystem;

namespace fuzz {

const std::vector<Target>& targets()
{
    static const std::vector<Target> all = [] {
        std::vector<Target> t = core_targets();
#if ECT_FUZZ_STUDIO
        for (auto& s : studio_targets()) t.push_back(s);
#endif
        return t;
    }();
    return all;
}

const Target* find_target(const std::string& name)
{
    for (const auto& t : targets())
        if (name == t.name) return &t;
    return nullptr;
}

const std::string& scratch_dir()
{
    // tmpfs when there is one: targets whose parser takes a path write each input there.
    // Never destroyed: the exit handler that removes the folder runs after static destructors.
    static const std::string& dir = *new std::string([] {
        const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        const fs::path d = base / ("ect-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(scratch_dir(), ec);
        });
        return d.string();
    }());
    return dir;
}

void write_bytes(const std::string& path, const uint8_t* data, size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    if (!out) throw std::runtime_error("fuzz harness: cannot write " + path);
}

void initialise(int* argc, char*** argv)
{
    torch::set_num_threads(1);  // one core per fuzzer: several run side by side
    (void)scratch_dir();
#if ECT_FUZZ_STUDIO
    // The studio's targets drive the real window, off-screen, with settings kept out of the user's.
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
    setenv("XDG_CONFIG_HOME", (scratch_dir() + "/config").c_str(), 1);
    static QApplication app(*argc, *argv);
    QCoreApplication::setOrganizationName("ECT Studio fuzzing");
#else
    (void)argc;
    (void)argv;
#endif
}

const std::string kPartBreak = "\n--8<--\n";

std::vector<std::string> split_parts(const std::string& input, size_t count)
{
    std::vector<std::string> parts;
    for (size_t at = 0;;) {
        const size_t next = parts.size() + 1 == count ? std::string::npos : input.find(kPartBreak, at);
        parts.push_back(input.substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (next == std::string::npos) break;
        at = next + kPartBreak.size();
    }
    parts.resize(count);
    return parts;
}

}  // namespace fuzz
