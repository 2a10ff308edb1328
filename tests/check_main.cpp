// main() of the harness's test executables (a separate file: executables with their own main,
// QtTest's, link the library without it).
#include "check.h"

int main(int argc, char** argv)
{
    return ect::check::run_all(argc, argv);
}
