// The counter-based sampling noise: real Philox (known answers), standard normal values, and the
// same values for an image whatever the batch, position or seed/first split.
#include "test_support.h"

#include "ect/noise.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace ect;

class TestNoise : public QObject {
    Q_OBJECT

private slots:
    void philox_known_answers_data()
    {
        // Random123's known-answer vectors for philox4x32_10 (counter, key, result).
        QTest::addColumn<QVector<qint64>>("counter");
        QTest::addColumn<QVector<qint64>>("key");
        QTest::addColumn<QVector<qint64>>("expected");
        QTest::newRow("zeros") << QVector<qint64>{0, 0, 0, 0} << QVector<qint64>{0, 0}
                               << QVector<qint64>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        QTest::newRow("ones") << QVector<qint64>{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}
                              << QVector<qint64>{0xffffffff, 0xffffffff}
                              << QVector<qint64>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
        QTest::newRow("pi") << QVector<qint64>{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}
                            << QVector<qint64>{0xa4093822, 0x299f31d0}
                            << QVector<qint64>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
    }

    void philox_known_answers()
    {
        QFETCH(QVector<qint64>, counter);
        QFETCH(QVector<qint64>, key);
        QFETCH(QVector<qint64>, expected);
        const torch::Tensor c = torch::tensor(std::vector<int64_t>(counter.begin(), counter.end()), torch::kInt64);
        const torch::Tensor out = philox4x32_10(c, uint32_t(key[0]), uint32_t(key[1]));
        for (int i = 0; i < 4; ++i) QCOMPARE(out[i].item<int64_t>(), int64_t(expected[i]));
    }

    void values_are_standard_normal()
    {
        const torch::Tensor z = counter_normals(0, 100, 2, 1000).to(torch::kFloat64);  // 200,000 values
        QCOMPARE(z.scalar_type(), torch::kFloat64);
        QVERIFY(std::abs(z.mean().item<double>()) < 0.01);   // σ of the mean: 0.0022
        QVERIFY(std::abs(z.std().item<double>() - 1) < 0.01);
        // Shape: P(|z| < 1) = 0.6827, P(|z| < 2) = 0.9545, P(|z| > 3) = 0.0027.
        const double within1 = (z.abs() < 1).to(torch::kFloat64).mean().item<double>();
        const double within2 = (z.abs() < 2).to(torch::kFloat64).mean().item<double>();
        const double beyond3 = (z.abs() > 3).to(torch::kFloat64).mean().item<double>();
        QVERIFY2(std::abs(within1 - 0.6827) < 0.005, qPrintable(QString::number(within1)));
        QVERIFY2(std::abs(within2 - 0.9545) < 0.003, qPrintable(QString::number(within2)));
        QVERIFY2(std::abs(beyond3 - 0.0027) < 0.0008, qPrintable(QString::number(beyond3)));
        // Neighbouring values (the two halves of a Box–Muller pair, successive blocks) are uncorrelated.
        const torch::Tensor flat = z.reshape({-1});
        const double r = (flat.slice(0, 0, -1) * flat.slice(0, 1)).mean().item<double>();
        QVERIFY2(std::abs(r) < 0.01, qPrintable(QString::number(r)));
    }

    void image_noise_is_independent_of_batch_and_position()
    {
        const auto all = seeded_noise(5, 0, 10, 3, 8, 2);
        const auto part = seeded_noise(5, 3, 4, 3, 8, 2);
        QVERIFY(torch::equal(part.latents, all.latents.slice(0, 3, 7)));
        for (int k = 0; k < 2; ++k) QVERIFY(torch::equal(part.renoise[k], all.renoise[k].slice(0, 3, 7)));
        // Image i of seed S is image 0 of seed S + i.
        const auto shifted = seeded_noise(8, 0, 4, 3, 8, 2);
        QVERIFY(torch::equal(shifted.latents, part.latents));
        // A single image alone gets the same values as inside a batch.
        QVERIFY(torch::equal(seeded_noise(9, 0, 1, 3, 8, 0).latents[0], all.latents[4]));
    }

    void streams_and_images_differ()
    {
        const auto n = seeded_noise(0, 0, 2, 1, 16, 1);
        QVERIFY(n.latents.sizes().equals({2, 1, 16, 16}));
        QVERIFY(!torch::allclose(n.latents[0], n.latents[1]));
        QVERIFY(!torch::allclose(n.latents, n.renoise[0]));
        // Element counts that are not a multiple of four keep their prefix.
        const torch::Tensor five = counter_normals(7, 1, 1, 5), eight = counter_normals(7, 1, 1, 8);
        QVERIFY(torch::equal(five, eight.narrow(2, 0, 5)));
    }

    void large_image_numbers()
    {
        // Seeds near 2^62 (the CLI's maximum) still give finite, distinct values.
        const uint64_t big = (uint64_t(1) << 62) - 3;
        const auto n = seeded_noise(big, 0, 2, 1, 4, 0);
        QVERIFY(torch::isfinite(n.latents).all().item<bool>());
        QVERIFY(!torch::equal(n.latents[0], n.latents[1]));
        QVERIFY(!torch::equal(n.latents, seeded_noise(big - (uint64_t(1) << 32), 0, 2, 1, 4, 0).latents));
    }

    void class_labels_cycle_or_fix()
    {
        auto classes = [](const torch::Tensor& labels) {
            const torch::Tensor a = labels.argmax(1).contiguous();
            return std::vector<int64_t>(a.data_ptr<int64_t>(), a.data_ptr<int64_t>() + a.numel());
        };
        const torch::Tensor cycle = class_labels_for(8, 4, 10, -1);
        QCOMPARE(classes(cycle), (std::vector<int64_t>{8, 9, 0, 1}));
        QCOMPARE(cycle.sum().item<float>(), 4.0f);
        QCOMPARE(classes(class_labels_for(0, 3, 10, 7)), (std::vector<int64_t>{7, 7, 7}));
        QVERIFY(!class_labels_for(0, 3, 0, -1).defined());
    }
};

QTEST_APPLESS_MAIN(TestNoise)
#include "test_noise.moc"
