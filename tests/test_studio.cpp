// The studio on the offscreen platform: sampler grids match `ect sample`'s path, interpolation
// ends reproduce the end seeds, training feeds the chart and grids, bad files leave it usable.
#include "test_support.h"

#include "image_grid_view.h"
#include "loss_chart.h"
#include "main_window.h"
#include "qt_bridge.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/error.h"
#include "ect/generate.h"
#include "ect/model_file.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

using namespace studio;

namespace {

// A small class-conditional model file marked as a consistency model.
QString make_model(const QString& name, const char* kind, int classes)
{
    torch::manual_seed(11);
    ect::Denoiser net(ect::test::tiny_config(classes));
    const QString path = ect::test::temp_path(name);
    ect::save_model(path.toStdString(), net, {{"ect.kind", kind}});
    return path;
}

bool wait_for(const std::function<bool()>& done, int ms = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(20);
    return done();
}

}  // namespace

class TestStudio : public QObject {
    Q_OBJECT

    QString cm_, base_;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        torch::set_num_threads(2);
        cm_ = make_model("cm.safetensors", "consistency", 4);
        base_ = make_model("base.safetensors", "diffusion", 10);  // Fashion-MNIST's 10 classes
    }

    void sampler_grid_matches_generate()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        QSignalSpy spy(p, &SamplerPanel::rendered);
        p->seedBox()->setValue(7);
        p->countBox()->setValue(6);
        p->stepsBox()->setValue(2);
        QVERIFY(wait_for([&] { return p->idle() && !p->lastResult().grid.isNull(); }));
        QCOMPARE(p->lastResult().samples.size(0), int64_t(6));
        QCOMPARE(p->lastResult().nfe, 2);
        // The same settings through the shared generation path (what `ect sample` runs).
        auto model = ect::load_model(cm_.toStdString());
        ect::GenerateSettings s;
        s.seed = 7;
        s.count = 6;
        s.steps = 2;
        s.mid = {0.821};
        const auto expected = ect::generate(model.net, s);
        QVERIFY(torch::allclose(p->lastResult().samples, expected, 1e-6, 1e-7));
        QCOMPARE(p->lastResult().grid, grid_image(expected, 4));  // one column per class
    }

    void interpolation_ends_are_the_seeds()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        p->classBox()->setCurrentIndex(p->classBox()->findData(2));
        p->seedBox()->setValue(3);
        p->seedBBox()->setValue(9);
        p->modeBox()->setCurrentIndex(1);
        auto model = ect::load_model(cm_.toStdString());
        for (int amount : {0, 100}) {
            p->amountSlider()->setValue(amount);
            QVERIFY(wait_for([&] { return p->idle() && !p->lastResult().single.isNull(); }));
            ect::GenerateSettings s;
            s.seed = amount == 0 ? 3 : 9;
            s.class_index = 2;
            const auto expected = ect::generate(model.net, s);
            const auto& all = p->lastResult().samples;
            QVERIFY2(torch::allclose(all.slice(0, all.size(0) - 1, all.size(0)), expected, 1e-5, 1e-6), "enlarged sample");
            const int64_t end = amount == 0 ? 0 : all.size(0) - 2;  // row ends
            QVERIFY(torch::allclose(all.slice(0, end, end + 1), expected, 1e-5, 1e-6));
        }
    }

    void bad_model_keeps_what_was_loaded()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        const QString junk = ect::test::temp_path("junk.safetensors");
        std::ofstream(junk.toStdString()) << "definitely not a model";
        QVERIFY(!w.openModel(MainWindow::Slot::Consistency, junk, true));
        QVERIFY(w.lastError().contains("junk.safetensors"));
        QVERIFY(w.model(MainWindow::Slot::Consistency));
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), cm_);
        QVERIFY(!w.openModel(MainWindow::Slot::Base, "/nonexistent/x.safetensors", true));
        QVERIFY(!w.model(MainWindow::Slot::Base));
        // Still samples with the model it had.
        QVERIFY(wait_for([&] { return !w.samplerPanel()->lastResult().grid.isNull(); }));
    }

    void diffusion_model_defaults_to_heun()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        QCOMPARE(w.samplerPanel()->samplerBox()->currentData().toString(), QString("heun"));
        QCOMPARE(w.samplerPanel()->stepsBox()->value(), 18);
    }

    void training_feeds_chart_and_grids()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        TrainingPanel* t = w.trainingPanel();
        t->presetBox()->setCurrentText("tiny");
        t->stepsBox()->setValue(12);
        const QString dir = ect::test::temp_path("studio-run");
        std::filesystem::remove_all(dir.toStdString());
        t->runFolderEdit()->setText(dir);
        // The base model is 16×16×1; Fashion-MNIST is resized to fit it.
        QSignalSpy done(t, &TrainingPanel::runFinished);
        t->start();
        QVERIFY(t->running());
        QVERIFY(done.wait(120000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        t->chart()->redraw();
        QCOMPARE(t->chart()->pointCount(), 12);
        QVERIFY(t->grids().size() >= 2);  // step 0 and the end
        QCOMPARE(t->grids().front().first, qint64(0));
        QVERIFY(t->grids().front().second != t->grids().back().second);  // training changed the samples
        QCOMPARE(t->gridSlider()->maximum(), int(t->grids().size()) - 1);
        t->gridSlider()->setValue(0);
        QCOMPARE(t->gridView()->image(), t->grids().front().second);
        QVERIFY(QFile::exists(dir + "/model.safetensors"));
    }

    void invalid_recipe_is_refused_before_start()
    {
        MainWindow w;
        TrainingPanel* t = w.trainingPanel();
        t->dataEdit()->setText("");
        bool threw = false;
        try {
            t->currentConfig();  // tuning without a base model, and no dataset
        } catch (const ect::Error&) {
            threw = true;
        }
        QVERIFY(threw);
        QVERIFY(!t->running());
    }
};

QTEST_MAIN(TestStudio)
#include "test_studio.moc"
