// Fuzz targets: every parser of a file a user may be handed, as a function of raw bytes. The same
// targets run under libFuzzer (`ect-fuzz`, a clang build with ECT_FUZZ=ON: packaging/fuzz.sh) and
// are replayed over the committed corpora by ctest in every build (`ect-fuzz-replay`).
//
// A target returns normally when the input was read or refused with ect::Error (the one message a
// user sees); anything else — another exception type, a crash, a sanitizer report, an allocation
// over libFuzzer's limit — is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

struct Target {
    const char* name;
    const char* what;  // one line: the parser and the path through it
    void (*run)(const uint8_t* data, size_t size);
    // Valid inputs the corpus starts from (written by `ect-fuzz-replay --write-seeds DIR`).
    std::vector<std::string> (*seeds)();
};

// The targets of this build: core's always, the studio's when it is built.
const std::vector<Target>& targets();
const Target* find_target(const std::string& name);

// Called once per process before the first input: threads, Qt (for the studio's targets).
void initialise(int* argc, char*** argv);

// A private scratch folder on tmpfs for targets whose parser takes a path.
const std::string& scratch_dir();
void write_bytes(const std::string& path, const uint8_t* data, size_t size);

// Targets whose input is several files: the parts joined by kPartBreak. split_parts gives exactly
// `count` parts (missing ones empty; a break inside the last part stays in it).
extern const std::string kPartBreak;
std::vector<std::string> split_parts(const std::string& input, size_t count);

std::vector<Target> core_targets();
std::vector<Target> studio_targets();

}  // namespace fuzz
