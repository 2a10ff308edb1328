// Checked reads of JSON that came from a file (logs, model metadata, descriptions): a value of the
// wrong type or out of range reads as "absent", never as a truncated or undefined conversion
// (nlohmann's get<int>() of 1e36 is undefined behaviour; libFuzzer found one in the log reader).
#pragma once

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

}  // namespace ect
