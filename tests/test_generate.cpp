// Seeded generation shared by the CLI and the studio: settings checks, cancellation, slerp.
#include "test_support.h"

#include "ect/error.h"
#include "ect/generate.h"
#include "ect/noise.h"

#include <QtTest/QtTest>

#include <set>

using namespace ect;

class TestGenerate : public QObject {
    Q_OBJECT

    Denoiser net_{nullptr};

private slots:
    void initTestCase()
    {
        torch::manual_seed(0);
        net_ = Denoiser(ect::test::tiny_config(3));
    }

    void settings_checks_data()
    {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<int>("steps");
        QTest::addColumn<QString>("mid");
        QTest::addColumn<int>("cls");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cm 3 steps, no mids") << "cm" << 3 << "" << -1 << "needs 2 mid levels";
        QTest::newRow("rising mids") << "cm" << 3 << "0.5,1.0" << -1 << "must decrease";
        QTest::newRow("heun 1 step") << "heun" << 1 << "" << -1 << "at least 2 steps";
        QTest::newRow("mids for heun") << "heun" << 4 << "1.0" << -1 << "do not apply to EDM Heun";
        QTest::newRow("missing class") << "cm" << 1 << "" << 3 << "class 3 does not exist";
        QTest::newRow("fine") << "cm" << 2 << "0.821" << 2 << "";
    }

    void settings_checks()
    {
        QFETCH(QString, sampler);
        QFETCH(int, steps);
        QFETCH(QString, mid);
        QFETCH(int, cls);
        QFETCH(QString, expected);
        GenerateSettings s;
        s.sampler = GenerateSettings::parse_sampler(sampler.toStdString());
        s.steps = steps;
        for (const auto& m : mid.split(',', Qt::SkipEmptyParts)) s.mid.push_back(m.toDouble());
        s.class_index = cls;
        QString message;
        try {
            s.validate(net_->config());
        } catch (const Error& e) {
            message = e.what();
        }
        QVERIFY2(expected.isEmpty() ? message.isEmpty() : message.contains(expected), qPrintable(message));
    }

    void nfe()
    {
        GenerateSettings s;
        s.sampler = SamplerKind::Heun;
        s.steps = 18;
        QCOMPARE(s.nfe(), 35);
        s.sampler = SamplerKind::Consistency;
        s.steps = 2;
        QCOMPARE(s.nfe(), 2);
    }

    void cancelled_generation_returns_nothing()
    {
        GenerateSettings s;
        s.count = 8;
        s.batch = 2;
        int asked = 0;
        const auto out = generate(net_, s, [&] { return ++asked > 2; });
        QVERIFY(!out.defined());
        QCOMPARE(asked, 3);  // stopped before the third batch
        QCOMPARE(generate(net_, s).size(0), int64_t(8));
    }

    void generate_matches_explicit_noise()
    {
        GenerateSettings s;
        s.seed = 9;
        s.count = 3;
        s.steps = 2;
        s.mid = {0.821};
        const auto out = generate(net_, s);
        const auto noise = seeded_noise(9, 0, 3, 1, 16, 1);
        const auto ref = generate_from_latents(net_, s, noise.latents, class_labels_for(0, 3, 3, -1), noise.renoise);
        QVERIFY(torch::equal(out, ref));
    }

    void sampler_table_drives_everything()
    {
        // Every row: found by its kind and by its name, its defaults valid, and it generates.
        std::set<std::string> names;
        for (const auto& info : sampler_table()) {
            QCOMPARE(&sampler_info(info.kind), &info);
            QCOMPARE(&sampler_info(std::string(info.name)), &info);
            QVERIFY(names.insert(info.name).second);
            QVERIFY(info.min_steps >= 1 && info.default_steps >= info.min_steps);
            GenerateSettings s;
            s.sampler = info.kind;
            s.steps = std::max(info.min_steps, 2);
            if (info.takes_mid) s.mid = GenerateSettings::default_mid(s.steps);
            s.count = 2;
            QCOMPARE(s.nfe(), info.nfe(s.steps));
            QCOMPARE(GenerateSettings::sampler_name(info.kind), std::string(info.name));
            const auto images = generate(net_, s);
            QCOMPARE(images.sizes(), (c10::IntArrayRef{2, 1, 16, 16}));
            QVERIFY(torch::isfinite(images).all().item<bool>());
        }
        QCOMPARE(sampler_names("|"), std::string("cm|heun|euler"));
        try {
            sampler_info(std::string("ddpm"));
            QFAIL("an unknown sampler was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("use cm, heun, euler"), e.what());
        }
        // One parser for mid levels everywhere (CLI, studio): an empty item is refused.
        QVERIFY_THROWS_EXCEPTION(Error, parse_levels("2,,1", "mid"));
        QCOMPARE(parse_levels("2.5,0.5", "mid"), (std::vector<double>{2.5, 0.5}));
    }

    void interpolated_noise_spans_the_corners()
    {
        GenerateSettings s;
        s.steps = 2;  // one re-noising tensor per image
        const auto& cfg = net_->config();
        const auto a = seeded_noise(3, 0, 1, 1, 16, 1), b = seeded_noise(4, 0, 1, 1, 16, 1);
        const auto n = interpolated_noise(cfg, s, {3, 4}, {{0.0, 0.0}, {1.0, 0.0}, {0.5, 0.0}});
        QCOMPARE(n.latents.size(0), int64_t(3));
        QCOMPARE(n.renoise.size(), size_t(1));
        QVERIFY(torch::allclose(n.latents[0], a.latents[0], 1e-6, 1e-6));
        QVERIFY(torch::allclose(n.latents[1], b.latents[0], 1e-6, 1e-6));
        QVERIFY(torch::allclose(n.renoise[0][1], b.renoise[0][0], 1e-6, 1e-6));
        QVERIFY(torch::allclose(n.latents[2], slerp(a.latents[0], b.latents[0], 0.5), 1e-6, 1e-6));
        // Four corners: (0, 1) is the bottom-left corner; Heun needs no re-noising.
        s.sampler = SamplerKind::Heun;
        s.steps = 4;
        const auto c = seeded_noise(5, 0, 1, 1, 16, 0);
        const auto four = interpolated_noise(cfg, s, {3, 4, 5, 6}, {{0.0, 1.0}});
        QVERIFY(four.renoise.empty());
        QVERIFY(torch::allclose(four.latents[0], c.latents[0], 1e-6, 1e-6));
        QVERIFY_THROWS_EXCEPTION(Error, interpolated_noise(cfg, s, {3, 4, 5}, {{0.0, 0.0}}));
    }

    void slerp_endpoints_and_norm()
    {
        torch::manual_seed(1);
        const auto a = torch::randn({1, 16, 16}), b = torch::randn({1, 16, 16});
        QVERIFY(torch::allclose(slerp(a, b, 0), a, 1e-6, 1e-6));
        QVERIFY(torch::allclose(slerp(a, b, 1), b, 1e-6, 1e-6));
        // Halfway between two independent Gaussian draws keeps a Gaussian's norm (a lerp would shrink it).
        const double mid = slerp(a, b, 0.5).norm().item<double>(), ends = 0.5 * (a.norm() + b.norm()).item<double>();
        QVERIFY(std::abs(mid - ends) / ends < 0.05);
        QVERIFY(torch::allclose(slerp(a, a, 0.3), a, 1e-6, 1e-6));
    }
};

QTEST_APPLESS_MAIN(TestGenerate)
#include "test_generate.moc"
