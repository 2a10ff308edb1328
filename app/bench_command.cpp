// `ect bench`: training throughput of the presets on this machine (figures for the README).
#include "cli_args.h"
#include "commands.h"

#include "ect/device.h"
#include "ect/model_file.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ect::cli {
namespace {

namespace fs = std::filesystem;

}  // namespace

int bench_command(int argc, char** argv)
{
    Args args("bench",
              "Measure training throughput (steps and images per second) of presets for EDM pretraining and ECT\n"
              "tuning on Fashion-MNIST, with randomly initialised networks.",
              {{"presets", "A,B,..", "Presets to measure (default tiny,small,base)"},
               {"steps", "N", "Timed steps per measurement (default 20)"},
               {"device", "NAME", "auto (default), cpu, cuda or cuda:N"},
               {"threads", "N", "CPU threads (default: all cores)"}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    std::vector<std::string> presets;
    {
        std::stringstream s(args.text("presets", "tiny,small,base"));
        std::string p;
        while (std::getline(s, p, ',')) presets.push_back(p);
    }
    const int64_t steps = args.integer("steps", 20, 1, 100000);
    const fs::path tmp = fs::temp_directory_path() / ("ect-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    struct Cleanup {
        fs::path p;
        ~Cleanup() { fs::remove_all(p); }
    } cleanup{tmp};

    std::printf("%-8s %12s %6s %16s %16s\n", "preset", "parameters", "batch", "pretrain it/s", "tune it/s");
    for (const auto& name : presets) {
        double rate[2] = {0, 0};
        int64_t params = 0, batch = 0;
        std::string device_text;
        for (TrainMode mode : {TrainMode::Pretrain, TrainMode::Tune}) {
            TrainConfig c = make_preset(name, mode);
            c.device = args.text("device", "auto");
            c.threads = static_cast<int>(args.integer("threads", 0, 0, 1024));
            const std::string dir = (tmp / (name + (mode == TrainMode::Tune ? "-tune" : "-pretrain"))).string();
            if (mode == TrainMode::Tune) {
                // Tune from the randomly initialised network of the pretraining measurement.
                c.base_model = (tmp / (name + "-pretrain") / "model.safetensors").string();
            }
            c.steps = 3 + steps;
            c.sample_every = 0;
            c.checkpoint_every = c.steps + 1;
            c.log_every = c.steps;
            c.grid_count = 1;
            c.grid_heun_steps = 2;
            auto trainer = Trainer::start(c, dir);
            std::chrono::steady_clock::time_point start, end;
            TrainEvents ev;
            ev.step = [&](const TrainStep& s) {
                if (s.step == 3 || s.step == c.steps) {
                    synchronize(trainer->device());
                    (s.step == 3 ? start : end) = std::chrono::steady_clock::now();
                }
            };
            trainer->run(ev);
            rate[mode == TrainMode::Tune] = double(steps) / std::chrono::duration<double>(end - start).count();
            params = count_parameters(*trainer->net());
            batch = c.batch;
            device_text = describe_device(trainer->device());
        }
        std::printf("%-8s %12lld %6lld %9.2f (%4.0f img/s) %6.2f (%4.0f img/s)   %s\n", name.c_str(),
                    static_cast<long long>(params), static_cast<long long>(batch), rate[0], rate[0] * double(batch),
                    rate[1], rate[1] * double(batch), device_text.c_str());
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace ect::cli
