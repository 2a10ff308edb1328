// Model files: safetensors round trips and one distinct, named error per kind of damage.
#include "test_support.h"

#include "ect/error.h"
#include "ect/model_file.h"

#include <QtTest/QtTest>

#include <fstream>

using namespace ect;
using ect::test::temp_path;

namespace {

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// A file with a hand-written header, to build damaged files byte by byte.
std::string with_header(const std::string& header, const std::string& data)
{
    std::string bytes(8, '\0');
    const uint64_t n = header.size();
    std::memcpy(bytes.data(), &n, 8);
    return bytes + header + data;
}

// The error message read_safetensors gives for `bytes`, or "" when it reads fine.
QString error_for(const std::string& bytes)
{
    const std::string path = temp_path("damaged.safetensors").toStdString();
    spit(path, bytes);
    try {
        read_safetensors(path);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestModelFile : public QObject {
    Q_OBJECT

private slots:
    void round_trip_all_dtypes()
    {
        const std::string path = temp_path("all.safetensors").toStdString();
        torch::manual_seed(1);
        std::vector<std::pair<std::string, torch::Tensor>> tensors{
            {"f32", torch::randn({3, 4})},
            {"f16", torch::randn({5}).to(torch::kFloat16)},
            {"bf16", torch::randn({2, 2, 2}).to(torch::kBFloat16)},
            {"f64", torch::randn({7}, torch::kFloat64)},
            {"i64", torch::arange(6).reshape({2, 3})},
            {"u8", torch::randint(0, 255, {4}, torch::kUInt8)},
            {"scalar", torch::tensor(3.5f).reshape({})},
            {"empty", torch::zeros({0, 3})},
            {"strided", torch::randn({4, 4}).t()},  // non-contiguous input is written in logical order
        };
        const std::map<std::string, std::string> meta{{"ect.note", "round trip ✓"}, {"empty", ""}};
        write_safetensors(path, tensors, meta);
        const auto file = read_safetensors(path);
        QCOMPARE(file.tensors.size(), tensors.size());
        QVERIFY(file.metadata == meta);
        for (const auto& [name, t] : tensors) {
            const auto& back = file.at(name);
            QCOMPARE(back.scalar_type(), t.scalar_type());
            QVERIFY(back.sizes().equals(t.sizes()));
            QVERIFY2(torch::equal(back, t), name.c_str());
        }
        // Data starts 8-byte aligned, as the reference writer pads the header.
        uint64_t header = 0;
        std::memcpy(&header, slurp(path).data(), 8);
        QCOMPARE(header % 8, uint64_t(0));
    }

    void reads_reference_fixture()
    {
        const auto file = read_safetensors(ect::test::fixture("songunet-cond28.safetensors"));
        QCOMPARE(file.tensors.size(), size_t(210));
        QVERIFY(file.metadata.count("ect.network"));
    }

    void model_round_trip_identical_outputs()
    {
        torch::manual_seed(3);
        Denoiser net(ect::test::tiny_config(4));
        const std::string path = temp_path("tiny.safetensors").toStdString();
        save_model(path, net, {{"ect.step", "12"}});
        auto loaded = load_model(path);
        QCOMPARE(loaded.config.to_json(), net->config().to_json());
        QCOMPARE(loaded.metadata.at("ect.step"), std::string("12"));
        QCOMPARE(count_parameters(*loaded.net), count_parameters(*net));
        const auto a = named_state(net), b = named_state(loaded.net);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].first, b[i].first);
            QVERIFY(torch::equal(a[i].second, b[i].second));
        }
        torch::NoGradGuard no_grad;
        net->eval();
        const auto x = torch::randn({2, 1, 16, 16});
        const auto labels = torch::eye(4).slice(0, 0, 2);
        QVERIFY(torch::equal(net->forward(x, torch::tensor({0.5f, 3.f}), labels),
                             loaded.net->forward(x, torch::tensor({0.5f, 3.f}), labels)));
    }

    void half_precision_weights_load()
    {
        torch::manual_seed(4);
        Denoiser net(ect::test::tiny_config());
        auto state = named_state(net);
        for (auto& s : state) s.second = s.second.to(torch::kFloat16);
        const std::string path = temp_path("half.safetensors").toStdString();
        write_safetensors(path, state, {{kNetworkMetadataKey, net->config().to_json()}});
        const auto loaded = load_model(path);
        QVERIFY(torch::allclose(loaded.net->named_parameters()["model.map_layer0.weight"],
                                net->named_parameters()["model.map_layer0.weight"], 1e-2, 1e-3));
    }

    void damaged_files_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string ok_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        const std::string data(8, '\0');
        auto row = [](const char* name, const std::string& bytes, const char* expected) {
            QTest::newRow(name) << QByteArray(bytes.data(), int(bytes.size())) << QString(expected);
        };
        row("shorter than the length field", "abc", "too short");
        row("truncated header", with_header(ok_header, data).substr(0, 30), "does not fit the file");
        row("truncated data", with_header(ok_header, data).substr(0, 8 + ok_header.size() + 4), "outside the data section");
        row("bad header JSON", with_header(R"({"a": {"dtype": )", data), "not valid JSON");
        row("header not an object", with_header("[1,2,3]", ""), "not a JSON object");
        row("offsets past the end",
            with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}})", data), "outside the data section");
        row("unknown dtype", with_header(R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", data),
            "unknown dtype 'Q4'");
        row("size disagrees with shape", with_header(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data),
            "needs 12 bytes");
        row("negative shape", with_header(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data),
            "not a non-negative integer");
        row("overlapping tensors",
            with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                        data),
            "overlap");
        row("metadata not strings", with_header(R"({"__metadata__":{"x":1}})", ""), "is not a string");
    }

    void damaged_files()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString message = error_for(std::string(bytes.constData(), size_t(bytes.size())));
        QVERIFY2(message.contains(expected), qPrintable("got: " + message));
        QVERIFY2(message.contains("damaged.safetensors"), "the message names the file");
    }

    void missing_file()
    {
        try {
            read_safetensors("/nonexistent/model.safetensors");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent/model.safetensors: cannot open file"));
        }
    }

    void model_errors_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing tensor") << "drop" << "missing tensor 'model.";
        QTest::newRow("unexpected tensor") << "extra" << "unexpected tensor 'model.bogus'";
        QTest::newRow("wrong shape") << "shape" << "has shape [3] but the network needs";
        QTest::newRow("no network metadata") << "nometa" << "no 'ect.network' metadata";
        QTest::newRow("bad network JSON") << "badjson" << "not valid JSON";
        QTest::newRow("impossible network") << "badnet" << "invalid network";
        QTest::newRow("integer weights") << "int" << "not floating-point";
    }

    void model_errors()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        torch::manual_seed(5);
        Denoiser net(ect::test::tiny_config());
        auto state = named_state(net);
        std::map<std::string, std::string> meta{{kNetworkMetadataKey, net->config().to_json()}};
        if (damage == "drop") state.erase(state.begin() + 3);
        if (damage == "extra") state.emplace_back("model.bogus", torch::zeros({1}));
        if (damage == "shape") state[0].second = torch::zeros({3});
        if (damage == "nometa") meta.clear();
        if (damage == "badjson") meta[kNetworkMetadataKey] = "{\"arch\": songunet";
        if (damage == "badnet") {
            auto c = net->config();
            c.img_resolution = 15;  // not divisible by 2 for two levels
            meta[kNetworkMetadataKey] = c.to_json();
        }
        if (damage == "int") state[0].second = state[0].second.to(torch::kInt32);
        const std::string path = temp_path("bad-model.safetensors").toStdString();
        write_safetensors(path, state, meta);
        try {
            load_model(path);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
            QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path)), "the message names the file");
        }
    }

    void failed_write_keeps_existing_file()
    {
        const std::string path = temp_path("keep.safetensors").toStdString();
        write_safetensors(path, {{"a", torch::ones({2})}});
        const std::string before = slurp(path);
        QVERIFY_THROWS_EXCEPTION(Error, write_safetensors(path, {{"a", torch::ones({2})}, {"a", torch::ones({2})}}));
        QCOMPARE(slurp(path), before);
    }
};

QTEST_APPLESS_MAIN(TestModelFile)
#include "test_model_file.moc"
