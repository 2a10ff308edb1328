// Parity with the official Python code: every fixture in shared/fixtures/reference reproduced.
#include "test_support.h"

#include "ect/losses.h"
#include "ect/model_file.h"
#include "ect/samplers.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

using namespace ect;
using ect::test::fixture;
using ect::test::relative_error;

namespace {
constexpr double kNetworkTol = 1e-4;  // ECT-SPEC "Parity fixtures": networks and losses
constexpr double kSamplerTol = 1e-3;  // multi-step sampler outputs
}  // namespace

class TestParity : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::set_num_threads(2);
        QVERIFY2(QFile::exists(QString::fromStdString(fixture("songunet-uncond32.safetensors"))),
                 "reference fixtures not found: set ECT_FIXTURES or -DECT_FIXTURES_DIR");
    }

    void networks_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("output");
        for (const char* m : {"songunet-uncond32", "songunet-cond28"})
            for (const char* o : {"D_train", "D_eval", "F"}) QTest::newRow((std::string(m) + "/" + o).c_str()) << m << o;
    }

    void networks()
    {
        QFETCH(QString, model);
        QFETCH(QString, output);
        auto m = load_model(fixture(model.toStdString() + ".safetensors"));
        const auto cases = read_safetensors(fixture(model.toStdString() + ".cases.safetensors"));
        torch::Tensor labels = cases.contains("class_labels") ? cases.at("class_labels") : torch::Tensor();
        torch::NoGradGuard no_grad;
        const auto& x = cases.at("x");
        const auto& sigma = cases.at("sigma");
        torch::Tensor ours;
        if (output == "D_train") ours = m.net->forward(x, sigma, labels, Preconditioning::Training);
        else if (output == "D_eval") ours = m.net->forward(x, sigma, labels, Preconditioning::Consistency);
        else ours = m.net->raw(x, sigma, labels);
        const double err = relative_error(ours, cases.at(output.toStdString()));
        qInfo("%s %s: relative error %.3g", qPrintable(model), qPrintable(output), err);
        QVERIFY2(err < kNetworkTol, qPrintable(QString("relative error %1").arg(err)));
    }

    void mapping_table()
    {
        const auto file = read_safetensors(fixture("ect-mapping.safetensors"));
        const auto keys = nlohmann::json::parse(file.metadata.at("ect.keys"));
        QVERIFY(keys.size() >= 20);
        for (const auto& key : keys) {
            // r/<mapping>/q<q>/k<k>/b<b>/stage<s>
            const QStringList parts = QString::fromStdString(key.get<std::string>()).split('/');
            QCOMPARE(parts.size(), 6);
            EctLossConfig cfg;
            cfg.mapping = EctLossConfig::parse_mapping(parts[1].toStdString());
            cfg.q = parts[2].mid(1).toDouble();
            cfg.k = parts[3].mid(1).toDouble();
            cfg.b = parts[4].mid(1).toDouble();
            const int stage = parts[5].mid(5).toInt();
            const torch::Tensor r = ect_target_level(file.at("t"), stage, cfg);
            const double err = relative_error(r, file.at(key.get<std::string>()));
            qInfo("%s: relative error %.3g", key.get<std::string>().c_str(), err);
            QVERIFY2(err < kNetworkTol, qPrintable(QString::fromStdString(key.get<std::string>()) + QString(": %1").arg(err)));
        }
    }

    void mapping_worked_values()
    {
        // ECT-SPEC "Stage schedule": q = 2, k = 8, b = 1.
        EctLossConfig cfg;
        auto r = [&](double t, int stage) { return ect_target_level(torch::tensor({t}, torch::kFloat64), stage, cfg).item<double>(); };
        QVERIFY(std::abs(r(2, 0) - 0.04638) < 5e-5);
        QVERIFY(std::abs(r(1, 1) - 0.2121) < 5e-4);
        QVERIFY(std::abs(r(10, 2) - 8.750) < 5e-3);
        QVERIFY(std::abs(r(80, 0) - 40) < 1e-6);
        QVERIFY(std::abs(r(80, 1) - 60) < 1e-6);
        QVERIFY(std::abs(r(80, 2) - 70) < 1e-6);
        QCOMPARE(r(0.01, 0), 0.0);  // clamped at 0 for small t in early stages
    }

    void ect_loss_settings()
    {
        auto m = load_model(fixture("songunet-uncond32.safetensors"));
        m.net->train();  // training mode, as the reference loss runs (dropout 0 in this model)
        const auto file = read_safetensors(fixture("ect-loss.safetensors"));
        const auto keys = nlohmann::json::parse(file.metadata.at("ect.keys"));
        const auto settings = nlohmann::json::parse(file.metadata.at("ect.settings"));
        QCOMPARE(keys.size(), settings.size());
        for (size_t i = 0; i < keys.size(); ++i) {
            const auto& s = settings[i];
            EctLossConfig cfg;
            cfg.mapping = EctLossConfig::parse_mapping(s["adj"].get<std::string>());
            cfg.q = s["q"];
            cfg.k = s["k"];
            cfg.b = s["b"];
            cfg.c = s["c"];
            cfg.P_mean = s["P_mean"];
            cfg.P_std = s["P_std"];
            const auto terms = ect_loss(m.net, file.at("y"), {}, file.at("rnd_normal"), file.at("eps"), s["stage"], cfg);
            const double err = relative_error(terms.loss, file.at(keys[i].get<std::string>()));
            qInfo("%s: relative error %.3g", keys[i].get<std::string>().c_str(), err);
            QVERIFY2(err < kNetworkTol, qPrintable(QString("%1: %2").arg(QString::fromStdString(keys[i])).arg(err)));
        }
    }

    void edm_loss_fixture()
    {
        auto m = load_model(fixture("songunet-uncond32.safetensors"));
        m.net->train();
        const auto file = read_safetensors(fixture("edm-loss.safetensors"));
        torch::NoGradGuard no_grad;
        const torch::Tensor loss = edm_loss(m.net, file.at("y"), {}, file.at("rnd_normal"), file.at("noise"), EdmLossConfig{});
        const double err = relative_error(loss, file.at("loss"));
        qInfo("EDM loss: relative error %.3g", err);
        QVERIFY2(err < kNetworkTol, qPrintable(QString("relative error %1").arg(err)));
    }

    void samplers_data()
    {
        QTest::addColumn<QString>("key");
        for (const char* k : {"heun/steps2", "heun/steps6", "heun/steps18", "cm/steps1", "cm/steps2_mid0.821",
                              "cm/steps3_mid1.526_0.4"})
            QTest::newRow(k) << k;
    }

    void samplers()
    {
        QFETCH(QString, key);
        auto m = load_model(fixture("songunet-uncond32.safetensors"));
        const auto file = read_safetensors(fixture("samplers.safetensors"));
        const torch::Tensor& z = file.at("latents");
        torch::Tensor ours;
        if (key.startsWith("heun/")) {
            ours = sample_edm(m.net, z, {}, key.mid(10).toInt(), EdmSolver::Heun);
        } else {
            std::vector<double> mid;
            const QStringList parts = key.mid(3).split('_');
            if (parts.size() > 1) {
                mid.push_back(parts[1].mid(3).toDouble());
                for (int i = 2; i < parts.size(); ++i) mid.push_back(parts[i].toDouble());
            }
            // The fixture re-noises every step with the same stored tensor.
            const std::vector<torch::Tensor> renoise(mid.size(), file.at("cm/renoise"));
            ours = sample_consistency(m.net, z, {}, mid, renoise);
        }
        QCOMPARE(ours.scalar_type(), torch::kFloat64);
        const double err = relative_error(ours, file.at(key.toStdString()));
        qInfo("%s: relative error %.3g", qPrintable(key), err);
        QVERIFY2(err < (key == "cm/steps1" ? kNetworkTol : kSamplerTol), qPrintable(QString("relative error %1").arg(err)));
    }

    void heun_levels()
    {
        const torch::Tensor t = edm_sigma_levels(18);
        QCOMPARE(t.size(0), 19);
        QVERIFY(std::abs(t[0].item<double>() - 80) < 1e-12);
        QVERIFY(std::abs(t[17].item<double>() - 0.002) < 1e-12);
        QCOMPARE(t[18].item<double>(), 0.0);
        QCOMPARE(edm_nfe(18, EdmSolver::Heun), 35);
    }

    void cifar10_parameter_count()
    {
        Denoiser net(NetworkConfig::cifar10_ddpmpp());
        QCOMPARE(count_parameters(*net), int64_t(55732739));
        // Names follow EDM's state dict.
        const auto params = net->named_parameters();
        QVERIFY(params.contains("model.enc.32x32_conv.weight"));
        QVERIFY(params.contains("model.dec.16x16_block4.qkv.weight"));
        QVERIFY(params.contains("model.map_layer0.weight"));
        QVERIFY(net->named_buffers().contains("model.enc.16x16_down.conv0.resample_filter"));
    }

    void flops_counted_from_shapes()
    {
        // One level at 8×8, 16 channels, one block: every layer counted by hand (2 per multiply-add).
        NetworkConfig c;
        c.img_resolution = 8;
        c.img_channels = 1;
        c.model_channels = 16;
        c.channel_mult = {1};
        c.num_blocks = 1;
        c.attn_resolutions = {};
        Denoiser net(c);
        const int64_t hw = 64, conv3 = 2 * 16 * 16 * 9 * hw;  // a 16 → 16 3×3 convolution at 8×8
        const int64_t mapping = 2 * 16 * 64 + 2 * 64 * 64;     // noise 16 → emb 64 → 64
        const int64_t affine = 2 * 64 * 16;
        const int64_t enc = 2 * 1 * 16 * 9 * hw                // 8x8_conv
                            + conv3 + affine + conv3;          // 8x8_block0
        const int64_t attention = 2 * 48 * 16 * hw + 2 * 16 * 16 * hw + 2 * (2 * hw * hw * 16);  // qkv, proj, qᵀk, v·w
        const int64_t dec_in = (conv3 + affine + conv3 + attention) + (conv3 + affine + conv3);   // in0 (attention), in1
        const int64_t dec_block = 2 * 16 * 32 * 9 * hw + affine + conv3 + 2 * 16 * 32 * hw;     // 32 → 16 with a 1×1 skip
        const int64_t out = 2 * 16 * 1 * 9 * hw;                                                  // aux_conv
        QCOMPARE(net->model->flops_per_image(), mapping + enc + dec_in + 2 * dec_block + out);
        // DDPM++ at CIFAR-10 size, for the figures `ect bench` reports: about twenty 256-channel 3×3
        // convolutions at 32×32 (1.21 GFLOPs each) and a quarter and a sixteenth of that below.
        Denoiser cifar(NetworkConfig::cifar10_ddpmpp());
        const double gflops = double(cifar->model->flops_per_image()) / 1e9;
        QVERIFY2(gflops > 35 && gflops < 50, qPrintable(QString::number(gflops)));
    }
};

QTEST_APPLESS_MAIN(TestParity)
#include "test_parity.moc"
