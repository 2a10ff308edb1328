// Every setting the studio keeps between sessions, declared once with its key, type and default.
// Code reads `settings::precision.value()` and writes `settings::precision.set("bf16")`; no key
// is spelled anywhere else. A stored value of the wrong type (hand-edited or from another
// version) reads as the default.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace studio {

template <class T>
class Setting {
public:
    constexpr Setting(const char* key, T (*fallback)()) : key_(key), fallback_(fallback) {}

    // Safe on any thread: each call opens its own QSettings.
    T value() const
    {
        const QVariant v = QSettings().value(key_);
        if (!v.isValid() || !v.canConvert<T>()) return fallback_();
        return v.value<T>();
    }
    void set(const T& value) const { QSettings().setValue(key_, QVariant::fromValue(value)); }
    bool stored() const { return QSettings().contains(key_); }
    T fallback() const { return fallback_(); }
    const char* key() const { return key_; }

private:
    const char* key_;
    T (*fallback_)();
};

namespace settings {

inline QString empty() { return {}; }
inline QString automatic() { return QStringLiteral("auto"); }
inline QString home() { return QDir::homePath(); }

// Preferences.
inline constexpr Setting<QString> language{"preferences/language", empty};  // "" = the system's
inline constexpr Setting<QString> device{"preferences/device", automatic};  // auto, cpu, cuda:N
inline constexpr Setting<QString> precision{"preferences/precision", automatic};  // auto, fp32, tf32, bf16
inline constexpr Setting<int> threads{"preferences/threads", [] { return 0; }};  // 0: LibTorch's choice
inline constexpr Setting<QString> export_format{"preferences/export_format", [] { return QStringLiteral("png"); }};

// Where the file dialogs open.
inline constexpr Setting<QString> models_folder{"folders/models", home};
inline constexpr Setting<QString> data_folder{"folders/data", home};
inline constexpr Setting<QString> export_folder{"folders/export", home};

inline constexpr Setting<QStringList> recent_models{"recent/models", [] { return QStringList(); }};

// The window and the last session (models, current area, each area's settings as JSON text).
inline constexpr Setting<QByteArray> window_geometry{"window/geometry", [] { return QByteArray(); }};
inline constexpr Setting<QByteArray> window_state{"window/state", [] { return QByteArray(); }};
inline constexpr Setting<int> session_tab{"session/tab", [] { return 0; }};
inline constexpr Setting<QString> session_base_model{"session/base_model", empty};
inline constexpr Setting<QString> session_consistency_model{"session/consistency_model", empty};

// An area's settings in the last session, under "session/<area key>".
inline QString session_area(const QString& area_key) { return QSettings().value("session/" + area_key).toString(); }
inline void set_session_area(const QString& area_key, const QString& json)
{
    QSettings().setValue("session/" + area_key, json);
}

}  // namespace settings
}  // namespace studio
