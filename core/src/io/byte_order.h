// Big-endian integers in byte strings (PNG chunks, IDX headers); internal to core.
#pragma once

#include <cstdint>
#include <string>

namespace ect::detail {

inline uint32_t read_be32(const std::string& b, size_t at)
{
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) | (uint32_t(uint8_t(b[at + 2])) << 8) |
           uint32_t(uint8_t(b[at + 3]));
}

}  // namespace ect::detail
