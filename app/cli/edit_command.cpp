// `ect edit`: zero-shot editing (inpainting, super-resolution, colorization, SDEdit from a sketch)
// with a consistency model in a few evaluations, or with a diffusion model through Heun, written
// as a grid: each input's row shows the input, the mask (inpainting), what the edit keeps, and
// the results.
#include "cli_args.h"
#include "commands.h"

#include "ect/build_config.h"
#include "ect/device.h"
#include "ect/error.h"
#include "ect/evaluation/classifier.h"
#include "ect/io/image_io.h"
#include "ect/method/edit.h"
#include "ect/network/bundled.h"
#include "ect/training/dataset.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

namespace ect::cli {

namespace {

// "12" or "12-19": the dataset images to edit (at most 100).
std::pair<int64_t, int64_t> index_range(const std::string& text, int64_t size)
{
    const size_t dash = text.find('-', 1);
    auto whole = [&](const std::string& part) {
        if (part.empty() || part.size() > 12 || part.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError("--index takes I or I-J (whole numbers), not '" + text + "'");
        return std::stoll(part);
    };
    const int64_t first = whole(text.substr(0, dash)), last = dash == std::string::npos ? first : whole(text.substr(dash + 1));
    if (last < first || last - first >= 100) throw UsageError("--index takes a range of 1 to 100 images");
    if (last >= size) fail("--index", "the data has " + std::to_string(size) + " images (0.." + std::to_string(size - 1) + ")");
    return {first, last};
}

// The mask of the pixels to keep: a file (white keeps, black is filled) or one half of the image.
torch::Tensor mask_from(const Args& args, int resolution)
{
    if (args.has("mask") && args.has("keep")) throw UsageError("give --mask or --keep, not both");
    if (args.has("mask"))
        return (load_image(args.text("mask"), resolution, 1).to(torch::kFloat32) > 127).to(torch::kFloat32).unsqueeze(0);
    const std::string keep = args.text("keep", "left");
    torch::Tensor m = torch::zeros({1, 1, resolution, resolution});
    const int64_t half = resolution / 2;
    if (keep == "left") m.slice(3, 0, half).fill_(1);
    else if (keep == "right") m.slice(3, half).fill_(1);
    else if (keep == "top") m.slice(2, 0, half).fill_(1);
    else if (keep == "bottom") m.slice(2, half).fill_(1);
    else throw UsageError("--keep is left, right, top or bottom, not '" + keep + "'");
    return m;
}

}  // namespace

int edit_command(int argc, char** argv)
{
    std::string tasks;
    for (const auto& t : edit_tasks()) tasks += std::string("\n  ") + t.name + ": " + t.about;
    Args args("edit",
              "Edit images without training (consistency models, Algorithm 4 of Song et al. 2023): the model's\n"
              "consistency function alternates with putting back what is known, in one to a few evaluations.\n"
              "A diffusion model edits the same way through Heun, replacing the known part at every level." + tasks,
              {{"model", "FILE", "Model file (.safetensors); default: the bundled Fashion-MNIST consistency model"},
               {"input", "FILE", "An image to edit (centre-cropped and resized to the model's size)"},
               {"data", "SOURCE", "Or images of a dataset (fashion-mnist:test, a folder ...), with --index"},
               {"index", "I[-J]", "Which images of --data (default 0; at most 100)"},
               {"task", "NAME", "inpaint (default), superres, colorize or sketch"},
               {"mask", "FILE", "inpaint: the pixels to keep, white (the rest is filled)"},
               {"keep", "SIDE", "inpaint without --mask: keep the left (default), right, top or bottom half"},
               {"factor", "F", "superres: from images F times smaller (default 2)"},
               {"levels", "T1,T2,..", "Consistency levels, decreasing (default: 80 then the model's mid levels;\n"
                                      "sketch: 2.0 then lower); one evaluation each"},
               {"steps", "N", "Evaluations when --levels is not given (default 2); Heun steps for a\n"
                              "diffusion model (default 18, NFE 35)"},
               {"beside", "FILE", "A diffusion model to make the same edit with, through Heun (--heun-steps), for\n"
                                  "comparison: its results in a row under each input's, the same seeds"},
               {"heun-steps", "N", "Heun steps of --beside (default 18, NFE 35)"},
               {"seed", "S", "Result k of each input uses the noise of seed S+k, as `ect sample` (default 0)"},
               {"count", "N", "Results per input (default 4)"},
               {"class", "C", "Class for a conditional model (default: the data's label, else the bundled\n"
                              "classifier's guess from the kept part)"},
               {"device", "NAME", "cpu, cuda, cuda:N or auto (default auto)"},
               {"threads", "N", "CPU threads (default: all cores)"},
               {"out", "FILE", "Grid image (.png; JPEG/TIFF/EXR with OpenImageIO)", true},
               {"gap", "PX", "Pixels between grid cells (default 2)"}},
              {}, argc, argv, 2);
    if (args.help()) return std::cout << args.usage(), 0;
    check_image_output(args.text("out"));
    if (args.has("input") == args.has("data")) throw UsageError("give the images to edit: --input FILE or --data SOURCE");
    if (args.has("index") && !args.has("data")) throw UsageError("--index goes with --data");

    init_threads(static_cast<int>(args.integer("threads", 0, 0, 1024)));
    const torch::Device device = resolve_device(args.text("device", "auto"));
    ModelFile model = load_model_noting(args.has("model") ? args.text("model") : default_model_for("cm"), device);
    const NetworkConfig& cfg = model.config;
    const bool consistency = !model.is_diffusion();
    if (args.has("heun-steps") && !args.has("beside")) throw UsageError("--heun-steps goes with --beside");
    const int beside_steps = static_cast<int>(args.integer("heun-steps", 18, 2, 1000));
    std::optional<ModelFile> beside;
    if (args.has("beside")) {
        beside = load_model_noting(args.text("beside"), device);
        const NetworkConfig& b = beside->config;
        if (!beside->is_diffusion()) throw UsageError("--beside takes a diffusion model (it edits through Heun)");
        if (b.img_resolution != cfg.img_resolution || b.img_channels != cfg.img_channels || (b.label_dim > 0 && b.label_dim != cfg.label_dim))
            throw UsageError("--beside makes other images than --model (size, channels or classes)");
    }

    EditSettings s;
    try {
        s.task = parse_edit_task(args.text("task", "inpaint"), "--task");
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    const EditTaskInfo& task = edit_task_info(s.task);
    if (!task.needs_mask && (args.has("mask") || args.has("keep"))) throw UsageError("--mask and --keep go with --task inpaint");
    if (s.task != EditTask::SuperRes && args.has("factor")) throw UsageError("--factor goes with --task superres");
    s.factor = static_cast<int>(args.integer("factor", 2, 2, 64));
    if (args.has("levels")) {
        if (!consistency) throw UsageError("--levels are a consistency model's; a diffusion model takes --steps");
        s.levels = args.numbers("levels");
    }
    if (consistency) s.evaluations = static_cast<int>(args.integer("steps", 2, 1, 64));
    else s.heun_steps = static_cast<int>(args.integer("steps", 18, 2, 1000));
    s.seed = static_cast<uint64_t>(args.integer("seed", 0, 0, 1LL << 62));
    s.count = args.integer("count", 4, 1, 1000);
    try {
        s.validate();
    } catch (const Error& e) {
        throw UsageError(e.what());
    }

    // The inputs, as the model's images in [−1, 1], and the labels the data gives.
    torch::Tensor images, data_labels;
    if (args.has("input")) {
        images = load_image(args.text("input"), cfg.img_resolution, cfg.img_channels).unsqueeze(0);
    } else {
        DatasetOptions o;
        o.resolution = cfg.img_resolution;
        o.channels = cfg.img_channels;
        const Dataset data = load_dataset(args.text("data"), o);
        const auto [first, last] = index_range(args.text("index", "0"), data.size());
        images = data.images.slice(0, first, last + 1);
        if (data.labels.defined()) data_labels = data.labels.slice(0, first, last + 1);
    }
    images = images.to(torch::kFloat32) / 127.5 - 1;
    const int64_t n = images.size(0);
    const torch::Tensor mask = task.needs_mask ? mask_from(args, cfg.img_resolution) : torch::Tensor();
    {
        EditOperator op;  // the task against the model's images, before anything runs
        op.task = s.task;
        op.factor = s.factor;
        op.mask = mask;
        try {
            op.validate(images.slice(0, 0, 1));
        } catch (const Error& e) {
            throw UsageError(e.what());
        }
    }

    // A conditional model edits within a class: the one asked for, the data's, or a guess.
    torch::Tensor labels;
    std::string class_note;
    if (cfg.label_dim > 0) {
        torch::Tensor index;
        if (args.has("class")) {
            index = torch::full({n}, static_cast<int64_t>(args.integer("class", 0, 0, cfg.label_dim - 1)), torch::kLong);
        } else if (data_labels.defined() && data_labels.max().item<int64_t>() < cfg.label_dim) {
            index = data_labels.to(torch::kLong);
            class_note = "the data's labels";
        } else {
            const std::string path = require_bundled(kBundledClassifier, "the classifier that guesses the class (or give --class)");
            Classifier classifier = load_classifier(path, torch::kCPU);
            EditOperator op;
            op.task = s.task;
            op.factor = s.factor;
            op.mask = mask;
            try {
                index = guess_edit_classes(classifier, op, images.to(torch::kCPU), cfg.label_dim);
            } catch (const Error& e) {
                throw UsageError(std::string("this conditional model needs --class: ") + e.what());
            }
            class_note = "the bundled classifier's guess from the kept part";
        }
        labels = torch::one_hot(index, cfg.label_dim).to(torch::kFloat32);
    }

    const auto start = std::chrono::steady_clock::now();
    const EditResult r = edit_images(model, s, images, mask, labels);
    synchronize(device);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::optional<EditResult> rb;
    double beside_seconds = 0;
    EditSettings heun = s;  // --beside: the same edit and seeds; the levels are the first model's
    if (beside) {
        heun.levels.clear();
        heun.heun_steps = beside_steps;
        const auto t0 = std::chrono::steady_clock::now();
        rb = edit_images(*beside, heun, images, mask, beside->config.label_dim > 0 ? labels : torch::Tensor());
        synchronize(device);
        beside_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }

    // Rows: input, mask (inpainting), what is kept, then the results; --beside's row under each.
    std::vector<torch::Tensor> cells;
    for (int64_t i = 0; i < n; ++i)
        for (const EditResult* e : std::initializer_list<const EditResult*>{&r, rb ? &*rb : nullptr}) {
            if (!e) continue;
            cells.push_back(images[i]);
            if (mask.defined()) cells.push_back((mask[0] * 2 - 1).expand({cfg.img_channels, -1, -1}));
            cells.push_back(e->known[i]);
            for (int64_t k = 0; k < s.count; ++k) cells.push_back(e->results[i * s.count + k]);
        }
    const int columns = static_cast<int>(s.count) + (mask.defined() ? 3 : 2);
    ParameterList p = edit_parameters(model, s, r, short_file_hash(model.path), std::string("ect ") + ECT_VERSION);
    if (rb) add_beside_parameters(p, *beside, heun, *rb, short_file_hash(beside->path));
    write_image(args.text("out"), tile_grid(images_to_uint8(torch::stack(cells)), columns, static_cast<int>(args.integer("gap", 2, 0, 64))),
                {{"parameters", format_parameters(p)}});
    if (!class_note.empty()) std::printf("classes: %s\n", class_note.c_str());
    std::printf("wrote %s: %lld input%s x %lld results, %s, NFE %d, %.4f s per result on %s\n", args.text("out").c_str(),
                static_cast<long long>(n), n == 1 ? "" : "s", static_cast<long long>(s.count), task.name, r.nfe,
                seconds / double(n * s.count), describe_device(device).c_str());
    if (rb)
        std::printf("beside: %s, Heun NFE %d, %.4f s per result (the row under each input's)\n",
                    std::filesystem::path(beside->path).filename().string().c_str(), rb->nfe, beside_seconds / double(n * s.count));
    return 0;
}

}  // namespace ect::cli
