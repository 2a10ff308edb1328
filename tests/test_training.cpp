// The trainer: pretraining learns, ECT tuning walks its stages, and a stopped or killed run
// resumes onto the same trajectory, bit for bit on the CPU.
#include "test_support.h"

#include "ect/network/bundled.h"
#include "ect/error.h"
#include "ect/evaluation/quality.h"
#include "ect/io/hash.h"
#include "ect/io/image_io.h"
#include "ect/io/safetensors.h"
#include "ect/network/model_file.h"
#include "ect/method/generate.h"
#include "ect/method/noise.h"
#include "ect/method/samplers.h"
#include "ect/training/optim.h"
#include "ect/training/phema.h"
#include "ect/training/trainer.h"

#include <QImage>
#include <QProcess>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <functional>
#include <map>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <thread>

using namespace ect;
namespace fs = std::filesystem;

namespace {

using ect::test::read_jsonl;

TrainConfig tiny(const std::string& objective)
{
    TrainConfig c = make_preset("tiny", objective);
    c.data_limit = 512;
    c.threads = 2;
    c.device = "cpu";
    c.log_every = 1;
    c.sample_every = 0;
    return c;
}

std::string run_dir(const QString& name)
{
    const std::string d = ect::test::temp_path(name).toStdString();
    fs::remove_all(d);
    return d;
}

std::string losses_of(const std::string& log)
{
    std::string s;
    for (const auto& r : read_jsonl(log)) s += r.at("loss").dump() + " ";
    return s;
}

}  // namespace

class TestTraining : public QObject {
    Q_OBJECT

    std::string base_;  // a briefly pretrained tiny diffusion model, shared by the tuning tests

private slots:
    void pretraining_lowers_loss()
    {
        TrainConfig c = tiny("edm");
        c.steps = 250;
        const std::string dir = run_dir("pretrain");
        auto t = Trainer::start(c, dir);
        std::vector<double> losses;
        int grids = 0;
        TrainEvents ev;
        ev.step = [&](const TrainStep& s) { losses.push_back(s.loss); };
        ev.samples = [&](int64_t, const torch::Tensor& images) {
            ++grids;
            QCOMPARE(images.size(0), int64_t(c.grid_count));
        };
        QCOMPARE(t->run(ev), Trainer::Outcome::Finished);
        QCOMPARE(losses.size(), size_t(250));
        const double first = std::accumulate(losses.begin(), losses.begin() + 25, 0.0) / 25;
        const double last = std::accumulate(losses.end() - 25, losses.end(), 0.0) / 25;
        qInfo("EDM loss: first 25 steps %.3f, last 25 steps %.3f", first, last);
        QVERIFY(last < 0.6 * first);
        QCOMPARE(grids, 2);  // step 0 and the end
        QVERIFY(fs::exists(t->grid_path(0)) && fs::exists(t->grid_path(250)));
        const auto model = load_model(t->model_path());
        QCOMPARE(model.metadata.at("ect.kind"), std::string("diffusion"));
        QCOMPARE(model.config.label_dim, 10);
        QCOMPARE(read_jsonl(t->log_path()).size(), size_t(250));
        base_ = dir + "/base.safetensors";
        fs::copy_file(t->model_path(), base_);
    }

    void tuning_walks_stages()
    {
        QVERIFY(!base_.empty());
        TrainConfig c = tiny("ect");
        c.base_model = base_;
        c.stage_kimg = 0.32;  // 20 steps of 16 images per stage
        c.batch_per_pass = 8;  // gradient accumulation over two passes
        c.steps = 60;
        const std::string dir = run_dir("tune");
        auto t = Trainer::start(c, dir);
        torch::Tensor first_grid;
        TrainEvents ev;
        ev.samples = [&](int64_t step, const torch::Tensor& images) {
            if (step == 0) first_grid = images.clone();
        };
        QCOMPARE(t->run(ev), Trainer::Outcome::Finished);
        // The step ran on flat buffers: weights and gradients are each one contiguous span (the
        // optimizer, EMA and nan_to_num then take their few-kernel path), and so is the EMA.
        const auto params = t->net()->parameters();
        std::vector<torch::Tensor> grads;
        for (const auto& p : params) grads.push_back(p.grad());
        QVERIFY(contiguous_span(params).defined());
        QVERIFY(contiguous_span(grads).defined());
        QVERIFY(contiguous_span(t->ema()->parameters()).defined());
        std::set<int> stages;
        QCOMPARE(read_jsonl(t->log_path()).size(), size_t(60));
        for (const auto& r : read_jsonl(t->log_path())) {
            stages.insert(r.at("stage").get<int>());
            QVERIFY(std::isfinite(r.at("loss").get<double>()));
            for (const char* key : {"kimg", "lr", "sec_per_kimg", "memory_mb", "loss_t_1_10"}) QVERIFY(r.contains(key));
        }
        QCOMPARE(stages, (std::set<int>{0, 1, 2}));
        const auto model = load_model(t->model_path());
        QCOMPARE(model.metadata.at("ect.kind"), std::string("consistency"));
        QCOMPARE(model.metadata.at("ect.base_model_sha256"), sha256_file(base_));
        // The model names its base by file name and hash, never by this machine's path.
        QCOMPARE(model.metadata.at("ect.base_model"), std::filesystem::path(base_).filename().string());
        const auto recipe = nlohmann::json::parse(model.metadata.at("ect.recipe"));
        QCOMPARE(recipe.at("base_model").get<std::string>(), std::filesystem::path(base_).filename().string());
        for (const auto& [key, value] : model.metadata)
            QVERIFY2(value.find(std::filesystem::temp_directory_path().string()) == std::string::npos, key.c_str());
        QCOMPARE(model.metadata.at("ect.stage"), std::string("3"));
        QCOMPARE(model.metadata.at("ect.images_seen"), std::string("960"));
        // Step 0 shows the base model's 1-step output on the fixed noise.
        auto base = load_model(base_);
        QVERIFY(first_grid.defined());
        torch::NoGradGuard no_grad;
        const auto noise = seeded_noise(0, 0, c.grid_count, 1, 28, 0);
        const auto labels = class_labels_for(0, c.grid_count, 10, -1);
        const auto expected = sample_consistency(base.net, noise.latents, labels, {}, {}).to(torch::kFloat32);
        QVERIFY(torch::allclose(first_grid, expected, 1e-5, 1e-6));
    }

    void every_family_pretrains_tunes_and_samples_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::newRow("dhariwal (ADM)") << "dhariwal";
        QTest::newRow("edm2") << "edm2";
    }

    void every_family_pretrains_tunes_and_samples()
    {
        // A tiny network of each family pretrained, ECT-tuned and sampled end to end on the CPU.
        QFETCH(QString, arch);
        TrainConfig p = tiny("edm");
        p.network.arch = arch.toStdString();
        p.network.family_options = "{}";  // the family's defaults (EDM2: with its uncertainty head)
        p.steps = 40;
        p.lr_ref_batches = arch == "edm2" ? 10 : 0;  // EDM2's decay, here within the run
        p.lr_warmup_kimg = 0;
        const std::string pdir = run_dir("family-pretrain-" + arch);
        auto pre = Trainer::start(p, pdir);
        QCOMPARE(pre->run({}), Trainer::Outcome::Finished);
        std::vector<double> lrs;
        for (const auto& r : read_jsonl(pre->log_path())) {
            QVERIFY(std::isfinite(r.at("loss").get<double>()));
            lrs.push_back(r.at("lr").get<double>());
        }
        if (arch == "edm2") {
            // lr/√(images / (10 batches)) once past 10 batches: step 40 of 16 images runs at lr/2.
            QVERIFY2(std::abs(lrs.back() / p.optimizer.lr - std::sqrt(10.0 / 39)) < 0.02, std::to_string(lrs.back()).c_str());
        }
        const auto base = load_model(pre->model_path());
        QCOMPARE(base.config.arch, arch.toStdString());
        QCOMPARE(base.config.summary().rfind(base.config.family_title(), 0), size_t(0));
        if (arch == "edm2") {
            QVERIFY(base.net->model->has_logvar());
            // Forced weight normalisation: the trained network's weights have unit magnitude per
            // output channel (‖w_i‖ = √fan_in, EDM2 eq. 66).
            const torch::Tensor w = pre->net()->named_parameters()["model.enc.28x28_block0.conv_res0.weight"].detach();
            const torch::Tensor norms = w.flatten(1).norm(2, 1) / std::sqrt(double(w[0].numel()));
            QVERIFY2((norms - 1).abs().max().item<double>() < 1e-2, c10::str(norms).c_str());
        }

        TrainConfig t = tiny("ect");
        t.base_model = pre->model_path();
        t.steps = 20;
        t.two_step_mid = 1.526;
        if (arch == "edm2") {  // EDM2's profiles, for an EMA of another length after tuning
            t.ema_stds = {0.05, 0.10};
            t.checkpoint_every = 5;
        }
        const std::string tdir = run_dir("family-tune-" + arch);
        auto tune = Trainer::start(t, tdir);
        QCOMPARE(tune->run({}), Trainer::Outcome::Finished);
        for (const auto& r : read_jsonl(tune->log_path())) QVERIFY(std::isfinite(r.at("loss").get<double>()));
        auto tuned = load_model(tune->model_path());
        QCOMPARE(tuned.metadata.at("ect.kind"), std::string("consistency"));
        QCOMPARE(tuned.config.arch, arch.toStdString());
        QCOMPARE(default_mid(tuned, 2), std::vector<double>{1.526});  // the recipe's mid level travels with the model
        // ECT's imgnet branch tunes under EDM2's Precond (EDM's form: σ_min 0); SongUNet-family
        // networks keep the recipe's (ECMPrecond: 0.002).
        QCOMPARE(tuned.config.sigma_min, arch == "edm2" ? 0.0 : base.config.sigma_min);
        torch::NoGradGuard no_grad;
        const auto noise = seeded_noise(0, 0, 8, 1, 28, 0);
        const auto labels = class_labels_for(0, 8, 10, -1);
        const torch::Tensor images = sample_consistency(tuned.net, noise.latents, labels, {}, {});
        QCOMPARE(images.sizes(), (c10::IntArrayRef{8, 1, 28, 28}));
        QVERIFY(torch::isfinite(images).all().item<bool>());
        if (arch == "edm2") {
            // Post-hoc EMA of σ_rel 0.07 from the 8 snapshots (steps 5..20), sampled like any model.
            const auto snapshots = list_phema_snapshots(tdir);
            QCOMPARE(snapshots.size(), size_t(8));
            auto posthoc = reconstruct_posthoc_ema(plan_posthoc_ema(snapshots, 0.07));
            QVERIFY(posthoc.has_value());
            QCOMPARE(posthoc->config.arch, std::string("edm2"));
            const torch::Tensor averaged = sample_consistency(posthoc->net, noise.latents, labels, {}, {});
            QVERIFY(torch::isfinite(averaged).all().item<bool>());
            QVERIFY(!torch::equal(averaged, images));  // another average than the run's own EMA
        }
    }

    void power_function_profiles_follow_edm2_and_resume()
    {
        // Two profiles beside the EMA; each checkpoint writes their snapshots.
        QVERIFY(!base_.empty());
        TrainConfig c = tiny("ect");
        c.base_model = base_;
        c.steps = 4;
        c.checkpoint_every = 1;
        c.ema_stds = {0.05, 0.075};  // 0.075: a length whose text and double differ in the last bit
        const std::string dir = run_dir("phema");
        {
            auto t = Trainer::start(c, dir);
            QCOMPARE(t->run({}), Trainer::Outcome::Finished);
        }
        const RunFolder run(dir);
        const auto files = run.phema_files();
        QCOMPARE(files.size(), size_t(8));  // steps 1..4 × 2 lengths
        QCOMPARE(fs::path(files.front().path).filename().string(), std::string("model-00000001-0.050.safetensors"));
        // EDM2's update: step 1 (images 16) has β = 0, so the profile is the network; at step 4
        // (images 64) β = (1 − 16/64)^(γ+1) between the step-3 profile and the step-4 network.
        const TensorFile state = read_safetensors(run.state_path());
        for (double std : c.ema_stds) {
            const auto p3 = load_model(run.phema_path(3, std)), p4 = load_model(run.phema_path(4, std));
            QCOMPARE(p4.metadata.at("ect.phema.std"), phema_std_text(std));
            QCOMPARE(p4.metadata.at("ect.phema.images"), std::string("64"));
            const double beta = power_function_beta(std, 64, 16);
            auto before = p3.net->named_parameters();
            double worst = 0;
            for (const auto& item : p4.net->named_parameters()) {
                const torch::Tensor net4 = state.at("net." + item.key()).to(torch::kFloat64);
                const torch::Tensor expected = net4 + beta * (before[item.key()].to(torch::kFloat64) - net4);
                worst = std::max(worst, (item.value().to(torch::kFloat64) - expected).abs().max().item<double>());
            }
            QVERIFY2(worst < 1e-6, std::to_string(worst).c_str());
        }

        // Post-hoc: the stored length at the newest time is that snapshot; another length lies
        // between, weighted from all eight.
        const auto snapshots = list_phema_snapshots(dir);
        QCOMPARE(snapshots.size(), size_t(8));
        QCOMPARE(snapshots.back().images, 64.0);
        const auto same = reconstruct_posthoc_ema(plan_posthoc_ema(snapshots, 0.075));
        const auto stored = load_model(run.phema_path(4, 0.075));
        double diff = 0;
        for (const auto& item : same->net->named_parameters())
            diff = std::max(diff, (item.value() - stored.net->named_parameters()[item.key()]).abs().max().item<double>());
        QVERIFY2(diff < 1e-5, std::to_string(diff).c_str());
        QCOMPARE(same->metadata.at("ect.phema.std"), std::string("0.075"));
        const PosthocPlan mid = plan_posthoc_ema(snapshots, 0.07, 48);
        QCOMPARE(mid.inputs.size(), size_t(6));  // only snapshots up to 48 images take part
        QVERIFY(std::abs(std::accumulate(mid.weights.begin(), mid.weights.end(), 0.0) - 1) < 1e-9);
        QVERIFY_THROWS_EXCEPTION(Error, plan_posthoc_ema(snapshots, 0.07, 50));  // no snapshot at 50 images

        // Stopped at step 2 and resumed: the profiles continue on the same trajectory.
        const std::string dir2 = run_dir("phema-resumed");
        {
            TrainConfig half = c;
            half.steps = 2;
            auto t = Trainer::start(half, dir2);
            QCOMPARE(t->run({}), Trainer::Outcome::Finished);
        }
        {
            ResumeOptions more;
            more.steps = 4;
            auto t = Trainer::resume(dir2, more);
            QCOMPARE(t->run({}), Trainer::Outcome::Finished);
        }
        for (double std : c.ema_stds) {
            const TensorFile a = read_safetensors(RunFolder(dir2).phema_path(4, std)), b = read_safetensors(run.phema_path(4, std));
            QCOMPARE(a.tensors.size(), b.tensors.size());
            for (size_t i = 0; i < a.tensors.size(); ++i) QVERIFY(torch::equal(a.tensors[i].second, b.tensors[i].second));
        }

        // A state whose run's config lists other lengths is refused, naming both.
        TrainConfig other = RunFolder(dir2).read_config();
        other.ema_stds = {0.05};
        RunFolder(dir2).write_config(other);
        try {
            Trainer::resume(dir2);
            QFAIL("resumed with other EMA lengths");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("0.050,0.075") != std::string::npos, e.what());
        }
        // A folder holding only another run's EMA snapshots is not empty: a new run there would
        // mix them into its post-hoc EMA.
        const std::string leftover = run_dir("phema-leftover");
        fs::create_directories(leftover + "/phema");
        fs::copy_file(run.phema_path(4, 0.05), RunFolder(leftover).phema_path(4, 0.05));
        QVERIFY(RunFolder(leftover).holds_run());
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(c, leftover));
    }

    void a_base_of_more_classes_tunes_on_fewer()
    {
        // A network of 16 classes (an ImageNet model's 1000, in small) tuned on Fashion-MNIST's
        // 10: the data's classes are the network's first ten (the one-hot labels are the
        // network's width, not the data's).
        torch::manual_seed(3);
        Denoiser base(test::tiny_config(16));
        const std::string path = run_dir("wide-base") + ".safetensors";
        save_model(path, base, {{"ect.kind", "diffusion"}});
        TrainConfig c = tiny("ect");
        c.base_model = path;
        c.data_limit = 64;
        c.steps = 2;
        auto t = Trainer::start(c, run_dir("wide-tune"));
        QCOMPARE(t->run({}), Trainer::Outcome::Finished);
        QCOMPARE(load_model(t->model_path()).config.label_dim, 16);
    }

    void quality_is_measured_while_training()
    {
        QVERIFY(!base_.empty());
        TrainConfig c = tiny("ect");
        c.base_model = base_;
        c.steps = 4;
        c.eval_every = 2;
        c.eval_count = 40;
        const std::string dir = run_dir("quality");
        auto t = Trainer::start(c, dir);
        std::vector<TrainEvalRecord> seen;
        TrainEvents ev;
        ev.eval = [&](const TrainEvalRecord& r) { seen.push_back(r); };
        QCOMPARE(t->run(ev), Trainer::Outcome::Finished);
        // The base model as a consistency model (step 0), every 2 steps, and the end; 1 and 2 steps.
        QCOMPARE(seen.size(), size_t(3));
        std::vector<int64_t> steps;
        QVERIFY(!read_jsonl(t->log_path()).empty());
        for (const auto& r : read_jsonl(t->log_path())) {
            if (!r.contains("fd")) continue;
            steps.push_back(r.at("step").get<int64_t>());
            QCOMPARE(r.at("fd_samples").get<int64_t>(), int64_t(40));
            for (const char* sampler : {"cm1", "cm2"}) {
                const double fd = r.at("fd").at(sampler).get<double>();
                QVERIFY(std::isfinite(fd) && fd > 0);
            }
        }
        QCOMPARE(steps, (std::vector<int64_t>{0, 2, 4}));
        QCOMPARE(seen[1].fd[0].first, std::string("cm1"));
        QCOMPARE(seen[2].fd[1].second, read_jsonl(t->log_path()).back().at("fd").at("cm2").get<double>());
        // The same model measured again gives the same FD: fixed seeds, no training randomness.
        QualityProbe probe(find_bundled(kBundledClassifier), "fashion-mnist:test", t->ema()->config(), torch::kCPU);
        GenerateSettings s;
        s.count = 40;
        s.batch = 250;
        QVERIFY(std::abs(probe.fd(t->ema(), s) - seen[2].fd[0].second) < 1e-9 * seen[2].fd[0].second);

        // --eval-every may change on resume (0: no more measurements); the old records stay.
        t.reset();
        auto r = Trainer::resume(dir, {6, 0});
        QCOMPARE(r->config().eval_every, int64_t(0));
        QCOMPARE(r->run(), Trainer::Outcome::Finished);
        int fd_lines = 0;
        for (const auto& rec : read_jsonl(r->log_path())) fd_lines += rec.contains("fd");
        QCOMPARE(fd_lines, 3);
        // A run folder from before --eval-every (no quality keys) still loads, with quality off.
        auto j = nlohmann::json::parse(c.to_json());
        for (const char* key : {"eval_every", "eval_count", "eval_data", "eval_features"}) j.erase(key);
        QCOMPARE(TrainConfig::from_json(j.dump(), "old").eval_every, int64_t(0));
        c.eval_count = 1;
        QVERIFY_THROWS_EXCEPTION(Error, c.validate());
    }

    void stopped_run_resumes_bit_for_bit_data()
    {
        QTest::addColumn<QString>("objective");
        QTest::newRow("tune") << QString("ect");
        QTest::newRow("pretrain") << QString("edm");
        QTest::newRow("cmt") << QString("cmt");  // its teacher is read again on resume
        QTest::newRow("cmt-feature") << QString("cmt-feature");  // the bundled classifier's distance
        QTest::newRow("tcm") << QString("tcm");
        QTest::newRow("tcm2") << QString("tcm2");  // the frozen first stage too
    }

    void stopped_run_resumes_bit_for_bit()
    {
        QFETCH(QString, objective);
        const bool feature = objective == "cmt-feature";
        TrainConfig c = tiny(feature ? "cmt" : objective.toStdString());
        if (feature) c.cmt.metric = CmtMetric::Feature;
        c.base_model = base_;
        c.stage_kimg = 0.16;
        c.cmt.nfe = 4;  // 4 trajectories of 4 points per step of 16
        c.steps = 30;
        c.checkpoint_every = 1000;  // only the stop writes a state
        c.xflip = true;
        const std::string full = run_dir("full"), split = run_dir("split");
        Trainer::start(c, full)->run();

        auto first = Trainer::start(c, split);
        TrainEvents ev;
        Trainer* raw = first.get();
        ev.step = [&](const TrainStep& s) {
            if (s.step == 13) raw->request_stop();
        };
        QCOMPARE(first->run(ev), Trainer::Outcome::Stopped);
        QCOMPARE(first->step(), int64_t(13));
        first.reset();
        auto second = Trainer::resume(split);
        QCOMPARE(second->step(), int64_t(13));
        QCOMPARE(second->run(), Trainer::Outcome::Finished);

        QCOMPARE(losses_of(split + "/log.jsonl"), losses_of(full + "/log.jsonl"));
        const auto a = read_safetensors(full + "/state.safetensors"), b = read_safetensors(split + "/state.safetensors");
        QCOMPARE(a.tensors.size(), b.tensors.size());
        for (size_t i = 0; i < a.tensors.size(); ++i) {
            QCOMPARE(a.tensors[i].first, b.tensors[i].first);
            QVERIFY2(torch::equal(a.tensors[i].second, b.tensors[i].second), a.tensors[i].first.c_str());
        }
    }

    void tcm_second_stage_writes_a_two_stage_model()
    {
        // TCM's second stage from a first-stage model: its model file holds both stages, the
        // first (frozen, the base) below t' and the trained network at and above it.
        TrainConfig c = tiny("tcm2");
        c.base_model = base_;
        c.steps = 6;
        const std::string dir = run_dir("tcm2-model");
        Trainer::start(c, dir)->run();
        ModelFile two = load_model(dir + "/model.safetensors");
        QCOMPARE(two.config.transition_t, 1.0);
        QCOMPARE(two.metadata.at("ect.objective"), std::string("tcm2"));
        QCOMPARE(two.metadata.at("ect.kind"), std::string("consistency"));
        ModelFile base = load_model(base_);
        torch::NoGradGuard no_grad;
        two.net->eval();
        base.net->eval();
        const torch::Tensor x = torch::randn({3, 1, 28, 28}) * 0.5;
        const torch::Tensor labels = torch::eye(10).slice(0, 0, 3);
        for (double sigma : {0.002, 0.3, 0.99}) {
            const torch::Tensor level = torch::full({3}, sigma);
            QVERIFY(torch::equal(two.net->forward(x, level, labels, Preconditioning::Consistency),
                                 base.net->forward(x, level, labels, Preconditioning::Training)));
        }
        const torch::Tensor high = torch::full({3}, 5.0);
        QVERIFY(!torch::allclose(two.net->forward(x, high, labels, Preconditioning::Consistency),
                                 base.net->forward(x, high, labels, Preconditioning::Training)));
        // One batch across t': each sample from its own stage.
        const torch::Tensor mixed = torch::tensor({0.5, 5.0, 0.5});
        const torch::Tensor out = two.net->forward(x, mixed, labels, Preconditioning::Consistency);
        QVERIFY(torch::equal(out[0], base.net->forward(x, mixed, labels, Preconditioning::Training)[0]));
        QVERIFY(torch::equal(out[1], two.net->forward(x, high, labels, Preconditioning::Consistency)[1]));
        // A two-stage model samples but does not start training.
        TrainConfig again = tiny("ect");
        again.base_model = dir + "/model.safetensors";
        bool refused = false;
        try {
            Trainer::start(again, run_dir("tcm2-again"));
        } catch (const Error& e) {
            refused = std::string(e.what()).find("two-stage (TCM) model") != std::string::npos;
        }
        QVERIFY(refused);

        // A damaged two-stage file: a first-stage tensor missing, or first-stage tensors in a
        // one-stage file, is refused by name before anything runs.
        const TensorFile file = read_safetensors(dir + "/model.safetensors");
        auto message_of = [](const std::string& path) {
            try {
                load_model(path);
            } catch (const Error& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        std::vector<std::pair<std::string, torch::Tensor>> fewer;
        std::string dropped;
        for (const auto& [name, t] : file.tensors) {
            if (dropped.empty() && name.rfind("first_stage.", 0) == 0) dropped = name;
            else fewer.emplace_back(name, t);
        }
        QVERIFY(!dropped.empty());
        const std::string missing = dir + "/missing-first-stage.safetensors";
        write_safetensors(missing, fewer, file.metadata);
        QVERIFY2(message_of(missing).find(dropped) != std::string::npos, message_of(missing).c_str());
        std::vector<std::pair<std::string, torch::Tensor>> extra = read_safetensors(base_).tensors;
        extra.emplace_back(dropped, file.tensors.front().second);
        const std::string stray = dir + "/stray-first-stage.safetensors";
        write_safetensors(stray, extra, read_safetensors(base_).metadata);
        QVERIFY2(message_of(stray).find(dropped) != std::string::npos, message_of(stray).c_str());
    }

    void killed_cli_run_resumes_on_same_trajectory_data()
    {
        // The command and its objective's flags: every objective of the table.
        QTest::addColumn<QStringList>("objective");
        QTest::newRow("ect") << QStringList{"tune", "--stage-kimg", "0.3"};
        QTest::newRow("edm") << QStringList{"pretrain"};  // a new network
        QTest::newRow("cmt") << QStringList{"tune", "--objective", "cmt", "--nfe", "4"};
        QTest::newRow("tcm") << QStringList{"tune", "--objective", "tcm", "--stage-kimg", "0.3"};
        QTest::newRow("tcm2") << QStringList{"tune", "--objective", "tcm2"};  // with the frozen first stage
    }

    void killed_cli_run_resumes_on_same_trajectory()
    {
        // `kill -9` at an arbitrary moment: the run continues from its last checkpoint.
        QFETCH(QStringList, objective);
        const QString full = QString::fromStdString(run_dir("cli-full")), killed = QString::fromStdString(run_dir("cli-killed"));
        const bool tune = objective.front() == "tune";
        const QStringList common = QStringList{objective.front(), "--preset", "tiny"} +
                                   (tune ? QStringList{"--base", QString::fromStdString(base_)} : QStringList{}) +
                                   QStringList{"--data-limit", "256", "--steps", "40", "--log-every", "1", "--checkpoint-every",
                                               "7", "--sample-every", "0", "--device", "cpu", "--threads", "2"} +
                                   objective.mid(1);
        QProcess p;
        p.start(ECT_CLI_PATH, common + QStringList{"--out", full});
        // Generous limits: ~20 s on an idle 2-core machine, but a loaded one (sanitizer builds,
        // fuzzers) took over 120 s; a hang still ends the test.
        QVERIFY(p.waitForFinished(600000));
        QCOMPARE(p.exitCode(), 0);

        QProcess k;
        k.start(ECT_CLI_PATH, common + QStringList{"--out", killed});
        QVERIFY(k.waitForStarted());
        const std::string log = killed.toStdString() + "/log.jsonl";
        // Killed after 16 steps (checkpoints at 7 and 14: it resumes from 14, not from the start).
        // Up to 10 minutes: under ThreadSanitizer on a loaded machine 2 minutes were not enough.
        for (int i = 0; i < 12000 && read_jsonl(log).size() < 16; ++i) QTest::qWait(50);
        ::kill(pid_t(k.processId()), SIGKILL);
        k.waitForFinished();
        QVERIFY(read_jsonl(log).size() >= 16);
        QVERIFY(fs::exists(killed.toStdString() + "/state.safetensors"));

        QProcess r;
        r.start(ECT_CLI_PATH, QStringList{objective.front(), "--resume", killed});
        QVERIFY(r.waitForFinished(600000));
        QCOMPARE(r.exitCode(), 0);
        QVERIFY(QString(r.readAllStandardOutput()).contains("resuming"));
        QCOMPARE(losses_of(log), losses_of(full.toStdString() + "/log.jsonl"));
    }

    void interrupt_saves_and_says_where()
    {
        const QString dir = QString::fromStdString(run_dir("cli-int"));
        QProcess p;
        p.start(ECT_CLI_PATH, QStringList{"tune", "--preset", "tiny", "--base", QString::fromStdString(base_), "--steps",
                                          "100000", "--log-every", "1", "--device", "cpu", "--out", dir});
        QVERIFY(p.waitForStarted());
        const std::string log = dir.toStdString() + "/log.jsonl";
        for (int i = 0; i < 2400 && read_jsonl(log).size() < 3; ++i) QTest::qWait(50);
        // Twice at once, as `timeout -s INT` delivers it (to the process and to its group): the
        // duplicate must not kill the save the first one asked for.
        ::kill(pid_t(p.processId()), SIGINT);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 130);
        const QString out = p.readAllStandardOutput();
        QVERIFY2(out.contains("state saved to") && out.contains("--resume"), qPrintable(out));
        const auto state = read_safetensors(dir.toStdString() + "/state.safetensors");
        QVERIFY(std::stoll(state.metadata.at("ect.step")) >= 3);
    }

    void pause_holds_the_loop()
    {
        TrainConfig c = tiny("ect");
        c.base_model = base_;
        c.steps = 1000000;
        auto t = Trainer::start(c, run_dir("pause"));
        std::thread worker([&] { t->run(); });
        // Whatever happens below, the loop is stopped and joined (a joinable thread at scope exit aborts).
        struct Join {
            Trainer& t;
            std::thread& w;
            ~Join()
            {
                t.request_stop();
                if (w.joinable()) w.join();
            }
        } join{*t, worker};
        while (t->step() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        t->set_paused(true);
        // The step in flight finishes first (seconds on a loaded machine under the sanitizers):
        // wait until the loop says it is holding (at most 120 s), then the count must not move.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (!t->holding() && std::chrono::steady_clock::now() < give_up)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QVERIFY(t->holding());
        const int64_t held = t->step();
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        QCOMPARE(t->step(), held);
        t->set_paused(false);
        while (t->step() < held + 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        t->request_stop();
        worker.join();
        QVERIFY(t->step() >= held + 2);
    }

    void damaged_state_falls_back_to_the_previous_one()
    {
        TrainConfig c = tiny("edm");
        c.steps = 6;
        c.checkpoint_every = 2;
        const std::string dir = run_dir("damaged-state");
        QCOMPARE(Trainer::start(c, dir)->run(), Trainer::Outcome::Finished);
        // Checkpoints at steps 2, 4 and the end: the one before the newest is step 4's.
        const std::string newest = dir + "/state.safetensors", previous = dir + "/state.previous.safetensors";
        QVERIFY(fs::exists(previous));
        QVERIFY(!fs::exists(newest + ".new"));
        auto flip_a_byte = [](const std::string& path) {
            std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
            f.seekg(-100, std::ios::end);
            char byte = 0;
            f.read(&byte, 1);
            f.seekp(-100, std::ios::end);
            byte = char(byte ^ 0x40);
            f.write(&byte, 1);
        };
        flip_a_byte(newest);  // a bit flipped in the weights: the file still parses
        auto t = Trainer::resume(dir, {8});
        QVERIFY2(QString::fromStdString(t->resume_notice()).contains("checksum does not match"), t->resume_notice().c_str());
        QCOMPARE(t->step(), int64_t(4));
        QCOMPARE(t->run(), Trainer::Outcome::Finished);
        QCOMPARE(t->step(), int64_t(8));
        t.reset();
        // A good newest state needs no notice; both damaged is an error naming the file.
        QVERIFY(Trainer::resume(dir)->resume_notice().empty());
        flip_a_byte(newest);
        flip_a_byte(previous);
        try {
            Trainer::resume(dir);
            QFAIL("a damaged state was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("state.previous.safetensors: its checksum does not match"), e.what());
        }
    }

    void unchecked_and_hostile_states_are_refused()
    {
        // The hunt's states (issue 28), each made from a real one: without a checksum (refused
        // unless trusted), and, trusted, with damage a checksum would have caught — each refused
        // naming the state file, none trained on.
        TrainConfig c = tiny("edm");
        c.steps = 2;
        c.checkpoint_every = 2;
        const std::string dir = run_dir("hostile-state");
        QCOMPARE(Trainer::start(c, dir)->run(), Trainer::Outcome::Finished);
        const std::string state = dir + "/state.safetensors";
        const TensorFile good = read_safetensors(state);
        fs::remove(dir + "/state.previous.safetensors");
        // Rewrites the state without its checksum, with `edit` applied to its tensors and metadata.
        auto write_unchecked = [&](const std::function<void(std::vector<std::pair<std::string, torch::Tensor>>&,
                                                             std::map<std::string, std::string>&)>& edit) {
            auto tensors = good.tensors;
            auto meta = good.metadata;
            meta.erase("ect.state_sha256");
            edit(tensors, meta);
            write_safetensors(state, tensors, meta);
        };
        auto refused = [&](const char* expected, bool trust = true) {
            ResumeOptions how;
            how.trust_unchecked_state = trust;
            try {
                Trainer::resume(dir, how);
            } catch (const Error& e) {
                const QString what = e.what();
                QVERIFY2(what.contains("state.safetensors") && what.contains(expected), e.what());
                return;
            }
            QFAIL(qPrintable(QString("accepted; expected a refusal saying ") + expected));
        };
        auto set = [](std::vector<std::pair<std::string, torch::Tensor>>& tensors, const std::string& name,
                      const std::function<torch::Tensor(const torch::Tensor&)>& change) {
            for (auto& [n, t] : tensors)
                if (n == name) t = change(t);
        };

        write_unchecked([](auto&, auto&) {});
        refused("--trust-state", false);  // no checksum: refused with the way out
        {
            ResumeOptions how;
            how.trust_unchecked_state = true;
            QCOMPARE(Trainer::resume(dir, how)->step(), int64_t(2));  // trusted: taken as it is
        }
        // NaN optimizer moments (wrote a model of NaN weights with exit 0).
        write_unchecked([&](auto& t, auto&) {
            set(t, "optim.exp_avg_sq.0", [](const torch::Tensor& v) { return torch::full_like(v, NAN); });
        });
        refused("NaN or infinite");
        // A data order of all 7s (trained on one image).
        write_unchecked([&](auto& t, auto&) { set(t, "sampler.perm", [](const torch::Tensor& v) { return torch::full_like(v, 7); }); });
        refused("not an order");
        // Missing data-order tensors (silently restarted the data order).
        write_unchecked([](auto& t, auto&) {
            t.erase(std::remove_if(t.begin(), t.end(), [](const auto& e) { return e.first.rfind("sampler.", 0) == 0; }), t.end());
        });
        refused("missing");
        // A description of a huge network over small tensors: refused from the shapes, before any
        // of it is built (took 7.3 GB, or hung).
        write_unchecked([](auto&, auto& meta) {
            auto net = nlohmann::json::parse(meta.at("ect.network"));
            net["model_channels"] = 2048;
            meta["ect.network"] = net.dump();
        });
        refused("shape");
    }

    void nonfinite_losses_stop_keeping_the_last_checkpoint()
    {
        // An absurd learning rate drives the weights to Inf within a few steps.
        TrainConfig c = tiny("edm");
        c.optimizer.lr = 1e30;
        c.steps = 200;
        c.checkpoint_every = 1;
        c.max_nonfinite_steps = 3;
        const std::string dir = run_dir("diverged");
        auto t = Trainer::start(c, dir);
        std::string message;
        TrainEvents ev;
        ev.message = [&](const std::string& m) { message = m; };
        QCOMPARE(t->run(ev), Trainer::Outcome::Diverged);
        QVERIFY2(QString::fromStdString(message).contains("3 steps in a row gave a non-finite loss"), message.c_str());
        QVERIFY(t->step() < 200);
        QCOMPARE(t->checkpoint_step(), t->step() - 3);  // saved every step until the losses went bad
        int64_t counted = 0;
        for (const auto& r : read_jsonl(t->log_path())) counted += r.value("nonfinite_steps", int64_t(0));
        QCOMPARE(counted, int64_t(3));
        // The state on disk is the last good one: it resumes there.
        QCOMPARE(Trainer::resume(dir)->step(), t->step() - 3);
    }

    void full_disk_keeps_the_previous_checkpoint()
    {
        // ulimit -f: past the limit a write fails (EFBIG), as on a full disk.
        TrainConfig c = tiny("edm");
        c.steps = 2;
        const std::string dir = run_dir("full-disk");
        QCOMPARE(Trainer::start(c, dir)->run(), Trainer::Outcome::Finished);
        const std::string before = sha256_file(dir + "/state.safetensors");
        QProcess p;
        p.start("/bin/sh", {"-c", QString("ulimit -f 64; exec '%1' pretrain --resume '%2' --steps 4")
                                      .arg(ECT_CLI_PATH, QString::fromStdString(dir))});
        QVERIFY(p.waitForFinished(300000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("write failed"), qPrintable(err));
        QCOMPARE(sha256_file(dir + "/state.safetensors"), before);
        QVERIFY(!fs::exists(dir + "/state.safetensors.new"));
        QCOMPARE(Trainer::resume(dir)->step(), int64_t(2));
    }

    void image_folder_at_its_own_size()
    {
        // 64×64 RGB images: pretraining draws a 64×64×3 network (tiny widths), tuning keeps it, and
        // the model, `ect info` and the grids are 64×64 colour. Data of another size is resized
        // to a base model, with a note; a base model's size cannot be overridden.
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        const std::string data = ect::test::temp_path("rgb64").toStdString();
        fs::remove_all(data);
        fs::create_directories(data);
        const auto yx = torch::stack(torch::meshgrid({torch::arange(64), torch::arange(64)}, "ij"), -1).to(torch::kFloat32);
        for (int i = 0; i < 24; ++i) {
            // A coloured disc on a background of another colour, at a place of its own.
            const auto centre = torch::tensor({16.f + (i * 7) % 32, 16.f + (i * 13) % 32});
            const auto inside = ((yx - centre).pow(2).sum(-1) < 100).unsqueeze(-1);
            const auto disc = torch::tensor({230.f, 60.f + 6 * i, 40.f}), ground = torch::tensor({30.f, 90.f, 200.f - 5 * i});
            write_image(data + "/img" + std::to_string(100 + i) + ".png",
                        tile_grid(torch::where(inside, disc, ground).to(torch::kUInt8).unsqueeze(0)));
        }
        const QString dir = QString::fromStdString(run_dir("rgb64-pretrain"));
        const QStringList small{"--batch", "8", "--sample-every", "0", "--grid-count", "4", "--device", "cpu", "--threads", "2"};
        auto r = ect::test::run_ect(QStringList{"pretrain", "--preset", "tiny", "--data", QString::fromStdString(data), "--steps",
                                                "4", "--grid-heun-steps", "2", "--out", dir} + small);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("SongUNet 64x64x3"), qPrintable(r.out));
        QVERIFY2(!r.err.contains("resized"), qPrintable(r.err));  // used at its own size
        const QString model = dir + "/model.safetensors";
        r = ect::test::run_ect({"info", model});
        QVERIFY2(r.code == 0 && r.out.contains("SongUNet 64x64x3"), qPrintable(r.out + r.err));
        auto is_colour_grid_of_64 = [](const QString& path) {
            const QImage grid(path);
            // 4 images: 2 columns of 64 with a gap, and colour in them (not grey made RGB).
            return !grid.isNull() && grid.width() > 128 && grid.width() < 160 && !grid.allGray();
        };
        QVERIFY(is_colour_grid_of_64(dir + "/samples/step-00000004.png"));

        const QString tuned = QString::fromStdString(run_dir("rgb64-tune"));
        r = ect::test::run_ect(QStringList{"tune", "--preset", "tiny", "--base", model, "--data", QString::fromStdString(data),
                                           "--steps", "3", "--out", tuned} + small);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("SongUNet 64x64x3"), qPrintable(r.out));
        QVERIFY(is_colour_grid_of_64(tuned + "/samples/step-00000003.png"));
        QCOMPARE(load_model((tuned + "/model.safetensors").toStdString()).config.img_resolution, 64);

        // Fashion-MNIST's 28×28 grayscale is resized to the base model's 64×64 RGB, and says so.
        const QString resized = QString::fromStdString(run_dir("rgb64-fmnist"));
        r = ect::test::run_ect(QStringList{"tune", "--preset", "tiny", "--base", model, "--data", "fashion-mnist",
                                           "--data-limit", "16", "--unconditional", "--steps", "1", "--out", resized} + small);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("note: the images of fashion-mnist:train are 28×28 grayscale: resized to the base model's "
                                "64×64 RGB"), qPrintable(r.err));
        // The base model's size is its own.
        r = ect::test::run_ect(QStringList{"tune", "--base", model, "--data", QString::fromStdString(data), "--resolution", "32",
                                           "--out", QString::fromStdString(run_dir("rgb64-refused"))} + small);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("is a 64×64×3 model: its image size cannot change"), qPrintable(r.err));
    }

    void refuses_bad_requests()
    {
        TrainConfig c = tiny("ect");
        c.base_model = "/nonexistent/base.safetensors";
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(c, run_dir("bad1")));
        c.base_model = base_;
        c.data = ect::test::temp_path("no-such-data").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(c, run_dir("bad2")));
        c.data = "fashion-mnist";
        c.batch_per_pass = 5;  // 16 is not a multiple of 5
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(c, run_dir("bad3")));
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::resume(run_dir("never-started")));
        // Quality settings that cannot work are refused at the start, not at the first measurement.
        c.batch_per_pass = 0;
        c.eval_every = 5;
        c.eval_features = ect::test::temp_path("no-such-classifier.safetensors").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(c, run_dir("bad4")));
        c.eval_every = 0;
        // --init continues diffusion models only, and refuses a damaged image count.
        {
            TrainConfig p = tiny("edm");
            auto base = load_model(base_);
            const std::string cm = ect::test::temp_path("init-cm.safetensors").toStdString();
            const std::string damaged = ect::test::temp_path("init-damaged.safetensors").toStdString();
            save_model(cm, base.net, {{"ect.kind", "consistency"}});
            save_model(damaged, base.net, {{"ect.kind", "diffusion"}, {"ect.images_seen", "12x"}});
            p.base_model = cm;
            QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(p, run_dir("bad5")));
            p.base_model = damaged;
            QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(p, run_dir("bad6")));
        }
        // A folder that holds a run is never overwritten by a new start.
        c.batch_per_pass = 0;
        c.steps = 2;
        const std::string dir = run_dir("taken");
        Trainer::start(c, dir)->run();
        const std::string before = sha256_file(dir + "/state.safetensors");
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(c, dir));
        QCOMPARE(sha256_file(dir + "/state.safetensors"), before);
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "test_training.moc"
