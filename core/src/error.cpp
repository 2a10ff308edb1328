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
