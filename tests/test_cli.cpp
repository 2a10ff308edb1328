// The `ect` tool as a user meets it: help, parity output, sample grids, and clean failures.
#include "test_support.h"

#include "ect/build_config.h"
#include "ect/io/hash.h"
#include "ect/io/image_io.h"
#include "ect/io/safetensors.h"
#include "ect/network/model_file.h"
#include "ect/training/recipe.h"
#include "ect/training/run_folder.h"

#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <limits>

using ect::test::fixture;
using ect::test::temp_path;

namespace {

using Run = ect::test::CliRun;

Run ect_cli(const QStringList& args, const QString& models_dir = {})
{
    return ect::test::run_ect(args, models_dir);
}

QString f(const char* name)
{
    return QString::fromStdString(fixture(name));
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void help_everywhere_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("top") << QStringList{"--help"};
        for (const char* c : {"info", "import", "denoise", "sample", "pretrain", "tune", "bench", "eval", "search-mid", "train-classifier", "posthoc-ema", "plot"})
            QTest::newRow(c) << QStringList{c, "--help"};
    }

    void help_everywhere()
    {
        QFETCH(QStringList, args);
        const Run r = ect_cli(args);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("Usage: ect"));
        QVERIFY(r.err.isEmpty());
    }

    void info_shows_architecture()
    {
        const Run r = ect_cli({"info", f("songunet-cond28.safetensors")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("SongUNet 28x28x1, 10 classes"));
        QVERIFY(r.out.contains("Parameters:"));
        QVERIFY(r.out.contains("ect.note"));
        const Run j = ect_cli({"info", "--json", f("songunet-cond28.safetensors")});
        QCOMPARE(j.code, 0);
        QVERIFY(j.out.contains("\"label_dim\": 10"));
    }

    void import_converts_official_snapshots()
    {
        // ect import: the official ECT snapshot becomes a model file whose denoiser gives the
        // official outputs; sampling takes the .pkl directly, with a note.
        const QString pkl = f("../checkpoints/ect-snapshot.pkl");
        const QString out = temp_path("imported.safetensors");
        QFile::remove(out);
        const Run r = ect_cli({"import", pkl, "--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("ECMPrecond(SongUNet)"));
        QVERIFY(r.out.contains("consistency model"));
        const auto file = ect::read_safetensors(out.toStdString());
        QCOMPARE(file.metadata.at("ect.kind"), std::string("consistency"));
        QCOMPARE(file.metadata.at("ect.source"), std::string("ect-snapshot.pkl"));
        QVERIFY(!QFile::exists(out + ".import-check"));
        // An existing file is kept unless --force.
        const Run again = ect_cli({"import", pkl, "--out", out});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("--force"));
        QCOMPARE(ect_cli({"import", pkl, "--out", out, "--force"}).code, 0);
        // Sampling straight from the .pkl notes the conversion.
        const Run s = ect_cli({"sample", "--model", pkl, "--steps", "1", "--count", "4", "--out", temp_path("pkl-grid.png")});
        QVERIFY2(s.code == 0, qPrintable(s.err));
        QVERIFY(s.err.contains("ect import"));
        QVERIFY(!QImage(temp_path("pkl-grid.png")).isNull());
        // A hostile pickle: refused by name, exit 1, nothing written.
        const QString hostile = temp_path("hostile.pkl");
        QFile h(hostile);
        QVERIFY(h.open(QIODevice::WriteOnly));
        h.write(QByteArray("\x80\x02", 2) + "cos\nsystem\n(S'touch /tmp/ect-pwned'\ntR.");
        h.close();
        const Run bad = ect_cli({"import", hostile, "--out", temp_path("never-imported.safetensors")});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("os.system"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(temp_path("never-imported.safetensors")));
    }

    void posthoc_ema_from_runs_and_official_snapshots()
    {
        // A run folder as the trainer leaves it with --ema-std 0.05,0.10: its recipe (batch 16)
        // and a snapshot per length at steps 10 and 20.
        const std::string dir = temp_path("posthoc-run").toStdString();
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir + "/phema");
        const ect::RunFolder run(dir);
        ect::TrainConfig recipe = ect::make_preset("tiny", "ect");
        recipe.ema_stds = {0.05, 0.10};
        recipe.base_model = "base.safetensors";  // a tuning recipe names its base
        run.write_config(recipe);
        QCOMPARE(recipe.batch, int64_t(16));
        for (int step : {10, 20})
            for (double std : {0.05, 0.10}) {
                torch::manual_seed(step * 7 + int(std * 100));
                ect::Denoiser net(ect::test::tiny_config(4));
                torch::NoGradGuard no_grad;
                for (auto& p : net->parameters()) p.add_(torch::randn_like(p) * 0.05);
                ect::save_model(run.phema_path(step, std), net, {{"ect.kind", "consistency"}, {"ect.step", std::to_string(step)}});
            }
        const QString rd = QString::fromStdString(dir);
        const Run list = ect_cli({"posthoc-ema", rd, "--list"});
        QVERIFY2(list.code == 0, qPrintable(list.err));
        QVERIFY2(list.out.contains("320 images  step 20  σ_rel 0.100  model-00000020-0.100.safetensors"), qPrintable(list.out));
        QCOMPARE(list.out.count("images"), 4);
        const Run made = ect_cli({"posthoc-ema", rd, "--std", "0.12,0.07,0.070"});  // each length once, in order
        QVERIFY2(made.code == 0, qPrintable(made.err));
        QVERIFY2(made.out.contains("σ_rel 0.070 at 320 images from 4 snapshot(s)"), qPrintable(made.out));
        const QString out = rd + "/posthoc/model-00000020-0.070.safetensors";
        QVERIFY(QFile::exists(out) && QFile::exists(rd + "/posthoc/model-00000020-0.120.safetensors"));
        QCOMPARE(made.out.count("wrote"), 2);
        QVERIFY(made.out.indexOf("0.070") < made.out.indexOf("0.120"));
        QCOMPARE(ect_cli({"posthoc-ema", rd, "--std", "0.0704"}).code, 2);  // files name lengths in thousandths
        const Run info = ect_cli({"info", out});
        QVERIFY2(info.out.contains("ect.phema.std: 0.070"), qPrintable(info.out));
        QVERIFY(info.out.contains("ect.phema.posthoc: {\"images\":320,\"snapshots\":4}"));
        // At the time of the first snapshots only those two take part; elsewhere none was taken.
        const Run early = ect_cli({"posthoc-ema", rd, "--std", "0.07", "--at", "160", "--out", temp_path("early.safetensors"), "--force"});
        QVERIFY2(early.code == 0 && early.out.contains("from 2 snapshot(s)"), qPrintable(early.out + early.err));
        const Run again = ect_cli({"posthoc-ema", rd, "--std", "0.07"});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("--force"));
        const Run off = ect_cli({"posthoc-ema", rd, "--std", "0.07", "--at", "100"});
        QCOMPARE(off.code, 1);
        QVERIFY2(off.err.contains("no snapshot was taken at 100 images: reconstruct at a snapshot's time (160, 320)"), qPrintable(off.err));
        QCOMPARE(ect_cli({"posthoc-ema", rd, "--std", "0.3"}).code, 2);
        QCOMPARE(ect_cli({"posthoc-ema", rd}).code, 2);
        const QString empty = temp_path("posthoc-empty");
        QDir().mkpath(empty);
        const Run none = ect_cli({"posthoc-ema", empty, "--std", "0.07"});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains("holds no power-function EMA snapshots"), qPrintable(none.err));

        // An official run directory: network-snapshot-<kimg>-<std>.pkl, read without running
        // anything; EDM2's own reconstructions (phema-*.pkl) are not inputs.
        const QString official = temp_path("posthoc-official");
        QDir(official).removeRecursively();
        QDir().mkpath(official);
        const QString pkl = f("../checkpoints/ect-snapshot.pkl");
        // A differently spelt twin of a snapshot (EDM2 writes {kimg:07d}-{std:.3f}) is not a second input.
        for (const char* name : {"network-snapshot-0000100-0.050.pkl", "network-snapshot-0000200-0.100.pkl", "phema-0000200-0.070.pkl",
                                 "network-snapshot-100-0.050.pkl", "network-snapshot-0000100-0.05.pkl"})
            QVERIFY(QFile::copy(pkl, official + "/" + name));
        const Run olist = ect_cli({"posthoc-ema", official, "--list"});
        QVERIFY2(olist.code == 0 && olist.out.count("images") == 2, qPrintable(olist.out + olist.err));
        QVERIFY2(olist.out.contains("200,704 images  σ_rel 0.100"), qPrintable(olist.out));  // kimg 200 in EDM2's 1024-image batches
        const QString oout = temp_path("official-posthoc.safetensors");
        QFile::remove(oout);
        const Run o = ect_cli({"posthoc-ema", official, "--std", "0.08", "--out", oout});
        QVERIFY2(o.code == 0, qPrintable(o.err));
        // Both inputs are the same network: any average of them is that network.
        const auto a = ect::load_model(oout.toStdString()), b = ect::load_model(pkl.toStdString());
        for (const auto& item : a.net->named_parameters())
            QVERIFY(torch::allclose(item.value(), b.net->named_parameters()[item.key()], 1e-5, 1e-6));
    }

    void denoise_reproduces_fixture()
    {
        const QString out = temp_path("denoised.safetensors");
        const Run r = ect_cli({"denoise", "--model", f("songunet-cond28.safetensors"), "--input",
                               f("songunet-cond28.cases.safetensors"), "--output", out});
        QCOMPARE(r.code, 0);
        const auto ours = ect::read_safetensors(out.toStdString());
        const auto ref = ect::read_safetensors(fixture("songunet-cond28.cases.safetensors"));
        for (const char* key : {"D_train", "D_eval", "F"})
            QVERIFY2(ect::test::relative_error(ours.at(key), ref.at(key)) < 1e-4, key);
    }

    void denoise_in_batches_and_checked_cases()
    {
        // Three cases per network call give the fixture's outputs (memory bounded for any count).
        const QString out = temp_path("denoised-batched.safetensors");
        const Run r = ect_cli({"denoise", "--model", f("songunet-cond28.safetensors"), "--input",
                               f("songunet-cond28.cases.safetensors"), "--output", out, "--batch", "3"});
        QCOMPARE(r.code, 0);
        const auto ours = ect::read_safetensors(out.toStdString());
        const auto ref = ect::read_safetensors(fixture("songunet-cond28.cases.safetensors"));
        QVERIFY(ref.at("x").size(0) > 3);
        for (const char* key : {"D_train", "D_eval", "F"})
            QVERIFY2(ect::test::relative_error(ours.at(key), ref.at(key)) < 1e-4, key);
        // An infinite or absurd noise level gives NaN with exit 0 no more: refused, naming the file.
        for (const float sigma : {std::numeric_limits<float>::infinity(), 1e30f, 0.0f}) {
            std::vector<std::pair<std::string, torch::Tensor>> cases;
            for (const char* key : {"x", "sigma", "class_labels"}) cases.emplace_back(key, ref.at(key).clone());
            cases[1].second[0] = sigma;
            const QString bad = temp_path("bad-sigma.cases.safetensors");
            ect::write_safetensors(bad.toStdString(), cases);
            const Run b = ect_cli({"denoise", "--model", f("songunet-cond28.safetensors"), "--input", bad, "--output",
                                   temp_path("never.safetensors")});
            QCOMPARE(b.code, 1);
            QVERIFY2(b.err.contains("bad-sigma.cases.safetensors") && b.err.contains("every sigma must be in"), qPrintable(b.err));
        }
    }

    void sample_writes_grid()
    {
        const QString png = temp_path("grid.png");
        const Run r = ect_cli({"sample", "--model", f("songunet-cond28.safetensors"), "--sampler", "cm", "--steps", "2",
                               "--seed", "5", "--count", "6", "--columns", "3", "--gap", "0", "--out", png});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("NFE 2"));
        QImage img(png);
        QCOMPARE(img.width(), 3 * 28);
        QCOMPARE(img.height(), 2 * 28);
        // The settings inside, as the studio writes them (A1111's "parameters" line), hash included.
        const auto text = ect::read_image_text(png.toStdString());
        QVERIFY(text.count("parameters"));
        const std::string hash = ect::sha256_file(f("songunet-cond28.safetensors").toStdString()).substr(0, 10);
        QCOMPARE(QString::fromStdString(text.at("parameters")),
                 QString("Steps: 2, Sampler: Consistency (ECT), Mid levels: 0.821, Seed: 5, Count: 6, Class: all, NFE: 2, "
                         "Size: 28x28, Model: songunet-cond28, Model hash: %1, Version: ECT Studio " ECT_VERSION)
                     .arg(QString::fromStdString(hash)));
    }

    void default_sampler_follows_model_kind()
    {
        // A model marked as a diffusion model (as `ect pretrain` writes them) samples with Heun.
        auto file = ect::read_safetensors(fixture("songunet-cond28.safetensors"));
        file.metadata["ect.kind"] = "diffusion";
        const QString path = temp_path("diffusion.safetensors");
        ect::write_safetensors(path.toStdString(), file.tensors, file.metadata);
        const Run r = ect_cli({"sample", "--model", path, "--count", "2", "--out", temp_path("d.png")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("heun 18 steps (NFE 35)"), qPrintable(r.out));
        const Run c = ect_cli({"sample", "--model", f("songunet-cond28.safetensors"), "--count", "2", "--out", temp_path("c.png")});
        QCOMPARE(c.code, 0);
        QVERIFY2(c.out.contains("cm 1 step (NFE 1)"), qPrintable(c.out));
    }

    void seeds_independent_of_batch()
    {
        // Image i of seed S is the same whatever the batch size or position.
        const QString a = temp_path("a.safetensors"), b = temp_path("b.safetensors"), c = temp_path("c.safetensors");
        const QStringList common{"sample", "--model", f("songunet-uncond32.safetensors"), "--sampler", "heun",
                                 "--steps", "3", "--out", temp_path("x.png")};
        QCOMPARE(ect_cli(common + QStringList{"--seed", "10", "--count", "4", "--batch", "4", "--save-samples", a}).code, 0);
        QCOMPARE(ect_cli(common + QStringList{"--seed", "10", "--count", "4", "--batch", "1", "--save-samples", b}).code, 0);
        QCOMPARE(ect_cli(common + QStringList{"--seed", "12", "--count", "1", "--save-samples", c}).code, 0);
        const auto sa = ect::read_safetensors(a.toStdString()).at("samples");
        const auto sb = ect::read_safetensors(b.toStdString()).at("samples");
        const auto sc = ect::read_safetensors(c.toStdString()).at("samples");
        // Same noise; only float32 summation order may differ between batch sizes.
        const double batch_err = ect::test::relative_error(sa, sb), pos_err = ect::test::relative_error(sa[2], sc[0]);
        qInfo("batch 4 vs 1: %.3g, position 2 vs 0: %.3g", batch_err, pos_err);
        QVERIFY(batch_err < 1e-5);
        QVERIFY(pos_err < 1e-5);
        QVERIFY(!torch::allclose(sa[0], sa[1]));
    }

    void failures_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");
        const QString m32 = f("songunet-uncond32.safetensors");
        const QString out = temp_path("never.png");
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
        QTest::newRow("unknown flag") << QStringList{"sample", "--modle", m32} << 2 << "unknown flag --modle";
        QTest::newRow("missing required") << QStringList{"sample", "--model", m32} << 2 << "missing --out";
        QTest::newRow("missing value") << QStringList{"sample", "--model"} << 2 << "--model needs a value";
        QTest::newRow("bad number") << QStringList{"sample", "--model", m32, "--out", out, "--steps", "two"} << 2
                                    << "--steps expects an integer";
        QTest::newRow("mid count") << QStringList{"sample", "--model", m32, "--out", out, "--steps", "3"} << 2
                                   << "needs 2 mid levels, got 0";
        QTest::newRow("missing model file")
            << QStringList{"sample", "--model", "/nonexistent/m.safetensors", "--out", out} << 1
            << "/nonexistent/m.safetensors: cannot open file";
        QTest::newRow("not a model") << QStringList{"info", f("samplers.safetensors")} << 1 << "not an ECT model file";
        QTest::newRow("a device") << QStringList{"info", "/dev/zero"} << 1 << "/dev/zero: not a regular file";
        // The output is checked before any sampling (the model path here is never read).
        QTest::newRow("output folder missing")
            << QStringList{"sample", "--model", "/nonexistent/m.safetensors", "--out", "/nonexistent-dir/x.png"} << 1
            << "x.png: its folder /nonexistent-dir does not exist";
        QTest::newRow("shape mismatch")
            << QStringList{"denoise", "--model", m32, "--input", f("songunet-cond28.cases.safetensors"), "--output",
                           temp_path("never.safetensors")}
            << 1 << "does not fit the model";
        QTest::newRow("cases lack x") << QStringList{"denoise", "--model", m32, "--input", f("samplers.safetensors"),
                                                     "--output", temp_path("never.safetensors")}
                                      << 1 << "missing tensor 'x'";
        QTest::newRow("no CUDA") << QStringList{"sample", "--model", m32, "--out", out, "--device", "cuda:7"} << 1
                                 << "cuda:7";
        QTest::newRow("tune without base") << QStringList{"tune", "--preset", "tiny", "--out", temp_path("run")} << 2
                                           << "missing --base MODEL";
        QTest::newRow("unknown preset") << QStringList{"pretrain", "--preset", "huge", "--out", temp_path("run2")} << 1
                                        << "unknown preset 'huge'";
        QTest::newRow("resume with recipe flag")
            << QStringList{"tune", "--resume", temp_path("run3"), "--lr", "1"} << 2 << "cannot change a run being resumed";
        QTest::newRow("resume nothing") << QStringList{"pretrain", "--resume", temp_path("run4")} << 1
                                        << "not a training run folder";
        QTest::newRow("bad mid") << QStringList{"sample", "--model", m32, "--out", out, "--steps", "2", "--mid", "90"}
                                 << 2 << "mid levels must decrease";
        QTest::newRow("bad precision") << QStringList{"sample", "--model", m32, "--out", out, "--precision", "fp8"} << 2
                                       << "unknown precision 'fp8'";
        QTest::newRow("bf16 on the CPU") << QStringList{"sample", "--model", m32, "--out", out, "--device", "cpu",
                                                        "--precision", "bf16"}
                                         << 2 << "bf16 runs on CUDA devices only";
        QTest::newRow("train precision") << QStringList{"pretrain", "--preset", "tiny", "--out", temp_path("run5"),
                                                        "--precision", "fp16"}
                                         << 2 << "unknown precision 'fp16'";
        QTest::newRow("bench mode") << QStringList{"bench", "--modes", "infer"} << 2 << "unknown mode 'infer'";
        QTest::newRow("trust-state without resume")
            << QStringList{"pretrain", "--preset", "tiny", "--out", temp_path("run6"), "--trust-state"} << 2
            << "--trust-state goes with --resume";
        // A name from the command line or a file reaches the terminal escaped, never as control codes.
        QTest::newRow("control characters") << QStringList{"info", "/nonexistent/a\x1b[2Jb\nc.safetensors"} << 1
                                            << "a\\x1b[2Jb\\nc.safetensors";
        // Files mistaken for models are named for what they are.
        const QString zip = temp_path("torch-save.pt"), old_pickle = temp_path("protocol0.pkl");
        auto write_file = [](const QString& path, const QByteArray& bytes) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write_file(zip, QByteArray("PK\x03\x04", 4) + QByteArray(200, 'z'));
        write_file(old_pickle, "(dp0\nVema\np1\nI1\ns.");
        QTest::newRow("zip torch.save") << QStringList{"info", zip} << 1 << "is a zip archive (as torch.save writes";
        QTest::newRow("pickle protocol 0") << QStringList{"info", old_pickle} << 1 << "a pickle of protocol 0 or 1";
        const QString not_json = temp_path("plot-input.jsonl");
        write_file(not_json, "Traceback (most recent call last):\n");
        QTest::newRow("plot without input") << QStringList{"plot", "--out", out} << 2 << "missing INPUT...";
        QTest::newRow("plot y") << QStringList{"plot", not_json, "--out", out, "--y", "lr"} << 2 << "--y is fd or loss";
        QTest::newRow("plot format") << QStringList{"plot", not_json, "--out", temp_path("never.jpg")} << 2 << "--out must be a .png";
        QTest::newRow("plot labels") << QStringList{"plot", not_json, "--out", out, "--labels", "edm"} << 2 << "OLD=NEW pairs";
        QTest::newRow("plot not JSON") << QStringList{"plot", not_json, "--out", out} << 1 << "plot-input.jsonl line 1: not JSON";
    }

    // `ect plot` on `ect eval --json` results: a chart with a line per model and sampler, its
    // inputs in the PNG's parameters; run folders give FD against training images.
    void plot_writes_a_chart()
    {
        const QString results = temp_path("plot-results.jsonl"), chart = temp_path("plot.png");
        QFile file(results);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"model":"a/fmnist-ect.safetensors","sampler":"cm","steps":1,"nfe":1,"fd":21.1,"count":100}
{"model":"a/fmnist-ect.safetensors","sampler":"cm","steps":2,"nfe":2,"fd":4.1,"count":100}
{"model":"runs/edm/model.safetensors","sampler":"heun","steps":18,"nfe":35,"fd":0.4,"count":100}
)");
        file.close();
        Run r = ect_cli({"plot", results, "--out", chart, "--labels", "edm=base", "--width", "640", "--height", "400"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("2 lines"));
        const QImage image(chart);
        QCOMPARE(image.size(), QSize(640, 400));
        QVERIFY(QString::fromStdString(ect::read_image_text(chart.toStdString())["parameters"]).contains("FD against NFE"));

        const QString run = temp_path("plot-run");
        QVERIFY(QDir().mkpath(run));
        QFile log(run + "/log.jsonl");
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write(R"({"step":10,"kimg":2.56,"fd":{"heun18":3.5},"fd_samples":200,"eval_seconds":1}
{"step":20,"kimg":5.12,"fd":{"heun18":2.5},"fd_samples":200,"eval_seconds":1}
)");
        log.close();
        r = ect_cli({"plot", run, "--out", chart, "--title", "Base"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QString::fromStdString(ect::read_image_text(chart.toStdString())["parameters"]).contains("ect plot: Base"));
        r = ect_cli({"plot", run, results, "--out", chart});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("cannot share one plot"));
    }

    void selftest_reports_each_check()
    {
        // Without fixtures every group fails with its reason, the closing line counts, exit 1.
        const Run bad = ect_cli({"selftest", "--fixtures", temp_path("empty-fixtures")});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.out.contains("FAIL networks") && bad.out.contains("songunet-uncond32.safetensors"), qPrintable(bad.out));
        QVERIFY2(bad.out.trimmed().endsWith("0 passed, 10 failed") && bad.out.contains("FAIL families") &&
                     bad.out.contains("FAIL methods") && bad.out.contains("FAIL edit"),
                 qPrintable(bad.out));
        // With them (the quick groups; test_parity runs them all): JSON lines per check and a summary.
        const Run good = ect_cli({"selftest", "--json", "--only", "mapping,edm-loss"});
        QCOMPARE(good.code, 0);
        const QStringList lines = good.out.trimmed().split('\n');
        const QJsonObject summary = QJsonDocument::fromJson(lines.last().toUtf8()).object();
        QVERIFY(summary["passed"].toInt() >= 21);
        QCOMPARE(summary["failed"].toInt(), 0);
        const QJsonObject first = QJsonDocument::fromJson(lines.first().toUtf8()).object();
        QVERIFY(first["check"].toString().startsWith("mapping r/"));
        QVERIFY(first["relative_error"].toDouble() < 1e-4);
        QCOMPARE(ect_cli({"selftest", "--only", "everything"}).code, 2);
    }

    void bench_reports_throughput_and_flops()
    {
        // The tiny preset, two timed steps of each mode, one timed sampling call: every figure present
        // and consistent (TFLOP/s = img/s × FLOPs per image).
        const Run r = ect_cli({"bench", "--presets", "tiny", "--modes", "pretrain,tune,sample", "--steps", "2",
                               "--samplers", "cm:1,heun:2", "--sample-batch", "4", "--sample-reps", "1", "--json",
                               "--device", "cpu", "--threads", "2"});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QStringList whats;
        for (const QString& line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            whats << o["what"].toString();
            QCOMPARE(o["preset"].toString(), QString("tiny"));
            QCOMPARE(o["precision"].toString(), QString("fp32"));
            QVERIFY(o["img_per_s"].toDouble() > 0);
            QVERIFY(std::abs(o["s_per_kimg"].toDouble() * o["img_per_s"].toDouble() - 1000) < 1e-6 * 1000);
            QVERIFY(o["peak_memory_mb"].toDouble() > 0);
            const double expected = o["img_per_s"].toDouble() * o["gflops_per_image"].toDouble() / 1000;
            QVERIFY(std::abs(o["tflops"].toDouble() - expected) <= 1e-9 + 1e-6 * expected);
            QVERIFY(!o.contains("mfu"));  // no known peak on a CPU
        }
        QCOMPARE(whats, (QStringList{"pretrain", "tune", "cm:1", "heun:2"}));
        // An ECT step is a student pass with backward plus a target pass: 4/3 of a pretraining step.
        const QJsonObject pre = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        const QJsonObject tune = QJsonDocument::fromJson(lines[1].toUtf8()).object();
        QVERIFY(std::abs(tune["gflops_per_image"].toDouble() / pre["gflops_per_image"].toDouble() - 4.0 / 3) < 1e-9);
        const QJsonObject heun = QJsonDocument::fromJson(lines[3].toUtf8()).object();
        QCOMPARE(heun["nfe"].toInt(), 3);
    }

    void failures()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, expected);
        const Run r = ect_cli(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(expected), qPrintable("stderr: " + r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line, no stack trace
        for (const QChar c : r.err.trimmed()) QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable("raw control character in: " + r.err));
        QVERIFY(!QFile::exists(temp_path("never.png")));
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
