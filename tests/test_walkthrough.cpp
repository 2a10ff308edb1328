// A first-time user's walk through the real studio on a real display (ctest runs it under Xvfb
// with the xcb platform): the bundled models open, a grid cell is clicked, a one-minute ECT
// tuning shows a new grid, Start on the used folder is answered through the studio's own dialog,
// the run's checkpoint goes to Compare in one click, a slow comparison is cancelled, and every
// area is photographed at 1024×700 and 1280×800 in English, German and French, with no text cut.
// The screenshots land in $ECT_WALKTHROUGH_DIR (default: ./walkthrough).
#include "test_support.h"

#include "busy_bar.h"
#include "compare_panel.h"
#include "image_grid_view.h"
#include "loss_chart.h"
#include "main_window.h"
#include "sampler_panel.h"
#include "settings.h"
#include "training_panel.h"

#include "ect/training/run_folder.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStyleOptionButton>
#include <QStyleOptionComboBox>
#include <QTabWidget>
#include <QTranslator>
#include <QtTest/QtTest>

#include <filesystem>

using namespace studio;

namespace {

bool wait_for(const std::function<bool()>& done, int ms = 120000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(50);
    return done();
}

// Answers the next popup menu or modal dialog the way a user clicks it: the action or button
// whose text starts with `text`. Polls until one is open (the caller then opens it).
void answer_next(const QString& text, bool* answered)
{
    auto* timer = new QTimer;
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, [timer, text, answered] {
        if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
            for (QAction* a : menu->actions())
                if (a->text().startsWith(text)) {
                    *answered = true;
                    timer->deleteLater();
                    timer->stop();
                    menu->close();
                    a->trigger();
                    return;
                }
        }
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            for (QAbstractButton* b : box->buttons())
                if (b->text().remove('&').startsWith(text)) {
                    *answered = true;
                    timer->deleteLater();
                    timer->stop();
                    b->click();
                    return;
                }
        }
    });
    timer->start();
}

// Visible texts that do not fit their widget: a label that does not wrap, a button, a combo
// box's current item or a tab. Each as "class 'text' needs N px, has M".
QStringList cut_texts(QWidget* root)
{
    QStringList out;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(root) || w->width() <= 0) continue;
        const QFontMetrics fm = w->fontMetrics();
        int need = 0;
        QString text;
        if (auto* l = qobject_cast<QLabel*>(w)) {
            if (l->wordWrap() || l->textFormat() == Qt::RichText || l->text().contains('<') || l->pixmap().cacheKey()) continue;
            text = l->text();
            for (const QString& line : text.split('\n')) need = std::max(need, fm.horizontalAdvance(line));
            need += 2 * l->margin() + l->contentsMargins().left() + l->contentsMargins().right();
        } else if (auto* b = qobject_cast<QPushButton*>(w)) {
            // What the style needs around the text (its margins and frame), as it sizes buttons.
            text = b->text().remove('&');
            // (not sizeFromContents: it also widens every text button to 80 px, which no text needs).
            QStyleOptionButton opt;
            opt.initFrom(b);
            need = fm.horizontalAdvance(text) + 2 * b->style()->pixelMetric(QStyle::PM_ButtonMargin, &opt, b) +
                   2 * b->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &opt, b);
        } else if (auto* c = qobject_cast<QComboBox*>(w)) {
            text = c->currentText();
            QStyleOptionComboBox opt;
            opt.initFrom(c);
            opt.currentText = text;
            need = c->style()->sizeFromContents(QStyle::CT_ComboBox, &opt, QSize(fm.horizontalAdvance(text), fm.height()), c).width();
        } else {
            continue;
        }
        if (text.isEmpty()) continue;
        if (need > w->width())
            out << QString("%1 '%2' needs %3 px, has %4").arg(w->metaObject()->className(), text).arg(need).arg(w->width());
    }
    if (auto* tabs = root->findChild<QTabWidget*>())
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabBar()->tabRect(i).width() < tabs->fontMetrics().horizontalAdvance(tabs->tabText(i)))
                out << QString("tab '%1'").arg(tabs->tabText(i));
    return out;
}

QString out_dir()
{
    const QString dir = qEnvironmentVariable("ECT_WALKTHROUGH_DIR", "walkthrough");
    QDir().mkpath(dir);
    return dir;
}

// Shows `w` at `size`, each area in turn, lets the areas finish what they render, and saves a
// screenshot per area ("de-sampler-1024x700.png"). Returns the cut texts found, area by area.
QStringList photograph(MainWindow& w, const QString& language, const QSize& size)
{
    QStringList cut;
    w.resize(size);
    QTest::qWait(300);  // the window manager's answer (none under Xvfb: immediate)
    const QList<QWidget*> areas{w.trainingPanel(), w.samplerPanel(), w.comparePanel()};
    const QStringList names{"training", "sampler", "compare"};
    for (int i = 0; i < areas.size(); ++i) {
        w.tabs()->setCurrentWidget(areas[i]);
        if (qEnvironmentVariableIsSet("ECT_WALKTHROUGH_WIDTHS"))  // where the minimum width goes
            for (QWidget* part : areas[i]->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
                qDebug() << names[i] << part->metaObject()->className() << part->minimumSizeHint().width() << part->sizeHint().width();
        QTest::qWait(200);
        wait_for([&] { return w.currentAreaReady(); }, 300000);
        QTest::qWait(300);  // the chart's and grids' timed redraws
        const QString file = QString("%1/%2-%3-%4x%5.png").arg(out_dir(), language, names[i]).arg(size.width()).arg(size.height());
        w.grab().save(file);
        if (w.size() != size)  // a window that cannot shrink to the size cuts nothing but does not fit the screen
            cut << QString("%1 %2: the window is %3×%4, not %5×%6 (its minimum: %7×%8)")
                       .arg(language, names[i]).arg(w.width()).arg(w.height()).arg(size.width()).arg(size.height())
                       .arg(w.minimumSizeHint().width()).arg(w.minimumSizeHint().height());
        for (const QString& c : cut_texts(&w)) cut << QString("%1 %2 %3x%4: %5").arg(language, names[i]).arg(size.width()).arg(size.height()).arg(c);
    }
    // The sampler's X/Y plot as it first comes: the step counts across, four seeds down.
    SamplerPanel* s = w.samplerPanel();
    w.tabs()->setCurrentWidget(s);
    const int mode = s->modeBox()->currentIndex();
    s->modeBox()->setCurrentIndex(3);
    QTest::qWait(200);
    wait_for([&] { return s->idle() && s->lastResult().job.kind == studio::SampleJob::Kind::Plot; }, 300000);
    QTest::qWait(300);
    w.grab().save(QString("%1/%2-sampler-xy-%3x%4.png").arg(out_dir(), language).arg(size.width()).arg(size.height()));
    for (const QString& c : cut_texts(&w)) cut << QString("%1 sampler-xy %2x%3: %4").arg(language).arg(size.width()).arg(size.height()).arg(c);
    s->modeBox()->setCurrentIndex(mode);
    wait_for([&] { return s->idle(); }, 300000);
    return cut;
}

// The cut texts found, one per line, beside the screenshots ("" when none).
void write_report(const QString& name, const QStringList& lines)
{
    QFile f(out_dir() + "/" + name);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(lines.join('\n').toUtf8());
}

}  // namespace

class TestWalkthrough : public QObject {
    Q_OBJECT

    QString work_;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        studio::init_resources();  // the translations, before any window
        QSettings().clear();  // a first-time user: no session, no recent files
        torch::set_num_threads(2);
        work_ = ect::test::temp_path("walkthrough-runs");
        std::filesystem::remove_all(work_.toStdString());
        QDir().mkpath(work_);
        QVERIFY2(QGuiApplication::platformName() == "xcb", qPrintable(QGuiApplication::platformName()));
    }

    void first_session()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.restoreSession(true);  // nothing stored: the bundled Fashion-MNIST pair
        QVERIFY(w.model(MainWindow::Slot::Consistency));
        QVERIFY(w.model(MainWindow::Slot::Base));
        // The list reads base first, and so do Compare's columns: Heun and DPM-Solver++, then CM.
        QCOMPARE(w.loadedModels().size(), size_t(2));
        QCOMPARE(w.loadedModels().front(), w.model(MainWindow::Slot::Base));

        // Sampler: the grid is ready; a click on a cell offers its seed.
        SamplerPanel* s = w.samplerPanel();
        w.tabs()->setCurrentWidget(s);
        QVERIFY(wait_for([&] { return s->idle() && !s->gridView()->image().isNull(); }));
        ImageGridView* grid = s->gridView();
        QCOMPARE(grid->cellCount(), 40);
        QCOMPARE(grid->columnLabels().size(), 10);  // one column per class, labelled as in the export
        QCOMPARE(grid->columnLabels().front(), QString("T-shirt/top"));
        QCOMPARE(grid->rowLabels().front(), QString("seed 0"));
        QVERIFY(s->cellDescription(12).startsWith("seed 12 · class Pullover"));
        QApplication::clipboard()->clear();
        bool answered = false;
        answer_next("Copy seed 12", &answered);
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(12).center());
        QVERIFY(wait_for([&] { return answered; }, 10000));
        QCOMPARE(QApplication::clipboard()->text(), QString("12"));
        // The X/Y plot of the bundled model: its step counts across, four seeds down, labelled.
        s->modeBox()->setCurrentIndex(3);
        QVERIFY(wait_for([&] { return s->idle() && s->lastResult().job.kind == studio::SampleJob::Kind::Plot; }));
        QCOMPARE(grid->columnLabels().front(), QString("1 step"));
        QCOMPARE(grid->rowLabels().front(), QString("seed 0"));
        QTest::qWait(300);
        w.grab().save(out_dir() + "/en-sampler-xy-bundled-1280x800.png");
        s->modeBox()->setCurrentIndex(0);
        QVERIFY(wait_for([&] { return s->idle() && s->lastResult().job.kind == studio::SampleJob::Kind::Grid; }));

        // Training: a one-minute ECT tuning of the bundled base model on Fashion-MNIST, with the
        // form's defaults (grids every 60 s), shows a new grid beside step 0's.
        TrainingPanel* t = w.trainingPanel();
        w.tabs()->setCurrentWidget(t);
        const QString run = work_ + "/run-1";
        t->runFolderEdit()->setText(run);
        QCOMPARE(t->gridUnitBox()->currentData().toString(), QString("s"));
        QCOMPARE(t->gridEveryBox()->value(), 60);
        QSignalSpy finished(t, &TrainingPanel::runFinished);
        QTest::mouseClick(t->startButton(), Qt::LeftButton);
        QVERIFY(t->running());
        QVERIFY2(wait_for([&] { return t->grids().size() >= 2; }, 180000), "no new grid within three minutes");
        QCOMPARE(t->grids().front().first, qint64(0));
        QVERIFY(t->grids().back().first > 0);
        QCOMPARE(t->gridView()->image(), t->grids().back().second);  // the newest is shown
        w.grab().save(out_dir() + "/en-training-live-1280x800.png");
        // Pause says so and holds; Continue goes on.
        QTest::mouseClick(t->pauseButton(), Qt::LeftButton);
        QVERIFY(t->progressLabel()->text().startsWith("Paused at step"));
        QTest::qWait(1500);
        QVERIFY(t->progressLabel()->text().startsWith("Paused at step"));
        QTest::mouseClick(t->pauseButton(), Qt::LeftButton);
        QTest::mouseClick(t->stopButton(), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        const qint64 stopped_at = t->grids().back().first;  // a stopped run draws its last grid
        QVERIFY(t->runModelsBox()->count() >= 1);  // the model of the stop's checkpoint
        QVERIFY(t->chart()->pointCount() >= int(stopped_at) - 1);

        // Start again on the same folder: the studio asks, in its own words; continue the run.
        answered = false;
        answer_next("Continue that run", &answered);
        QTest::mouseClick(t->startButton(), Qt::LeftButton);
        QVERIFY(answered);
        QVERIFY(t->running());
        QCOMPARE(t->shownRun(), run);
        QVERIFY(wait_for([&] { return t->chart()->pointCount() > int(stopped_at) + 3; }, 60000));
        QTest::mouseClick(t->stopButton(), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        // One point per step before and after the resume: the chart's steps are the log's.
        const auto log = ect::RunFolder(run.toStdString()).read_log();
        for (size_t i = 1; i < log.loss.size(); ++i) QCOMPARE(log.loss[i].step, log.loss[i - 1].step + 1);

        // The run's newest checkpoint to Compare, in one click: it becomes the consistency model,
        // named by run and step.
        QVERIFY(t->toCompareButton()->isEnabled());
        const QString sent = t->runModelsBox()->currentData().toString();
        QTest::mouseClick(t->toCompareButton(), Qt::LeftButton);
        ComparePanel* c = w.comparePanel();
        QCOMPARE(w.tabs()->currentWidget(), c);
        QCOMPARE(QString::fromStdString(w.model(MainWindow::Slot::Consistency)->path), sent);
        QVERIFY(t->runModelsBox()->currentText().startsWith("run-1 · step "));

        // A slow comparison (Heun with 18 steps, NFE 35, on 12 seeds) shows its progress and
        // stops on Cancel; the previous figure stays, dimmed.
        QVERIFY(wait_for([&] { return c->idle(); }, 300000));
        QLineEdit* columns = c->findChild<QLineEdit*>();
        QVERIFY(columns);
        QSpinBox* rows = nullptr;
        for (QSpinBox* b : c->findChildren<QSpinBox*>())
            if (b->value() == 6) rows = b;  // "Seeds (rows)"
        QVERIFY(rows);
        rows->setValue(12);
        QVERIFY(wait_for([&] { return c->busyBar()->isVisible(); }, 10000));
        QVERIFY(wait_for([&] { return c->busyBar()->progressBar()->value() > 0; }, 60000));
        w.grab().save(out_dir() + "/en-compare-busy-1280x800.png");
        QTest::mouseClick(c->busyBar()->cancelButton(), Qt::LeftButton);
        QVERIFY(c->idle());
        QVERIFY(!c->busyBar()->isVisible());

        // Every area at both sizes, English: nothing cut.
        QStringList cut;
        for (const QSize size : {QSize(1024, 700), QSize(1280, 800)}) cut += photograph(w, "en", size);
        write_report("cut-en.txt", cut);
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join('\n')));
    }

    void every_area_in_german_and_french()
    {
        QStringList cut;
        for (const QString language : {"de", "fr"}) {
            QTranslator translator;
            QVERIFY(translator.load(QLocale(language), "ect-studio", "_", ":/i18n"));
            QApplication::installTranslator(&translator);
            {
                MainWindow w;  // built after the translator: every text in its language
                w.show();
                QVERIFY(QTest::qWaitForWindowExposed(&w));
                w.restoreSession(false);
                for (const QSize size : {QSize(1024, 700), QSize(1280, 800)}) cut += photograph(w, language, size);
            }
            QApplication::removeTranslator(&translator);
        }
        write_report("cut-de-fr.txt", cut);
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join('\n')));
    }
};

QTEST_MAIN(TestWalkthrough)
#include "test_walkthrough.moc"
