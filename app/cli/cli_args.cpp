// Flag parsing for `ect`.
#include "cli_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ect::cli {

Args::Args(std::string command, std::string summary, std::vector<Flag> flags, std::vector<std::string> positional,
           int argc, char** argv, int first)
    : command_(std::move(command)), summary_(std::move(summary)), flags_(std::move(flags)),
      positional_names_(std::move(positional))
{
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            help_ = true;
            continue;
        }
        if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
            std::string name = arg.substr(2), value;
            const auto eq = name.find('=');
            const bool inline_value = eq != std::string::npos;
            if (inline_value) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            const Flag* flag = nullptr;
            for (const auto& f : flags_)
                if (f.name == name) flag = &f;
            if (!flag) throw UsageError("unknown flag --" + name);
            if (flag->value.empty()) {
                if (inline_value) throw UsageError("--" + name + " takes no value");
                value = "1";
            } else if (!inline_value) {
                if (i + 1 >= argc) throw UsageError("--" + name + " needs a value (" + flag->value + ")");
                value = argv[++i];
            }
            if (values_.count(name)) throw UsageError("--" + name + " given twice");
            values_[name] = value;
            continue;
        }
        if (arg.size() > 1 && arg[0] == '-' && !(std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.'))
            throw UsageError("unknown option " + arg);
        positional_values_.push_back(arg);
    }
    if (help_) return;
    // A last name ending in "..." takes one or more values.
    const bool variadic = !positional_names_.empty() && positional_names_.back().size() > 3 &&
                          positional_names_.back().compare(positional_names_.back().size() - 3, 3, "...") == 0;
    if (positional_values_.size() != positional_names_.size() &&
        !(variadic && positional_values_.size() > positional_names_.size())) {
        if (positional_values_.size() > positional_names_.size())
            throw UsageError("unexpected argument '" + positional_values_[positional_names_.size()] + "'");
        throw UsageError("missing " + positional_names_[positional_values_.size()]);
    }
    for (const auto& f : flags_)
        if (f.required && !values_.count(f.name)) throw UsageError("missing --" + f.name + " " + f.value);
}

std::string Args::usage() const
{
    std::ostringstream s;
    s << "Usage: ect " << command_;
    for (const auto& p : positional_names_) s << ' ' << p;
    for (const auto& f : flags_)
        if (f.required) s << " --" << f.name << ' ' << f.value;
    s << " [options]\n\n" << summary_ << "\n\nOptions:\n";
    for (const auto& f : flags_) {
        std::string left = "  --" + f.name + (f.value.empty() ? "" : " " + f.value);
        if (left.size() < 26) left.resize(26, ' ');
        else left += "\n" + std::string(26, ' ');
        // Help text on several lines keeps the column.
        std::string help = f.help;
        for (size_t at = help.find('\n'); at != std::string::npos; at = help.find('\n', at + 27))
            help.insert(at + 1, std::string(26, ' '));
        s << left << help << (f.required ? " (required)" : "") << '\n';
    }
    s << "  -h, --help              Show this help\n";
    return s.str();
}

bool Args::has(const std::string& name) const
{
    return values_.count(name) != 0;
}

std::string Args::text(const std::string& name, const std::string& fallback) const
{
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

long long Args::integer(const std::string& name, long long fallback, long long min, long long max) const
{
    if (!has(name)) return fallback;
    const std::string v = text(name);
    char* end = nullptr;
    errno = 0;
    const long long x = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end || errno)
        throw UsageError("--" + name + " expects an integer, got '" + v + "'");
    if (x < min || x > max)
        throw UsageError("--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                         ", got " + v);
    return x;
}

namespace {

double parse_number(const std::string& flag, const std::string& v)
{
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || *end || errno || !std::isfinite(x))
        throw UsageError("--" + flag + " expects a number, got '" + v + "'");
    return x;
}

}  // namespace

double Args::number(const std::string& name, double fallback) const
{
    return has(name) ? parse_number(name, text(name)) : fallback;
}

std::vector<double> Args::numbers(const std::string& name) const
{
    std::vector<double> out;
    if (!has(name)) return out;
    std::stringstream s(text(name));
    std::string item;
    while (std::getline(s, item, ',')) out.push_back(parse_number(name, item));
    if (out.empty()) throw UsageError("--" + name + " expects comma-separated numbers");
    return out;
}

std::vector<std::string> Args::list(const std::string& name) const
{
    std::vector<std::string> out;
    std::istringstream s(text(name));
    for (std::string item; std::getline(s, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

}  // namespace ect::cli
