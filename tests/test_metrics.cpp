// FD and its feature networks: the distance against closed forms, the classifier, TorchScript
// feature files, bundled-model lookup, and `ect eval` / `ect search-mid` as a user runs them.
#include "test_support.h"

#include "ect/network/bundled.h"
#include "ect/evaluation/classifier.h"
#include "ect/training/dataset.h"
#include "ect/error.h"
#include "ect/method/edit.h"
#include "ect/method/generate.h"
#include "ect/evaluation/metrics.h"
#include "ect/evaluation/plot.h"
#include "ect/io/image_io.h"
#include "ect/network/model_file.h"

#include <torch/script.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest/QtTest>

#include <cstdlib>
#include <fstream>

using ect::test::fixture;
using ect::test::temp_path;

namespace {

ect::FeatureStats stats_of(const torch::Tensor& f)
{
    ect::FeatureStats s;
    s.add(f.slice(0, 0, f.size(0) / 3));  // in pieces: accumulation must not depend on batching
    s.add(f.slice(0, f.size(0) / 3));
    return s;
}

using Run = ect::test::CliRun;

Run ect_cli(const QStringList& args, const QString& models_dir = {})
{
    return ect::test::run_ect(args, models_dir);
}

// A classifier trained for three quick epochs on 3,000 Fashion-MNIST images (tests need a feature
// space, not a good one).
QString quick_classifier()
{
    static QString path;
    if (!path.isEmpty()) return path;
    ect::DatasetOptions o;
    o.limit = 3000;
    const auto train = ect::load_dataset("fashion-mnist", o);
    o.limit = 500;
    const auto test = ect::load_dataset("fashion-mnist:test", o);
    ect::ClassifierTrainOptions t;
    t.epochs = 3;
    t.batch = 50;
    auto net = ect::train_classifier(train, test, t);
    path = temp_path("quick-classifier.safetensors");
    ect::save_classifier(path.toStdString(), net);
    return path;
}

// A text file written whole (JSONL inputs of the plot tests).
void write_text(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

// The pixel at (x, y) of an RGB image.
std::array<int, 3> rgb_at(const ect::Image8& im, int x, int y)
{
    const uint8_t* p = &im.pixels[(size_t(y) * im.width + x) * 3];
    return {p[0], p[1], p[2]};
}

}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void stats_match_torch()
    {
        torch::manual_seed(1);
        const torch::Tensor f = torch::randn({300, 5}, torch::kFloat64) * torch::arange(1, 6, torch::kFloat64);
        const auto s = stats_of(f);
        QCOMPARE(s.count(), 300);
        QVERIFY(torch::allclose(s.mean(), f.mean(0), 1e-12, 1e-12));
        const torch::Tensor c = f - f.mean(0);
        QVERIFY(torch::allclose(s.covariance(), c.t().mm(c) / 299, 1e-10, 1e-10));
        // Merging two sets' statistics equals adding every feature to one.
        ect::FeatureStats a, b;
        a.add(f.slice(0, 0, 120));
        b.add(f.slice(0, 120));
        a.merge(b);
        QCOMPARE(a.count(), 300);
        QVERIFY(torch::allclose(a.covariance(), s.covariance(), 1e-12, 1e-12));
    }

    void fd_closed_forms()
    {
        // Identical sets: 0 (up to round-off).
        torch::manual_seed(2);
        const torch::Tensor a = torch::randn({400, 6}, torch::kFloat64);
        QVERIFY(std::abs(ect::frechet_distance(stats_of(a), stats_of(a))) < 1e-9);

        // Commuting (diagonal) covariances: ‖Δμ‖² + Σ (√λa − √λb)².
        torch::manual_seed(3);
        torch::Tensor x = torch::randn({2000, 4}, torch::kFloat64);
        x = (x - x.mean(0)) / x.std(0, true);  // exactly zero mean and unit variance per column...
        const auto q = std::get<0>(torch::linalg_qr(x, "reduced"));  // ...and exactly uncorrelated columns
        const torch::Tensor white = q * std::sqrt(1999.0) - (q * std::sqrt(1999.0)).mean(0);
        const torch::Tensor sa = torch::tensor({1.0, 4.0, 9.0, 0.25}, torch::kFloat64);
        const torch::Tensor sb = torch::tensor({4.0, 1.0, 9.0, 1.0}, torch::kFloat64);
        const torch::Tensor mu = torch::tensor({1.0, -2.0, 0.0, 0.5}, torch::kFloat64);
        const auto A = stats_of(white * sa.sqrt());
        const auto B = stats_of(white * sb.sqrt() + mu);
        const double expected = mu.pow(2).sum().item<double>() + (sa.sqrt() - sb.sqrt()).pow(2).sum().item<double>();
        QVERIFY2(std::abs(ect::frechet_distance(A, B) - expected) < 1e-6,
                 qPrintable(QString("%1 vs %2").arg(ect::frechet_distance(A, B)).arg(expected)));

        // Rotating both sets by one orthogonal matrix makes the covariances non-diagonal and
        // non-commuting with the axes, and must not change the distance.
        const auto rot = std::get<0>(torch::linalg_qr(torch::randn({4, 4}, torch::kFloat64), "reduced"));
        const double rotated =
            ect::frechet_distance(stats_of((white * sa.sqrt()).mm(rot)), stats_of((white * sb.sqrt() + mu).mm(rot)));
        QVERIFY(std::abs(rotated - expected) < 1e-6);
        // Symmetric in its arguments.
        QVERIFY(std::abs(ect::frechet_distance(B, A) - expected) < 1e-6);
    }

    void stats_refuse_bad_features()
    {
        ect::FeatureStats s;
        QVERIFY_THROWS_EXCEPTION(ect::Error, s.add(torch::zeros({3})));
        s.add(torch::zeros({3, 2}));
        QVERIFY_THROWS_EXCEPTION(ect::Error, s.add(torch::zeros({3, 4})));
        QVERIFY_THROWS_EXCEPTION(ect::Error, s.add(torch::full({2, 2}, NAN)));
    }

    void classifier_round_trip()
    {
        const QString path = quick_classifier();
        auto net = ect::load_classifier(path.toStdString());
        ect::DatasetOptions o;
        o.limit = 500;
        const auto test = ect::load_dataset("fashion-mnist:test", o);
        // A few seconds of training already beat chance (10%) by far.
        QVERIFY(ect::classifier_accuracy(net, test) > 0.5);
        auto features = ect::classifier_features(path.toStdString(), torch::kCPU);
        const torch::Tensor f = features->features(test.images.slice(0, 0, 7));
        QCOMPARE(f.size(0), 7);
        QCOMPARE(f.size(1), 128);
        // A model file is not a classifier; a wrong image size is refused by name.
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::load_classifier(fixture("songunet-cond28.safetensors")));
        QVERIFY_THROWS_EXCEPTION(ect::Error, features->features(torch::zeros({2, 1, 32, 32}, torch::kUInt8)));
    }

    void torchscript_features()
    {
        // A feature network in the FID Inception file's calling convention: uint8 [N, 3, H, W]
        // in, return_features switches from logits to features.
        torch::jit::Module m("Features");
        m.register_parameter("scale", torch::tensor({2.0f}), false);
        m.define(R"(
def forward(self, img, return_features: bool = False):
    x = img.float()
    f = torch.stack([x.mean(dim=[1, 2, 3]), x.amax(dim=[1, 2, 3])], dim=1) * self.scale
    if return_features:
        return f
    return f.sum(dim=1, keepdim=True)
)");
        const QString path = temp_path("features.pt");
        m.save(path.toStdString());
        auto net = ect::load_feature_network(path.toStdString(), torch::kCPU);
        torch::Tensor imgs = torch::zeros({2, 1, 4, 4}, torch::kUInt8);
        imgs[1].fill_(10);
        imgs[1][0][0][0] = 250;
        const torch::Tensor f = net->features(imgs);
        QCOMPARE(f.size(1), 2);  // features, not the 1-wide logits
        QVERIFY(torch::allclose(f[1], torch::tensor({2 * (10 * 15 + 250) / 16.0f, 500.0f})));
        QVERIFY(net->description().find("TorchScript") != std::string::npos);

        QFile junk(temp_path("junk.pt"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("PK\x03\x04 not really a zip");
        junk.close();
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::load_feature_network(junk.fileName().toStdString(), torch::kCPU));
    }

    void bundled_lookup_and_levels()
    {
        const QString dir = temp_path("models");
        QDir().mkpath(dir);
        QFile::copy(QString::fromStdString(fixture("songunet-cond28.safetensors")), dir + "/zz-test.safetensors");
        qputenv("ECT_MODELS_DIR", dir.toUtf8());
        QCOMPARE(QString::fromStdString(ect::find_bundled("zz-test.safetensors")),
                 QFileInfo(dir + "/zz-test.safetensors").canonicalFilePath());
        QVERIFY(ect::find_bundled("no-such-model.safetensors").empty());
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::require_bundled("no-such-model.safetensors", "model"));
        qunsetenv("ECT_MODELS_DIR");

        std::map<std::string, std::string> meta{{"ect.mid.2", "1.5"}, {"ect.mid.3", "3,0.4"}, {"ect.mid.4", "oops"}};
        QCOMPARE(ect::default_mid(meta, 2), std::vector<double>{1.5});
        QCOMPARE(ect::default_mid(meta, 3), (std::vector<double>{3, 0.4}));
        QCOMPARE(ect::default_mid(meta, 4), std::vector<double>{});  // damaged: no default for 4 steps
        QCOMPARE(ect::default_mid(std::map<std::string, std::string>{}, 2), std::vector<double>{ect::kCifarMidLevel});
        QCOMPARE(ect::parse_levels("2,0.5", "x"), (std::vector<double>{2, 0.5}));
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::parse_levels("2,,1", "x"));
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::parse_levels("abc", "x"));
        QCOMPARE(QString::fromStdString(ect::format_levels({0.821, 3})), QString("0.821,3"));

        // Class names: stored by training, Fashion-MNIST's by the data name, else numbers.
        auto model = ect::load_model(fixture("songunet-cond28.safetensors"));  // 10 classes
        QCOMPARE(ect::class_names(model).front(), std::string("0"));
        model.metadata["ect.data"] = "fashion-mnist:train";
        QCOMPARE(ect::class_names(model)[9], std::string("Ankle boot"));
        model.metadata["ect.class_names"] = R"(["a","b","c","d","e","f","g","h","i","j"])";
        QCOMPARE(ect::class_names(model)[2], std::string("c"));
        model.metadata["ect.class_names"] = R"(["too", "few"])";
        QCOMPARE(ect::class_names(model)[9], std::string("Ankle boot"));
    }

    void eval_cli_json()
    {
        const QString clf = quick_classifier();
        const Run r = ect_cli({"eval", "--model", QString::fromStdString(fixture("songunet-cond28.safetensors")),
                               "--sampler", "cm", "--steps", "1", "--count", "30", "--data-count", "300", "--features",
                               clf, "--device", "cpu", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        for (const char* key : {"fd", "fd_floor", "nfe", "count", "seconds_per_image"}) QVERIFY2(j.contains(key), key);
        QVERIFY(j["fd"].toDouble() > 0);
        QVERIFY(j["fd_floor"].toDouble() >= 0);
        QVERIFY(j["fd"].toDouble() > j["fd_floor"].toDouble());  // an untrained fixture vs real garments
        QCOMPARE(j["nfe"].toInt(), 1);
        QCOMPARE(j["count"].toInt(), 30);

        // Text output names FD and the floor; bad input gets one line and a non-zero exit.
        const Run t = ect_cli({"eval", "--model", QString::fromStdString(fixture("songunet-cond28.safetensors")),
                               "--sampler", "heun", "--steps", "2", "--count", "10", "--data-count", "100",
                               "--features", clf, "--device", "cpu"});
        QVERIFY2(t.code == 0, qPrintable(t.err));
        QVERIFY(t.out.startsWith("FD "));
        QVERIFY(t.out.contains("floor"));
        QVERIFY(t.out.contains("NFE 3"));
        const Run bad = ect_cli({"eval", "--model", QString::fromStdString(fixture("songunet-cond28.safetensors")),
                                 "--features", temp_path("missing.pt"), "--count", "10"});
        QCOMPARE(bad.code, 1);
        QCOMPARE(bad.err.count('\n'), 1);
        const Run usage = ect_cli({"eval", "--model", QString::fromStdString(fixture("songunet-cond28.safetensors")),
                                   "--count", "1"});
        QCOMPARE(usage.code, 2);
    }

    void eval_table_of_models_and_samplers()
    {
        // One table over models × samplers: each model with the samplers that fit its kind.
        const QString clf = quick_classifier();
        auto file = ect::load_model(fixture("songunet-cond28.safetensors"));
        const QString base = temp_path("table-base.safetensors"), cm = temp_path("table-cm.safetensors");
        auto meta = file.metadata;
        meta["ect.kind"] = "diffusion";
        ect::save_model(base.toStdString(), file.net, meta);
        meta["ect.kind"] = "consistency";
        meta["ect.objective"] = "cmt";
        ect::save_model(cm.toStdString(), file.net, meta);
        const QStringList common{"--count", "12", "--data-count", "200", "--features", clf, "--device", "cpu"};
        const Run r = ect_cli(QStringList{"eval", "--models", base + "," + cm, "--samplers", "cm:1,cm:2,heun:2,dpm++:2", "--json"} +
                              common);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QStringList rows;
        for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
            const QJsonObject j = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY(j["fd"].toDouble() > 0);
            rows << QString("%1 %2 %3 %4").arg(QFileInfo(j["model"].toString()).fileName(), j["objective"].toString(),
                                             j["sampler"].toString(), QString::number(j["nfe"].toInt()));
        }
        QCOMPARE(rows, (QStringList{"table-base.safetensors edm heun 3", "table-base.safetensors edm dpm++ 2",
                                    "table-cm.safetensors cmt cm 1", "table-cm.safetensors cmt cm 2"}));
        const Run text = ect_cli(QStringList{"eval", "--models", cm, "--samplers", "cm:1"} + common);
        QVERIFY2(text.code == 0 && text.out.contains("objective") && text.out.contains("table-cm.safetensors"), qPrintable(text.out));
        // Runs all write model.safetensors: the table names such files by their folders too.
        QDir().mkpath(temp_path("run-a"));
        QDir().mkpath(temp_path("run-b"));
        QVERIFY(QFile::copy(cm, temp_path("run-a/model.safetensors")));
        QVERIFY(QFile::copy(cm, temp_path("run-b/model.safetensors")));
        const Run same = ect_cli(QStringList{"eval", "--models", temp_path("run-a/model.safetensors") + "," +
                                                                   temp_path("run-b/model.safetensors") + "," + cm,
                                             "--samplers", "cm:1"} +
                                 common);
        QVERIFY2(same.code == 0, qPrintable(same.err));
        QVERIFY2(same.out.contains("\nrun-a/model.safetensors ") && same.out.contains("\nrun-b/model.safetensors "),
                 qPrintable(same.out));
        // A model no sampler fits, or a sampler that is no sampler, is refused in one line.
        const Run none = ect_cli(QStringList{"eval", "--models", base, "--samplers", "cm:1"} + common);
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains("no sampler of --samplers fits it"), qPrintable(none.err));
        QCOMPARE(ect_cli(QStringList{"eval", "--models", base, "--samplers", "ddim:4"} + common).code, 2);
        QCOMPARE(ect_cli(QStringList{"eval", "--models", base, "--sampler", "heun"} + common).code, 2);
    }

    void search_mid_writes_levels()
    {
        const QString clf = quick_classifier();
        const QString model = temp_path("searched.safetensors");
        QFile::copy(QString::fromStdString(fixture("songunet-cond28.safetensors")), model);
        const Run r = ect_cli({"search-mid", "--model", model, "--count", "12", "--data-count", "200", "--features", clf,
                               "--candidates", "0.3,2", "--refine", "1", "--device", "cpu", "--write", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["trials"].toInt(), 5);  // 2 candidates, 2 golden-section points, 1 refinement
        const double level = j["mid"].toArray()[0].toDouble();
        QVERIFY(level > 0.1 && level < 5);
        // The model keeps the level, and sampling defaults to it.
        const auto file = ect::load_model(model.toStdString());
        QCOMPARE(file.metadata.at("ect.mid.2"), ect::format_levels({level}));
        QCOMPARE(ect::default_mid(file, 2), ect::parse_levels(ect::format_levels({level}), "x"));
        // The tensors are untouched.
        const auto before = ect::read_safetensors(fixture("songunet-cond28.safetensors"));
        const auto after = ect::read_safetensors(model.toStdString());
        QCOMPARE(after.tensors.size(), before.tensors.size());
        for (size_t i = 0; i < before.tensors.size(); ++i) QVERIFY(before.tensors[i].second.equal(after.tensors[i].second));
    }

    void sample_without_model_uses_the_bundled_one()
    {
        // A models folder holding a "bundled" consistency model (the fixture under that name).
        const QString dir = temp_path("bundled");
        QDir().mkpath(dir);
        QFile::copy(QString::fromStdString(fixture("songunet-cond28.safetensors")), dir + "/" + ect::kBundledConsistency);
        const QString out = temp_path("bundled-grid.png");
        const Run r = ect_cli({"sample", "--count", "3", "--device", "cpu", "--out", out}, dir);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("cm 1 step"));
        QVERIFY(QFile::exists(out));
        // A bundled model that is installed nowhere is named, with the folders searched (what
        // `ect sample --sampler heun` says without --model on a machine that lacks it).
        try {
            ect::require_bundled("no-such-bundled-model.safetensors", "diffusion model");
            QFAIL("a missing bundled model was found");
        } catch (const ect::Error& e) {
            QVERIFY2(QString(e.what()).contains("no-such-bundled-model.safetensors: the bundled diffusion model is not installed (searched "),
                     e.what());
        }
    }

    void edits_keep_the_class_of_a_half_image()
    {
        // The right half of test images filled in by the bundled models: the bundled classifier
        // should see the original's class in most results (each edit conditioned on the image's
        // label, as `ect edit --data` does). 200 images for the consistency model at 1, 2 and 4
        // evaluations, 40 for the base model's Heun (NFE 35).
        const ect::ModelFile cm = ect::load_model(ect::require_bundled(ect::kBundledConsistency, "model"));
        const ect::ModelFile base = ect::load_model(ect::require_bundled(ect::kBundledDiffusion, "model"));
        ect::Classifier classifier = ect::load_classifier(ect::require_bundled(ect::kBundledClassifier, "classifier"));
        classifier->eval();
        ect::DatasetOptions o;
        o.split = ect::Split::Test;
        o.limit = 200;
        const ect::Dataset data = ect::load_dataset("fashion-mnist:test", o);
        const torch::Tensor images = data.images.to(torch::kFloat32) / 127.5 - 1;
        const torch::Tensor labels = torch::one_hot(data.labels, 10).to(torch::kFloat32);
        torch::Tensor mask = torch::zeros({1, 1, 28, 28});
        mask.slice(3, 0, 14).fill_(1);
        auto agreement = [&](const ect::ModelFile& model, const ect::EditSettings& s, int64_t n) {
            const ect::EditResult r = ect::edit_images(model, s, images.slice(0, 0, n), mask, labels.slice(0, 0, n));
            torch::NoGradGuard no_grad;
            const torch::Tensor predicted = classifier->forward(r.results).argmax(1);
            // The known half is kept exactly.
            const torch::Tensor left = r.results.slice(3, 0, 14), original = images.slice(0, 0, n).slice(3, 0, 14);
            if (!torch::allclose(left, original, 0, 1e-6)) return -1.0;
            return predicted.eq(data.labels.slice(0, 0, n)).to(torch::kFloat64).mean().item<double>();
        };
        ect::EditSettings s;
        s.task = ect::EditTask::Inpaint;
        std::vector<double> rates;
        for (int evaluations : {1, 2, 4}) {
            s.evaluations = evaluations;
            rates.push_back(agreement(cm, s, 200));
        }
        ect::EditSettings heun = s;
        heun.heun_steps = 18;
        const double heun_rate = agreement(base, heun, 40);
        qInfo("class kept after filling the right half: consistency 1 / 2 / 4 evaluations %.3f / %.3f / %.3f "
              "(200 images), Heun NFE 35 %.3f (40 images)",
              rates[0], rates[1], rates[2], heun_rate);
        for (double r : rates) QVERIFY2(r >= 0.7, qPrintable(QString::number(r)));
        QVERIFY2(heun_rate >= 0.7, qPrintable(QString::number(heun_rate)));
    }

    void superres_restores_detail_in_feature_space()
    {
        // Super-resolution of 500 test images from 7×7 (factor 4) and 14×14 (factor 2) by the
        // bundled consistency model at 2 evaluations: the results' FD against the whole test split
        // (2,000 other test images) must beat that of the block means the edit starts from (the
        // blurry input, enlarged).
        const ect::ModelFile cm = ect::load_model(ect::require_bundled(ect::kBundledConsistency, "model"));
        auto features = ect::classifier_features(ect::require_bundled(ect::kBundledClassifier, "classifier"), torch::kCPU);
        ect::DatasetOptions o;
        const ect::Dataset data = ect::load_dataset("fashion-mnist:test", o);
        // The reference: 2,000 test images other than the 500 edited.
        const ect::FeatureStats reference = ect::image_stats(*features, data.images, 500, 2500);
        const int64_t n = 500;
        const torch::Tensor images = data.images.slice(0, 0, n).to(torch::kFloat32) / 127.5 - 1;
        const torch::Tensor labels = torch::one_hot(data.labels.slice(0, 0, n), 10).to(torch::kFloat32);
        auto fd = [&](const torch::Tensor& x) {
            const torch::Tensor u8 = ect::images_to_uint8(x).permute({0, 3, 1, 2}).contiguous();  // NHWC → NCHW
            return ect::frechet_distance(ect::image_stats(*features, u8, 0, x.size(0)), reference);
        };
        ect::EditSettings s;
        s.task = ect::EditTask::SuperRes;
        s.batch = 250;
        for (int factor : {4, 2}) {
            s.factor = factor;
            const ect::EditResult r = ect::edit_images(cm, s, images, {}, labels);
            const double fd_known = fd(r.known), fd_result = fd(r.results);
            qInfo("superres from %dx%d: FD of the block means %.2f, of the results %.2f (500 images against 2,000 other test images)",
                  28 / factor, 28 / factor, fd_known, fd_result);
            QVERIFY2(fd_result < fd_known, qPrintable(QString("%1 >= %2").arg(fd_result).arg(fd_known)));
        }
    }

    void plot_ticks_and_tick_texts()
    {
        QCOMPARE(ect::plot_ticks(0, 1, false), (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
        QCOMPARE(ect::plot_ticks(1, 35, true), (std::vector<double>{1, 2, 5, 10, 20}));
        QCOMPARE(ect::plot_ticks(0.1, 2e6, true).size(), size_t(8));  // decades only: 0.1 … 1M
        const auto narrow = ect::plot_ticks(0.2, 0.41, true);  // within a decade: linear steps of 0.05
        QCOMPARE(narrow.size(), size_t(5));
        QVERIFY(std::abs(narrow.front() - 0.2) < 1e-12 && std::abs(narrow.back() - 0.4) < 1e-12);
        const auto wide = ect::plot_ticks(34, 190, true);  // 50, 100 only as 1-2-5: 40, 60, …, 180
        QCOMPARE(wide.size(), size_t(8));
        QCOMPARE(wide.back(), 180.0);
        QVERIFY(ect::plot_ticks(1, 1, false).empty());
        QCOMPARE(ect::plot_tick_text(0), std::string("0"));
        QCOMPARE(ect::plot_tick_text(0.205), std::string("0.205"));
        QCOMPARE(ect::plot_tick_text(35), std::string("35"));
        QCOMPARE(ect::plot_tick_text(1500), std::string("1.5k"));
        QCOMPARE(ect::plot_tick_text(5000), std::string("5k"));
        QCOMPARE(ect::plot_tick_text(12000), std::string("12k"));
        QCOMPARE(ect::plot_tick_text(1.5e6), std::string("1.5M"));
        QVERIFY(ect::plot_text_width("FD") > 0);
        QCOMPARE(ect::plot_text_width("\x01"), ect::plot_text_width("?"));  // unprintable: drawn as '?'
    }

    void plot_draws_lines_where_the_data_is()
    {
        ect::PlotSpec spec;
        spec.title = "t";
        spec.x_label = "x";
        spec.y_label = "y";
        spec.series = {{"rising", {{0, 0}, {1, 1}}, true}, {"flat", {{0, 0.5}, {1, 0.5}}, false}};
        const ect::Image8 im = ect::render_plot(spec);
        ect::write_image(temp_path("plot-lines.png").toStdString(), im);  // to look at when a check fails
        QCOMPARE(im.width, 760);
        QCOMPARE(im.height, 480);
        QCOMPARE(im.channels, 3);
        QCOMPARE(rgb_at(im, 0, 0), (std::array<int, 3>{255, 255, 255}));
        // The flat series is one horizontal line in the second colour (orange) at mid height: find
        // the row, then check the rising series (blue) crosses it in the middle.
        int orange_row = -1, blue_in_middle = 0;
        for (int y = 0; y < im.height; ++y) {
            const auto p = rgb_at(im, im.width / 2 + 40, y);
            if (p == std::array<int, 3>{255, 127, 14}) orange_row = y;
        }
        QVERIFY(orange_row > im.height / 3 && orange_row < im.height * 2 / 3);
        for (int y = 0; y < im.height; ++y)
            for (int x = im.width / 2 - 30; x < im.width / 2 + 30; ++x) blue_in_middle += rgb_at(im, x, y) == std::array<int, 3>{31, 119, 180};
        QVERIFY(blue_in_middle > 20);
        // The legend goes to the top left, the corner the lines leave free (the rising one ends top
        // right): its text is there, right of the y axis's tick texts and below the title.
        const auto ink_in = [&](int x0, int y0, int x1, int y1) {  // dark pixels: text (lines are coloured)
            int n = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x) {
                    const auto p = rgb_at(im, x, y);
                    n += p[0] < 128 && p[1] < 128 && p[2] < 128;
                }
            return n;
        };
        QVERIFY(ink_in(100, 44, 150, 80) > 20);
        QCOMPARE(ink_in(im.width - 200, 36, im.width - 30, 80), 0);
        // Log axes leave out what cannot be drawn; nothing drawable is an error.
        spec.log_y = true;
        spec.series = {{"a", {{1, 0}, {2, -1}, {3, NAN}}, true}};
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::render_plot(spec));
        spec.series[0].points.push_back({4, 2});
        QCOMPARE(ect::render_plot(spec).width, 760);  // one point left: a dot
        spec.width = 100;
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::render_plot(spec));
        spec.width = 760;
        spec.series.assign(41, {"s", {{1, 1}}, true});
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::render_plot(spec));
        // Values a file may hold that no axis can span: left out (or refused), never undefined.
        spec.series = {{"extremes", {{1, 5e-324}, {2, 1e-200}, {3, 1e200}, {4, 1.7e308}, {5, 2}}, true}};
        QCOMPARE(ect::render_plot(spec).width, 760);
        spec.log_y = false;
        spec.series = {{"huge", {{-1.7e308, 1.7e308}, {1.7e308, -1.7e308}}, true}};
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::render_plot(spec));
        // A label of a megabyte is cut, and drawing it costs what a short one does.
        spec.series = {{std::string(1 << 20, 'x'), {{0, 0}, {1, 1}}, true}};
        QCOMPARE(ect::render_plot(spec).width, 760);
    }

    void plot_reads_eval_results_and_run_logs()
    {
        const auto tp = [](const char* name) { return temp_path(name).toStdString(); };
        const std::string results = tp("plot-results.jsonl");
        write_text(results,
                   R"({"model":"/tmp/ect-gpu/fmnist-ect.safetensors","sampler":"cm","steps":2,"nfe":2,"fd":4.65,"count":10000}
{"model":"/tmp/ect-gpu/fmnist-ect.safetensors","steps":2,"fd":4.0,"mid":[1.43],"trials":21}
{"model":"/tmp/ect-gpu/fmnist-ect.safetensors","sampler":"cm","steps":2,"nfe":2,"fd":4.12,"count":10000}
{"model":"/tmp/ect-gpu/fmnist-ect.safetensors","sampler":"cm","steps":1,"nfe":1,"fd":21.1,"count":10000}

{"model":"/tmp/ect-gpu/runs/edm/model.safetensors","sampler":"heun","steps":18,"nfe":35,"fd":0.4,"count":10000}
{"model":"/tmp/ect-gpu/runs/edm/model.safetensors","sampler":"heun","steps":5,"nfe":9,"fd":6.9,"count":10000}
)");
        ect::PlotInputOptions o;
        o.labels = {{"edm", "base"}};
        const ect::PlotSpec spec = ect::plot_from_inputs({results}, o);
        QVERIFY(spec.log_x && spec.log_y);
        QCOMPARE(spec.y_label, std::string("FD (10,000 samples; best setting at an NFE)"));
        QCOMPARE(spec.series.size(), size_t(2));
        QCOMPARE(spec.series[0].label, std::string("fmnist-ect, consistency"));
        // NFE order; at NFE 2 the best of the two mid levels; the search line (no nfe) is skipped.
        QCOMPARE(spec.series[0].points, (std::vector<std::pair<double, double>>{{1, 21.1}, {2, 4.12}}));
        QCOMPARE(spec.series[1].label, std::string("base, Heun"));  // runs/edm/model.safetensors, renamed
        QCOMPARE(spec.series[1].points, (std::vector<std::pair<double, double>>{{9, 6.9}, {35, 0.4}}));

        // A run folder: a line per FD probe against training images; the loss on request.
        const std::string run = tp("plot-run/ect-q256");
        std::filesystem::create_directories(run);
        write_text(run + "/log.jsonl", R"({"step":1,"kimg":0.256,"stage":0,"loss":9.5}
{"step":100,"kimg":25.6,"fd":{"cm1":41.7,"cm2":7.76},"fd_samples":2000,"eval_seconds":3}
{"step":100,"kimg":25.6,"stage":0,"loss":9.1}
{"step":200,"kimg":51.2,"fd":{"cm1":39.6,"cm2":6.58},"fd_samples":2000,"eval_seconds":3}
)");
        const ect::PlotSpec curves = ect::plot_from_inputs({run});
        QCOMPARE(curves.series.size(), size_t(2));
        ect::PlotInputOptions only;
        only.probes = {"cm2"};
        QCOMPARE(ect::plot_from_inputs({run}, only).series.size(), size_t(1));
        only.probes = {"heun18"};
        QVERIFY_THROWS_EXCEPTION(ect::Error, ect::plot_from_inputs({run}, only));
        QCOMPARE(curves.series[1].label, std::string("ect-q256, 2 steps"));
        QCOMPARE(curves.series[1].points, (std::vector<std::pair<double, double>>{{25600, 7.76}, {51200, 6.58}}));
        QCOMPARE(curves.y_label, std::string("FD (2,000 samples)"));
        ect::PlotInputOptions loss;
        loss.y = "loss";
        const ect::PlotSpec losses = ect::plot_from_inputs({run + "/log.jsonl"}, loss);
        QCOMPARE(losses.series.size(), size_t(1));
        QCOMPARE(losses.series[0].points.size(), size_t(2));
        QCOMPARE(losses.series[0].label, std::string("ect-q256 loss"));
        QCOMPARE(losses.series[0].points[1].second, 9.1);
        loss.smooth = 2;  // the mean of a record and the one before it
        QCOMPARE(ect::plot_from_inputs({run}, loss).series[0].points[1].second, (9.5 + 9.1) / 2);
        loss.smooth = 1;

        // Refusals, each naming what is wrong.
        const auto refused = [](const std::vector<std::string>& in, const ect::PlotInputOptions& opt, const char* what) {
            try {
                ect::plot_from_inputs(in, opt);
            } catch (const ect::Error& e) {
                QVERIFY2(std::string(e.what()).find(what) != std::string::npos, e.what());
                return;
            }
            QFAIL(qPrintable(QString("accepted, expected: ") + what));
        };
        const std::string garbage = tp("plot-garbage.jsonl"), other = tp("plot-other.jsonl");
        write_text(garbage, "{\"nfe\": 1, \"fd\": 2}\n{not json\n");
        write_text(other, "{\"hello\": 1}\n");
        refused({garbage}, {}, "plot-garbage.jsonl line 2: not JSON");
        refused({other}, {}, "no `ect eval --json` results");
        refused({tp("plot-missing.jsonl")}, {}, "cannot read");
        refused({run, results}, {}, "cannot share one plot");
        refused({results}, loss, "--y loss needs run folders");
        const std::string bare = tp("plot-run/no-fd");
        std::filesystem::create_directories(bare);
        write_text(bare + "/log.jsonl", "{\"step\":1,\"kimg\":0.1,\"loss\":1}\n");
        refused({bare}, {}, "no FD measurements");
        refused({tp("plot-run")}, {}, "not a training run");
    }

    void edit_command_writes_a_grid_and_refuses_bad_input()
    {
        const QString out = temp_path("edit-grid.png");
        const Run ok = ect_cli({"edit", "--data", "fashion-mnist:test", "--index", "3-4", "--task", "superres", "--factor", "4",
                                "--count", "2", "--device", "cpu", "--out", out});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        const QImage grid(out);
        // Two rows of input, kept (block means) and two results, 28 px cells with 2 px gaps.
        QCOMPARE(grid.width(), 4 * 28 + 3 * 2);
        QCOMPARE(grid.height(), 2 * 28 + 2);
        QVERIFY2(grid.text("parameters").contains("Task: superres") && grid.text("parameters").contains("Factor: 4") &&
                     grid.text("parameters").contains("NFE: 2"),
                 qPrintable(grid.text("parameters")));
        const Run inpaint = ect_cli({"edit", "--data", "fashion-mnist:test", "--keep", "top", "--count", "1", "--device", "cpu",
                                     "--out", out});
        QVERIFY2(inpaint.code == 0, qPrintable(inpaint.err));
        QCOMPARE(QImage(out).width(), 4 * 28 + 3 * 2);  // input, mask, kept, result
        // Mistakes are one line and a non-zero exit, before any network runs.
        const Run colour = ect_cli({"edit", "--data", "fashion-mnist:test", "--task", "colorize", "--out", out});
        QCOMPARE(colour.code, 2);
        QVERIFY2(colour.err.contains("needs an RGB model"), qPrintable(colour.err));
        QCOMPARE(ect_cli({"edit", "--data", "fashion-mnist:test", "--task", "superres", "--factor", "3", "--out", out}).code, 2);
        QCOMPARE(ect_cli({"edit", "--input", temp_path("missing.png"), "--out", out}).code, 1);
        QCOMPARE(ect_cli({"edit", "--out", out}).code, 2);  // nothing to edit
        QCOMPARE(ect_cli({"edit", "--data", "fashion-mnist:test", "--levels", "5,10", "--out", out}).code, 2);
        QCOMPARE(ect_cli({"edit", "--data", "fashion-mnist:test", "--task", "sketch", "--keep", "left", "--out", out}).code, 2);
        const QString notes = temp_path("notes.png");
        QFile f(notes);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image");
        f.close();
        const Run bad_mask = ect_cli({"edit", "--data", "fashion-mnist:test", "--mask", notes, "--out", out});
        QCOMPARE(bad_mask.code, 1);
        QVERIFY2(bad_mask.err.contains("not a readable image"), qPrintable(bad_mask.err));

        // Hostile inputs: a PNG cut short, and one whose header claims 100,000² pixels (a few
        // hundred bytes that would ask for 10 GB): one message each, nothing allocated for them.
        QFile whole(out);
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray png = whole.readAll();
        whole.close();
        const QString cut = temp_path("cut.png");
        QFile c(cut);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(png.left(png.size() / 2));
        c.close();
        const Run truncated = ect_cli({"edit", "--input", cut, "--out", out});
        QCOMPARE(truncated.code, 1);
        QVERIFY2(truncated.err.contains("cut.png") && truncated.err.count('\n') <= 2, qPrintable(truncated.err));
        QByteArray huge = png.left(33);  // signature and IHDR; its width and height, then its CRC, rewritten
        auto put32 = [&](int at, quint32 v) {
            for (int i = 0; i < 4; ++i) huge[at + i] = char((v >> (24 - 8 * i)) & 0xff);
        };
        put32(16, 100000);
        put32(20, 100000);
        quint32 crc = 0xffffffffu;  // PNG's CRC-32 of the chunk's type and data
        for (int i = 12; i < 29; ++i) {
            crc ^= quint8(huge[i]);
            for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        put32(29, crc ^ 0xffffffffu);
        huge += png.mid(33);
        const QString big = temp_path("huge.png");
        QFile b(big);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(huge);
        b.close();
        const Run claims = ect_cli({"edit", "--input", big, "--out", out});
        QCOMPARE(claims.code, 1);
        QVERIFY2(claims.err.contains("huge.png") && claims.err.count('\n') <= 2, qPrintable(claims.err));

        // --beside: the base model's Heun edit in a row under each input's, with the same seeds.
        const std::string base = ect::find_bundled(ect::kBundledDiffusion);
        QVERIFY(!base.empty());
        const Run both = ect_cli({"edit", "--data", "fashion-mnist:test", "--index", "3", "--keep", "top", "--count", "2",
                                  "--beside", QString::fromStdString(base), "--heun-steps", "3", "--device", "cpu", "--out", out});
        QVERIFY2(both.code == 0, qPrintable(both.err));
        const QImage rows(out);
        QCOMPARE(rows.width(), 5 * 28 + 4 * 2);  // input, mask, kept, two results
        QCOMPARE(rows.height(), 2 * 28 + 2);     // the consistency model's row, then the base's
        const QString text = rows.text("parameters");
        QVERIFY2(text.contains("NFE: 2") && text.contains("Beside NFE: 5") && text.contains("Beside sampler: EDM Heun") &&
                     text.contains("Beside steps: 3") && text.contains("Beside model: fmnist-edm"),
                 qPrintable(text));
        QVERIFY2(both.out.contains("Heun NFE 5"), qPrintable(both.out));
        // The kept half is the input's in both rows; the results differ between the models.
        const QImage top = rows.copy(0, 0, 28, 14), ecm = rows.copy(3 * 30, 0, 28, 14), heun = rows.copy(3 * 30, 30, 28, 14);
        QCOMPARE(ecm.convertToFormat(QImage::Format_Grayscale8), top.convertToFormat(QImage::Format_Grayscale8));
        QCOMPARE(heun.convertToFormat(QImage::Format_Grayscale8), top.convertToFormat(QImage::Format_Grayscale8));
        QVERIFY(rows.copy(3 * 30, 14, 28, 14) != rows.copy(3 * 30, 44, 28, 14));
        const Run not_diffusion = ect_cli({"edit", "--data", "fashion-mnist:test", "--beside",
                                           QString::fromStdString(ect::find_bundled(ect::kBundledConsistency)), "--out", out});
        QCOMPARE(not_diffusion.code, 2);
        QVERIFY2(not_diffusion.err.contains("--beside takes a diffusion model"), qPrintable(not_diffusion.err));
        QCOMPARE(ect_cli({"edit", "--data", "fashion-mnist:test", "--heun-steps", "4", "--out", out}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
