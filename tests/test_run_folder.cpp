// A run folder's log read back as the studio reads it: every kind of damage is skipped, never
// fatal, and a line without end is never held whole.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/training/run_folder.h"

#include <filesystem>
#include <functional>
#include <fstream>

#include <sys/stat.h>

using namespace ect;

TEST_CASE(damaged_lines_are_skipped)
{
    const std::string dir = test::temp_file("run-damaged");
    std::filesystem::create_directories(dir);
    RunFolder folder(dir);
    {
        std::ofstream log(folder.log_path(), std::ios::binary);
        log << R"({"step":10,"kimg":0.16,"stage":0,"loss":0.5,"lr":0.0001})" << '\n';
        log << "not json\n";
        log << R"({"step":"x","loss":1})" << '\n';                  // a string step
        log << R"({"step":11,"kimg":"many","loss":0.4})" << '\n';   // a string kimg
        log << R"({"step":12,"fd":{"cm1":3.5,"cm2":"?"}})" << '\n';  // one FD value of the wrong type
        // Numbers no integer holds (libFuzzer's find: converting them was undefined behaviour).
        log << R"({"step":1.05e36,"loss":0.3})" << '\n';
        log << R"({"step":13,"kimg":1e300,"loss":0.3})" << '\n';
        log << R"({"step":14,"fd":{"cm1":1.0},"fd_samples":1e36})" << '\n';  // read, the count as 0
        log << std::string(3 << 20, 'x') << '\n';                   // 3 MiB in one line
        log << R"({"step":20,"kimg":0.32,"stage":1,"loss":0.25,"lr":0.0001})";  // no final newline
    }
    const RunLog read = folder.read_log();
    REQUIRE_EQ(read.loss.size(), size_t(2));
    REQUIRE_EQ(read.loss[0].step, int64_t(10));
    REQUIRE_EQ(read.loss[1].step, int64_t(20));
    REQUIRE_EQ(read.loss[1].loss, 0.25);
    REQUIRE_EQ(read.quality.size(), size_t(2));
    REQUIRE_EQ(read.quality[0].fd.size(), size_t(1));
    REQUIRE_EQ(read.quality[0].fd[0].second, 3.5);
    REQUIRE_EQ(read.quality[1].samples, int64_t(0));
}

TEST_CASE(missing_log_reads_empty_special_ones_are_refused)
{
    const std::string dir = test::temp_file("run-fifo");
    std::filesystem::create_directories(dir);
    RunFolder folder(dir);
    REQUIRE(folder.read_log().loss.empty());  // no log yet
    // A FIFO in the log's place would block a reader, a link to /dev/zero never ends, a link
    // elsewhere is not ours to rewrite on resume: each is refused by name, none is opened.
    REQUIRE_EQ(::mkfifo(folder.log_path().c_str(), 0600), 0);
    auto refused = [&](const char* row, const std::function<void()>& read) {
        ect::check::set_row(row);
        try {
            read();
            FAIL_CASE("read");
        } catch (const Error& e) {
            REQUIRE_MSG(std::string(e.what()).find("log.jsonl") != std::string::npos && std::string(e.what()).find("not a regular file") != std::string::npos, e.what());
        }
    };
    refused("fifo", [&] { folder.read_log(); });
    std::filesystem::remove(folder.log_path());
    std::filesystem::create_symlink("/dev/zero", folder.log_path());
    refused("link to /dev/zero", [&] { folder.read_log(); });
    refused("link, on resume", [&] { folder.keep_log_until(5); });
    REQUIRE(std::filesystem::is_symlink(folder.log_path()));  // left as it was
    std::filesystem::remove(folder.log_path());
    // A sparse 2 GiB log (2 KiB on disk) is refused by its size before a byte is read.
    {
        std::ofstream(folder.log_path()) << "{}";
        std::filesystem::resize_file(folder.log_path(), 2ull << 30);
        ect::check::set_row("sparse");
        try {
            folder.read_log();
            FAIL_CASE("read");
        } catch (const Error& e) {
            REQUIRE_MSG(std::string(e.what()).find("more than the 1024 MiB") != std::string::npos, e.what());
        }
    }
    std::filesystem::remove(folder.log_path());
}

TEST_CASE(a_watcher_reads_only_what_was_added)
{
    // read_log_since: whole lines after the cursor, the cursor moved past them; a line still
    // being written is left for the next look (a watcher never reads the whole log again).
    const std::string dir = test::temp_file("run-since");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    RunFolder folder(dir);
    RunFolder::LogCursor cursor;
    bool restarted = true;
    REQUIRE(folder.read_log_since(cursor, &restarted).loss.empty());  // no log yet
    REQUIRE(!restarted);
    const std::string first = R"({"step":1,"kimg":0.1,"loss":0.5})" "\n";
    const std::string second = R"({"step":2,"kimg":0.2,"loss":0.4})" "\n";
    const std::string half = R"({"step":3,"kimg":0.3,)";
    std::ofstream(folder.log_path(), std::ios::binary) << first << second << half;
    RunLog got = folder.read_log_since(cursor, &restarted);
    REQUIRE_EQ(got.loss.size(), size_t(2));
    REQUIRE(!restarted);  // the first read of a log is no restart
    REQUIRE_EQ(cursor.offset, uint64_t(first.size() + second.size()));
    REQUIRE(folder.read_log_since(cursor).loss.empty());  // nothing new
    std::ofstream(folder.log_path(), std::ios::app | std::ios::binary) << R"("loss":0.3})" "\n" << R"({"step":4,"fd":{"cm1":2.5}})" "\n";
    got = folder.read_log_since(cursor, &restarted);
    REQUIRE_EQ(got.loss.size(), size_t(1));
    REQUIRE_EQ(got.loss[0].step, int64_t(3));
    REQUIRE_EQ(got.quality.size(), size_t(1));
    REQUIRE(!restarted);
    REQUIRE_EQ(cursor.offset, uint64_t(std::filesystem::file_size(folder.log_path())));

    // Shortened in place (a resume dropped the records after its checkpoint): read from the start.
    std::ofstream(folder.log_path(), std::ios::binary | std::ios::trunc) << first;
    got = folder.read_log_since(cursor, &restarted);
    REQUIRE(restarted);
    REQUIRE_EQ(got.loss.size(), size_t(1));
    REQUIRE_EQ(cursor.offset, uint64_t(first.size()));

    // Replaced by a rename with a longer log: another file, so read whole although it grew.
    const std::string fresh = folder.log_path() + ".new";
    std::ofstream(fresh, std::ios::binary) << second << first << second;
    std::filesystem::rename(fresh, folder.log_path());
    got = folder.read_log_since(cursor, &restarted);
    REQUIRE(restarted);
    REQUIRE_EQ(got.loss.size(), size_t(3));
    REQUIRE_EQ(got.loss[0].step, int64_t(2));
}

TEST_CASE(snapshots_keep_the_newest_models)
{
    const std::string dir = test::temp_file("snapshot-run");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const RunFolder folder(dir);
    for (int64_t step : {10, 20, 30, 40, 50}) {
        test::spit(folder.model_path(), "model of step " + std::to_string(step));
        folder.keep_snapshot(step, 3);
    }
    const auto kept = folder.snapshots();
    REQUIRE_EQ(kept.size(), size_t(3));
    REQUIRE_EQ(kept[0].first, int64_t(30));
    REQUIRE_EQ(kept[2].first, int64_t(50));
    REQUIRE_EQ(kept[2].second, folder.snapshot_path(50));
    REQUIRE_EQ(test::slurp(kept[0].second), std::string("model of step 30"));
    // Names that only look like snapshots are not listed (nor deleted).
    test::spit(folder.snapshots_dir() + "/model-12x.safetensors", "x");
    test::spit(folder.snapshots_dir() + "/model-00000060.safetensors.new", "x");
    REQUIRE_EQ(folder.snapshots().size(), size_t(3));
    // A snapshot that cannot be written is an error naming it.
    std::filesystem::remove(folder.model_path());
    REQUIRE_THROWS(Error, folder.keep_snapshot(60, 3));
}

TEST_CASE(a_models_run_checkpoints)
{
    // The X/Y plot's Checkpoint axis: the run a model belongs to, found from the model's path.
    const std::string dir = test::temp_file("checkpoint-run");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const RunFolder folder(dir);
    test::spit(folder.model_path(), "latest");
    REQUIRE(run_checkpoints_of(folder.model_path(), 7).empty());  // no config.json: not a run
    test::spit(folder.config_path(), "{}");
    // A run without snapshots (an older run, or --keep-snapshots 0): its model, at its step.
    const auto alone = run_checkpoints_of(folder.model_path(), 7);
    REQUIRE_EQ(alone.size(), size_t(1));
    REQUIRE_EQ(alone[0].first, int64_t(7));
    REQUIRE_EQ(alone[0].second, folder.model_path());
    for (int64_t step : {5, 7}) folder.keep_snapshot(step, 8);
    // From the run's model or from one of its snapshots: the same list.
    for (const std::string& from : {folder.model_path(), folder.snapshot_path(5)}) {
        const auto all = run_checkpoints_of(from, 7);
        REQUIRE_EQ(all.size(), size_t(2));
        REQUIRE_EQ(all[0].second, folder.snapshot_path(5));
        REQUIRE_EQ(all[1].first, int64_t(7));
    }
    REQUIRE(run_checkpoints_of(dir + "/other.safetensors", 7).empty());
}
