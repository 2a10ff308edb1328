// `ect pretrain` / `ect tune`: recipe flags, live progress, Ctrl-C that saves, and --resume.
#include "cli_args.h"
#include "commands.h"

#include "ect/device.h"
#include "ect/error.h"
#include "ect/network/families.h"

#include <csignal>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace ect::cli {
namespace {

std::atomic<Trainer*> g_trainer{nullptr};

double monotonic_seconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::atomic<double> g_first_interrupt{0.0};

extern "C" void on_interrupt(int sig)
{
    // Async-signal-safe: atomics and clock_gettime only. The first signal asks for a stop that
    // saves. A second one ends the process at once, but only when it comes a second or more
    // later: `timeout` (and some supervisors) deliver one signal twice, to the process and to its
    // group, and the duplicate must not kill the save it just asked for.
    const double now = monotonic_seconds();
    double first = 0.0;
    if (g_first_interrupt.compare_exchange_strong(first, now)) {
        if (Trainer* t = g_trainer.load()) t->request_stop();
        return;
    }
    if (now - first < 1.0) return;
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

std::string duration_text(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%lds", s);
    return buf;
}

std::vector<int> int_list(const Args& args, const std::string& name)
{
    std::vector<int> out;
    for (double v : args.numbers(name)) {
        if (v != std::floor(v) || v < 0) throw UsageError("--" + name + " expects non-negative integers");
        out.push_back(static_cast<int>(v));
    }
    return out;
}

// The configuration of the run --resume DIR names (or --resume=DIR), read once before the flags
// are parsed: its objective decides the flags, its device the group to join. Empty when there is
// no --resume or its folder cannot be read (Trainer::resume then reports why, on every rank).
std::optional<TrainConfig> resumed_config(int argc, char** argv)
{
    std::string resume;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--resume" && i + 1 < argc) resume = argv[i + 1];
        if (a.rfind("--resume=", 0) == 0) resume = a.substr(9);
    }
    if (resume.empty()) return std::nullopt;
    try {
        return RunFolder(resume).read_config();
    } catch (const Error&) {
        return std::nullopt;
    }
}

// The objective a command line trains: --objective NAME (or --objective=NAME), else the resumed
// run's, else the command's default (pretrain: edm, tune: ect). Read before the flags are parsed,
// since the objective's options are flags.
std::string objective_of(const std::string& command, int argc, char** argv, const std::optional<TrainConfig>& resumed)
{
    std::string named;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--objective" && i + 1 < argc) named = argv[i + 1];
        if (a.rfind("--objective=", 0) == 0) named = a.substr(12);
    }
    if (!named.empty()) {
        const Objective* found = nullptr;
        for (const Objective* o : objectives())
            if (o->name() == named) found = o;
        std::string allowed;
        for (const Objective* o : objectives())
            if (o->from_base() == (command == "tune")) allowed += (allowed.empty() ? "" : ", ") + o->name();
        if (!found || found->from_base() != (command == "tune"))
            throw UsageError("--objective of `ect " + command + "` is one of " + allowed + ", not '" + named + "'");
        return named;
    }
    if (resumed) return resumed->objective;
    return command == "tune" ? "ect" : "edm";
}

// The objective's options as flags (--q, --P-mean, --nfe ...), from their descriptions.
std::vector<Flag> objective_flags(const Objective& objective)
{
    std::vector<Flag> out;
    for (const ObjectiveOption& o : objective.options()) {
        std::string help = o.help;
        if (o.is_choice()) {  // the names, unless the description names each already
            std::string list;
            bool named = true;
            for (const auto& c : o.choices) {
                list += (list.empty() ? "" : ", ") + c;
                named = named && help.find(c) != std::string::npos;
            }
            if (!named) help += " (" + list + ")";
        }
        out.push_back({o.flag, o.is_choice() ? "NAME" : o.whole ? "N" : "X", help});
    }
    return out;
}

std::vector<Flag> recipe_flags(const Objective& objective)
{
    std::vector<Flag> f{
        {"preset", "NAME", "Recipe: cifar10 (official, default), ffhq64, afhqv2-64 (EDM's 64×64), tiny, small, base\n"
                           "(Fashion-MNIST, CPU-sized), fmnist (the bundled models, GPU)"},
        {"data", "SOURCE", "fashion-mnist (default), an image folder, an EDM dataset folder or zip, or an IDX folder"},
        {"resolution", "N", "Image size N×N (default: the data's own for a new network, the base model's when\n"
                            "there is one; other data is centre-cropped and resized to it)"},
        {"image-channels", "C", "1 (grayscale) or 3 (RGB) (default: as --resolution)"},
        {"data-limit", "N", "Use only the first N training images"},
        {"xflip", "", "Random horizontal flips"},
        {"unconditional", "", "Ignore class labels"},
        {"steps", "N", "Training steps (optimizer updates)"},
        {"seed", "S", "Random seed (default 0)"},
        {"out", "DIR", "Run folder for logs, grids, checkpoints and the model"},
        {"resume", "DIR", "Continue the run in DIR (to --steps if given)"},
        {"trust-state", "", "With --resume: take a state without a checksum (an older or foreign file) as it is"},
        {"device", "NAME", "auto (default), cpu, cuda or cuda:N"},
        {"threads", "N", "CPU threads (default: all cores)"},
        {"batch", "N", "Images per step"},
        {"batch-per-pass", "N", "Images per forward pass (gradient accumulation)"},
        {"optimizer", "NAME", "adam or radam"},
        {"lr", "X", "Learning rate"},
        {"beta1", "X", "Adam/RAdam beta1"},
        {"beta2", "X", "Adam/RAdam beta2"},
        {"eps", "X", "Adam/RAdam epsilon"},
        {"warmup-kimg", "X", "Learning-rate warm-up, thousands of images"},
        {"lr-ref-batches", "N", "EDM2's decay: past N batches the rate falls as 1/sqrt(images) (0: constant)"},
        {"ema-beta", "X", "EMA decay per step"},
        {"ema-halflife-kimg", "X", "EMA half-life in thousands of images (replaces --ema-beta)"},
        {"ema-rampup", "X", "EMA half-life ramp-up ratio"},
        {"ema-std", "S[,S...]", "Also keep power-function EMA profiles of these lengths (σ_rel, EDM2: 0.05,0.10; 'none'):\n"
                                "each checkpoint writes their snapshots to DIR/phema/, and `ect posthoc-ema` makes an\n"
                                "EMA of any length from them after training"},
        {"dropout", "P", "Dropout probability"},
        {"log-every", "N", "Steps per log record"},
        {"sample-every", "N|Ts", "A sample grid every N steps, or every T seconds (90s, 5min, 1h); 0: start and end only"},
        {"checkpoint-every", "N|Ts", "A checkpoint every N steps, or every T seconds (90s, 5min, 1h)"},
        {"keep-snapshots", "N", "Keep the models of the newest N checkpoints in DIR/snapshots (0: none; default 8)"},
        {"grid-count", "N", "Images in each sample grid"},
        {"precision", "P", "fp32, tf32 (TF32 tensor cores on CUDA) or bf16 (CUDA autocast); default fp32 on\n"
                           "the CPU, tf32 on CUDA"},
        {"tf32", "", "The same as --precision tf32"},
        {"layout", "L", "Network memory layout: nchw, nhwc (channels_last, for cuDNN's tensor cores) or auto\n"
                        "(default: nchw; results agree to rounding, checkpoints resume in either)"},
        {"step-graph", "", "CUDA: capture each training step as one CUDA graph, replayed every step (EDM and ECT\n"
                           "in one process; the same trajectory as without)"},
        {"eval-every", "N", "Every N steps measure FD (tuning: 1- and 2-step; pretraining: Heun) into log.jsonl\n"
                            "(0: never, default; may change on --resume)"},
        {"eval-count", "N", "Samples per FD measurement (default 2000)"},
        {"eval-data", "SOURCE", "FD reference images (default fashion-mnist:test for Fashion-MNIST, else the data)"},
        {"eval-features", "FILE", "FD feature network (default: the bundled classifier)"},
        {"max-nonfinite", "N", "Stop, keeping the last good checkpoint, after N steps in a row with a NaN/Inf loss\n"
                               "(default 100; 0: never; on CUDA counted per log tick)"},
        {"dist-timeout", "S", "Under torchrun: seconds a rank waits for the others (rendezvous, each step, rank 0's\n"
                              "grids and FD) before it gives up (default 1800)"},
    };
    std::string names;
    for (const Objective* o : objectives())
        if (o->from_base() == objective.from_base()) names += (names.empty() ? "" : ", ") + o->name() + " (" + o->title() + ")";
    f.insert(f.begin(), {"objective", "NAME", "What to train: " + names + ";\nits options follow"});
    if (objective.from_base()) {
        f.insert(f.begin(), {"continue", "MODEL", "Go on from a model this objective made (instead of --base): its stage\n"
                                                  "schedule counts the model's images, its files name the original base\n"
                                                  "and all images; a fresh optimizer"});
        f.insert(f.begin(), {"base", "MODEL", "Base model to start from (.safetensors, or an official EDM snapshot .pkl)"});
    } else {
        for (Flag x : std::vector<Flag>{{"init", "MODEL", "Continue a diffusion model (.safetensors): its EMA weights and\n"
                                                          "architecture start the run, with a fresh optimizer"},
                                        {"arch", "FAMILY", "Network family: songunet (DDPM++), dhariwal (ADM), edm2 (EDM2's\n"
                                                           "magnitude-preserving U-Net, with EDM2's noise levels ln sigma ~\n"
                                                           "N(-0.8, 1.6^2) unless --P-mean/--P-std); default: the preset's"},
                                        {"channels", "N", "Network base channels"},
                                        {"channel-mult", "M1,M2,..", "Channel multiplier per resolution"},
                                        {"blocks", "N", "Residual blocks per resolution"},
                                        {"attn", "R1,..", "Resolutions with self-attention (empty: none)"}})
            f.push_back(x);
    }
    for (const Flag& x : objective_flags(objective)) f.push_back(x);
    return f;
}

void apply_overrides(const Args& a, TrainConfig& c)
{
    if (a.has("data")) c.data = a.text("data");
    c.data_limit = a.integer("data-limit", c.data_limit, 0, 1LL << 40);
    c.resolution = static_cast<int>(a.integer("resolution", c.resolution, 4, 4096));
    c.image_channels = static_cast<int>(a.integer("image-channels", c.image_channels, 1, 3));
    if (a.has("xflip")) c.xflip = true;
    if (a.has("unconditional")) c.conditional = false;
    if (a.has("base")) c.base_model = a.text("base");
    if (a.has("continue")) {
        if (a.has("base")) throw UsageError("give --base or --continue, not both");
        c.base_model = a.text("continue");
        c.continue_schedule = true;
    }
    if (a.has("init")) {
        for (const char* arch : {"arch", "channels", "channel-mult", "blocks", "attn"})
            if (a.has(arch)) throw UsageError(std::string("--") + arch + " cannot change the architecture of the --init model");
        c.base_model = a.text("init");
    }
    c.steps = a.integer("steps", c.steps, 1, 1LL << 40);
    c.seed = static_cast<uint64_t>(a.integer("seed", static_cast<long long>(c.seed), 0, 1LL << 62));
    if (a.has("device")) c.device = a.text("device");
    c.threads = static_cast<int>(a.integer("threads", c.threads, 0, 1024));
    c.batch = a.integer("batch", c.batch, 1, 1 << 20);
    c.batch_per_pass = a.integer("batch-per-pass", c.batch_per_pass, 0, 1 << 20);
    if (a.has("optimizer")) c.optimizer.kind = OptimizerOptions::parse_kind(a.text("optimizer"));
    c.optimizer.lr = a.number("lr", c.optimizer.lr);
    c.optimizer.beta1 = a.number("beta1", c.optimizer.beta1);
    c.optimizer.beta2 = a.number("beta2", c.optimizer.beta2);
    c.optimizer.eps = a.number("eps", c.optimizer.eps);
    c.lr_warmup_kimg = a.number("warmup-kimg", c.lr_warmup_kimg);
    c.lr_ref_batches = a.number("lr-ref-batches", c.lr_ref_batches);
    c.ema_beta = a.number("ema-beta", c.ema_beta);
    if (a.has("ema-beta") && !a.has("ema-halflife-kimg")) c.ema_halflife_kimg = 0;
    c.ema_halflife_kimg = a.number("ema-halflife-kimg", c.ema_halflife_kimg);
    c.ema_rampup = a.number("ema-rampup", c.ema_rampup);
    if (a.has("ema-std")) c.ema_stds = a.text("ema-std") == "none" ? std::vector<double>{} : a.numbers("ema-std");
    c.dropout = a.number("dropout", c.dropout);
    c.log_every = a.integer("log-every", c.log_every, 1, 1LL << 40);
    // A cadence in steps or in seconds ("250", "90s"); the other kind is then off.
    auto cadence = [&](const char* flag, int64_t& steps, double& seconds) {
        if (!a.has(flag)) return;
        Cadence k;
        try {
            k = parse_cadence(a.text(flag), std::string("--") + flag);
        } catch (const Error& e) {
            throw UsageError(e.what());
        }
        steps = k.steps;
        seconds = k.seconds;
    };
    cadence("sample-every", c.sample_every, c.sample_seconds);
    cadence("checkpoint-every", c.checkpoint_every, c.checkpoint_seconds);
    if (a.has("checkpoint-every") && c.checkpoint_every == 0 && c.checkpoint_seconds == 0)
        throw UsageError("--checkpoint-every must be at least 1 step or a time");
    c.keep_snapshots = a.integer("keep-snapshots", c.keep_snapshots, 0, 100000);
    c.grid_count = static_cast<int>(a.integer("grid-count", c.grid_count, 1, 1024));
    c.eval_every = a.integer("eval-every", c.eval_every, 0, 1LL << 40);
    c.max_nonfinite_steps = a.integer("max-nonfinite", c.max_nonfinite_steps, 0, 1LL << 40);
    c.eval_count = a.integer("eval-count", c.eval_count, 2, 1000000);
    if (a.has("eval-data")) c.eval_data = a.text("eval-data");
    if (a.has("eval-features")) c.eval_features = a.text("eval-features");
    if (a.has("tf32") && a.has("precision")) throw UsageError("give --precision or --tf32, not both");
    if (a.has("tf32")) c.precision = "tf32";
    if (a.has("precision")) {
        c.precision = a.text("precision");
        try {
            parse_precision(c.precision);  // a usage mistake is reported before any data is read
        } catch (const Error& e) {
            throw UsageError(e.what());
        }
    }
    const Objective& objective = find_objective(c.objective);
    if (!objective.from_base()) {
        if (a.has("arch")) {  // first: a family may bring its noise levels, which --P-mean/--P-std then override
            try {
                network_family(a.text("arch"), "--arch");
            } catch (const Error& e) {
                throw UsageError(e.what());
            }
            use_network_family(c, a.text("arch"));
        }
        c.network.model_channels = static_cast<int>(a.integer("channels", c.network.model_channels, 4, 4096));
        if (a.has("channel-mult")) c.network.channel_mult = int_list(a, "channel-mult");
        c.network.num_blocks = static_cast<int>(a.integer("blocks", c.network.num_blocks, 1, 64));
        if (a.has("attn")) c.network.attn_resolutions = a.text("attn").empty() ? std::vector<int>{} : int_list(a, "attn");
    }
    for (const ObjectiveOption& o : objective.options()) {
        if (!a.has(o.flag)) continue;
        try {
            set_option(c, o, a.text(o.flag), "--" + o.flag);
        } catch (const Error& e) {
            throw UsageError(e.what());
        }
    }
}

// Runs the trainer with Ctrl-C / SIGTERM asking for a stop that saves. In a group a failure of
// this rank is published first, so the other ranks name it in their own message.
Trainer::Outcome run_with_signals(Trainer& trainer, const TrainEvents& events)
{
    g_trainer = &trainer;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    struct Restore {
        ~Restore()
        {
            g_trainer = nullptr;
            std::signal(SIGINT, SIG_DFL);
            std::signal(SIGTERM, SIG_DFL);
        }
    } restore;
    try {
        return trainer.run(events);
    } catch (const std::exception& e) {
        const std::string what = e.what();  // its first line: LibTorch's errors go on with a backtrace
        if (trainer.group()) trainer.group()->publish_failure(what.substr(0, what.find('\n')));
        throw;
    }
}

// A rank other than 0: trains silently (rank 0 prints and writes) and exits as rank 0 does.
int run_rank(Trainer& trainer)
{
    switch (run_with_signals(trainer, {})) {
    case Trainer::Outcome::Diverged: return 1;
    case Trainer::Outcome::Stopped: return 130;
    case Trainer::Outcome::Finished: return 0;
    }
    return 1;
}

}  // namespace

std::shared_ptr<DistributedGroup> join_launch_group(const std::string& device, int64_t timeout_seconds)
{
    const LaunchEnvironment env = LaunchEnvironment::from_environment();
    if (!env.launched) return nullptr;
    const auto timeout = std::chrono::seconds(timeout_seconds > 0 ? timeout_seconds : 1800);
    return DistributedGroup::join(env, device, std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
}

std::string rank_tag()
{
    try {
        const LaunchEnvironment env = LaunchEnvironment::from_environment();
        return env.launched ? " [rank " + std::to_string(env.rank) + "]" : "";
    } catch (const Error&) {
        return "";
    }
}

int train_command(const std::string& name, int argc, char** argv)
{
    const std::optional<TrainConfig> resumed = resumed_config(argc, argv);
    const Objective& objective = find_objective(objective_of(name, argc, argv, resumed));
    const std::string summary =
        name == "tune"
            ? "Turn a diffusion model (--base) into a few-step model: ECT (--objective ect, the default),\n"
              "or CMT's mid-training (--objective cmt) and then ECT from its model (--q 4096 --ema-beta 0.9999,\n"
              "with --warmup-kimg: RAdam's first steps are not adapted and q 4096 weighs the loss ~2000x).\n"
              "Writes DIR/model.safetensors (EMA weights), DIR/state.safetensors (for --resume), DIR/log.jsonl\n"
              "and DIR/samples/step-*.png (1-step samples on fixed noise). Ctrl-C finishes the step and saves."
            : "Train a diffusion model from scratch with the EDM loss (the base model for `ect tune`).\n"
              "Writes DIR/model.safetensors (EMA weights), DIR/state.safetensors (for --resume), DIR/log.jsonl\n"
              "and DIR/samples/step-*.png (Heun samples on fixed noise). Ctrl-C finishes the step and saves.";
    Args args(name, summary, recipe_flags(objective), {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    if (args.has("layout")) set_layout_mode(parse_layout_mode(args.text("layout")));
    if (args.has("step-graph")) set_step_graphs_enabled(true);

    // Under torchrun: join the group first (every rank reads the same flags and files).
    std::string device = args.text("device", "auto");
    if (args.has("resume") && resumed) {
        device = resumed->device;
        if (device.rfind("cuda:", 0) == 0) device = "cuda";  // a run begun on one GPU: each rank takes its own
    }
    const auto group = join_launch_group(device, args.integer("dist-timeout", 0, 1, 7 * 24 * 3600));
    const bool root = !group || group->is_root();
    std::unique_ptr<Trainer> trainer;
    if (args.has("resume")) {
        for (const auto& f : recipe_flags(objective))
            if (args.has(f.name) && f.name != "resume" && f.name != "steps" && f.name != "eval-every" &&
                f.name != "dist-timeout" && f.name != "trust-state")
                throw UsageError("--" + f.name + " cannot change a run being resumed (only --steps and --eval-every can)");
        ResumeOptions how;
        how.steps = args.integer("steps", 0, 1, 1LL << 40);
        how.eval_every = args.integer("eval-every", -1, 0, 1LL << 40);
        how.trust_unchecked_state = args.has("trust-state");
        trainer = Trainer::resume(args.text("resume"), how, group);
        if (root && !trainer->resume_notice().empty()) std::fprintf(stderr, "note: %s\n", trainer->resume_notice().c_str());
        if (root)
            std::printf("resuming %s at step %lld of %lld\n", args.text("resume").c_str(),
                        static_cast<long long>(trainer->step()), static_cast<long long>(trainer->config().steps));
    } else {
        if (!args.has("out")) throw UsageError("missing --out DIR (or --resume DIR)");
        if (args.has("trust-state")) throw UsageError("--trust-state goes with --resume (a new run writes checked states)");
        if (objective.from_base() && !args.has("base") && !args.has("continue"))
            throw UsageError("missing --base MODEL (or --continue MODEL)");
        TrainConfig cfg = make_preset(args.text("preset", "cifar10"), objective.name());
        apply_overrides(args, cfg);
        trainer = Trainer::start(cfg, args.text("out"), group);
        if (root && !cfg.base_model.empty()) note_if_snapshot(cfg.base_model);
    }
    if (!root) return run_rank(*trainer);
    if (!trainer->data_notice().empty()) std::fprintf(stderr, "note: %s\n", trainer->data_notice().c_str());
    const TrainConfig& cfg = trainer->config();
    std::string ranks;
    if (group)
        ranks = group->size() == 1 ? " (1 rank, " + group->backend() + ")"
                                   : " (" + std::to_string(cfg.batch / group->size()) + " on each of " +
                                         std::to_string(group->size()) + " ranks, " + group->backend() + ")";
    std::printf("%s: %s on %s (%s%s), %s (%lld images, %d classes), batch %lld%s, %s lr %g\n", name.c_str(),
                cfg.network.summary().c_str(), describe_device(trainer->device()).c_str(),
                precision_name(trainer->precision()).c_str(), trainer->data_on_device() ? ", data on the device" : "",
                trainer->dataset().name.c_str(),
                static_cast<long long>(trainer->dataset().size()), cfg.network.label_dim, static_cast<long long>(cfg.batch),
                ranks.c_str(), OptimizerOptions::kind_name(cfg.optimizer.kind).c_str(), cfg.optimizer.lr);
    if (!trainer->dataset().skipped.empty()) {
        std::printf("skipped %zu unreadable files:\n", trainer->dataset().skipped.size());
        for (const auto& s : trainer->dataset().skipped) std::printf("  %s\n", s.c_str());
    }
    std::fflush(stdout);

    const bool tty = ::isatty(STDERR_FILENO);
    TrainEvents events;
    events.progress = [&](const TrainProgress& p) {
        if (!tty) return;
        // On CUDA the loss is read back at log ticks only: none is known before the first.
        char loss[32] = "-";
        if (std::isfinite(p.smoothed_loss)) std::snprintf(loss, sizeof loss, "%.4f", p.smoothed_loss);
        std::fprintf(stderr, "\r\033[Kstep %lld/%lld  kimg %.1f  stage %d  loss %s  %.2f it/s  ETA %s",
                     static_cast<long long>(p.step), static_cast<long long>(p.total_steps), double(p.images_seen) / 1000,
                     p.stage, loss, p.steps_per_second, duration_text(p.eta_seconds).c_str());
    };
    events.log = [&](const TrainLogRecord& r) {
        if (tty) return;
        std::fprintf(stderr, "step %lld  kimg %.1f  stage %d  loss %.4f  %.1f s/kimg\n", static_cast<long long>(r.step),
                     r.kimg, r.stage, r.loss, r.sec_per_kimg);
    };
    events.eval = [&](const TrainEvalRecord& r) {
        std::string text;
        for (const auto& [sampler, fd] : r.fd) text += "  FD " + sampler + " " + std::to_string(fd).substr(0, 7);
        std::fprintf(stderr, "%sstep %lld  kimg %.1f%s  (%lld samples, %.1f s)\n", tty ? "\r\033[K" : "",
                     static_cast<long long>(r.step), r.kimg, text.c_str(), static_cast<long long>(r.samples), r.seconds);
    };
    events.message = [&](const std::string& text) { std::fprintf(stderr, "%s%s\n", tty ? "\r\033[K" : "", text.c_str()); };
    const auto outcome = run_with_signals(*trainer, events);
    if (tty) std::fprintf(stderr, "\n");
    if (outcome == Trainer::Outcome::Diverged) {
        std::printf("diverged: the last good checkpoint is step %lld in %s\n",
                    static_cast<long long>(trainer->checkpoint_step()), trainer->run_dir().c_str());
        return 1;
    }
    if (outcome == Trainer::Outcome::Stopped) {
        std::printf("stopped at step %lld; state saved to %s\nresume with: ect %s --resume %s\n",
                    static_cast<long long>(trainer->step()), trainer->state_path().c_str(), name.c_str(),
                    trainer->run_dir().c_str());
        return 130;
    }
    std::printf("finished %lld steps (%.1f kimg); model: %s\n", static_cast<long long>(trainer->step()),
                double(trainer->images_seen()) / 1000, trainer->model_path().c_str());
    return 0;
}

}  // namespace ect::cli
