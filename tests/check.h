// A small test harness for the core tests, so they build and run without Qt (`-DECT_CORE_ONLY=ON`,
// what the GPU servers build): test cases register themselves, a failed check ends its case with
// the expression, the values and the place, and the program's exit status counts the failures.
//
//   TEST_CASE(adam_first_step_moves_by_lr) { REQUIRE_EQ(p.item<double>(), 0.9); }
//   ./test_optim [substring]   runs every case, or those whose name contains the substring
// A case named initTestCase (the shared set-up, as in QtTest) runs first and always.
// Checks: REQUIRE, REQUIRE_MSG, REQUIRE_EQ, REQUIRE_THROWS, FAIL_CASE, SKIP_CASE (not CHECK_*:
// LibTorch's logging headers define those).
#pragma once

#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

namespace ect::check {

// Registers a case at static initialisation; cases run in the order they appear.
struct Registrar {
    Registrar(const char* name, std::function<void()> body);
};

// Thrown by a failed check or a skip: ends the current case.
struct Failure {
    std::string message;
};
struct Skipped {
    std::string reason;
};

[[noreturn]] void fail(const std::string& what, const char* file, int line);
[[noreturn]] void skip(const std::string& reason);

// The data row being checked (named in failure messages); "" outside rows.
void set_row(const std::string& name);

int run_all(int argc, char** argv);

template <class T, class = void>
struct Printable : std::false_type {
};
template <class T>
struct Printable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>> : std::true_type {
};

template <class T>
std::string text(const T& v)
{
    if constexpr (std::is_same_v<T, bool>) {
        return v ? "true" : "false";
    } else if constexpr (Printable<T>::value) {
        std::ostringstream s;
        s.precision(17);
        s << v;
        return s.str();
    } else {
        return "(a value)";
    }
}

// As QtTest compares: floating-point values within a relative 1e-12 (double) or 1e-5 (float).
template <class A, class B>
bool equal(const A& a, const B& b)
{
    if constexpr (std::is_floating_point_v<A> && std::is_floating_point_v<B>) {
        using F = std::conditional_t<std::is_same_v<A, float> && std::is_same_v<B, float>, float, double>;
        const F x = F(a), y = F(b);
        if (x == y) return true;
        const F scale = std::is_same_v<F, float> ? F(1e5) : F(1e12);
        return std::abs(x - y) * scale <= std::min(std::abs(x), std::abs(y));
    } else {
        return a == b;
    }
}

template <class A, class B>
void check_equal(const A& actual, const B& expected, const char* what, const char* file, int line)
{
    if (!equal(actual, expected)) fail(std::string(what) + ": " + text(actual) + " != " + text(expected), file, line);
}

template <class... Parts>
std::string message(const Parts&... parts)
{
    std::ostringstream s;
    (s << ... << parts);
    return s.str();
}

}  // namespace ect::check

#define ECT_CHECK_CAT2(a, b) a##b
#define ECT_CHECK_CAT(a, b) ECT_CHECK_CAT2(a, b)

#define TEST_CASE(name)                                                                \
    static void name();                                                                \
    static const ::ect::check::Registrar ECT_CHECK_CAT(registrar_, name)(#name, name); \
    static void name()

#define REQUIRE(cond)                                                                       \
    do {                                                                                    \
        if (!(cond)) ::ect::check::fail("REQUIRE(" #cond ") is false", __FILE__, __LINE__); \
    } while (0)

// The message: any values `<<` can write, e.g. REQUIRE_MSG(x < 1, "x = ", x).
#define REQUIRE_MSG(cond, ...)                                                                                 \
    do {                                                                                                       \
        if (!(cond))                                                                                           \
            ::ect::check::fail("REQUIRE(" #cond ") is false: " + ::ect::check::message(__VA_ARGS__), __FILE__, \
                               __LINE__);                                                                      \
    } while (0)

// One call, so temporaries in either argument (an IntArrayRef over a braced list) live until the
// comparison is done.
#define REQUIRE_EQ(actual, expected) \
    ::ect::check::check_equal((actual), (expected), "REQUIRE_EQ(" #actual ", " #expected ")", __FILE__, __LINE__)

#define REQUIRE_THROWS(Exception, expr)                                                                    \
    do {                                                                                                   \
        bool ect_check_thrown = false;                                                                     \
        try {                                                                                              \
            (void)(expr);                                                                                  \
        } catch (const Exception&) {                                                                       \
            ect_check_thrown = true;                                                                       \
        }                                                                                                  \
        if (!ect_check_thrown) ::ect::check::fail(#expr " did not throw " #Exception, __FILE__, __LINE__); \
    } while (0)

#define FAIL_CASE(what) ::ect::check::fail(what, __FILE__, __LINE__)
#define SKIP_CASE(reason) ::ect::check::skip(reason)
