// Data-parallel training on the CPU with Gloo: `ect` processes started as torchrun starts them
// (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT, ...) train the trajectory of one process with the
// same batch, resume on another number of ranks, stop together, and end when a rank dies.
#include "test_support.h"

#include "ect/training/distributed.h"
#include "ect/io/safetensors.h"

#include <QProcess>
#include <QStandardPaths>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

using namespace ect;
namespace fs = std::filesystem;

namespace {

// The loss records of a run's log.
std::vector<nlohmann::json> read_log(const std::string& path)
{
    std::vector<nlohmann::json> out;
    for (auto& r : ect::test::read_jsonl(path))
        if (r.contains("loss")) out.push_back(std::move(r));
    return out;
}

std::vector<double> losses(const QString& dir)
{
    std::vector<double> out;
    for (const auto& r : read_log(dir.toStdString() + "/log.jsonl")) out.push_back(r.at("loss").get<double>());
    return out;
}

QString fresh_dir(const QString& name)
{
    const QString d = ect::test::temp_path(name);
    fs::remove_all(d.toStdString());
    return d;
}

// A port nobody listens on now (the kernel's pick for a socket bound to port 0).
int free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0) ::close(fd);
        return 29500 + int(::getpid() % 1000);
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

// `ect` processes as one torchrun launch on this machine: one per rank.
struct Launch {
    std::vector<std::unique_ptr<QProcess>> ranks;

    Launch(int world, const QStringList& args, int port = free_port())
    {
        for (int r = 0; r < world; ++r) {
            auto p = std::make_unique<QProcess>();
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("RANK", QString::number(r));
            env.insert("LOCAL_RANK", QString::number(r));
            env.insert("WORLD_SIZE", QString::number(world));
            env.insert("LOCAL_WORLD_SIZE", QString::number(world));
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            p->setProcessEnvironment(env);
            p->start(ECT_CLI_PATH, args);
            ranks.push_back(std::move(p));
        }
    }
    // Waits for every rank; false when one is still running after `ms`.
    bool finish(int ms = 600000)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        for (auto& p : ranks) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (!p->waitForFinished(int(std::max<int64_t>(1, left.count())))) return false;
        }
        return true;
    }
    int code(int r) const { return ranks[r]->exitStatus() == QProcess::NormalExit ? ranks[r]->exitCode() : -1; }
    QString err(int r) const { return ranks[r]->readAllStandardError(); }
    QString out(int r) const { return ranks[r]->readAllStandardOutput(); }
    ~Launch()
    {
        for (auto& p : ranks)
            if (p->state() != QProcess::NotRunning) {
                p->kill();
                p->waitForFinished();
            }
    }
};

// Same losses, step by step, to `rel` relative.
void compare_losses(const std::vector<double>& a, const std::vector<double>& b, size_t from, size_t count, double rel)
{
    QVERIFY2(a.size() >= from + count && b.size() >= from + count,
             qPrintable(QString("%1 and %2 losses").arg(a.size()).arg(b.size())));
    double worst = 0;
    for (size_t i = from; i < from + count; ++i) {
        QVERIFY(std::isfinite(a[i]) && std::isfinite(b[i]));
        worst = std::max(worst, std::abs(a[i] - b[i]) / std::abs(b[i]));
    }
    qInfo("steps %zu..%zu: largest relative difference %.3g", from + 1, from + count, worst);
    QVERIFY2(worst < rel, qPrintable(QString("relative difference %1").arg(worst)));
}

}  // namespace

class TestDistributed : public QObject {
    Q_OBJECT

    QString base_;  // the single-process pretraining's model: the tuning tests' base
    QString single_pretrain_;

    // The tiny preset on 256 Fashion-MNIST images, with dropout and flips: every random draw of
    // a step (order, flips, levels, noise, masks) takes part. One thread per process (2 cores).
    QStringList pretrain_args(const QString& out, int steps, int batch = 16) const
    {
        return {"pretrain", "--preset", "tiny", "--data-limit", "256", "--batch", QString::number(batch), "--steps", QString::number(steps),
                "--dropout", "0.1", "--xflip", "--log-every", "1", "--sample-every", "0", "--checkpoint-every", "1000",
                "--grid-count", "4", "--grid-heun-steps", "2", "--device", "cpu", "--threads", "1", "--dist-timeout", "120",
                "--out", out};
    }
    QStringList tune_args(const QString& out) const
    {
        return {"tune", "--preset", "tiny", "--base", base_, "--data-limit", "256", "--batch", "16", "--steps", "30",
                "--dropout", "0.1", "--xflip", "--stage-kimg", "0.16", "--log-every", "1", "--sample-every", "0",
                "--grid-count", "4", "--device", "cpu", "--threads", "1", "--dist-timeout", "120", "--out", out};
    }

    // Tunes with `objective` (its flags after the tune flags) for 12 steps in one process, then
    // as 2 ranks in passes of 4 images: the losses must agree.
    void check_split_objective(const QString& name, const QStringList& objective)
    {
        const QString one = fresh_dir("dist-" + name + "-1"), two = fresh_dir("dist-" + name + "-2");
        QStringList args = tune_args(one);
        args.removeAt(args.indexOf("--stage-kimg") + 1);
        args.removeAt(args.indexOf("--stage-kimg"));
        args[args.indexOf("--steps") + 1] = "12";
        args += objective;
        const auto r = ect::test::run_ect(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        args[args.indexOf("--out") + 1] = two;
        Launch l(2, args + QStringList{"--batch-per-pass", "4"});
        QVERIFY(l.finish());
        QVERIFY2(l.code(0) == 0 && l.code(1) == 0, qPrintable(l.err(0) + l.err(1)));
        QCOMPARE(read_log(two.toStdString() + "/log.jsonl").size(), size_t(12));
        compare_losses(losses(two), losses(one), 0, 12, 1e-4);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!distributed_backends().empty(), "this build has no torch.distributed (libgloo-dev missing?)");
        single_pretrain_ = fresh_dir("dist-pretrain-1");
        const auto r = ect::test::run_ect(pretrain_args(single_pretrain_, 30));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        base_ = single_pretrain_ + "/model.safetensors";
    }

    void environment_is_read_and_checked()
    {
        const auto run = [](const QMap<QString, QString>& vars) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char* v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"}) env.remove(v);
            for (auto it = vars.begin(); it != vars.end(); ++it) env.insert(it.key(), it.value());
            p.setProcessEnvironment(env);
            p.start(ECT_CLI_PATH, {"pretrain", "--preset", "tiny", "--steps", "1", "--device", "cpu", "--out",
                                   fresh_dir("dist-env")});
            p.waitForFinished(120000);
            return std::make_pair(p.exitCode(), QString(p.readAllStandardError()));
        };
        auto [code, err] = run({{"RANK", "5"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "29999"}});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("RANK") && err.contains("from 0 to 1") && !err.contains("terminate"), qPrintable(err));
        std::tie(code, err) = run({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "29999"}});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("launch: MASTER_ADDR is not set"), qPrintable(err));
        std::tie(code, err) = run({{"RANK", "0"}, {"WORLD_SIZE", "1"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "x1"}});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("MASTER_PORT") && err.contains("'x1'"), qPrintable(err));
        // A world no launch holds is refused at once (a million spun 262 s, then ran out of files).
        QElapsedTimer clock;
        clock.start();
        std::tie(code, err) = run({{"RANK", "0"}, {"WORLD_SIZE", "1048576"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "29998"}});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("WORLD_SIZE") && err.contains("4096"), qPrintable(err));
        QVERIFY(clock.elapsed() < 30000);
    }

    void other_commands_refuse_to_run_as_ranks()
    {
        Launch l(2, {"sample", "--count", "4", "--out", ect::test::temp_path("dist-sample.png")});
        QVERIFY(l.finish(120000));
        QCOMPARE(l.code(0), 1);
        const QString err = l.err(0);
        QVERIFY2(err.contains("'ect sample' does not run as 2 ranks"), qPrintable(err));
        QVERIFY(!QFile::exists(ect::test::temp_path("dist-sample.png")));
    }

    void two_ranks_pretrain_as_one_process()
    {
        const QString dir = fresh_dir("dist-pretrain-2");
        Launch l(2, pretrain_args(dir, 30));
        QVERIFY(l.finish());
        const QString out0 = l.out(0), err0 = l.err(0), out1 = l.out(1), err1 = l.err(1);
        QVERIFY2(l.code(0) == 0 && l.code(1) == 0, qPrintable(err0 + err1));
        // Rank 0 speaks for the run, with the world size and backend; rank 1 is silent.
        QVERIFY2(out0.contains("batch 16 (8 on each of 2 ranks, gloo)"), qPrintable(out0));
        QVERIFY2(out1.isEmpty() && err1.isEmpty(), qPrintable(out1 + err1));
        const auto log = read_log(dir.toStdString() + "/log.jsonl");
        QCOMPARE(log.size(), size_t(30));
        QCOMPARE(log.back().at("world_size").get<int>(), 2);
        QCOMPARE(log.back().at("backend").get<std::string>(), std::string("gloo"));
        compare_losses(losses(dir), losses(single_pretrain_), 0, 30, 1e-4);
        // The models agree as well as the losses do.
        const auto a = read_safetensors(dir.toStdString() + "/model.safetensors");
        const auto b = read_safetensors(single_pretrain_.toStdString() + "/model.safetensors");
        double worst = 0;
        for (size_t i = 0; i < a.tensors.size(); ++i)
            worst = std::max(worst, (a.tensors[i].second - b.at(a.tensors[i].first)).abs().max().item<double>());
        qInfo("largest weight difference after 30 steps: %.3g", worst);
        QVERIFY(worst < 1e-3);  // Adam moves weights by ~lr per step: float rounding, amplified, not a drift
    }

    void two_ranks_tune_as_one_process_with_accumulation()
    {
        const QString one = fresh_dir("dist-tune-1"), two = fresh_dir("dist-tune-2");
        const auto r = ect::test::run_ect(tune_args(one));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // Two ranks, each in two passes of 4: the same step as one pass of 16.
        Launch l(2, tune_args(two) + QStringList{"--batch-per-pass", "4"});
        QVERIFY(l.finish());
        QVERIFY2(l.code(0) == 0 && l.code(1) == 0, qPrintable(l.err(0) + l.err(1)));
        const auto log = read_log(two.toStdString() + "/log.jsonl");
        QVERIFY(log.size() == 30 && log.back().at("stage").get<int>() >= 2);  // the run crosses stages
        compare_losses(losses(two), losses(one), 0, 30, 1e-4);
    }

    void two_ranks_mid_train_cmt_as_one_process()
    {
        // CMT's draws are per trajectory (4 images each here): two ranks in passes of 4 images
        // take whole trajectories, and the step is the one process's.
        check_split_objective("cmt", {"--objective", "cmt", "--nfe", "4"});
    }

    void two_ranks_train_tcm_second_stage_as_one_process()
    {
        // TCM's boundary samples are a quarter of the whole batch: passes and ranks that hold
        // more or fewer of them still add up to the one process's step.
        check_split_objective("tcm", {"--objective", "tcm2"});
    }

    void two_rank_run_resumes_on_one()
    {
        // 2 ranks train 15 steps and save; one process continues to 30: the single run's steps 16..30.
        const QString dir = fresh_dir("dist-resume");
        Launch l(2, pretrain_args(dir, 15));
        QVERIFY(l.finish());
        QVERIFY2(l.code(0) == 0 && l.code(1) == 0, qPrintable(l.err(0) + l.err(1)));
        const auto r = ect::test::run_ect({"pretrain", "--resume", dir, "--steps", "30"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        compare_losses(losses(dir), losses(single_pretrain_), 0, 30, 1e-4);
        // ... and back onto 2 ranks.
        Launch l2(2, {"pretrain", "--resume", dir, "--steps", "40", "--dist-timeout", "120"});
        QVERIFY(l2.finish());
        QVERIFY2(l2.code(0) == 0 && l2.code(1) == 0, qPrintable(l2.err(0) + l2.err(1)));
        QCOMPARE(losses(dir).size(), size_t(40));
    }

    void stop_on_one_rank_stops_every_rank()
    {
        const QString dir = fresh_dir("dist-stop");
        Launch l(2, pretrain_args(dir, 100000));
        const std::string log = dir.toStdString() + "/log.jsonl";
        for (int i = 0; i < 2400 && read_log(log).size() < 3; ++i) QTest::qWait(50);
        QVERIFY(read_log(log).size() >= 3);
        ::kill(pid_t(l.ranks[1]->processId()), SIGTERM);  // rank 1, not rank 0
        QVERIFY(l.finish(300000));
        QCOMPARE(l.code(0), 130);
        QCOMPARE(l.code(1), 130);
        const QString out = l.out(0);
        QVERIFY2(out.contains("state saved to") && out.contains("--resume"), qPrintable(out));
        const auto state = read_safetensors(dir.toStdString() + "/state.safetensors");
        QCOMPARE(std::stoll(state.metadata.at("ect.step")), int64_t(read_log(log).size()));
    }

    void killed_rank_ends_the_others()
    {
        const QString dir = fresh_dir("dist-kill");
        Launch l(2, pretrain_args(dir, 100000));
        const std::string log = dir.toStdString() + "/log.jsonl";
        for (int i = 0; i < 2400 && read_log(log).size() < 3; ++i) QTest::qWait(50);
        QVERIFY(read_log(log).size() >= 3);
        const auto t0 = std::chrono::steady_clock::now();
        ::kill(pid_t(l.ranks[1]->processId()), SIGKILL);
        QVERIFY2(l.ranks[0]->waitForFinished(120000), "rank 0 still runs after its peer died");  // --dist-timeout 120
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("rank 0 ended %.1f s after rank 1 was killed", seconds);
        QCOMPARE(l.ranks[0]->exitStatus(), QProcess::NormalExit);
        QCOMPARE(l.code(0), 1);
        const QString err = l.err(0);
        QVERIFY2(err.contains("[rank 0]") && err.contains("failed") && !err.contains("terminate called"), qPrintable(err));
    }

    void hung_rank_times_out()
    {
        // A rank that stops answering (SIGSTOP) but keeps its connections open: the others give up
        // after --dist-timeout, with a message, instead of waiting for ever.
        const QString dir = fresh_dir("dist-hang");
        QStringList args = pretrain_args(dir, 100000);
        args[args.indexOf("--dist-timeout") + 1] = "10";
        Launch l(2, args);
        const std::string log = dir.toStdString() + "/log.jsonl";
        for (int i = 0; i < 2400 && read_log(log).size() < 3; ++i) QTest::qWait(50);
        QVERIFY(read_log(log).size() >= 3);
        const auto t0 = std::chrono::steady_clock::now();
        ::kill(pid_t(l.ranks[1]->processId()), SIGSTOP);
        const bool ended = l.ranks[0]->waitForFinished(90000);
        ::kill(pid_t(l.ranks[1]->processId()), SIGKILL);
        QVERIFY2(ended, "rank 0 still waits 90 s after its peer stopped (timeout 10 s)");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("rank 0 ended %.1f s after rank 1 stopped (timeout 10 s)", seconds);
        QCOMPARE(l.code(0), 1);
        const QString err = l.err(0);
        QVERIFY2(err.contains("[rank 0]") && err.contains("failed") && err.contains("--resume"), qPrintable(err));
    }

    void a_rank_that_cannot_start_stops_every_rank()
    {
        // Rank 0 refuses a folder that holds a run; rank 1 names rank 0's reason.
        Launch l(2, pretrain_args(single_pretrain_, 10));
        QVERIFY(l.finish(300000));
        QCOMPARE(l.code(0), 1);
        QCOMPARE(l.code(1), 1);
        const QString e0 = l.err(0), e1 = l.err(1);
        QVERIFY2(e0.contains("already holds a training run"), qPrintable(e0));
        QVERIFY2(e1.contains("[rank 1]") && e1.contains("rank 0: ") && e1.contains("already holds"), qPrintable(e1));
        // A batch that does not split over the ranks.
        Launch b(2, pretrain_args(fresh_dir("dist-odd"), 10, 15));
        QVERIFY(b.finish(300000));
        QCOMPARE(b.code(0), 1);
        QCOMPARE(b.code(1), 1);
        const QString odd = b.err(0);
        QVERIFY2(odd.contains("a batch of 15 does not split evenly over 2 ranks"), qPrintable(odd));
    }

    void bench_reports_total_and_per_rank()
    {
        Launch l(2, {"bench", "--presets", "tiny", "--modes", "pretrain", "--steps", "3", "--batch", "16", "--device", "cpu",
                     "--json", "--dist-timeout", "120"});
        QVERIFY(l.finish());
        const QString out = l.out(0);
        QVERIFY2(l.code(0) == 0 && l.code(1) == 0, qPrintable(l.err(0) + l.err(1)));
        QVERIFY2(l.out(1).isEmpty(), "rank 1 printed");
        const auto j = nlohmann::json::parse(out.trimmed().toStdString());
        QCOMPARE(j.at("world_size").get<int>(), 2);
        QCOMPARE(j.at("backend").get<std::string>(), std::string("gloo"));
        QCOMPARE(j.at("batch").get<int>(), 16);
        QVERIFY(j.at("img_per_s").get<double>() > 0);
        QCOMPARE(j.at("img_per_s_per_rank").get<double>(), j.at("img_per_s").get<double>() / 2);
    }

    void torchrun_launches_ect()
    {
        const QString torchrun = QStandardPaths::findExecutable("torchrun");
        if (torchrun.isEmpty()) QFAIL("torchrun not found (packaging/install-deps.sh installs python3-torch)");
        const QString dir = fresh_dir("dist-torchrun");
        QProcess p;
        // --no_python is 1.13's spelling (2.x takes --no-python too). --redirects/--tee 2: Debian's
        // torchrun 1.13 fails with Python 3.11 on the default 0 ('NoneType' ... 'get'); 2 sends
        // the ranks' stderr through torchrun unchanged.
        p.start(torchrun, QStringList{"--nproc_per_node=2", "--redirects", "2", "--tee", "2", "--master_port",
                                      QString::number(free_port()), "--no_python", ECT_CLI_PATH} +
                              pretrain_args(dir, 10));
        QVERIFY(p.waitForFinished(600000));
        const QString out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, qPrintable(out + err));
        QVERIFY2(out.contains("8 on each of 2 ranks, gloo"), qPrintable(out));
        compare_losses(losses(dir), losses(single_pretrain_), 0, 10, 1e-4);

        // A failed launch: torchrun's summary gives the reason from the ranks' error files.
        QProcess again;
        again.start(torchrun, QStringList{"--nproc_per_node=2", "--redirects", "2", "--tee", "2", "--master_port",
                                          QString::number(free_port()), "--no_python", ECT_CLI_PATH} +
                                  pretrain_args(dir, 10));
        QVERIFY(again.waitForFinished(600000));
        QVERIFY(again.exitCode() != 0);
        const QString summary = again.readAllStandardError();
        QVERIFY2(summary.contains("traceback : ect pretrain: ") && summary.contains("already holds a training run"),
                 qPrintable(summary));
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
