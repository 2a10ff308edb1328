// PreferencesDialog: one form row per preference; the stored value is selected when it is one of
// the choices (else the first, the default).
#include "preferences_dialog.h"

#include "settings.h"

#include "ect/device.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <thread>

namespace studio {
namespace {

void select(QComboBox* box, const QString& value)
{
    box->setCurrentIndex(std::max(0, box->findData(value)));
}

}  // namespace

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(this);
    language_ = new QComboBox;
    language_->addItem(tr("System default"), "");
    language_->addItem("English", "en");
    language_->addItem("Deutsch", "de");
    language_->addItem("Français", "fr");
    select(language_, settings::language.value());
    threads_ = new QSpinBox;
    threads_->setRange(1, int(std::max(1u, std::thread::hardware_concurrency())));
    threads_->setValue(torch::get_num_threads());
    device_ = new QComboBox;
    device_->addItem(tr("Automatic (CUDA when present)"), "auto");
    device_->addItem(tr("CPU"), "cpu");
    for (size_t i = 0; i < torch::cuda::device_count(); ++i)
        device_->addItem(QString::fromStdString(ect::describe_device(torch::Device(torch::kCUDA, c10::DeviceIndex(i)))),
                         QString("cuda:%1").arg(i));
    select(device_, settings::device.value());
    precision_ = new QComboBox;
    precision_->addItem(tr("Automatic (fp32 on the CPU, TF32 on CUDA)"), "auto");
    precision_->addItem(tr("fp32 (exact)"), "fp32");
    precision_->addItem(tr("TF32 (CUDA tensor cores)"), "tf32");
    precision_->addItem(tr("bf16 (CUDA autocast)"), "bf16");
    select(precision_, settings::precision.value());
    format_ = new QComboBox;
    for (const char* f : {"png", "jpg", "tif", "exr"}) format_->addItem(QString(f).toUpper(), f);
    select(format_, settings::export_format.value());
    form->addRow(tr("Language"), language_);
    form->addRow(tr("Sampling device"), device_);
    form->addRow(tr("Precision"), precision_);
    form->addRow(tr("CPU threads"), threads_);
    form->addRow(tr("Export format"), format_);
    auto* note = new QLabel(tr("A new language applies when the studio starts again."));
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

PreferencesDialog::Changes PreferencesDialog::save() const
{
    Changes changes;
    const QString language = language_->currentData().toString();
    changes.language = language != settings::language.value();
    settings::language.set(language);
    settings::threads.set(threads_->value());
    settings::export_format.set(format_->currentData().toString());
    settings::precision.set(precision_->currentData().toString());
    const QString device = device_->currentData().toString();
    changes.device = device != settings::device.value();
    settings::device.set(device);
    ect::init_threads(threads_->value());
    return changes;
}

}  // namespace studio
