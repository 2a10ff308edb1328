// An area's column of controls: as wide as its widest control needs (in every language), never
// wider, scrolling vertically when the window is too short for it (1024×700 and up).
#pragma once

class QWidget;
class QScrollArea;

namespace studio {

QScrollArea* control_column(QWidget* controls);

}  // namespace studio
