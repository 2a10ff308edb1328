// `ect`: the command-line face of the ECT engine (model info, parity denoising, sampling).
#include "cli_args.h"
#include "commands.h"

#include "ect/build_config.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/printable.h"
#include "ect/method/denoise_cases.h"
#include "ect/method/generate.h"
#include "ect/io/image_io.h"
#include "ect/network/families.h"
#include "ect/network/model_file.h"
#include "ect/network/snapshot.h"
#include "ect/evaluation/selftest.h"

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using ect::cli::Args;
using ect::cli::Flag;
using ect::cli::UsageError;

std::string with_commas(int64_t n)
{
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
}

int cmd_info(int argc, char** argv)
{
    Args args("info", "Show a model file's architecture, parameter count and metadata.",
              {{"json", "", "Print one JSON object instead of text"},
               {"allow-nonfinite", "", "Open a file whose weights hold NaN or Inf (refused otherwise) and count them"},
               {"entry", "NAME", "For an official snapshot (.pkl): which network (default ema)"}},
              {"MODEL"}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    ect::LoadOptions options;
    options.allow_nonfinite = args.has("allow-nonfinite");
    options.snapshot_entry = args.text("entry", "ema");
    auto model = ect::cli::load_model_noting(args.positional()[0], torch::kCPU, options);
    const int64_t params = ect::count_parameters(*model.net);
    int64_t nonfinite = 0;
    for (const auto& [name, t] : ect::named_state(model.net))
        nonfinite += t.numel() - torch::isfinite(t).sum().item<int64_t>();
    if (args.has("json")) {
        nlohmann::json j = {{"path", model.path},
                            {"network", nlohmann::json::parse(model.config.to_json())},
                            {"parameters", params},
                            {"nonfinite_values", nonfinite},
                            {"metadata", model.metadata}};
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    std::cout << "Model:       " << model.path << '\n'
              << "Network:     " << model.config.summary() << '\n'
              << "Parameters:  " << with_commas(params) << '\n';
    if (nonfinite) std::cout << "Damaged:     " << with_commas(nonfinite) << " weights are NaN or Inf\n";
    const ect::NetworkFamily& family = ect::network_family(model.config.arch, model.path);
    std::cout << "Family:      " << family.title << " (" << family.name << "): " << family.about << '\n'
              << "FLOPs:       " << with_commas(model.net->model->flops_per_image()) << " per image and evaluation\n";
    const auto& c = model.config;
    if (c.precond == "vp")
        std::cout << "Precond:     VP (EDM's VPPrecond: beta_d " << c.vp_beta_d << ", beta_min " << c.vp_beta_min << ", M "
                  << c.vp_M << ")\n";
    else if (c.precond == "ve")
        std::cout << "Precond:     VE (EDM's VEPrecond)\n";
    else
        std::cout << "Precond:     EDM, sigma_data " << c.sigma_data << "; consistency sigma_min " << c.sigma_min << '\n';
    std::cout << "Metadata:\n";
    for (const auto& [key, value] : model.metadata) std::cout << "  " << key << ": " << value << '\n';
    return 0;
}

// Official EDM/ECT network snapshots (.pkl) into our model format, read without Python.
int cmd_import(int argc, char** argv)
{
    Args args("import",
              "Convert a network snapshot of the official EDM or ECT training code (network-snapshot-*.pkl) into a "
              "model file. The pickle is read by a restricted reader: nothing in it is run.",
              {{"out", "FILE", "Model file to write (.safetensors)", true},
               {"entry", "NAME", "Which network of the snapshot (default ema)"},
               {"force", "", "Replace FILE when it exists"}},
              {"SNAPSHOT"}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    const std::string in = args.positional()[0], out = args.text("out");
    if (std::filesystem::exists(out) && !args.has("force"))
        throw ect::Error(out + ": exists; pass --force to replace it");
    ect::check_output_path(out);
    const ect::TensorFile file = ect::read_snapshot(in, args.text("entry", "ema"));
    // The converted file is written only when it loads back as a network, weights checked.
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [name, t] : file.tensors) tensors.emplace_back(name, t.to(torch::kFloat32).contiguous());
    ect::write_safetensors(out + ".import-check", tensors, file.metadata);
    try {
        const auto model = ect::load_model(out + ".import-check");
        std::filesystem::rename(out + ".import-check", out);
        std::cout << "Imported " << in << " (" << file.metadata.at("ect.source_class") << ", entry "
                  << file.metadata.at("ect.source_entry") << ") as a " << file.metadata.at("ect.kind") << " model:\n  "
                  << model.config.summary() << ", " << with_commas(ect::count_parameters(*model.net)) << " parameters\n";
        if (file.metadata.count("ect.import_notes")) std::cout << "  Note: " << file.metadata.at("ect.import_notes") << '\n';
        std::cout << "Wrote " << out << '\n';
    } catch (...) {
        std::filesystem::remove(out + ".import-check");
        throw;
    }
    return 0;
}

int cmd_denoise(int argc, char** argv)
{
    Args args("denoise",
              "Run the denoiser on stored cases: reads x, sigma and optional class_labels from a safetensors file,\n"
              "writes D_train (EDM preconditioning), D_eval (consistency preconditioning) and F (raw network).",
              {{"model", "FILE", "Model file (.safetensors)", true},
               {"input", "FILE", "Cases file with x [N,C,H,W], sigma [N], class_labels [N,L]", true},
               {"output", "FILE", "Where to write the results", true},
               {"device", "NAME", "cpu, cuda, cuda:N or auto (default cpu)"},
               {"batch", "N", "Cases per network call (default 64): memory stays bounded for any number of cases"}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    const torch::Device device = ect::resolve_device(args.text("device", "cpu"));
    const int64_t batch = args.integer("batch", 64, 1, 4096);
    ect::use_strict_fp32();
    auto model = ect::cli::load_model_noting(args.text("model"), device);
    const ect::DenoiseCases cases = ect::read_denoise_cases(args.text("input"), model.config);
    model.net->eval();
    const ect::DenoiseResults out = ect::denoise_cases(model.net, cases, batch, device);
    ect::write_safetensors(args.text("output"), {{"D_train", out.d_train}, {"D_eval", out.d_eval}, {"F", out.f}},
                           {{"ect.model", model.path}});
    std::cout << "wrote " << args.text("output") << ": D_train, D_eval, F for " << cases.x.size(0) << " cases\n";
    return 0;
}

int cmd_sample(int argc, char** argv)
{
    Args args("sample",
              "Generate a grid of samples. Image i of seed S uses the noise of image S+i of one counter-based\n"
              "sequence (drawn where the network runs), so a seed gives the same image on any device and batch size.",
              {{"model", "FILE", "Model file (.safetensors); default: the bundled Fashion-MNIST model for the sampler"},
               ect::cli::sampler_flag(),
               ect::cli::steps_flag(),
               {"mid", "T1,T2,..", "cm mid levels, K-1 decreasing values (default: the model's searched levels, else 0.821 for K=2)"},
               {"seed", "S", "First seed (default 0)"},
               {"count", "N", "Number of images (default 64)"},
               {"class", "C", "Class for a conditional model (default: image i gets class i mod classes)"},
               {"columns", "N", "Grid columns (default: square)"},
               {"gap", "PX", "Pixels between grid cells (default 2)"},
               {"batch", "B", "Images per network call (default 64)"},
               {"device", "NAME", "cpu, cuda, cuda:N or auto (default auto)"},
               {"precision", "P", "fp32, tf32 or bf16 (default fp32 on the CPU, tf32 on CUDA)"},
               {"threads", "N", "CPU threads (default: all cores)"},
               {"out", "FILE", "Grid image (.png; JPEG/TIFF/EXR with OpenImageIO)", true},
               {"save-samples", "FILE", "Also write the float samples [N,C,H,W] as safetensors"}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    // Where the results go is checked first: a bad path costs a message, not a sampling run.
    ect::check_image_output(args.text("out"));
    if (args.has("save-samples")) ect::check_output_path(args.text("save-samples"));

    auto model = ect::cli::load_model_noting(args.has("model") ? args.text("model") : ect::cli::default_model_for(args.text("sampler", "cm")));
    const ect::GenerateSettings settings = ect::cli::generate_settings_from_args(args, model, {64, 1, 100000, 64, 4096});
    const int columns = static_cast<int>(args.integer("columns", 0, 0, 100000));
    const int gap = static_cast<int>(args.integer("gap", 2, 0, 64));
    ect::init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    const torch::Device device = ect::resolve_device(args.text("device", "auto"));
    model.net->to(device);
    const ect::Precision precision = ect::cli::precision_from_args(args, device);
    ect::PrecisionScope precision_scope(precision, device);

    const auto start = std::chrono::steady_clock::now();
    const torch::Tensor all = ect::generate(model.net, settings);
    ect::synchronize(device);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string sampler = ect::GenerateSettings::sampler_name(settings.sampler);
    const int steps = settings.steps, count = static_cast<int>(settings.count);
    const long long seed = static_cast<long long>(settings.seed);
    // The settings inside the PNG, as the studio's export writes them (its File > Open settings
    // from image, and other tools, read them back).
    const std::string parameters =
        ect::format_parameters(ect::generation_parameters(model, settings, ect::short_file_hash(model.path)));
    ect::write_image(args.text("out"), ect::tile_grid(ect::images_to_uint8(all), columns, gap), {{"parameters", parameters}});
    if (args.has("save-samples"))
        ect::write_safetensors(
            args.text("save-samples"), {{"samples", all}},
            {{"ect.sampler", sampler}, {"ect.steps", std::to_string(steps)}, {"ect.seed", std::to_string(seed)}});
    const int nfe = settings.nfe();
    std::printf("wrote %s: %d samples, %s %d step%s (NFE %d), %.4f s/image on %s, %s\n", args.text("out").c_str(), count,
                sampler.c_str(), steps, steps == 1 ? "" : "s", nfe, seconds / count,
                ect::describe_device(device).c_str(), ect::precision_name(precision).c_str());
    return 0;
}

int cmd_selftest(int argc, char** argv)
{
    Args args("selftest",
              "Check this build against the official Python code: every reference fixture (networks, the r(t)\n"
              "mapping, the ECT and EDM losses, the samplers, the methods since ECT) reproduced on the device, in\n"
              "strict fp32. Exits 1 when a check fails.",
              {{"fixtures", "DIR", "Folder of the reference fixtures (default: $ECT_FIXTURES, else the one found at build time)"},
               {"only", "G,..", "Only these groups: networks, mapping, ect-loss, edm-loss, samplers,\n"
                                        "families, imagenet-loss, phema (these three: shared/fixtures/families),\n"
                                        "methods (DPM-Solver++, CMT, TCM: $ECT_METHOD_FIXTURES, else the sources'),\n"
                                        "edit (zero-shot editing: edit.safetensors beside the methods' file)"},
               {"device", "NAME", "cpu (default), cuda, cuda:N or auto"},
               {"threads", "N", "CPU threads (default: all cores)"},
               {"json", "", "Print one JSON object per check, then a summary object"}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    const std::string dir = args.has("fixtures") ? args.text("fixtures") : ect::default_fixtures_dir();
    if (dir.empty()) throw UsageError("no fixtures folder known: give --fixtures DIR (shared/fixtures/reference)");
    ect::init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    const torch::Device device = ect::resolve_device(args.text("device", "cpu"));
    const bool json = args.has("json");
    if (!json) std::printf("parity against %s on %s\n", dir.c_str(), ect::describe_device(device).c_str());
    int passed = 0, failed = 0;
    std::vector<std::string> only;
    std::stringstream groups(args.text("only"));
    for (std::string g; std::getline(groups, g, ',');)
        if (!g.empty()) only.push_back(g);
    // Fixture problems are reported per check inside; the only Error out of the call is a bad --only.
    try {
        ect::run_parity_checks(dir, device, [&](const ect::ParityCheck& c) {
            (c.passed() ? passed : failed) += 1;
            if (json) {
                nlohmann::json j = {{"check", c.name}, {"passed", c.passed()}, {"tolerance", c.tolerance}};
                if (c.problem.empty()) j["relative_error"] = c.error;
                else j["problem"] = c.problem;
                std::cout << j.dump() << std::endl;
            } else if (!c.problem.empty()) {
                std::printf("FAIL %-48s %s\n", c.name.c_str(), c.problem.c_str());
            } else {
                std::printf("%-4s %-48s relative error %.2e (limit %.0e)\n", c.passed() ? "ok" : "FAIL", c.name.c_str(),
                            c.error, c.tolerance);
            }
            std::fflush(stdout);
        }, only);
    } catch (const ect::Error& e) {
        throw UsageError(e.what());
    }
    if (json)
        std::cout << nlohmann::json{{"passed", passed}, {"failed", failed}, {"device", ect::describe_device(device)}}.dump()
                  << '\n';
    else
        std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

const char* kMainHelp =
    "ect: Easy Consistency Tuning engine\n"
    "\n"
    "Usage: ect COMMAND [options]   (ect COMMAND --help for each command)\n"
    "\n"
    "Commands:\n"
    "  info      Show a model file's architecture, parameters and metadata\n"
    "  import    Convert an official EDM/ECT network snapshot (.pkl) into a model file\n"
    "  denoise   Run a model's denoiser on stored cases (parity checks)\n"
    "  sample    Generate a sample grid with the consistency or EDM sampler\n"
    "  edit      Inpaint, super-resolve, colorize or finish a sketch without training\n"
    "  pretrain  Train a diffusion model with the EDM loss\n"
    "  tune      Few-step tuning of a diffusion model: ECT, or CMT mid-training (--objective cmt)\n"
    "  posthoc-ema  An EMA of any length, after training, from power-function EMA snapshots\n"
    "  bench     Training and sampling throughput of the presets, TFLOP/s and MFU\n"
    "  eval      Sample quality: FD against Fashion-MNIST test images\n"
    "  search-mid  Find the consistency mid levels with the lowest FD\n"
    "  plot      Chart FD against NFE (ect eval results) or training images (run folders) as a PNG\n"
    "  train-classifier  Train the classifier whose features FD uses\n"
    "  selftest  Check this build against the official code's reference outputs\n"
    "  version   Print the version\n";

}  // namespace

// An error for the user, on stderr; under torchrun also in the error file its agent reads, so
// its summary of the failed run shows the reason instead of "To enable traceback see ...".
void report_error(const std::string& command, const std::string& message)
{
    // Escaped: a message quotes names from files, which must not reach the terminal as control codes.
    std::cerr << "ect " << ect::printable(command) << ect::cli::rank_tag() << ": " << ect::printable(message) << '\n';
    const char* error_file = std::getenv("TORCHELASTIC_ERROR_FILE");
    if (!error_file || !*error_file) return;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    std::ofstream(error_file) << nlohmann::json{{"message", "ect " + command + ": " + message},
                                                {"timestamp", std::chrono::duration_cast<std::chrono::seconds>(now).count()}}
                                     .dump();
}

int run_command(int argc, char** argv)
{
    const std::string command = argc > 1 ? argv[1] : "";
    try {
        if (command.empty() || command == "--help" || command == "-h" || command == "help") {
            std::cout << kMainHelp;
            return command.empty() ? 2 : 0;
        }
        if (command == "version" || command == "--version") {
            const std::string backends = ect::distributed_backends();
            std::cout << "ect " << ECT_VERSION << " (LibTorch " << TORCH_VERSION << ", OpenImageIO "
                      << (ect::have_openimageio() ? "yes" : "no") << ", torch.distributed "
                      << (backends.empty() ? "no" : backends) << ")\n";
            return 0;
        }
        // Under torchrun only training and its benchmark are collective; N copies of another
        // command would each do the whole job, writing the same files.
        if (command != "pretrain" && command != "tune" && command != "bench") {
            const auto env = ect::LaunchEnvironment::from_environment();
            if (env.launched && env.world_size > 1)
                throw ect::Error("'ect " + command + "' does not run as " + std::to_string(env.world_size) +
                                 " ranks (only pretrain, tune and bench do): start it once, without torchrun");
        }
        if (command == "info") return cmd_info(argc, argv);
        if (command == "import") return cmd_import(argc, argv);
        if (command == "denoise") return cmd_denoise(argc, argv);
        if (command == "sample") return cmd_sample(argc, argv);
        if (command == "edit") return ect::cli::edit_command(argc, argv);
        if (command == "pretrain") return ect::cli::train_command("pretrain", argc, argv);
        if (command == "bench") return ect::cli::bench_command(argc, argv);
        if (command == "eval") return ect::cli::eval_command(argc, argv);
        if (command == "search-mid") return ect::cli::search_mid_command(argc, argv);
        if (command == "plot") return ect::cli::plot_command(argc, argv);
        if (command == "train-classifier") return ect::cli::train_classifier_command(argc, argv);
        if (command == "tune") return ect::cli::train_command("tune", argc, argv);
        if (command == "selftest") return cmd_selftest(argc, argv);
        if (command == "posthoc-ema") return ect::cli::posthoc_ema_command(argc, argv);
        std::cerr << "ect: unknown command '" << command << "'. Try 'ect --help'.\n";
        return 2;
    } catch (const UsageError& e) {
        report_error(command, std::string(e.what()) + ". Try 'ect " + command + " --help'.");
        return 2;
    } catch (const ect::Error& e) {
        report_error(command, e.what());
        return 1;
    } catch (const c10::Error& e) {
        // LibTorch errors carry a C++ backtrace; users get the first line only, as a detail of ours.
        std::string msg = e.what_without_backtrace();
        report_error(command, "LibTorch refused an operation (" + msg.substr(0, msg.find('\n')) + ")");
        return 1;
    } catch (const std::exception& e) {
        report_error(command, e.what());
        return 1;
    }
}

int main(int argc, char** argv)
{
    // Past a file-size limit (ulimit -f) a write then fails with EFBIG and a message, keeping the
    // previous checkpoint, instead of the signal ending the program mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
    ect::exit_program(run_command(argc, argv));
}
