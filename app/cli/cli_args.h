// A small strict flag parser for `ect`: known flags only, values checked, help text generated.
#pragma once

#include "ect/error.h"

#include <map>
#include <string>
#include <vector>

namespace ect::cli {

// A usage mistake (unknown flag, missing or malformed value): reported with a hint to --help.
class UsageError : public Error {
public:
    using Error::Error;
};

struct Flag {
    std::string name;   // without the leading dashes
    std::string value;  // placeholder such as "FILE"; empty for a switch
    std::string help;
    bool required = false;
};

class Args {
public:
    // Parses argv[first..argc) against `flags`; `positional` names the positional arguments
    // accepted (their count must match unless help was asked for; a last name ending in "..."
    // takes one or more).
    Args(std::string command, std::string summary, std::vector<Flag> flags, std::vector<std::string> positional,
         int argc, char** argv, int first);

    bool help() const { return help_; }
    std::string usage() const;

    bool has(const std::string& name) const;
    std::string text(const std::string& name, const std::string& fallback = "") const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double number(const std::string& name, double fallback) const;
    std::vector<double> numbers(const std::string& name) const;  // comma-separated
    std::vector<std::string> list(const std::string& name) const;  // comma-separated, empty items dropped
    const std::vector<std::string>& positional() const { return positional_values_; }

private:
    std::string command_, summary_;
    std::vector<Flag> flags_;
    std::vector<std::string> positional_names_, positional_values_;
    std::map<std::string, std::string> values_;
    bool help_ = false;
};

}  // namespace ect::cli
