// SHA-256 of files, for model provenance ("base model hash") and the studio's "Model hash".
#pragma once

#include <string>

namespace ect {

std::string sha256_hex(const std::string& bytes);
// Hex SHA-256 of a file's contents; throws Error naming the file when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace ect
