// Parity with the official Python code: every fixture in shared/fixtures/reference reproduced.
#include "test_support.h"

#include "ect/losses.h"
#include "ect/model_file.h"
#include "ect/samplers.h"
#include "ect/selftest.h"

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

using namespace ect;
using ect::test::fixture;

class TestParity : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::set_num_threads(2);
        QVERIFY2(QFile::exists(QString::fromStdString(fixture("songunet-uncond32.safetensors"))),
                 "reference fixtures not found: set ECT_FIXTURES or -DECT_FIXTURES_DIR");
    }

    void parity_data()
    {
        // Every check of `ect selftest` (core's run_parity_checks), one row each: the same code the
        // command runs on a GPU server.
        QTest::addColumn<double>("error");
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<QString>("problem");
        const auto checks = run_parity_checks(fixture(""), torch::kCPU);
        QVERIFY(checks.size() >= 30);
        for (const auto& c : checks)
            QTest::newRow(c.name.c_str()) << c.error << c.tolerance << QString::fromStdString(c.problem);
    }

    void parity()
    {
        QFETCH(double, error);
        QFETCH(double, tolerance);
        QFETCH(QString, problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("relative error %.3g", error);
        QVERIFY2(error < tolerance, qPrintable(QString("relative error %1, limit %2").arg(error).arg(tolerance)));
    }

    void missing_fixtures_fail_with_reasons()
    {
        const auto checks = run_parity_checks(ect::test::temp_path("no-fixtures").toStdString(), torch::kCPU);
        QCOMPARE(checks.size(), size_t(5));  // one failed check per fixture group
        for (const auto& c : checks) {
            QVERIFY(!c.passed());
            QVERIFY2(!c.problem.empty(), c.name.c_str());
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
