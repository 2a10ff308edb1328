// SHA-256 of files, for model provenance ("base model hash") and the studio's "Model hash".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ect {

// Incremental SHA-256: update() with any number of pieces, then hex() once.
class Sha256 {
public:
    void update(const void* data, size_t n);
    std::string hex();

private:
    void compress();
    uint32_t h_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t block_[64] = {};
    size_t fill_ = 0;
    uint64_t length_ = 0;
};

std::string sha256_hex(const std::string& bytes);
// Hex SHA-256 of a file's contents; throws Error naming the file when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace ect
