// Text from files (names, globals, JSON keys) on its way to a terminal or a dialog.
#pragma once

#include <string>

namespace ect {

// `text` with control characters (bytes below 0x20, and DEL) written as \n, \t, \xNN: a file or
// global name cannot move the cursor, clear the screen or fake a second line of output.
// Other bytes, UTF-8 included, pass as they are.
std::string printable(const std::string& text);

}  // namespace ect
