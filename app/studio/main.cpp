// ect-studio: the desktop studio. It opens on the last session's models, or on the bundled
// Fashion-MNIST models; arguments override:
//   ect-studio [--model CONSISTENCY.safetensors] [--base BASE.safetensors] [--tab training|sampler|compare|edit]
//              [--run RUN_DIR] [--watch RUN_DIR] [--settings EXPORTED.png] [--export FIGURE.png] [--no-session] [--screenshot FILE [--screenshot-delay MS]]
//              [--probe-responsiveness SECONDS [--probe-areas training,sampler,edit]]
#include "compare_panel.h"
#include "guarded_application.h"
#include "edit_panel.h"
#include "main_window.h"
#include "responsiveness.h"
#include "sampler_panel.h"
#include "training_panel.h"

#include "ect/device.h"

#include <QApplication>
#include <cstdio>
#include <QCommandLineParser>
#include <QIcon>
#include <QTabWidget>
#include <QMessageBox>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTimer>

namespace {

void describe_program()
{
    QCoreApplication::setOrganizationName("ECT Studio");
    QCoreApplication::setApplicationName("ect-studio");
    QCoreApplication::setApplicationVersion(ECT_VERSION_STRING);
}

void add_options(QCommandLineParser& parser)
{
    parser.setApplicationDescription("ECT Studio: Easy Consistency Tuning of diffusion models");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"model", "Consistency model to open.", "file"});
    parser.addOption({"base", "Base diffusion model to open.", "file"});
    parser.addOption({"compare", "Models to compare side by side (comma-separated): loaded into the list and the only ones "
                                 "ticked in Compare, which is shown.", "files"});
    parser.addOption({"tab", "Area to show: training, sampler, compare or edit.", "name"});
    parser.addOption({"run", "Resume the training run in this folder (its loss history and grids are shown).", "dir"});
    parser.addOption({"watch", "Follow the training run in this folder, read-only, as another process writes it (a run on a GPU server, its folder synced or mounted).", "dir"});
    parser.addOption({"settings", "Restore the settings stored in an image the studio exported.", "file"});
    parser.addOption({"language", "Language of the interface (en, de, fr); default: Preferences, else the system's.", "code"});
    parser.addOption({"about", "Print what Help > About shows (version, where the bundled models are, the languages), then quit."});
    parser.addOption({"no-session", "Start with default settings instead of the last session's (bundled models still open)."});
    parser.addOption({"screenshot", "Save a picture of the window to FILE after --screenshot-delay ms, then quit.", "file"});
    parser.addOption({"export", "Export the shown area's figure (labels and settings inside) to FILE after --screenshot-delay ms, then quit.", "file"});
    parser.addOption({"screenshot-delay", "Milliseconds before the screenshot or export (default 3000).", "ms", "3000"});
    parser.addOption({"probe-responsiveness",
                      "Benchmark: print the event loop's worst delay while training on the CPU, while sampling a "
                      "large grid and while painting in Edit (with the latency from a brush movement to its result), "
                      "each for this many seconds, then quit.",
                      "seconds"});
    parser.addOption({"probe-areas", "The probe's areas, comma-separated (default training,sampler,edit).", "names",
                      "training,sampler,edit"});
}

// --help, --version and --about only print: they need no display (over SSH, in a package check).
bool only_prints(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version" || a == "--about")
            return true;
    }
    return false;
}

int print_and_quit(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    describe_program();
    QCommandLineParser parser;
    add_options(parser);
    parser.process(app);  // --help and --version print and exit here
    studio::init_resources();
    studio::install_translation(parser.isSet("language") ? parser.value("language") : studio::preferred_language());
    // The About text is HTML for the dialog; here its plain text.
    QString text = studio::about_text();
    text.replace(QRegularExpression("<(br|p|/p)>"), "\n").remove(QRegularExpression("<[^>]*>"));
    text.replace(QRegularExpression("\n+"), "\n").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    std::printf("%s\n", qPrintable(text.trimmed()));
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    if (only_prints(argc, argv)) return print_and_quit(argc, argv);
    studio::GuardedApplication app(argc, argv);
    describe_program();
    ect::init_threads();
    // A step graph's capture (global mode) fails when another thread calls CUDA meanwhile, and
    // the studio samples and compares on other threads while it trains: never here, whatever
    // ECT_STEP_GRAPH says.
    ect::set_step_graphs_enabled(false);

    QCommandLineParser parser;
    add_options(parser);
    parser.process(app);

    studio::install_translation(parser.isSet("language") ? parser.value("language") : studio::preferred_language());

    studio::MainWindow window;
    QApplication::setWindowIcon(window.windowIcon());  // from the studio's resources, loaded by the window
    window.show();
    window.restoreSession(!parser.isSet("no-session"));
    // Scripted runs (screenshot, export) never wait on a dialog: what cannot be opened ends the
    // program with the reason and exit status 1.
    const bool scripted = parser.isSet("screenshot") || parser.isSet("export");
    auto opened = [&](bool ok) {
        if (!ok && scripted) std::fprintf(stderr, "ect-studio: %s\n", qPrintable(window.lastError()));
        return ok || !scripted;
    };
    if (parser.isSet("model") && !opened(window.openModel(studio::MainWindow::Slot::Consistency, parser.value("model"), scripted)))
        return 1;
    if (parser.isSet("base") && !opened(window.openModel(studio::MainWindow::Slot::Base, parser.value("base"), scripted)))
        return 1;
    if (parser.isSet("settings") && !opened(window.openSettingsImage(parser.value("settings"), scripted))) return 1;
    if (parser.isSet("compare")) {
        const QStringList paths = parser.value("compare").split(',', Qt::SkipEmptyParts);
        for (const QString& p : paths)
            if (!window.isLoaded(p) && !opened(window.openModel(studio::MainWindow::Slot::Listed, p, scripted))) return 1;
        window.comparePanel()->setComparedModels(paths);
        window.tabs()->setCurrentWidget(window.comparePanel());
    }
    const QString tab = parser.value("tab");
    if (tab == "training") window.tabs()->setCurrentWidget(window.trainingPanel());
    if (tab == "sampler") window.tabs()->setCurrentWidget(window.samplerPanel());
    if (tab == "compare") window.tabs()->setCurrentWidget(window.comparePanel());
    if (tab == "edit") window.tabs()->setCurrentWidget(window.editPanel());
    if (parser.isSet("run")) {
        window.tabs()->setCurrentWidget(window.trainingPanel());
        window.trainingPanel()->resumeRun(parser.value("run"));
    }
    if (parser.isSet("watch")) {
        window.tabs()->setCurrentWidget(window.trainingPanel());
        QString why;
        if (!window.trainingPanel()->watchRun(parser.value("watch"), &why)) {
            std::fprintf(stderr, "ect-studio: %s\n", qPrintable(why));
            if (scripted) return 1;
            QMessageBox::warning(&window, QObject::tr("Watch run"), why);
        }
    }
    if (parser.isSet("probe-responsiveness")) {
        for (const QString& area : parser.value("probe-areas").split(',', Qt::SkipEmptyParts))
            if (!QStringList{"training", "sampler", "edit"}.contains(area)) {
                std::fprintf(stderr, "ect-studio: --probe-areas: no area %s (training, sampler, edit)\n", qPrintable(area));
                return 2;
            }
        // After the window's first paint and the models' loading have settled: the phases measure
        // training and sampling, not start-up.
        QTimer::singleShot(1500, &window, [&] { studio::probe_responsiveness(window, parser.value("probe-responsiveness").toInt(),
                                                                                 parser.value("probe-areas").split(',', Qt::SkipEmptyParts)); });
        return app.exec();
    }
    if (parser.isSet("screenshot") || parser.isSet("export")) {
        // For documentation, scripts and the Xvfb smoke test: the window as the user sees it,
        // and/or the figure File → Export would write, once the shown area has finished its
        // first render (a Heun comparison takes a while on a CPU; at most 10 minutes).
        auto* wait = new QTimer(&window);
        wait->setInterval(100);
        QElapsedTimer waited;
        QObject::connect(wait, &QTimer::timeout, &window, [&, wait, waited]() mutable {
            if (!waited.isValid()) waited.start();
            if (!window.currentAreaReady() && waited.elapsed() < 600000) return;
            wait->stop();
            bool ok = true;
            if (parser.isSet("screenshot")) ok = window.grab().save(parser.value("screenshot")) && ok;
            if (parser.isSet("export")) {
                const bool exported = window.exportFigure(parser.value("export"), true);
                if (!exported) fprintf(stderr, "ect-studio: %s\n", qPrintable(window.lastError()));
                ok = exported && ok;
            }
            QApplication::exit(ok ? 0 : 1);
        });
        QTimer::singleShot(parser.value("screenshot-delay").toInt(), wait, qOverload<>(&QTimer::start));
    }
    return app.exec();
}
