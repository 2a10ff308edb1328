// libFuzzer's entry points (ECT_FUZZ=ON, clang): `ect-fuzz TARGET [libFuzzer options] [CORPUS...]`.
// The target is the first argument (or ECT_FUZZ_TARGET, which child processes inherit).
#include "fuzz_targets.h"

#include "ect/error.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace {
const fuzz::Target* target = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    const char* env = std::getenv("ECT_FUZZ_TARGET");
    std::string name = env && *env ? env : "";
    if (name.empty() && *argc >= 2 && (*argv)[1][0] != '-') {
        name = (*argv)[1];
        setenv("ECT_FUZZ_TARGET", name.c_str(), 1);
        (*argv)[1] = (*argv)[0];  // drop the target from what libFuzzer parses
        ++*argv;
        --*argc;
    }
    target = fuzz::find_target(name);
    if (!target) {
        std::fprintf(stderr, "usage: ect-fuzz TARGET [libFuzzer options] [CORPUS_DIR...]\ntargets:\n");
        for (const auto& t : fuzz::targets()) std::fprintf(stderr, "  %-16s %s\n", t.name, t.what);
        std::exit(2);
    }
    fuzz::initialise(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        target->run(data, size);
    } catch (const ect::Error&) {
        // refused with a message: the expected end of a malformed input
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ect-fuzz %s: an exception other than ect::Error escaped: %s\n", target->name, e.what());
        std::abort();  // a finding: libFuzzer keeps the input
    }
    return 0;
}
