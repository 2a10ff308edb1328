// The one exception type of core: a message a user can act on, naming the file or value at fault.
// Errors a program may want to word itself (the studio, in its own words and language) also carry
// a kind and its arguments; the message stays the English one the command line prints.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ect {

// The kinds a front end words itself, each with its arguments in order.
enum class ErrorKind {
    Other,           // only the message
    FileUnreadable,  // {path, the system's reason}
    NotAModelFile,   // {path}
    RunFolderInUse,  // {run folder}
    NoBaseModel,     // {}
    NotARunFolder,   // {folder}
    NoImagesFound,   // {folder}
    NoImageReadable, // {folder, how many files were tried}
    BadLevels,       // {the text}
};

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    Error(ErrorKind kind, std::vector<std::string> args, const std::string& message)
        : std::runtime_error(message), kind_(kind), args_(std::move(args))
    {
    }
    ErrorKind kind() const { return kind_; }
    const std::vector<std::string>& args() const { return args_; }

private:
    ErrorKind kind_ = ErrorKind::Other;
    std::vector<std::string> args_;
};

// Throws Error("<where>: <what>"), e.g. fail("model.safetensors", "header is not valid JSON").
[[noreturn]] void fail(const std::string& where, const std::string& what);
// The same, of a kind a front end may word itself.
[[noreturn]] void fail(ErrorKind kind, std::vector<std::string> args, const std::string& where, const std::string& what);

}  // namespace ect
