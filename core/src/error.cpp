// ect::fail: builds the "<where>: <what>" messages every core error uses.
#include "ect/error.h"

namespace ect {

void fail(const std::string& where, const std::string& what)
{
    throw Error(where.empty() ? what : where + ": " + what);
}

void fail(ErrorKind kind, std::vector<std::string> args, const std::string& where, const std::string& what)
{
    throw Error(kind, std::move(args), where.empty() ? what : where + ": " + what);
}

}  // namespace ect

#include "ect/printable.h"

namespace ect {

std::string printable(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        const auto c = static_cast<unsigned char>(ch);
        // C1 controls in UTF-8 (U+0080..U+009F, e.g. CSI as \xc2\x9b) act on some terminals too.
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            static const char* hex = "0123456789abcdef";
            const auto next = static_cast<unsigned char>(text[++i]);
            out += "\\u00";
            out += hex[next >> 4];
            out += hex[next & 15];
            continue;
        }
        if (c >= 0x20 && c != 0x7f) {
            out += ch;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            static const char* digits = "0123456789abcdef";
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

}  // namespace ect
