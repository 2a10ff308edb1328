// ect-studio: the desktop studio. Optional arguments open models at start:
//   ect-studio [--model CONSISTENCY.safetensors] [--base BASE.safetensors] [--tab sampler|training]
#include "main_window.h"

#include "ect/device.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTabWidget>
#include <QTimer>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ECT Studio");
    QApplication::setApplicationName("ect-studio");
    QApplication::setApplicationVersion(ECT_VERSION_STRING);
    ect::init_threads();

    QCommandLineParser parser;
    parser.setApplicationDescription("ECT Studio: Easy Consistency Tuning of diffusion models");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"model", "Consistency model to open.", "file"});
    parser.addOption({"base", "Base diffusion model to open.", "file"});
    parser.addOption({"tab", "Area to show: sampler or training.", "name"});
    parser.addOption({"screenshot", "Save a picture of the window to FILE after --screenshot-delay ms, then quit.", "file"});
    parser.addOption({"screenshot-delay", "Milliseconds before the screenshot (default 3000).", "ms", "3000"});
    parser.process(app);

    studio::MainWindow window;
    window.show();
    if (parser.isSet("model")) window.openModel(studio::MainWindow::Slot::Consistency, parser.value("model"));
    if (parser.isSet("base")) window.openModel(studio::MainWindow::Slot::Base, parser.value("base"));
    if (parser.value("tab") == "training") window.tabs()->setCurrentIndex(1);
    if (parser.isSet("screenshot")) {
        // For documentation and the Xvfb smoke test: the window as the user sees it.
        QTimer::singleShot(parser.value("screenshot-delay").toInt(), &window, [&] {
            const bool ok = window.grab().save(parser.value("screenshot"));
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
