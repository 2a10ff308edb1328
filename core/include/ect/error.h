// The one exception type of core: a message a user can act on, naming the file or value at fault.
#pragma once

#include <stdexcept>
#include <string>

namespace ect {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws Error("<where>: <what>"), e.g. fail("model.safetensors", "header is not valid JSON").
[[noreturn]] void fail(const std::string& where, const std::string& what);

}  // namespace ect
