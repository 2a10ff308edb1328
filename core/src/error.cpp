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
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
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
