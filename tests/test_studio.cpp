// The studio on the offscreen platform: sampler grids match `ect sample`'s path, interpolation
// ends reproduce the end seeds, training feeds the chart and grids, bad files leave it usable.
#include "test_support.h"

#include "busy_bar.h"
#include "image_grid_view.h"
#include "compare_panel.h"
#include "edit_panel.h"
#include "paint_canvas.h"
#include "ema_length.h"
#include "export.h"
#include "guarded_application.h"
#include "latest_job.h"
#include "loss_chart.h"
#include "swipe_view.h"
#include "main_window.h"
#include "preferences_dialog.h"
#include "settings.h"
#include "qt_bridge.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/error.h"
#include "ect/evaluation/quality.h"
#include "ect/io/hash.h"
#include "ect/network/bundled.h"
#include "ect/io/safetensors.h"
#include "ect/io/image_io.h"
#include "ect/method/generate.h"
#include "ect/network/model_file.h"
#include "ect/training/phema.h"
#include "ect/training/recipe.h"
#include "ect/training/run_folder.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QKeyEvent>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QMimeData>
#include <QMenu>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QLabel>
#include <QTranslator>
#include <QtTest/QtTest>

#include <sys/stat.h>

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

// The window with its drag-and-drop handlers callable, as Qt calls them on a drop.
struct DropTarget : MainWindow {
    using MainWindow::dragEnterEvent;
    using MainWindow::dropEvent;
};

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

    void sampler_cells_mid_levels_class_and_cancel()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        SamplerPanel* p = w.samplerPanel();
        QVERIFY(wait_for([&] { return p->idle() && !p->lastResult().grid.isNull(); }));
        // Cells: one per sample, class-named columns and seed rows, a tooltip per cell.
        QCOMPARE(p->gridView()->cellCount(), 40);
        QCOMPARE(p->gridView()->columnLabels().size(), 10);
        QCOMPARE(p->gridView()->rowLabels().at(1), QString("seed 10"));
        QCOMPARE(p->cellSeed(13), qint64(13));
        QVERIFY2(p->cellDescription(13).startsWith("seed 13 · class 3 · Heun 18 steps"), qPrintable(p->cellDescription(13)));
        // The class stays when another model with that class is opened.
        p->classBox()->setCurrentIndex(p->classBox()->findData(3));
        const QString other = make_model("base-other.safetensors", "diffusion", 10);
        QVERIFY(w.openModel(MainWindow::Slot::Base, other, true));
        QCOMPARE(p->classBox()->currentData().toInt(), 3);
        // The mid field's placeholder follows the step count and the model's searched levels.
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        p->modelBox()->setCurrentIndex(p->modelBox()->findData("consistency"));
        p->stepsBox()->setValue(2);
        QCOMPARE(p->midEdit()->placeholderText(), QString("default: 0.821 (2 steps)"));
        p->stepsBox()->setValue(3);
        QCOMPARE(p->midEdit()->placeholderText(), QString("3 steps: enter 2 levels"));
        {
            auto m = ect::load_model(cm_.toStdString());
            const QString searched = ect::test::temp_path("cm-searched.safetensors");
            torch::manual_seed(11);
            ect::Denoiser net(ect::test::tiny_config(4));
            ect::save_model(searched.toStdString(), net, {{"ect.kind", "consistency"}, {"ect.mid.3", "2.756,0.7144"}});
            QVERIFY(w.openModel(MainWindow::Slot::Consistency, searched, true));
        }
        p->stepsBox()->setValue(3);
        QCOMPARE(p->midEdit()->placeholderText(), QString("default: 2.756,0.7144 (3 steps)"));
        // A slow render (Heun, 200 steps, 400 images) shows progress and stops on Cancel between
        // two network evaluations; the grid shown stays, dimmed.
        QVERIFY(wait_for([&] { return p->idle(); }));
        p->modelBox()->setCurrentIndex(p->modelBox()->findData("base"));
        QVERIFY(wait_for([&] { return p->idle(); }));
        const QImage before = p->gridView()->image();
        p->samplerBox()->setCurrentIndex(p->samplerBox()->findData("heun"));
        p->stepsBox()->setValue(200);
        p->countBox()->setValue(400);
        QVERIFY(wait_for([&] { return !p->busyBar()->isHidden() && p->busyBar()->progressBar()->value() > 0; }, 60000));
        QVERIFY(p->gridView()->dimmed());
        QElapsedTimer cancelled;
        cancelled.start();
        p->busyBar()->cancelButton()->click();
        QVERIFY(p->idle());
        QVERIFY(p->busyBar()->isHidden());
        QVERIFY(p->gridView()->dimmed());
        QCOMPARE(p->gridView()->image(), before);
        // The worker is free again at once: the next render answers.
        p->countBox()->setValue(4);
        p->stepsBox()->setValue(2);
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().samples.size(0) == 4; }, 60000));
        QVERIFY(!p->gridView()->dimmed());
        QVERIFY2(cancelled.elapsed() < 30000, "the cancelled render held the worker");
    }

    void xy_plot_cells_labels_export_and_checkpoints()
    {
        // A run folder with two checkpoints of different weights (as the trainer keeps them).
        const std::string dir = ect::test::temp_path("plot-run").toStdString();
        std::filesystem::remove_all(dir);
        const ect::RunFolder run(dir);
        std::filesystem::create_directories(dir);
        std::ofstream(run.config_path()) << "{}";
        for (int step : {10, 20}) {
            torch::manual_seed(step);
            ect::Denoiser net(ect::test::tiny_config(4));
            {
                // Weights as after training: a freshly made network's zero output layer would make
                // every checkpoint sample alike.
                torch::NoGradGuard no_grad;
                for (auto& param : net->parameters()) param.add_(torch::randn_like(param) * 0.05);
            }
            ect::save_model(run.model_path(), net, {{"ect.kind", "consistency"}, {"ect.step", std::to_string(step)}});
            run.keep_snapshot(step, 8);
        }
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, QString::fromStdString(run.model_path()), true));
        SamplerPanel* p = w.samplerPanel();
        p->modelBox()->setCurrentIndex(p->modelBox()->findData("consistency"));
        p->seedBox()->setValue(40);
        p->modeBox()->setCurrentIndex(3);
        // The first plot: steps across (those the model has levels for), seeds from the seed down.
        QCOMPARE(p->xAxisBox()->currentData().toString(), QString("steps"));
        QCOMPARE(p->xValuesEdit()->text(), QString("1, 2"));
        QCOMPARE(p->yValuesEdit()->text(), QString("40-43"));
        QVERIFY(!p->seedBox()->parentWidget()->isEnabled());  // the seed axis decides
        QVERIFY(!p->stepsBox()->isEnabled());
        QVERIFY(p->classBox()->isEnabled());
        // Checkpoints across, two seeds down.
        p->xAxisBox()->setCurrentIndex(p->xAxisBox()->findData("checkpoint"));
        QCOMPARE(p->xValuesEdit()->text(), QString("all"));
        QVERIFY(p->stepsBox()->isEnabled());
        p->yValuesEdit()->setText("3, 5");
        emit p->yValuesEdit()->editingFinished();
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().job.kind == SampleJob::Kind::Plot && p->lastResult().samples.size(0) == 4; }));
        QCOMPARE(p->gridView()->columnLabels(), QStringList({"step 10", "step 20"}));
        QCOMPARE(p->gridView()->rowLabels(), QStringList({"seed 3", "seed 5"}));
        QCOMPARE(p->cellSeed(2), qint64(5));
        QVERIFY2(p->cellDescription(2).contains("seed 5") && p->cellDescription(2).contains("step 10"), qPrintable(p->cellDescription(2)));
        // Cell (step 10, seed 5) is the image the step-10 checkpoint's grid of seed 5 starts with.
        {
            auto snapshot = ect::load_model(run.snapshot_path(10));
            ect::GenerateSettings s;
            s.seed = 5;
            s.count = 1;
            s.class_index = 0;
            const auto expected = ect::generate(snapshot.net, s);
            QVERIFY(torch::allclose(p->lastResult().samples.slice(0, 2, 3), expected, 1e-5, 1e-6));
            auto last = ect::load_model(run.snapshot_path(20));
            const auto later = ect::generate(last.net, s);
            QVERIFY(torch::allclose(p->lastResult().samples.slice(0, 3, 4), later, 1e-5, 1e-6));
            QVERIFY(!torch::allclose(expected, later, 1e-3, 1e-3));
        }
        // The export: axis titles and value labels in the figure, the axes in the parameters text.
        QVERIFY2(p->parametersText().contains("X/Y plot: \"X: Checkpoint all; Y: Seed 3, 5\""), qPrintable(p->parametersText()));
        QVERIFY(p->figure().height() > p->gridView()->image().height());
        // The settings come back in a new window (as after a restart or from an exported PNG).
        const nlohmann::json saved = p->settings();
        {
            MainWindow again;
            QVERIFY(again.openModel(MainWindow::Slot::Consistency, QString::fromStdString(run.model_path()), true));
            SamplerPanel* q = again.samplerPanel();
            QVERIFY(q->applySettings(saved));
            QCOMPARE(q->modeBox()->currentIndex(), 3);
            QCOMPARE(q->xAxisBox()->currentData().toString(), QString("checkpoint"));
            QCOMPARE(q->yValuesEdit()->text(), QString("3, 5"));
            QVERIFY(wait_for([&] { return q->idle() && q->lastResult().samples.size(0) == 4; }));
            QVERIFY(torch::equal(q->lastResult().samples, p->lastResult().samples));
        }
        // A bad value says which axis and why, and leaves the plot shown.
        p->yValuesEdit()->setText("3, 3");
        emit p->yValuesEdit()->editingFinished();
        QVERIFY(wait_for([&] { return p->infoLabel()->text().contains("given twice"); }));
        QCOMPARE(p->lastResult().samples.size(0), int64_t(4));
        // A sampler × steps plot names the cell that cannot run (Heun needs 2 steps or more).
        p->xAxisBox()->setCurrentIndex(p->xAxisBox()->findData("sampler"));
        p->xValuesEdit()->setText("Heun");
        p->yAxisBox()->setCurrentIndex(p->yAxisBox()->findData("steps"));
        p->yValuesEdit()->setText("1, 2");
        emit p->yValuesEdit()->editingFinished();
        QVERIFY(wait_for([&] { return p->infoLabel()->text().contains("Heun, Steps 1"); }));
        // A cell's "Use these settings for a grid": the step-10 checkpoint's cell as a grid.
        p->xAxisBox()->setCurrentIndex(p->xAxisBox()->findData("checkpoint"));
        p->xValuesEdit()->setText("all");
        p->yAxisBox()->setCurrentIndex(p->yAxisBox()->findData("seed"));
        p->yValuesEdit()->setText("3, 5");
        emit p->yValuesEdit()->editingFinished();
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().job.kind == SampleJob::Kind::Plot && p->lastResult().samples.size(0) == 4; }));
        const torch::Tensor cell = p->lastResult().samples.slice(0, 2, 3).clone();
        p->useCellSettings(2);
        emit p->sendModel(QString::fromStdString(run.snapshot_path(10)), "sampler");
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), QString::fromStdString(run.snapshot_path(10)));
        QCOMPARE(p->modeBox()->currentIndex(), 0);
        QCOMPARE(p->seedBox()->value(), 5);
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().job.kind == SampleJob::Kind::Grid; }));
        QVERIFY(torch::allclose(p->lastResult().samples.slice(0, 0, 1), cell, 1e-5, 1e-6));
    }

    void drops_shortcuts_and_menus()
    {
        DropTarget w;
        // Neither model, image nor dataset: said plainly, in the studio's words.
        const QString txt = ect::test::temp_path("notes.txt");
        std::ofstream(txt.toStdString()) << "hello";
        QVERIFY(!w.openFile(txt, true));
        QVERIFY2(w.lastError().contains("is neither a model"), qPrintable(w.lastError()));
        // A text file named like a model: "not a model file", not a header length.
        const QString fake = ect::test::temp_path("fake.safetensors");
        std::ofstream(fake.toStdString()) << "this is a text file, not a model at all";
        QVERIFY(!w.openFile(fake, true));
        QVERIFY2(w.lastError().contains("is not a model file"), qPrintable(w.lastError()));
        // A folder becomes the training data.
        const QString folder = ect::test::temp_path("dropped-images");
        QDir().mkpath(folder);
        QVERIFY(w.openFile(folder, true));
        QCOMPARE(w.trainingPanel()->dataFolder(), QFileInfo(folder).absoluteFilePath());
        QCOMPARE(w.tabs()->currentWidget(), w.trainingPanel());
        // Ctrl+E is File > Export also from a number field (which would take it as "end of line").
        w.show();
        SamplerPanel* p = w.samplerPanel();
        QKeyEvent export_key(QEvent::ShortcutOverride, Qt::Key_E, Qt::ControlModifier);
        QCoreApplication::sendEvent(p->seedBox(), &export_key);
        QVERIFY(!export_key.isAccepted());
        QKeyEvent select_all(QEvent::ShortcutOverride, Qt::Key_A, Qt::ControlModifier);
        QCoreApplication::sendEvent(p->midEdit(), &select_all);
        QVERIFY(select_all.isAccepted());  // the fields keep their own keys
        // The Models panel comes back from the View menu.
        QAction* models = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == "&Models panel") models = a;
        QVERIFY(models);
        QVERIFY(models->isChecked());
        models->trigger();
        QVERIFY(!models->isChecked());
        models->trigger();
        QVERIFY(models->isChecked());
        // Core's errors of known kinds in the studio's words, without command-line flags.
        try {
            ect::TrainConfig c;
            c.base_model.clear();
            c.validate();
            QFAIL("a tuning recipe without a base model was accepted");
        } catch (const ect::Error& e) {
            QVERIFY(QString(e.what()).contains("--base"));  // the command line's words
            QCOMPARE(error_text(e), QString("ECT tuning starts from a diffusion model: choose a base model."));
        }
    }

    void training_cadence_folders_and_presets()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        TrainingPanel* t = w.trainingPanel();
        // Choosing a preset says what it set.
        t->presetBox()->setCurrentText("small");
        QVERIFY2(t->presetSummary()->text().startsWith("Sets batch 64, learning rate 0.0001, 2,000 steps"),
                 qPrintable(t->presetSummary()->text()));
        t->presetBox()->setCurrentText("tiny");
        t->stepsBox()->setValue(6);
        // Grids every 2 steps, checkpoints every 3 steps (and a model snapshot at each).
        t->gridEveryBox()->setValue(2);
        t->gridUnitBox()->setCurrentIndex(t->gridUnitBox()->findData("steps"));
        t->checkpointEveryBox()->setValue(3);
        t->checkpointUnitBox()->setCurrentIndex(t->checkpointUnitBox()->findData("steps"));
        const ect::TrainConfig c = t->currentConfig();
        QCOMPARE(c.sample_every, int64_t(2));
        QCOMPARE(c.sample_seconds, 0.0);
        QCOMPARE(c.checkpoint_every, int64_t(3));
        QCOMPARE(c.log_every, int64_t(1));  // on the CPU the log keeps every step the chart shows
        const QString dir = ect::test::temp_path("cadence-run-1");
        std::filesystem::remove_all(dir.toStdString());
        std::filesystem::remove_all(ect::test::temp_path("cadence-run-2").toStdString());
        t->runFolderEdit()->setText(dir);
        QSignalSpy done(t, &TrainingPanel::runFinished);
        t->start();
        QVERIFY(done.wait(120000));
        QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
        QCOMPARE(t->grids().size(), 4);  // steps 0, 2, 4 and the end
        QCOMPARE(t->chart()->pointCount(), 6);
        QCOMPARE(t->runModelsBox()->count(), 2);  // snapshots of steps 3 and 6
        QCOMPARE(t->runModelsBox()->currentText(), QString("cadence-run-1 · step 6"));
        QCOMPARE(t->runFolderEdit()->text(), ect::test::temp_path("cadence-run-2"));  // the next free folder
        QCOMPARE(TrainingPanel::nextFreeRunFolder(dir), ect::test::temp_path("cadence-run-2"));
        // Start on the used folder, answered "new folder": the run goes beside it.
        t->runFolderEdit()->setText(dir);
        QString asked_for, offered;
        t->setUsedFolderChoice([&](const QString& used, const QString& next) {
            asked_for = used;
            offered = next;
            return TrainingPanel::UsedFolder::NewFolder;
        });
        t->start();
        QCOMPARE(asked_for, dir);
        QCOMPARE(offered, ect::test::temp_path("cadence-run-2"));
        QCOMPARE(t->shownRun(), offered);
        QVERIFY(t->running());
        // Paused: the line says so; the form is read-only while a run goes.
        QVERIFY(!t->formBox()->isEnabled());
        t->togglePause();
        QVERIFY(t->progressLabel()->text().startsWith("Paused at step"));
        t->togglePause();
        QVERIFY(done.wait(120000));
        QVERIFY(t->formBox()->isEnabled());
        // The run's newest model to the Sampler, named by run and step.
        QSignalSpy sent(t, &TrainingPanel::sendModel);
        t->toSamplerButton()->click();
        QCOMPARE(sent.size(), 1);
        QCOMPARE(w.tabs()->currentWidget(), w.samplerPanel());
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), t->runModelsBox()->currentData().toString());
        QCOMPARE(model_name(*w.model(MainWindow::Slot::Consistency)), QString("cadence-run-2 · step 6"));
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
        // The base model is 16×16×1; Fashion-MNIST is resized to fit it, as the form says.
        QVERIFY2(wait_for([&] { return t->dataShapeText() == "Images: 28×28 grayscale, resized to the base model's 16×16 grayscale"; }),
                 qPrintable(t->dataShapeText()));
        QVERIFY(!t->resolutionBox()->isEnabled());  // tuning keeps the base model's size
        QSignalSpy done(t, &TrainingPanel::runFinished);
        QSignalSpy notes(t, &TrainingPanel::statusMessage);
        t->start();
        QVERIFY(t->running());
        QVERIFY(done.wait(120000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        QVERIFY(!notes.isEmpty());
        QVERIFY2(notes.first().at(0).toString().contains("resized to the base model's 16×16 grayscale"),
                 qPrintable(notes.first().at(0).toString()));
        t->chart()->redraw();
        QCOMPARE(t->chart()->pointCount(), 12);
        QVERIFY(t->grids().size() >= 2);  // step 0 and the end
        QCOMPARE(t->grids().front().first, qint64(0));
        QVERIFY(t->grids().front().second != t->grids().back().second);  // training changed the samples
        QCOMPARE(t->gridSlider()->maximum(), int(t->grids().size()) - 1);
        t->gridSlider()->setValue(0);
        QCOMPARE(t->gridView()->image(), t->grids().front().second);
        QVERIFY(QFile::exists(dir + "/model.safetensors"));

        // Resuming the run in a new window shows its history: the logged losses, FD measurements
        // (written here as a 28×28 run's --eval-every would; this 16×16 model has no classifier)
        // and every grid.
        {
            std::ofstream log((dir + "/log.jsonl").toStdString(), std::ios::app);
            log << R"({"step":6,"kimg":0.096,"fd":{"cm1":40.5,"cm2":9.25},"fd_samples":2000,"eval_seconds":1.5})" << '\n';
            log << "not json\n" << R"({"step":"x","fd":{}})" << '\n';  // skipped, not fatal
        }
        MainWindow again;
        TrainingPanel* r = again.trainingPanel();
        QSignalSpy resumed(r, &TrainingPanel::runFinished);
        r->resumeRun(dir);
        QVERIFY(r->grids().size() >= 2);
        QCOMPARE(r->grids().front().first, qint64(0));
        r->chart()->redraw();
        QVERIFY(r->chart()->pointCount() >= 1);
        QCOMPARE(r->chart()->qualityPointCount(), 2);
        QCOMPARE(r->chart()->qualityCurves(), (QStringList{"cm1", "cm2"}));
        QVERIFY(resumed.wait(120000));
        QVERIFY2(resumed.first().at(0).toBool(), qPrintable(resumed.first().at(1).toString()));  // finished, not failed

        // A state without a checksum (an older ECT Studio's): nothing runs until the user says to
        // take it as it is; declined, the run ends unresumed with the reason; accepted, it resumes.
        {
            const std::string state = (dir + "/state.safetensors").toStdString();
            ect::TensorFile f = ect::read_safetensors(state);
            f.metadata.erase("ect.state_sha256");
            ect::write_safetensors(state, f.tensors, f.metadata);
            std::filesystem::remove((dir + "/state.previous.safetensors").toStdString());
            MainWindow third;
            TrainingPanel* u = third.trainingPanel();
            QStringList asked;
            bool answer = false;
            u->setUncheckedStateChoice([&](const QString& run) {
                asked << run;
                return answer;
            });
            QSignalSpy ended(u, &TrainingPanel::runFinished);
            u->resumeRun(dir);
            QVERIFY(ended.wait(60000));
            QCOMPARE(asked, QStringList{dir});
            QVERIFY(!ended.first().at(0).toBool());
            QVERIFY2(ended.first().at(1).toString().contains("has no checksum"), qPrintable(ended.first().at(1).toString()));
            QVERIFY(!u->running());
            answer = true;
            ended.clear();
            u->resumeRun(dir);
            QVERIFY(ended.wait(120000));
            QCOMPARE(asked.size(), 2);
            QVERIFY2(ended.first().at(0).toBool(), qPrintable(ended.first().at(1).toString()));
        }

        // The Training area's export names the run and step; opening it in another window shows
        // that run (without training) at that grid.
        w.tabs()->setCurrentWidget(t);
        t->gridSlider()->setValue(0);
        const QString png = ect::test::temp_path("training-export.png");
        QVERIFY2(w.exportFigure(png, true), qPrintable(w.lastError()));
        MainWindow viewer;
        QVERIFY2(viewer.openSettingsImage(png, true), qPrintable(viewer.lastError()));
        TrainingPanel* v = viewer.trainingPanel();
        QCOMPARE(viewer.tabs()->currentWidget(), v);
        QVERIFY(!v->running());
        QCOMPARE(v->runFolderEdit()->text(), dir);
        QCOMPARE(v->grids().size(), r->grids().size());
        QCOMPARE(v->gridSlider()->value(), 0);
        QCOMPARE(v->gridView()->image(), v->grids().front().second);
        // A run folder that is gone is refused with a reason; the view stays as it was.
        QString why;
        QVERIFY(!v->showRun(ect::test::temp_path("no-such-run"), -1, &why));
        QVERIFY(why.contains("no config.json"));
        QCOMPARE(v->runFolderEdit()->text(), dir);
    }

    void training_form_reads_the_data_size()
    {
        // A folder of 64×64 RGB images: the form says so and a new network takes that size
        // unless the user sets another; an unreadable source says why.
        const std::string data = ect::test::temp_path("form-rgb64").toStdString();
        std::filesystem::create_directories(data);
        for (int i = 0; i < 2; ++i)
            ect::write_image(data + "/" + std::to_string(i) + ".png",
                             ect::tile_grid(torch::full({1, 64, 64, 3}, 40 + 100 * i, torch::kUInt8)));
        MainWindow w;
        TrainingPanel* t = w.trainingPanel();
        t->objectiveBox()->setCurrentIndex(t->objectiveBox()->findData("edm"));
        t->dataEdit()->setText(QString::fromStdString(data));
        QVERIFY2(wait_for([&] { return t->dataShapeText() == "Images: 64×64 RGB"; }), qPrintable(t->dataShapeText()));
        QVERIFY(t->resolutionBox()->isEnabled());
        QCOMPARE(t->resolutionBox()->text(), QString("from the data (64)"));
        QCOMPARE(t->channelsBox()->currentText(), QString("from the data (RGB)"));
        QCOMPARE(t->currentConfig().resolution, 0);
        QCOMPARE(t->currentConfig().image_channels, 0);
        t->resolutionBox()->setValue(32);
        t->channelsBox()->setCurrentIndex(t->channelsBox()->findData(1));
        QCOMPARE(t->dataShapeText(), QString("Images: 64×64 RGB, resized to 32×32 grayscale"));
        QCOMPARE(t->currentConfig().resolution, 32);
        QCOMPARE(t->currentConfig().image_channels, 1);
        t->dataEdit()->setText(ect::test::temp_path("no-such-folder"));
        QVERIFY2(wait_for([&] { return t->dataShapeText().startsWith("Cannot read this data:"); }), qPrintable(t->dataShapeText()));
        QCOMPARE(t->resolutionBox()->value(), 32);  // the user's choice stays
    }

    void training_form_family_and_ema_profiles()
    {
        // Pretraining picks the new network's family; tuning keeps the base model's. EMA profiles
        // are typed with a point in any language.
        MainWindow w;
        TrainingPanel* t = w.trainingPanel();
        t->objectiveBox()->setCurrentIndex(t->objectiveBox()->findData("edm"));
        t->presetBox()->setCurrentText("tiny");
        QCOMPARE(t->familyBox()->currentData().toString(), QString("songunet"));
        QVERIFY(t->familyBox()->isEnabled());
        QVERIFY(t->emaProfilesEdit()->text().isEmpty());
        t->familyBox()->setCurrentIndex(t->familyBox()->findData("edm2"));
        t->emaProfilesEdit()->setText("0.05, 0.1");
        const ect::TrainConfig c = t->currentConfig();
        QCOMPARE(c.network.arch, std::string("edm2"));
        QCOMPARE(c.edm.P_mean, -0.8);  // EDM2's noise levels come with its network
        QCOMPARE(c.ema_stds, (std::vector<double>{0.05, 0.1}));
        t->emaProfilesEdit()->setText("0,05");
        QVERIFY_THROWS_EXCEPTION(ect::Error, t->currentConfig());  // "0" and "05": 0 is no length
        t->emaProfilesEdit()->setText("fast");
        QVERIFY_THROWS_EXCEPTION(ect::Error, t->currentConfig());
        // The EDM2 presets keep EDM2's two profiles; tuning fixes the family to the base's.
        t->objectiveBox()->setCurrentIndex(t->objectiveBox()->findData("ect"));
        t->presetBox()->setCurrentText("edm2-img64-s");
        QCOMPARE(t->emaProfilesEdit()->text(), QString("0.050, 0.100"));
        QVERIFY(!t->familyBox()->isEnabled());
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

    void compare_renders_both_sides_from_the_same_noise()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        ComparePanel* c = w.comparePanel();
        c->rowsBox()->setValue(3);
        c->columnsEdit()->setText("heun 3, cm 1, cm 2@1.5");
        c->scheduleRender();
        QVERIFY(wait_for([&] { return c->idle() && c->lastResult().columns.size() == 3; }, 120000));
        const auto& r = c->lastResult();
        QCOMPARE(r.columns[0].nfe, 5);
        QCOMPARE(r.columns[1].nfe, 1);
        QCOMPARE(r.columns[2].mid, std::vector<double>{1.5});
        for (const auto& col : r.columns) {
            QCOMPARE(col.samples.size(0), 3);
            QVERIFY(col.seconds_per_image > 0);
        }
        // The consistency column is exactly what `ect sample` draws for these seeds.
        ect::GenerateSettings s;
        s.steps = 1;
        s.count = 3;
        QVERIFY(r.columns[1].samples.equal(ect::generate(w.model(MainWindow::Slot::Consistency)->net, s)));
        // Both sides of the enlarged comparison are there; the A/B buttons switch the view.
        SwipeView* v = c->swipeView();
        QVERIFY(!v->imageA().isNull() && !v->imageB().isNull());
        QVERIFY(v->imageA() != v->imageB());
        QCOMPARE(v->mode(), SwipeView::Mode::Swipe);
        QTest::keyClick(v, Qt::Key_Space);
        QCOMPARE(v->mode(), SwipeView::Mode::A);
        QTest::keyClick(v, Qt::Key_Space);
        QCOMPARE(v->mode(), SwipeView::Mode::B);
        // The labelled X/Y figure: larger than the raw tiles (labels around them).
        const QImage fig = c->figure();
        QVERIFY(fig.width() > r.grid.width() * 3 && fig.height() > r.grid.height() * 3);

        // A bad column list is reported, and the last comparison stays.
        c->columnsEdit()->setText("heun 1, sdxl 4");
        QVERIFY_THROWS_EXCEPTION(ect::Error, c->currentJob());
        // Models of different image sizes cannot share noise: a clear error, not a crash.
        CompareJob mismatch;
        mismatch.models = {std::make_shared<ect::ModelFile>(ect::load_model(ect::test::fixture("songunet-cond28.safetensors"))),
                           w.model(MainWindow::Slot::Consistency)};
        mismatch.rows = 1;
        mismatch.columns = columns_for(mismatch.models, parse_columns("heun 2, cm 1"));
        QCOMPARE(mismatch.columns.size(), size_t(2));
        QVERIFY_THROWS_EXCEPTION(ect::Error, CompareWorker::run(mismatch));
        // A column whose sampler does not fit its model's kind is refused, not run.
        CompareJob wrong;
        wrong.models = {w.model(MainWindow::Slot::Consistency)};
        wrong.rows = 1;
        wrong.columns = parse_columns("heun 2");
        QVERIFY_THROWS_EXCEPTION(ect::Error, CompareWorker::run(wrong));
    }

    void compare_any_number_of_models()
    {
        // A third model beside the base and the consistency model: the consistency model's weights
        // under another objective (as a CMT run would write it).
        const QString other = ect::test::temp_path("other-objective.safetensors");
        {
            ect::ModelFile cm = ect::load_model(cm_.toStdString());
            std::map<std::string, std::string> meta = cm.metadata;
            meta.erase(ect::kNetworkMetadataKey);
            meta["ect.kind"] = "consistency";
            meta["ect.objective"] = "cmt";
            meta["ect.base_model"] = "base.safetensors";
            meta["ect.base_model_sha256"] = ect::sha256_file(base_.toStdString());
            ect::save_model(other.toStdString(), cm.net, meta);
        }
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        QVERIFY(w.openModel(MainWindow::Slot::Listed, other, true));
        // Listed: the slots keep their models; the list holds all three, each with what made it.
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), cm_);
        QCOMPARE(w.loadedModels().size(), size_t(3));
        QVERIFY(model_origin(*w.loadedModels()[2]).contains("cmt"));
        QVERIFY(model_origin(*w.loadedModels()[2]).contains("base.safetensors"));
        ComparePanel* c = w.comparePanel();
        QCOMPARE(c->modelsList()->count(), 3);
        QCOMPARE(c->comparedModels().size(), 3);  // each newly opened model comes ticked
        c->rowsBox()->setValue(2);
        c->columnsEdit()->setText("heun 2, dpm++ 2, cm 1");
        c->scheduleRender();
        QVERIFY(wait_for([&] { return c->idle() && c->lastResult().columns.size() == 4; }, 120000));
        const CompareResult r = c->lastResult();
        // Columns: (model, sampler) for the samplers of each model's kind, in the list's order.
        QCOMPARE(r.job.columns[0].model, 0);
        QCOMPARE(r.job.columns[1].sampler, ect::SamplerKind::DpmSolver);
        QCOMPARE(r.job.columns[2].model, 1);
        QCOMPARE(r.job.columns[3].model, 2);
        QCOMPARE(r.columns[1].nfe, 2);  // DPM-Solver++: one evaluation per step
        QVERIFY(r.columns[3].title.startsWith("other-objective"));
        // The same noise in every column: equal weights give equal samples.
        QVERIFY(r.columns[2].samples.equal(r.columns[3].samples));
        // Each column's model SHA-256 and objective go with the export.
        const QString params = c->parametersText();
        const QString sha = QString::fromStdString(ect::sha256_file(other.toStdString()));
        QVERIFY2(params.contains("3 other-objective (consistency cmt, sha256 " + sha + ")"), qPrintable(params));
        QVERIFY2(params.contains("3 cm 1 (NFE 1"), qPrintable(params));
        const nlohmann::json j = c->settings();
        QCOMPARE(j.at("models").size(), size_t(3));
        QCOMPARE(j.at("models")[2].at("sha256").get<std::string>(), sha.toStdString());
        QCOMPARE(j.at("models")[2].at("objective").get<std::string>(), std::string("cmt"));
        QCOMPARE(j.at("models")[0].at("kind").get<std::string>(), std::string("diffusion"));

        // The FD table needs images the bundled classifier takes: these 16×16 models get one message.
        QTest::mouseClick(c->fdMeasureButton(), Qt::LeftButton);
        QVERIFY(wait_for([&] { return c->fdIdle() && c->fdMeasureButton()->isEnabled(); }, 60000));
        QVERIFY2(c->fdInfo()->text().startsWith("Cannot measure") && c->fdInfo()->text().contains("28x28"),
                 qPrintable(c->fdInfo()->text()));
        QVERIFY(c->lastFdTable().rows.empty());

        // Unticking a model drops its columns; a model in a slot cannot leave the list, another can.
        QVERIFY(c->setComparedModels({base_, other}));
        QCOMPARE(c->currentJob().columns.size(), size_t(3));
        QVERIFY(!w.removeModel(cm_));
        const std::string export_png = ect::test::temp_path("compare-three.png").toStdString();
        c->scheduleRender();
        QVERIFY(wait_for([&] { return c->idle() && c->lastResult().columns.size() == 3; }, 120000));
        w.tabs()->setCurrentWidget(c);
        QVERIFY2(w.exportFigure(QString::fromStdString(export_png), true), qPrintable(w.lastError()));
        QVERIFY(w.removeModel(other));
        QCOMPARE(w.loadedModels().size(), size_t(2));
        QCOMPARE(c->modelsList()->count(), 2);

        // The exported figure restores the comparison elsewhere: its listed model is loaded again
        // and exactly the exported models are ticked.
        MainWindow again;
        QVERIFY(again.openModel(MainWindow::Slot::Consistency, cm_, true));
        QVERIFY2(again.openSettingsImage(QString::fromStdString(export_png), true), qPrintable(again.lastError()));
        QVERIFY(again.isLoaded(other));
        QCOMPARE(again.comparePanel()->comparedModels(),
                 (QStringList{QFileInfo(base_).absoluteFilePath(), QFileInfo(other).absoluteFilePath()}));

        // The list is capped: the oldest model without a slot goes.
        for (int i = 0; i < MainWindow::kMaxLoaded + 2; ++i) {
            const QString copy = ect::test::temp_path(QString("listed-%1.safetensors").arg(i));
            QFile::remove(copy);
            QVERIFY(QFile::copy(other, copy));
            QVERIFY(again.openModel(MainWindow::Slot::Listed, copy, true));
        }
        QCOMPARE(int(again.loadedModels().size()), MainWindow::kMaxLoaded);
        QVERIFY(again.model(MainWindow::Slot::Consistency) && again.isLoaded(cm_));
        QVERIFY(!again.isLoaded(base_) && !again.isLoaded(other));  // listed first, so gone first
    }

    void edit_area_follows_the_brush()
    {
        // The bundled pair: the Edit area inpaints test image 3, then follows a brush stroke,
        // keeps every pixel the mask keeps, changes task, and restores from its settings.
        const QString base = QString::fromStdString(ect::find_bundled(ect::kBundledDiffusion));
        const QString cm = QString::fromStdString(ect::find_bundled(ect::kBundledConsistency));
        QVERIFY(!base.isEmpty() && !cm.isEmpty());
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base, true));
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm, true));
        EditPanel* e = w.editPanel();
        w.tabs()->setCurrentWidget(e);
        e->countBox()->setValue(3);
        e->testImageBox()->setValue(3);
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome().has_value(); }, 60000));
        const EditOutcome first = *e->lastOutcome();
        QCOMPARE(first.result.results.size(0), int64_t(3));
        QCOMPARE(first.result.nfe, 2);
        // What the mask keeps (the left half by default) is the image's, exactly, in every result.
        const torch::Tensor keep = first.job.mask.expand_as(first.result.results).to(torch::kBool);
        const torch::Tensor image = first.job.image.expand_as(first.result.results);
        QVERIFY(torch::equal(first.result.results.masked_select(keep), image.masked_select(keep)));
        QVERIFY(first.job.mask.slice(3, 14).sum().item<double>() == 0 && first.job.mask.slice(3, 0, 14).min().item<double>() == 1);

        // A stroke across the top rows marks them to fill: the next result answers the new mask.
        PaintCanvas* canvas = e->canvas();
        canvas->beginStroke();
        canvas->paintLine(QPoint(0, 1), QPoint(27, 1));
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome()->job.mask[0][0][1][3].item<double>() == 0; }, 60000));
        QVERIFY(e->undoButton()->isEnabled() || canvas->canUndo());
        canvas->undo();
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome()->job.mask[0][0][1][3].item<double>() == 1; }, 60000));
        QVERIFY(!canvas->canUndo());

        // The export: input, mask, kept and the results, with the task and NFE in its text.
        const AreaFigure figure = e->exportFigure();
        QVERIFY(!figure.image.isNull());
        QVERIFY2(figure.parameters.contains("Task: inpaint") && figure.parameters.contains("NFE: 2"), qPrintable(figure.parameters));
        const nlohmann::json settings = e->settings();

        // Super-resolution by 4 (nothing to paint), then the base model through Heun.
        e->taskBox()->setCurrentIndex(e->taskBox()->findData("superres"));
        e->factorBox()->setValue(4);
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome()->job.settings.task == ect::EditTask::SuperRes &&
                                      e->lastOutcome()->job.settings.factor == 4; }, 60000));
        QVERIFY(!e->brushBox()->isEnabled());
        e->factorBox()->setValue(3);  // does not divide 28: one message, no crash
        QVERIFY(wait_for([&] { return e->idle(); }, 60000));
        QVERIFY2(e->infoLabel()->text().contains("divides"), qPrintable(e->infoLabel()->text()));
        e->factorBox()->setValue(2);
        e->modelBox()->setCurrentIndex(e->modelBox()->findData("base"));
        e->countBox()->setValue(1);
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome()->job.model->is_diffusion(); }, 120000));
        QCOMPARE(e->lastOutcome()->result.nfe, 35);

        // The stored settings restore the inpainting, mask and all, in another window; damaged
        // fields are ignored.
        MainWindow again;
        QVERIFY(again.openModel(MainWindow::Slot::Consistency, cm, true));
        EditPanel* r = again.editPanel();
        QVERIFY(r->applySettings(settings));
        QCOMPARE(r->taskBox()->currentData().toString(), QString("inpaint"));
        QCOMPARE(r->testImageBox()->value(), 3);
        QVERIFY(wait_for([&] { return r->idle() && r->lastOutcome().has_value(); }, 60000));
        QVERIFY(torch::equal(r->lastOutcome()->job.mask, first.job.mask));
        nlohmann::json damaged = settings;
        damaged["mask"] = "zz";
        damaged["pixels"] = 12;
        damaged["count"] = "many";
        damaged["test_image"] = -5;
        QVERIFY(r->applySettings(damaged));
        QVERIFY(!r->applySettings(nlohmann::json{{"kind", "sampler"}}));
    }

    void edit_beside_the_base_and_from_elsewhere()
    {
        // The bundled pair: "Both" edits with the consistency model and the base (Heun) in one job,
        // the same seeds in the same columns; the canvas takes a Sampler cell and a dropped file;
        // results keep coming while the brush moves.
        const QString base = QString::fromStdString(ect::find_bundled(ect::kBundledDiffusion));
        const QString cm = QString::fromStdString(ect::find_bundled(ect::kBundledConsistency));
        QVERIFY(!base.isEmpty() && !cm.isEmpty());
        DropTarget w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base, true));
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm, true));
        w.resize(1200, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        EditPanel* e = w.editPanel();

        // A Sampler cell, through its menu's "Edit this image".
        SamplerPanel* s = w.samplerPanel();
        w.tabs()->setCurrentWidget(s);
        s->countBox()->setValue(4);
        QVERIFY(wait_for([&] { return s->idle() && !s->lastResult().grid.isNull(); }));
        const QImage cell = s->gridView()->cellImage(2);
        QVERIFY(!cell.isNull());
        // The menu is modal: a timer picks its entry once it shows (and closes it in any case).
        QTimer pick;
        pick.setInterval(100);
        connect(&pick, &QTimer::timeout, [&pick] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu) return;
            pick.stop();
            for (QAction* a : menu->actions())
                if (a->text() == "Edit this image") a->trigger();
            menu->close();
        });
        pick.start();
        emit s->gridView()->cellClicked(2, w.mapToGlobal(QPoint(200, 200)));
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(e));
        QCOMPARE(e->canvas()->image(), cell.convertToFormat(QImage::Format_Grayscale8));
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome().has_value(); }));
        // The conditional model edits within the class the cell was drawn in.
        QVERIFY(s->cellClass(2) >= 0);
        QCOMPARE(e->lastOutcome()->job.labels.argmax(1).item<int64_t>(), int64_t(s->cellClass(2)));

        // While the brush keeps moving, finished edits are shown (a result per edit's time, not
        // only once it stops): at least two before the stroke ends.
        QSignalSpy shown(e, &EditPanel::rendered);
        PaintCanvas* canvas = e->canvas();
        canvas->beginStroke();
        for (int i = 0; i < 400 && shown.count() < 2; ++i) {
            canvas->paintLine(QPoint(i % 28, 4 + (i / 28) % 20), QPoint((i + 1) % 28, 4 + (i / 28) % 20));
            QTest::qWait(15);
        }
        QVERIFY2(shown.count() >= 2, qPrintable(QString::number(shown.count())));
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome()->job.revision == canvas->revision(); }));

        // A PNG dropped on the canvas is the image to edit.
        const QString png = ect::test::temp_path("to-edit.png");
        QImage picture(28, 28, QImage::Format_Grayscale8);
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) picture.setPixel(x, y, qRgb(x * 9, x * 9, x * 9));
        QVERIFY(picture.save(png));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(png)});
        const QPoint on_canvas = canvas->mapTo(&w, canvas->rect().center());
        QDropEvent drop(QPointF(on_canvas), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        w.dropEvent(&drop);
        QCOMPARE(canvas->image(), picture);
        QVERIFY(e->settings().contains("image_file"));

        // Both models: two rows of the kept image and the results, seeds in the same columns.
        e->countBox()->setValue(2);
        e->modelBox()->setCurrentIndex(e->modelBox()->findData("both"));
        QVERIFY(wait_for([&] { return e->idle() && e->lastOutcome() && e->lastOutcome()->beside.has_value(); }, 120000));
        const EditOutcome both = *e->lastOutcome();
        QCOMPARE(both.result.nfe, 2);
        QCOMPARE(both.beside->nfe, 35);
        QVERIFY(torch::equal(both.result.known, both.beside->known));
        const torch::Tensor keep = both.job.mask.expand_as(both.beside->results).to(torch::kBool);
        QVERIFY(torch::equal(both.beside->results.masked_select(keep), both.job.image.expand_as(both.beside->results).masked_select(keep)));
        QCOMPARE(e->resultsView()->cellCount(), 6);
        QCOMPARE(e->resultsView()->rowLabels().size(), 2);
        QVERIFY(!torch::equal(both.result.results, both.beside->results));
        const QString text = e->parametersText();
        QVERIFY2(text.contains("NFE: 2") && text.contains("Beside NFE: 35") && text.contains("Beside sampler: EDM Heun"), qPrintable(text));
        // The same job's Heun half is what the base model alone makes of the same edit.
        ect::EditSettings heun = both.job.settings;
        heun.levels.clear();
        const ect::EditResult alone = ect::edit_images(*w.model(MainWindow::Slot::Base), heun, both.job.image, both.job.mask,
                                                       w.model(MainWindow::Slot::Base)->config.label_dim ? both.job.labels : torch::Tensor());
        QVERIFY(torch::equal(alone.results, both.beside->results));

        // An exported edit dropped on the canvas restores its settings instead of being edited.
        const QString figure = ect::test::temp_path("edit-both.png");
        QVERIFY(w.exportFigure(figure, true));
        e->modelBox()->setCurrentIndex(e->modelBox()->findData("consistency"));
        mime.setUrls({QUrl::fromLocalFile(figure)});
        QDropEvent restore(QPointF(on_canvas), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        w.dropEvent(&restore);
        QCOMPARE(e->modelBox()->currentData().toString(), QString("both"));
        QCOMPARE(canvas->image(), picture);
        QVERIFY(wait_for([&] { return e->idle(); }, 120000));
        // A model file dropped on the canvas is loaded, as anywhere in the window.
        mime.setUrls({QUrl::fromLocalFile(cm_)});
        QDropEvent model_drop(QPointF(on_canvas), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        w.dropEvent(&model_drop);
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), cm_);
        QVERIFY(wait_for([&] { return e->idle(); }, 120000));
    }

    void compare_fd_table_matches_core()
    {
        // The bundled Fashion-MNIST pair, twice the consistency model (a copy under another
        // objective): the FD table of the ticked models × samplers, as `ect eval --models` measures.
        const QString base = QString::fromStdString(ect::find_bundled(ect::kBundledDiffusion));
        const QString cm = QString::fromStdString(ect::find_bundled(ect::kBundledConsistency));
        QVERIFY(!base.isEmpty() && !cm.isEmpty());
        const QString other = ect::test::temp_path("bundled-as-cmt.safetensors");
        {
            ect::ModelFile m = ect::load_model(cm.toStdString());
            std::map<std::string, std::string> meta = m.metadata;
            meta.erase(ect::kNetworkMetadataKey);
            meta["ect.objective"] = "cmt";
            ect::save_model(other.toStdString(), m.net, meta);
        }
        const QString sha = QString::fromStdString(ect::sha256_file(other.toStdString()));
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base, true));
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm, true));
        QVERIFY(w.openModel(MainWindow::Slot::Listed, other, true));
        ComparePanel* c = w.comparePanel();
        c->rowsBox()->setValue(1);
        c->columnsEdit()->setText("dpm++ 2, cm 1");
        c->fdCountBox()->setValue(20);
        QTest::mouseClick(c->fdMeasureButton(), Qt::LeftButton);
        QVERIFY(!c->fdMeasureButton()->isEnabled());
        QVERIFY(wait_for([&] { return c->fdIdle() && c->fdMeasureButton()->isEnabled(); }, 300000));
        const FdTableResult fd = c->lastFdTable();
        QVERIFY2(fd.rows.size() == 3, qPrintable(c->fdInfo()->text()));
        QCOMPARE(fd.rows[0].nfe, 2);
        // Equal weights and seeds, equal FD; a row is what core's QualityProbe measures.
        QCOMPARE(fd.rows[1].fd, fd.rows[2].fd);
        for (const auto& row : fd.rows) QVERIFY(std::isfinite(row.fd) && row.fd > 0);
        {
            ect::QualityProbe probe(ect::find_bundled(ect::kBundledClassifier), "fashion-mnist:test",
                                    w.model(MainWindow::Slot::Consistency)->config, torch::kCPU);
            ect::GenerateSettings one;
            one.steps = 1;
            one.count = 20;
            one.mid = {};
            QVERIFY(std::abs(probe.fd(w.model(MainWindow::Slot::Consistency)->net, one) - fd.rows[1].fd) < 1e-3 * fd.rows[1].fd);
        }
        QCOMPARE(c->fdTable()->rowCount(), 3);
        const QStringList table = c->fdTableText().trimmed().split('\n');
        QCOMPARE(table.size(), 4);
        QVERIFY2(table[3].contains("\tcmt\tcm 1\t1\t") && table[3].endsWith(sha), qPrintable(table[3]));
        // A reference that cannot be read: one message, the table kept.
        c->fdReferenceEdit()->setText("/nonexistent/images");
        QTest::mouseClick(c->fdMeasureButton(), Qt::LeftButton);
        QVERIFY(wait_for([&] { return c->fdIdle() && c->fdMeasureButton()->isEnabled(); }, 60000));
        QVERIFY2(c->fdInfo()->text().startsWith("Cannot measure"), qPrintable(c->fdInfo()->text()));
        QCOMPARE(c->fdTable()->rowCount(), 3);
    }

    void ema_length_slider_reconstructs_from_the_run()
    {
        // A tuned run that kept two power-function profiles (snapshots at steps 10 and 20).
        const std::string dir = ect::test::temp_path("ema-run").toStdString();
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir + "/phema");
        const ect::RunFolder run(dir);
        ect::TrainConfig recipe = ect::make_preset("tiny", "ect");
        recipe.ema_stds = {0.05, 0.10};
        recipe.base_model = "base.safetensors";  // a tuning recipe names its base
        run.write_config(recipe);
        auto weights = [](int seed) {
            torch::manual_seed(seed);
            ect::Denoiser net(ect::test::tiny_config(4));
            torch::NoGradGuard no_grad;
            for (auto& p : net->parameters()) p.add_(torch::randn_like(p) * 0.05);
            return net;
        };
        for (int step : {10, 20})
            for (double std : {0.05, 0.10}) {
                auto net = weights(step + int(std * 1000));
                ect::save_model(run.phema_path(step, std), net, {{"ect.kind", "consistency"}, {"ect.step", std::to_string(step)}});
            }
        auto own = weights(1);
        ect::save_model(run.model_path(), own, {{"ect.kind", "consistency"}, {"ect.step", "20"}});

        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, QString::fromStdString(run.model_path()), true));
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        SamplerPanel* p = w.samplerPanel();
        p->modelBox()->setCurrentIndex(p->modelBox()->findData("consistency"));
        EmaLengthControl* ema = p->emaLength();
        QVERIFY(ema->available() && ema->isVisibleTo(p));
        QCOMPARE(ema->length(), 0.0);
        QCOMPARE(ema->label()->text(), QString("As trained"));
        p->countBox()->setValue(4);
        p->stepsBox()->setValue(1);
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().samples.defined(); }));
        ect::GenerateSettings s;
        s.count = 4;
        s.steps = 1;
        s.class_index = -1;
        QVERIFY(p->lastResult().samples.equal(ect::generate(own, s)));

        // The stored length at the run's newest time is that snapshot itself.
        ema->setLength(0.10);
        QCOMPARE(ema->label()->text(), QString("σ_rel 0.100"));
        p->scheduleRender();
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().job.ema_std == 0.10; }));
        auto stored = ect::load_model(run.phema_path(20, 0.10));
        QVERIFY(torch::allclose(p->lastResult().samples, ect::generate(stored.net, s), 1e-4, 1e-5));
        // Another length: the reconstruction of core's post-hoc EMA, moved by the slider itself.
        ema->slider()->setValue(ema->slider()->value() - 6);  // 0.070
        QCOMPARE(ema->length(), 0.07);
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().job.ema_std == 0.07; }));
        auto made = ect::reconstruct_posthoc_ema(ect::plan_posthoc_ema(ect::list_phema_snapshots(dir), 0.07));
        QVERIFY(torch::allclose(p->lastResult().samples, ect::generate(made->net, s), 1e-5, 1e-6));
        QVERIFY(!p->lastResult().samples.equal(ect::generate(own, s)));
        QVERIFY(p->parametersText().contains("EMA: sigma_rel 0.070 (post-hoc)"));
        QCOMPARE(p->settings().at("ema_std").get<double>(), 0.07);
        QVERIFY(!p->figure().isNull());

        // The base model (no snapshots) has no such row; back on the run's model it returns.
        p->modelBox()->setCurrentIndex(p->modelBox()->findData("base"));
        QVERIFY(!ema->isVisibleTo(p) && ema->length() == 0.0);
        // Settings restore the length.
        nlohmann::json settings = p->settings();
        settings["model_slot"] = "consistency";
        settings["ema_std"] = 0.05;
        QVERIFY(p->applySettings(settings));
        QVERIFY(ema->isVisibleTo(p));
        QCOMPARE(ema->length(), 0.05);

        // Compare: the consistency model's columns sample the chosen average.
        ComparePanel* c = w.comparePanel();
        QVERIFY(c->emaLength()->available() && c->emaLength()->isVisibleTo(c));
        c->rowsBox()->setValue(2);
        c->columnsEdit()->setText("heun 2, cm 1");
        c->emaLength()->setLength(0.07);
        c->scheduleRender();
        QVERIFY(wait_for([&] { return c->idle() && c->lastResult().columns.size() == 2 && c->lastResult().job.ema_std == 0.07; }, 120000));
        ect::GenerateSettings two = s;
        two.count = 2;
        // Columns go model by model in the list's order: the run's model was opened first.
        QVERIFY(!c->lastResult().job.columns[0].forDiffusion());
        QVERIFY(torch::allclose(c->lastResult().columns[0].samples, ect::generate(made->net, two), 1e-5, 1e-6));
        QVERIFY(c->parametersText().contains("sigma_rel 0.070"));

        // A model of a step with no EMA snapshot (a run stopped between its state and its
        // snapshots) offers no length: it would be another time's average.
        ect::save_model(run.model_path(), own, {{"ect.kind", "consistency"}, {"ect.step", "30"}});
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, QString::fromStdString(run.model_path()), true));
        QVERIFY(!c->emaLength()->available() && !c->emaLength()->isVisibleTo(c));
        QCOMPARE(c->currentJob().ema_std, 0.0);
    }

    void export_stores_parameters_and_restores_settings()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        w.tabs()->setCurrentWidget(p);
        p->seedBox()->setValue(42);
        p->countBox()->setValue(8);
        p->stepsBox()->setValue(2);
        p->midEdit()->setText("1.25");
        p->scheduleRender();
        QVERIFY(wait_for([&] { return p->idle() && !p->lastResult().grid.isNull(); }));
        const QString png = ect::test::temp_path("export.png");
        QVERIFY2(w.exportFigure(png, true), qPrintable(w.lastError()));
        const auto text = ect::read_image_text(png.toStdString());
        const QString params = QString::fromStdString(text.at(kParametersKey));
        QVERIFY2(params.startsWith("Steps: 2, Sampler: Consistency (ECT), Mid levels: 1.25, Seed: 42"), qPrintable(params));
        QVERIFY(params.contains("Model: cm, Model hash: " + short_model_hash(cm_)));
        QCOMPARE(short_model_hash(cm_).size(), 10);
        const auto j = nlohmann::json::parse(text.at(kSettingsKey));
        QCOMPARE(QString::fromStdString(j["kind"]), QString("sampler"));
        QCOMPARE(j["seed"].get<int>(), 42);
        // The figure is the grid with labels around it.
        const QImage fig(png);
        QVERIFY(fig.width() > p->currentImage().width() * 3);

        // Opening the PNG puts the settings back.
        p->seedBox()->setValue(7);
        p->stepsBox()->setValue(1);
        p->midEdit()->clear();
        QVERIFY2(w.openSettingsImage(png, true), qPrintable(w.lastError()));
        QCOMPARE(p->seedBox()->value(), 42);
        QCOMPARE(p->stepsBox()->value(), 2);
        QCOMPARE(p->midEdit()->text(), QString("1.25"));
        QCOMPARE(w.tabs()->currentWidget(), p);

        // Bad targets and images without settings are refused.
        QVERIFY(!w.exportFigure("/nonexistent-dir/x.png", true));
        QVERIFY(!w.lastError().isEmpty());
        const QString plain = ect::test::temp_path("plain.png");
        QImage(4, 4, QImage::Format_RGB888).save(plain);
        QVERIFY(!w.openSettingsImage(plain, true));
        QVERIFY(!w.openSettingsImage(ect::test::temp_path("missing.png"), true));
        QCOMPARE(p->seedBox()->value(), 42);  // untouched by the failures
    }

    void official_snapshots_and_dropped_files()
    {
        // A .pkl opens as a drop does (openFile) into the slot of its kind, and saves as a model file.
        DropTarget w;
        const QString dir = QString::fromStdString(ect::test::fixture("../checkpoints"));
        QVERIFY2(w.openFile(dir + "/edm-snapshot.pkl", true), qPrintable(w.lastError()));
        QVERIFY(w.model(MainWindow::Slot::Base));
        QCOMPARE(w.model(MainWindow::Slot::Base)->metadata.at("ect.kind"), std::string("diffusion"));
        QVERIFY2(w.openFile(dir + "/ect-snapshot.pkl", true), qPrintable(w.lastError()));
        QCOMPARE(w.model(MainWindow::Slot::Consistency)->config.label_dim, 10);
        const QString saved = ect::test::temp_path("converted.safetensors");
        QVERIFY2(w.saveModelAs(MainWindow::Slot::Consistency, saved, true), qPrintable(w.lastError()));
        auto back = ect::load_model(saved.toStdString());
        QCOMPARE(back.metadata.at("ect.source"), std::string("ect-snapshot.pkl"));
        QCOMPARE(back.metadata.at("ect.kind"), std::string("consistency"));
        auto loaded = w.model(MainWindow::Slot::Consistency);
        const auto a = ect::named_state(back.net), b = ect::named_state(loaded->net);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) QVERIFY(torch::equal(a[i].second, b[i].second.cpu()));
        QVERIFY(!w.saveModelAs(MainWindow::Slot::Consistency, "/nonexistent-dir/m.safetensors", true));

        // A dropped model file of kind "consistency" replaces the consistency model: the drag is
        // accepted on entering, the drop loads it (the window's handlers, as Qt calls them).
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(cm_)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        enter.ignore();
        w.dragEnterEvent(&enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        w.dropEvent(&drop);
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), cm_);
        QMimeData text_only;
        text_only.setText("not a file");
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &text_only, Qt::LeftButton, Qt::NoModifier);
        refused.ignore();
        w.dragEnterEvent(&refused);
        QVERIFY(!refused.isAccepted());
        // A hostile or damaged .pkl leaves what was loaded and says why.
        const QString bad = ect::test::temp_path("hostile.pkl");
        std::ofstream(bad.toStdString(), std::ios::binary) << std::string("\x80\x02", 2) + "cos\nsystem\n(S'true'\ntR.";
        QVERIFY(!w.openFile(bad, true));
        QVERIFY2(w.lastError().contains("os.system"), qPrintable(w.lastError()));
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), cm_);
    }

    void watch_follows_a_run_written_elsewhere()
    {
        // Another process writes a run folder; the studio follows it read-only.
        const std::string dir = ect::test::temp_path("watched-run").toStdString();
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir + "/samples");
        const ect::RunFolder folder(dir);
        std::ofstream(folder.config_path()) << ect::make_preset("tiny", "ect").to_json();
        auto record = [](int64_t step, int stage) {
            ect::TrainLogRecord r{step, step * 0.016, stage, 1.0 / double(step), {0.1, 0.2, 0.3, 0.4}, 1e-4, 2.0, 100.0};
            return r.to_json();
        };
        auto grid = [&](int64_t step, int shade) {
            ect::Image8 img;
            img.width = img.height = 8;
            img.channels = 1;
            img.pixels.assign(64, uint8_t(shade));
            ect::write_image(folder.grid_path(step), img);
        };
        {
            std::ofstream log(folder.log_path());
            for (int64_t s = 1; s <= 3; ++s) log << record(s * 10, 0) << "\n";
        }
        grid(0, 20);
        auto listing = [&] {
            std::vector<std::pair<std::string, std::filesystem::file_time_type>> files;
            for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
                if (e.is_regular_file()) files.emplace_back(e.path().string(), std::filesystem::last_write_time(e.path()));
            std::sort(files.begin(), files.end());
            return files;
        };

        MainWindow w;
        TrainingPanel* t = w.trainingPanel();
        QString why;
        QVERIFY2(t->watchRun(QString::fromStdString(dir), &why), qPrintable(why));
        QVERIFY(t->watching());
        QCOMPARE(t->chart()->pointCount(), 3);
        QCOMPARE(t->grids().size(), 1);
        const auto before = listing();

        // The writer appends two records, the second cut mid-line, a stage change and a grid.
        {
            std::ofstream log(folder.log_path(), std::ios::app);
            log << record(40, 1) << "\n" << record(50, 1).substr(0, 20);
        }
        grid(40, 200);
        t->pollWatchedRun();
        QCOMPARE(t->chart()->pointCount(), 4);  // the half-written line is not read yet
        QCOMPARE(t->grids().size(), 2);
        QCOMPARE(t->grids().back().first, qint64(40));
        QCOMPARE(t->gridSlider()->value(), 1);  // the newest grid is shown
        {
            std::ofstream log(folder.log_path(), std::ios::app);
            log << record(50, 1).substr(20) << "\n";
        }
        t->pollWatchedRun();
        QCOMPARE(t->chart()->pointCount(), 5);  // completed, then read once

        // The folder is only read: nothing was added or touched by the studio. (The writer's own
        // changes since `before` are the log and the new grid.)
        auto after = listing();
        std::vector<std::string> touched;
        for (const auto& [path, time] : after) {
            const auto it = std::find_if(before.begin(), before.end(), [&](const auto& b) { return b.first == path; });
            if (it == before.end() || it->second != time) touched.push_back(std::filesystem::path(path).filename().string());
        }
        std::sort(touched.begin(), touched.end());
        QCOMPARE(touched, (std::vector<std::string>{"log.jsonl", std::filesystem::path(folder.grid_path(40)).filename().string()}));

        // Hostile files in the folder are passed over without stopping the watch: a FIFO named
        // like a grid (QImage would block opening it) and a PNG whose header claims more than
        // 4096×4096 pixels (checked before decoding); the grid after them is shown.
        QCOMPARE(::mkfifo(folder.grid_path(60).c_str(), 0600), 0);
        {
            ect::Image8 big;
            big.width = big.height = 4097;
            big.channels = 1;
            big.pixels.assign(size_t(4097) * 4097, 0);
            ect::write_image(folder.grid_path(65), big);
            // A chunk claiming 1.7 GB in a small PNG (libpng allocated the claim before reading
            // it: what fuzzing the watch mode found): passed over from its chunk headers.
            ect::Image8 small;
            small.width = small.height = small.channels = 1;
            small.pixels = {7};
            std::string png = ect::encode_png(small);
            png.insert(33, std::string("\x65\x70\x00\x14tEXtabc", 11));  // 1,701,838,868 bytes
            std::ofstream(folder.grid_path(67), std::ios::binary) << png;
            QVERIFY(!ect::png_chunk_problem(png).empty());
            QVERIFY(ect::png_chunk_problem(ect::encode_png(small)).empty());
        }
        grid(70, 90);
        t->pollWatchedRun();
        QCOMPARE(t->grids().size(), 3);
        QCOMPARE(t->grids().back().first, qint64(70));
        // A log replaced by a shorter one (a resume dropped records past its checkpoint) is
        // drawn again from its start, not read on from the old offset.
        {
            std::ofstream log(folder.log_path() + ".new");
            log << record(10, 0) << "\n" << record(20, 0) << "\n";
        }
        std::filesystem::rename(folder.log_path() + ".new", folder.log_path());
        t->pollWatchedRun();
        QCOMPARE(t->chart()->pointCount(), 2);

        // Watching ends on request; a folder that is not a run is refused with the reason.
        t->stopWatching();
        QVERIFY(!t->watching());
        QVERIFY(!t->watchRun(ect::test::temp_path("no-such-run"), &why));
        QVERIFY(why.contains("config.json"));
    }

    void parameters_of_other_tools()
    {
        const auto pairs = parse_parameters("a cat\nNegative prompt: a dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, "
                                            "Seed: 1234, Size: 512x512, Model: \"x, y\"");
        QCOMPARE(int(pairs.size()), 6);
        QCOMPARE(pairs[0].first, QString("Steps"));
        QCOMPARE(pairs[1].second, QString("Euler a"));
        QCOMPARE(pairs[5].second, QString("x, y"));
        const auto j = sampler_settings_from_parameters("Steps: 2, Seed: 99, Count: 4, Class: 3");
        QCOMPARE(j.at("steps").get<int>(), 2);
        QCOMPARE(j.at("seed").get<int>(), 99);
        QCOMPARE(j.at("class").get<int>(), 3);
        QVERIFY(sampler_settings_from_parameters("just a prompt").is_null());
        QVERIFY(sampler_settings_from_parameters("Steps: -4, Seed: x").is_null());

        // An image with only a parameters text (another tool's) restores what the Sampler can use.
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        const QString png = ect::test::temp_path("a1111.png");
        ect::Image8 img;
        img.width = img.height = 4;
        img.channels = 3;
        img.pixels.assign(48, 90);
        ect::write_image(png.toStdString(), img, {{"parameters", "a prompt\nSteps: 2, Sampler: Euler a, Seed: 99, Size: 512x512"}});
        QVERIFY2(w.openSettingsImage(png, true), qPrintable(w.lastError()));
        QCOMPARE(p->seedBox()->value(), 99);
        QCOMPARE(p->stepsBox()->value(), 2);
        QCOMPARE(w.tabs()->currentWidget(), p);
    }

    void export_in_other_formats()
    {
        if (!ect::have_openimageio()) QSKIP("built without OpenImageIO: figures are PNG only");
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        w.tabs()->setCurrentWidget(p);
        p->countBox()->setValue(4);
        p->scheduleRender();
        QVERIFY(wait_for([&] { return p->idle() && !p->lastResult().grid.isNull(); }));
        for (const char* name : {"export.jpg", "export.tif"}) {
            const QString path = ect::test::temp_path(name);
            QVERIFY2(w.exportFigure(path, true), qPrintable(w.lastError()));
            QVERIFY(!QImage(path).isNull() || QFileInfo(path).size() > 0);
        }
    }

    void settings_of_the_wrong_type_never_abort()
    {
        // Settings come from files (exported PNGs, the session): a field of the wrong type is
        // ignored or refused with a message, never an exception.
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        p->seedBox()->setValue(5);
        auto png_with = [&](const char* name, const std::string& json) {
            const QString path = ect::test::temp_path(name);
            QImage image(8, 8, QImage::Format_RGB888);
            image.fill(Qt::gray);
            write_figure(path, image, "Steps: 1", QString::fromStdString(json));
            return path;
        };
        QVERIFY(!w.openSettingsImage(png_with("kind-number.png", R"({"kind": 5, "model_slot": 3})"), true));
        QVERIFY(w.lastError().contains("damaged"));
        QVERIFY(!w.openSettingsImage(png_with("array.png", "[1, 2]"), true));
        QVERIFY(!w.openSettingsImage(png_with("unknown.png", R"({"kind": "histogram"})"), true));
        QVERIFY(w.lastError().contains("histogram"));
        QVERIFY(w.openSettingsImage(png_with("fields.png",
            R"({"kind": "sampler", "model_slot": 3, "model": 7, "seed": "x", "steps": 1e30, "count": 99999999999, "mid": 2, "class": null})"),
            true));
        QCOMPARE(p->seedBox()->value(), 5);
        QVERIFY(w.openSettingsImage(png_with("compare.png", R"({"kind": "compare", "columns": 3, "rows": [1], "base_model": {}})"), true));
        // A hostile model list: entries of the wrong type are skipped, a file that is no model is
        // refused by the loader, and what was loaded stays.
        const size_t loaded_before = w.loadedModels().size();
        QVERIFY(w.openSettingsImage(png_with("compare-models.png",
            R"({"kind": "compare", "models": [1, "x", {"path": 5}, {"path": "/etc/hostname"}, null]})"), true));
        QCOMPARE(w.loadedModels().size(), loaded_before);
        QVERIFY(w.openSettingsImage(png_with("compare-models-object.png", R"({"kind": "compare", "models": {"path": "a"}})"), true));
        QVERIFY(w.openSettingsImage(png_with("training-none.png", R"({"kind": "training", "run": 7, "step": "last"})"), true));
        QVERIFY(!w.openSettingsImage(png_with("training-gone.png", R"({"kind": "training", "run": "/nonexistent/run"})"), true));
        QVERIFY(w.lastError().contains("config.json"));

        // A damaged session is ignored area by area.
        settings::set_session_area("sampler", R"({"kind": "sampler", "seed": "x", "amount": -1e99})");
        settings::set_session_area("compare", "{not json");
        settings::set_session_area("training", R"({"kind": "training", "run": ["a"]})");
        MainWindow again;
        again.restoreSession();
        QVERIFY(again.model(MainWindow::Slot::Consistency));
        settings::set_session_area("sampler", "");
        settings::set_session_area("compare", "");
        settings::set_session_area("training", "");
    }

    void preferences_dialog_and_typed_settings()
    {
        {
            PreferencesDialog d;
            d.precisionBox()->setCurrentIndex(d.precisionBox()->findData("fp32"));
            d.formatBox()->setCurrentIndex(d.formatBox()->findData("tif"));
            d.languageBox()->setCurrentIndex(d.languageBox()->findData("fr"));
            d.threadsBox()->setValue(1);
            const auto changes = d.save();
            QVERIFY(changes.language);
            QVERIFY(!changes.device);
        }
        QCOMPARE(settings::precision.value(), QString("fp32"));
        QCOMPARE(settings::export_format.value(), QString("tif"));
        QCOMPARE(settings::threads.value(), 1);
        QCOMPARE(torch::get_num_threads(), 1);
        QCOMPARE(preferred_language(), QString("fr"));
        {
            // A second dialog shows what is stored; saving it unchanged changes nothing.
            PreferencesDialog d;
            QCOMPARE(d.precisionBox()->currentData().toString(), QString("fp32"));
            QCOMPARE(d.formatBox()->currentData().toString(), QString("tif"));
            const auto changes = d.save();
            QVERIFY(!changes.language && !changes.device);
            d.deviceBox()->setCurrentIndex(d.deviceBox()->findData("cpu"));
            QVERIFY(d.save().device);
        }
        // A stored value the dialog does not offer shows the default; one of the wrong type reads
        // as the default.
        settings::precision.set("fp64");
        QCOMPARE(PreferencesDialog().precisionBox()->currentData().toString(), QString("auto"));
        QSettings().setValue(settings::recent_models.key(), QVariant::fromValue(QSize(3, 4)));
        QVERIFY(settings::recent_models.value().isEmpty());
        for (const char* key : {settings::precision.key(), settings::export_format.key(), settings::language.key(),
                                settings::threads.key(), settings::device.key(), settings::recent_models.key()})
            QSettings().remove(key);
        torch::set_num_threads(2);
    }

    void exceptions_never_reach_qt()
    {
        // What the studio's QApplication does around every event: an exception becomes a message.
        QString error;
        QVERIFY(!dispatch_guarded([]() -> bool { throw ect::Error("x.safetensors: broken"); }, &error));
        QVERIFY(error.contains("broken"));
        error.clear();
        QVERIFY(!dispatch_guarded([]() -> bool { throw 7; }, &error));
        QVERIFY(!error.isEmpty());
        error.clear();
        QVERIFY(dispatch_guarded([] { return true; }, &error));
        QVERIFY(error.isEmpty());
    }

    void latest_job_runner_answers_only_the_newest()
    {
        QObject owner;
        int next = 0;  // the job the "controls" describe; 0 = nothing to do
        std::atomic<int> started{0}, cancelled{0};
        std::vector<int> done;
        QStringList failed;
        LatestJobRunner<int, int> runner(
            &owner, {[&]() -> std::optional<int> {
                         if (next == 0) return std::nullopt;
                         return next;
                     },
                     [&](const int& job, const std::function<bool()>& is_cancelled,
                         const std::function<void(double)>&) -> std::optional<int> {
                         ++started;
                         for (int i = 0; i < 100; ++i) {
                             if (is_cancelled()) {
                                 ++cancelled;
                                 return std::nullopt;
                             }
                             QThread::msleep(5);
                         }
                         if (job < 0) throw ect::Error("job: negative");
                         if (job == 99) throw 42;  // not even an exception type: still a message
                         return job * 10;
                     },
                     [&](const int& r) { done.push_back(r); }, [&](const QString& m) { failed << m; }});
        next = 1;
        runner.schedule();
        QVERIFY(wait_for([&] { return started == 1; }));
        next = 2;
        runner.schedule();  // the running job becomes stale and stops at its next check
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(done, std::vector<int>{20});
        QCOMPARE(int(cancelled), 1);
        next = -1;
        runner.schedule();
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed[0].contains("negative"));
        next = 99;
        runner.schedule();
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(failed.size(), 2);
        next = 0;
        runner.schedule();
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(done.size(), size_t(1));
        // Edits in a row coalesce into one job.
        next = 3;
        const int before = started;
        for (int i = 0; i < 5; ++i) runner.schedule();
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(int(started), before + 1);
        QCOMPARE(done.back(), 30);
    }

    void latest_job_runner_can_finish_stale_jobs()
    {
        // The Edit area's runner: a newer edit does not cancel a running job the hook lets finish,
        // whose result is shown too; a stale job that has not started is skipped.
        QObject owner;
        int next = 0;
        std::atomic<int> started{0}, cancelled{0};
        std::vector<int> done;
        std::vector<bool> idle_at_done;
        LatestJobRunner<int, int>* self = nullptr;
        LatestJobRunner<int, int> runner(
            &owner, {[&]() -> std::optional<int> { return next ? std::optional<int>(next) : std::nullopt; },
                     [&](const int& job, const std::function<bool()>& is_cancelled,
                         const std::function<void(double)>&) -> std::optional<int> {
                         ++started;
                         // 1.2 s a job: the checks between are far shorter, even on a loaded machine.
                         for (int i = 0; i < 60; ++i) {
                             if (is_cancelled()) {
                                 ++cancelled;
                                 return std::nullopt;
                             }
                             QThread::msleep(20);
                         }
                         return job * 10;
                     },
                     [&](const int& r) {
                         done.push_back(r);
                         idle_at_done.push_back(self->idle());
                     },
                     [](const QString&) {}, {}, [](const int& job) { return job < 100; }});
        self = &runner;
        next = 1;
        runner.schedule();
        QVERIFY(wait_for([&] { return started == 1; }));
        next = 2;
        runner.schedule();
        QTest::qWait(30);  // submitted: queued behind job 1
        next = 3;
        runner.schedule();
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(done, (std::vector<int>{10, 30}));
        QCOMPARE(idle_at_done, (std::vector<bool>{false, true}));  // job 1's answer came while 3 was due
        QCOMPARE(int(cancelled), 0);
        QCOMPARE(int(started), 2);  // job 2 was stale before it started
        // cancel() still stops the running job, and nothing answers.
        next = 4;
        runner.schedule();
        QVERIFY(wait_for([&] { return started == 3; }));
        runner.cancel();
        QVERIFY(wait_for([&] { return cancelled == 1; }));
        QTest::qWait(50);
        QCOMPARE(done.size(), size_t(2));
        // A job the hook does not let finish (here 100 and above) is cancelled by a newer edit.
        next = 150;
        runner.schedule();
        QVERIFY(wait_for([&] { return started == 4; }));
        next = 5;
        runner.schedule();
        QVERIFY(wait_for([&] { return runner.idle(); }));
        QCOMPARE(int(cancelled), 2);
        QCOMPARE(done.back(), 50);
        QCOMPARE(done.size(), size_t(3));
        // A newer edit with nothing to run (settings the area refused) leaves nothing to show: the
        // job running is cancelled, its result would answer settings no longer there.
        next = 6;
        runner.schedule();
        QVERIFY(wait_for([&] { return started == 6; }));
        next = 0;
        runner.schedule();
        QVERIFY(wait_for([&] { return cancelled == 3; }));
        QTest::qWait(50);
        QVERIFY(runner.idle());
        QCOMPARE(done.size(), size_t(3));
    }

    void compare_export_round_trip()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Base, base_, true));
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        ComparePanel* c = w.comparePanel();
        w.tabs()->setCurrentWidget(c);
        c->rowsBox()->setValue(2);
        c->columnsEdit()->setText("heun 2, cm 1");
        c->scheduleRender();
        QVERIFY(wait_for([&] { return c->idle() && c->lastResult().columns.size() == 2; }, 120000));
        const QString png = ect::test::temp_path("compare.png");
        QVERIFY2(w.exportFigure(png, true), qPrintable(w.lastError()));
        const QString params = QString::fromStdString(ect::read_image_text(png.toStdString()).at(kParametersKey));
        QVERIFY2(params.contains("Samplers: \"1 heun 2 (NFE 3, "), qPrintable(params));
        QVERIFY2(params.contains("Models: \"1 base (diffusion edm, sha256 "), qPrintable(params));
        c->columnsEdit()->setText("cm 1");
        QVERIFY(w.openSettingsImage(png, true));
        QCOMPARE(c->columnsEdit()->text(), QString("heun 2, cm 1"));
        QCOMPARE(w.tabs()->currentWidget(), c);
    }

    void session_recent_files_and_translations()
    {
        {
            MainWindow w;
            QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
            QCOMPARE(w.recentModels().front(), QFileInfo(cm_).absoluteFilePath());
            w.samplerPanel()->seedBox()->setValue(1234);
            w.saveSession();
        }
        MainWindow again;
        again.restoreSession();
        QVERIFY(again.model(MainWindow::Slot::Consistency));
        QCOMPARE(QString::fromStdString(again.model(MainWindow::Slot::Consistency)->path), cm_);
        QCOMPARE(again.samplerPanel()->seedBox()->value(), 1234);

        // German and French ship inside the studio; the source strings are English.
        QVERIFY(install_translation("de"));
        QCOMPARE(QCoreApplication::translate("studio::MainWindow", "&Compare"), QString("&Vergleich"));
        QVERIFY(install_translation("fr"));
        QCOMPARE(QCoreApplication::translate("studio::MainWindow", "&File"), QString("&Fichier"));
        // Numbers too, as French writes them (parameter counts, spin boxes).
        QCOMPARE(QLocale().toString(0.5), QString("0,5"));
        QVERIFY(!QLocale().toString(1234567).contains(','));
        QVERIFY(!install_translation("xx"));
        QLocale::setDefault(QLocale::system());  // the cases after this one read English numbers
        // The application icon comes from the studio's resources.
        QVERIFY(QFile::exists(":/icons/ect-studio.png"));
        QVERIFY(!again.windowIcon().isNull());
    }

    void four_corner_grid_has_the_corner_seeds()
    {
        MainWindow w;
        QVERIFY(w.openModel(MainWindow::Slot::Consistency, cm_, true));
        SamplerPanel* p = w.samplerPanel();
        p->classBox()->setCurrentIndex(p->classBox()->findData(1));
        p->seedBox()->setValue(10);
        p->seedBBox()->setValue(11);
        p->seedCBox()->setValue(12);
        p->seedDBox()->setValue(13);
        p->modeBox()->setCurrentIndex(2);
        QVERIFY(wait_for([&] { return p->idle() && p->lastResult().job.kind == SampleJob::Kind::Interpolation2D; }));
        const int n = p->lastResult().job.row;
        const auto& all = p->lastResult().samples;
        QCOMPARE(all.size(0), n * n + 1);
        auto model = ect::load_model(cm_.toStdString());
        const std::pair<int, uint64_t> corners[] = {{0, 10}, {n - 1, 11}, {n * (n - 1), 12}, {n * n - 1, 13}};
        for (const auto& [index, seed] : corners) {
            ect::GenerateSettings s;
            s.seed = seed;
            s.class_index = 1;
            QVERIFY2(torch::allclose(all.slice(0, index, index + 1), ect::generate(model.net, s), 1e-5, 1e-6),
                     qPrintable(QString("corner seed %1").arg(seed)));
        }
        QCOMPARE(p->lastResult().grid.width(), p->lastResult().grid.height());  // n × n
    }

    void loss_chart_smooths_debiased_and_thins_long_runs()
    {
        LossChart chart;
        chart.setSmoothing(0.9);
        chart.addPoint(1, 16, 0, 4.0);
        chart.addPoint(2, 32, 0, 2.0);
        chart.redraw();
        // De-biased: the first smoothed value is the first loss, the second a weighted mean.
        QCOMPARE(chart.smoothedPoints().size(), 2);
        QCOMPARE(chart.smoothedPoints()[0].y(), 4.0);
        QVERIFY(std::abs(chart.smoothedPoints()[1].y() - (0.9 * 0.1 * 4 + 0.1 * 2) / (1 - 0.81)) < 1e-12);
        // A long run: every point counts in the smoothing, at most 2,000 are drawn.
        chart.clear();
        double s = 0, w = 0;
        for (int i = 1; i <= 50000; ++i) {
            const double loss = 1.0 + 0.5 * std::sin(i * 0.01);
            chart.addPoint(i, i * 16, i / 20000, loss);
            s = 0.9 * s + 0.1 * loss;
            w = 0.9 * w + 0.1;
        }
        chart.redraw();
        QCOMPARE(chart.pointCount(), 50000);
        QVERIFY(chart.smoothedPoints().size() <= 2000);
        QCOMPARE(chart.smoothedPoints().back().x(), 50000.0);
        QVERIFY(std::abs(chart.smoothedPoints().back().y() - s / w) < 1e-9);
        QCOMPARE(chart.stageChanges(), (QList<qint64>{20000, 40000}));
    }
};

QTEST_MAIN(TestStudio)
#include "test_studio.moc"
