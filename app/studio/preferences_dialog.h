// Preferences: language, sampling device, precision, CPU threads and export format, read from and
// written to the typed settings (settings.h).
#pragma once

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace studio {

class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget* parent = nullptr);  // shows the stored preferences

    // What saving changed that the window must act on.
    struct Changes {
        bool language = false;  // applies at the next start
        bool device = false;    // the open models are reloaded onto it
    };
    // Writes the chosen values (and sets LibTorch's thread count).
    Changes save() const;

    QComboBox* languageBox() const { return language_; }
    QComboBox* deviceBox() const { return device_; }
    QComboBox* precisionBox() const { return precision_; }
    QComboBox* formatBox() const { return format_; }
    QSpinBox* threadsBox() const { return threads_; }

private:
    QComboBox *language_, *device_, *precision_, *format_;
    QSpinBox* threads_;
};

}  // namespace studio
