// Checked reads of JSON that came from a file (logs, model metadata, descriptions): a value of the
// wrong type or out of range reads as "absent", never as a truncated or undefined conversion
// (nlohmann's get<int>() of 1e36 is undefined behaviour; libFuzzer found one in the log reader).
#pragma once

#include "ect/error.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>

namespace ect {

// A whole number (JSON integer) within int64, else nothing.
inline std::optional<int64_t> json_whole(const nlohmann::json& v)
{
    if (!v.is_number_integer()) return std::nullopt;
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > uint64_t(INT64_MAX)) return std::nullopt;
        return int64_t(u);
    }
    return v.get<int64_t>();
}

// A whole number within [lo, hi], else nothing.
inline std::optional<int64_t> json_whole(const nlohmann::json& v, int64_t lo, int64_t hi)
{
    const auto x = json_whole(v);
    if (!x || *x < lo || *x > hi) return std::nullopt;
    return x;
}

// A finite number (integer or floating), else nothing.
inline std::optional<double> json_number(const nlohmann::json& v)
{
    if (!v.is_number()) return std::nullopt;
    const double x = v.get<double>();
    if (!std::isfinite(x)) return std::nullopt;
    return x;
}

// The field `key` of an object read with one of the above; `fallback` when absent or unusable.
template <class Read, class T>
T json_field(const nlohmann::json& object, const char* key, Read read, T fallback)
{
    if (!object.is_object()) return fallback;
    const auto it = object.find(key);
    if (it == object.end()) return fallback;
    const auto v = read(*it);
    return v ? T(*v) : fallback;
}

// Parses JSON from a file within a budget: at most `max_depth` levels of nesting and `max_values`
// values in all, refused (Error naming `source`) as soon as either is passed, before the document
// is built. A 100 MiB run of "[" or "[{}," would otherwise take gigabytes as nlohmann's values.
// Invalid JSON throws nlohmann::json::exception as json::parse does.
inline nlohmann::json parse_json_bounded(const char* first, const char* last, const std::string& source, int max_depth,
                                         size_t max_values)
{
    size_t values = 0;
    const nlohmann::json::parser_callback_t check = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        using E = nlohmann::json::parse_event_t;
        if (depth > max_depth) fail(source, "JSON nested deeper than " + std::to_string(max_depth) + " levels");
        if ((event == E::value || event == E::object_start || event == E::array_start) && ++values > max_values)
            fail(source, "JSON holds more than " + std::to_string(max_values) + " values");
        return true;
    };
    return nlohmann::json::parse(first, last, check);
}

inline nlohmann::json parse_json_bounded(const std::string& text, const std::string& source, int max_depth, size_t max_values)
{
    return parse_json_bounded(text.data(), text.data() + text.size(), source, max_depth, max_values);
}

}  // namespace ect
