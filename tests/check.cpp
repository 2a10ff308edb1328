// The harness's runner: QtTest-like lines (PASS / FAIL! / SKIP), totals, exit status = failures.
#include "check.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

namespace ect::check {
namespace {

struct Case {
    const char* name;
    std::function<void()> body;
};

std::vector<Case>& cases()
{
    static std::vector<Case> all;
    return all;
}

std::string& row()
{
    static std::string current;
    return current;
}

}  // namespace

Registrar::Registrar(const char* name, std::function<void()> body)
{
    cases().push_back({name, std::move(body)});
}

void fail(const std::string& what, const char* file, int line)
{
    throw Failure{what + "\n   Loc: [" + file + "(" + std::to_string(line) + ")]"};
}

void skip(const std::string& reason)
{
    throw Skipped{reason};
}

void set_row(const std::string& name)
{
    row() = name;
}

int run_all(int argc, char** argv)
{
    const char* only = argc > 1 ? argv[1] : nullptr;
    int passed = 0, failed = 0, skipped = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const Case& c : cases()) {
        // initTestCase (as in QtTest: the shared set-up) runs whatever the filter.
        if (only && !std::strstr(c.name, only) && std::strcmp(c.name, "initTestCase") != 0) continue;
        row().clear();
        auto label = [&] { return row().empty() ? std::string(c.name) : std::string(c.name) + "(" + row() + ")"; };
        try {
            c.body();
            std::printf("PASS   : %s\n", c.name);
            ++passed;
        } catch (const Failure& f) {
            std::printf("FAIL!  : %s %s\n", label().c_str(), f.message.c_str());
            ++failed;
        } catch (const Skipped& s) {
            std::printf("SKIP   : %s %s\n", c.name, s.reason.c_str());
            ++skipped;
        } catch (const std::exception& e) {
            std::printf("FAIL!  : %s threw: %s\n", label().c_str(), e.what());
            ++failed;
        } catch (...) {
            std::printf("FAIL!  : %s threw something that is not an exception\n", label().c_str());
            ++failed;
        }
        std::fflush(stdout);
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("Totals: %d passed, %d failed, %d skipped, %.0fms\n", passed, failed, skipped, ms);
    if (passed + failed + skipped == 0) {
        std::printf("No test case matches '%s'\n", only ? only : "");
        return 1;
    }
    return failed > 255 ? 255 : failed;
}

}  // namespace ect::check
