// Dataset readers on good and broken inputs, and the resumable index sampler.
#include "test_support.h"

#include "ect/training/dataset.h"
#include "ect/error.h"
#include "ect/io/image_io.h"

#include <QDir>
#include <QtTest/QtTest>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace ect;
namespace fs = std::filesystem;

namespace {

std::string be32(uint32_t v)
{
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

void write_gz(const std::string& path, const std::string& bytes)
{
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), unsigned(bytes.size()));
    gzclose(f);
}

// An IDX pair of `n` 4×4 images (pixel value = image index) and labels i mod 3.
std::string make_idx_dir(const QString& name, int n)
{
    const std::string dir = ect::test::temp_path(name).toStdString();
    fs::create_directories(dir);
    std::string images = be32(0x00000803) + be32(n) + be32(4) + be32(4), labels = be32(0x00000801) + be32(n);
    for (int i = 0; i < n; ++i) {
        images += std::string(16, char(i));
        labels += char(i % 3);
    }
    write_gz(dir + "/train-images-idx3-ubyte.gz", images);
    write_gz(dir + "/train-labels-idx1-ubyte.gz", labels);
    return dir;
}

QString error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void write_png(const std::string& path, int w, int h, int channels, uint8_t value)
{
    auto px = torch::full({1, h, w, channels}, value, torch::kUInt8);
    write_image(path, tile_grid(px));
}

std::string le(uint32_t v, int bytes)
{
    std::string s;
    for (int i = 0; i < bytes; ++i) s.push_back(char((v >> (8 * i)) & 0xFF));
    return s;
}

// A zip archive of `files`, deflated when `compress` is set, else stored.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& files, bool compress)
{
    std::string out, central;
    for (const auto& [name, data] : files) {
        std::string body = data;
        uint32_t method = 0;
        if (compress) {
            z_stream zs{};
            deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
            body.assign(deflateBound(&zs, uLong(data.size())), '\0');
            zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
            zs.avail_in = uInt(data.size());
            zs.next_out = reinterpret_cast<Bytef*>(body.data());
            zs.avail_out = uInt(body.size());
            deflate(&zs, Z_FINISH);
            body.resize(zs.total_out);
            deflateEnd(&zs);
            method = 8;
        }
        const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(data.data()), uInt(data.size())));
        const uint32_t offset = uint32_t(out.size());
        out += le(0x04034b50, 4) + le(20, 2) + le(0, 2) + le(method, 2) + le(0, 4) + le(crc, 4) + le(uint32_t(body.size()), 4) +
               le(uint32_t(data.size()), 4) + le(uint32_t(name.size()), 2) + le(0, 2) + name + body;
        central += le(0x02014b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(method, 2) + le(0, 4) + le(crc, 4) +
                   le(uint32_t(body.size()), 4) + le(uint32_t(data.size()), 4) + le(uint32_t(name.size()), 2) + le(0, 2) +
                   le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name;
    }
    const uint32_t cd_offset = uint32_t(out.size());
    out += central + le(0x06054b50, 4) + le(0, 2) + le(0, 2) + le(uint32_t(files.size()), 2) +
           le(uint32_t(files.size()), 2) + le(uint32_t(central.size()), 4) + le(cd_offset, 4) + le(0, 2);
    return out;
}

std::string png_bytes(int size, uint8_t value)
{
    return encode_png(tile_grid(torch::full({1, size, size, 1}, value, torch::kUInt8)));
}

}  // namespace

class TestDatasets : public QObject {
    Q_OBJECT

private slots:
    void fashion_mnist_splits()
    {
        if (!fs::exists(kFashionMnistDir)) QFAIL("dataset-fashion-mnist is not installed");
        DatasetOptions o;
        const Dataset train = load_dataset("fashion-mnist", o);
        QCOMPARE(train.size(), int64_t(60000));
        QCOMPARE(train.num_classes, 10);
        QCOMPARE(train.images.sizes().vec(), (std::vector<int64_t>{60000, 1, 28, 28}));
        QCOMPARE(train.class_names.at(9), std::string("Ankle boot"));
        o.split = Split::Test;
        o.limit = 100;
        const Dataset test = load_dataset("fashion-mnist", o);
        QCOMPARE(test.size(), int64_t(100));
        QCOMPARE(test.name, std::string("fashion-mnist:test"));
        const auto px = test.pixels(torch::arange(10));
        QVERIFY(px.min().item<float>() >= -1 && px.max().item<float>() <= 1);
        QVERIFY(px.max().item<float>() > 0.9);  // garments are bright on black
        QCOMPARE(test.one_hot(torch::arange(3)).sizes().vec(), (std::vector<int64_t>{3, 10}));
    }

    void resized_and_rgb()
    {
        DatasetOptions o;
        o.resolution = 32;
        o.channels = 3;
        o.limit = 8;
        const Dataset d = load_dataset("fashion-mnist", o);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{8, 3, 32, 32}));
        QVERIFY(torch::equal(d.images.select(1, 0), d.images.select(1, 2)));  // gray copied to RGB
    }

    void idx_folder()
    {
        const std::string dir = make_idx_dir("idx-good", 5);
        DatasetOptions o;
        o.resolution = 4;
        const Dataset d = load_dataset(dir, o);
        QCOMPARE(d.size(), int64_t(5));
        QCOMPARE(d.num_classes, 3);
        QCOMPARE(int(d.images[3][0][2][2].item<uint8_t>()), 3);
        QCOMPARE(d.labels[4].item<int64_t>(), int64_t(1));
    }

    void broken_idx_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated gzip") << "truncate" << "truncated gzip data";
        QTest::newRow("wrong magic") << "magic" << "not an IDX file";
        QTest::newRow("short data") << "short" << "ends before the size its header promises";
        // Inflation stops at what the header promises: more data is an error, not memory.
        QTest::newRow("more than promised") << "bomb" << "holds more than the IDX header promises";
        QTest::newRow("huge header") << "huge" << "promises more than 2 GiB";
        // A header promising 1 GiB (under the cap) over 20 bytes: inflated piece by piece, it ends
        // when the data does (memory follows the data; the libFuzzer target's 2 GiB allocation
        // limit is what checks the size of what is taken).
        QTest::newRow("false promise") << "promise" << "ends before the size its header promises";
        QTest::newRow("label count") << "labels" << "labels for";
    }

    void broken_idx()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const std::string dir = make_idx_dir("idx-" + damage, 6);
        const std::string images = dir + "/train-images-idx3-ubyte.gz", labels = dir + "/train-labels-idx1-ubyte.gz";
        if (damage == "truncate") fs::resize_file(images, fs::file_size(images) / 2);
        if (damage == "magic") write_gz(images, be32(0x00000903) + be32(1) + be32(4) + be32(4) + std::string(16, 'x'));
        if (damage == "short") write_gz(images, be32(0x00000803) + be32(6) + be32(4) + be32(4) + std::string(20, 'x'));
        if (damage == "labels") write_gz(labels, be32(0x00000801) + be32(2) + "\1\2");
        if (damage == "bomb") write_gz(images, be32(0x00000803) + be32(6) + be32(4) + be32(4) + std::string(96 + (8 << 20), 'x'));
        if (damage == "huge") write_gz(images, be32(0x00000803) + be32(0xFFFFFFFF) + be32(0xFFFF) + be32(0xFFFF));
        if (damage == "promise") write_gz(images, be32(0x00000803) + be32(0x4000) + be32(256) + be32(256) + std::string(20, 'x'));
        DatasetOptions o;
        o.resolution = 4;
        const QString message = error_of([&] { load_dataset(dir, o); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void image_folder_with_classes()
    {
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        const std::string dir = ect::test::temp_path("folder").toStdString();
        fs::create_directories(dir + "/cats");
        fs::create_directories(dir + "/dogs");
        write_png(dir + "/cats/a.png", 40, 20, 3, 200);  // wide RGB: centre-cropped, resized
        write_png(dir + "/cats/b.png", 8, 8, 1, 50);
        write_png(dir + "/dogs/c.png", 16, 16, 4, 120);
        std::ofstream(dir + "/dogs/broken.png") << "not a png at all";
        std::ofstream(dir + "/dogs/notes.txt") << "ignored: not an image";
        DatasetOptions o;
        o.resolution = 12;
        const Dataset d = load_dataset(dir, o);
        QCOMPARE(d.size(), int64_t(3));
        QCOMPARE(d.num_classes, 2);
        QCOMPARE(d.class_names, (std::vector<std::string>{"cats", "dogs"}));
        QCOMPARE(d.labels.to(torch::kInt32).sum().item<int>(), 1);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{3, 1, 12, 12}));
        QCOMPARE(int(d.images[0][0][6][6].item<uint8_t>()), 200);
        QCOMPARE(d.skipped.size(), size_t(1));
        QVERIFY(QString::fromStdString(d.skipped[0]).contains("broken.png"));
    }

    void data_at_its_own_size()
    {
        // Resolution and channels 0: the first readable image's size, shorter side, grey or colour.
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        const std::string dir = ect::test::temp_path("own-size").toStdString();
        fs::create_directories(dir);
        std::ofstream(dir + "/0-broken.png") << "unreadable: the next image sets the size";
        write_png(dir + "/1-wide.png", 80, 64, 3, 90);
        write_png(dir + "/2-small.png", 16, 16, 1, 30);  // fitted to the first one's 64×64 RGB
        DatasetOptions o;
        o.resolution = 0;
        o.channels = 0;
        const Dataset d = load_dataset(dir, o);
        QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{2, 3, 64, 64}));
        QCOMPARE(d.native_resolution, 64);
        QCOMPARE(d.native_channels, 3);
        QCOMPARE(int(d.images[1][2][40][40].item<uint8_t>()), 30);
        const DataShape shape = probe_dataset(dir);
        QCOMPARE(shape.resolution, 64);
        QCOMPARE(shape.channels, 3);
        QCOMPARE(QString::fromStdString(shape.text()), QString("64×64 RGB"));
        // A size given resizes; the native size is still reported.
        o.resolution = 32;
        o.channels = 1;
        const Dataset small = load_dataset(dir, o);
        QCOMPARE(small.images.sizes().vec(), (std::vector<int64_t>{2, 1, 32, 32}));
        QCOMPARE(small.native_resolution, 64);
        // IDX arrays: their own size, grayscale.
        const DataShape idx = probe_dataset(make_idx_dir("own-size-idx", 3));
        QCOMPARE(idx.resolution, 4);
        QCOMPARE(idx.channels, 1);
        // Images too small to train on, with no size given: one clear message.
        const std::string tiny = ect::test::temp_path("too-small").toStdString();
        fs::create_directories(tiny);
        write_png(tiny + "/a.png", 3, 3, 3, 1);
        QString message = error_of([&] { probe_dataset(tiny); });
        QVERIFY2(message.contains("is 3 pixels on its shorter side; training needs at least 4"), qPrintable(message));
        // A set that would not fit in memory at its own size is refused before it is decoded: a
        // 4096×4096 RGB first image and 199 more files would hold 10 GiB.
        const std::string big = ect::test::temp_path("too-big").toStdString();
        fs::remove_all(big);
        fs::create_directories(big);
        write_png(big + "/000.png", 4096, 4096, 3, 77);
        for (int i = 1; i < 200; ++i) std::ofstream(big + "/" + std::to_string(1000 + i) + ".png") << "x";
        DatasetOptions own;
        own.resolution = 0;
        own.channels = 0;
        message = error_of([&] { load_dataset(big, own); });
        QVERIFY2(message.contains("200 images of 4096×4096×3 need 9 GiB, more than 8 GiB: give a smaller resolution"),
                 qPrintable(message));
        own.resolution = 64;  // resized, the same set is fine
        QCOMPARE(load_dataset(big, own).size(), int64_t(1));
    }

    void edm_layout_with_dataset_json()
    {
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        const std::string dir = ect::test::temp_path("edm").toStdString();
        fs::create_directories(dir + "/00000");
        for (int i = 0; i < 3; ++i) write_png(dir + "/00000/img0000000" + std::to_string(i) + ".png", 8, 8, 3, uint8_t(i * 60));
        std::ofstream(dir + "/dataset.json")
            << R"({"labels": [["00000/img00000000.png", 4], ["00000/img00000001.png", 0], ["00000/img00000002.png", 7]]})";
        DatasetOptions o;
        o.resolution = 8;
        o.channels = 3;
        const Dataset d = load_dataset(dir, o);
        QCOMPARE(d.size(), int64_t(3));
        QCOMPARE(d.num_classes, 8);
        QCOMPARE(d.labels[2].item<int64_t>(), int64_t(7));
    }

    void hostile_archives_and_images()
    {
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        // A zip entry claiming 4 GiB uncompressed: refused before its buffer is allocated.
        std::string bytes = make_zip({{"a.png", png_bytes(8, 1)}}, true);
        const size_t central = bytes.find(le(0x02014b50, 4));
        QVERIFY(central != std::string::npos);
        bytes.replace(central + 24, 4, le(0xFFFFFFF0u, 4));
        const std::string zip = ect::test::temp_path("bomb.zip").toStdString();
        std::ofstream(zip, std::ios::binary) << bytes;
        QString message = error_of([&] { load_dataset(zip, DatasetOptions{}); });
        QVERIFY2(message.contains("a.png: claims 4095 MiB uncompressed"), qPrintable(message));

        // A PNG whose header claims 60000×60000 pixels is skipped with a reason, not decoded.
        const std::string dir = ect::test::temp_path("huge-png").toStdString();
        fs::create_directories(dir);
        std::string png = png_bytes(8, 9);
        const std::string size = be32(60000) + be32(60000);
        png.replace(16, 8, size);  // IHDR's width and height
        const uint32_t crc = uint32_t(crc32(0, reinterpret_cast<const Bytef*>(png.data() + 12), 17));
        png.replace(29, 4, be32(crc));
        std::ofstream(dir + "/huge.png", std::ios::binary) << png;
        // A chunk claiming 1.7 GB in a file of a few hundred bytes: libpng allocated the claim
        // before reading it. Skipped from its chunk headers, never handed to the decoder.
        std::string chunky = png_bytes(8, 9);
        chunky.insert(33, be32(1701838868) + "tEXt" + "abc");
        std::ofstream(dir + "/chunky.png", std::ios::binary) << chunky;
        write_png(dir + "/fine.png", 8, 8, 1, 5);
        DatasetOptions o;
        o.resolution = 8;
        const Dataset d = load_dataset(dir, o);
        QCOMPARE(d.size(), int64_t(1));
        QCOMPARE(d.skipped.size(), size_t(2));
        const QString skipped = QString::fromStdString(d.skipped[0] + "\n" + d.skipped[1]);
        QVERIFY2(skipped.contains("60000x60000 pixels"), qPrintable(skipped));
        QVERIFY2(skipped.contains("chunk 'tEXt' at byte 33 claims 1701838868 bytes"), qPrintable(skipped));
        fs::remove(dir + "/chunky.png");

        // A class number that would overflow the class count.
        std::ofstream(dir + "/dataset.json") << R"({"labels": [["fine.png", 2147483647]]})";
        message = error_of([&] { load_dataset(dir, o); });
        QVERIFY2(message.contains("0 <= class < 100000"), qPrintable(message));
        // More labels than there are images (10⁷ in 26 MB took 3 GB before): refused while parsed.
        {
            std::ofstream labels(dir + "/dataset.json");
            labels << "{\"labels\": [";
            for (int i = 0; i < 1000; ++i) labels << (i ? "," : "") << "[\"x" << i << ".png\", 1]";
            labels << "]}";
        }
        message = error_of([&] { load_dataset(dir, o); });
        QVERIFY2(message.contains("dataset.json") && message.contains("values"), qPrintable(message));
    }

    void edm_zip_archive_data()
    {
        QTest::addColumn<bool>("deflate");
        QTest::newRow("stored") << false;
        QTest::newRow("deflated") << true;
    }

    void edm_zip_archive()
    {
        QFETCH(bool, deflate);
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        const std::string zip = ect::test::temp_path(deflate ? "d.zip" : "s.zip").toStdString();
        std::ofstream(zip, std::ios::binary) << make_zip(
            {{"00000/img00000000.png", png_bytes(8, 10)},
             {"00000/img00000001.png", png_bytes(8, 250)},
             {"00000/img00000002.png", "broken"},
             {"dataset.json", R"({"labels": [["00000/img00000000.png", 1], ["00000/img00000001.png", 2], ["00000/img00000002.png", 0]]})"}},
            deflate);
        DatasetOptions o;
        o.resolution = 8;
        const Dataset d = load_dataset(zip, o);
        QCOMPARE(d.size(), int64_t(2));
        QCOMPARE(d.num_classes, 3);
        QCOMPARE(int(d.images[1][0][3][3].item<uint8_t>()), 250);
        QCOMPARE(d.labels[1].item<int64_t>(), int64_t(2));
        QCOMPARE(d.skipped.size(), size_t(1));
        QVERIFY(QString::fromStdString(d.skipped[0]).startsWith("00000/img00000002.png"));
    }

    void truncated_zip()
    {
        const std::string zip = ect::test::temp_path("t.zip").toStdString();
        const std::string bytes = make_zip({{"a.png", png_bytes(8, 1)}}, false);
        std::ofstream(zip, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        const QString message = error_of([&] { load_dataset(zip, DatasetOptions{}); });
        QVERIFY2(message.contains("not a zip archive"), qPrintable(message));
    }

    void unusable_sources_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing" << "no such dataset";
        QTest::newRow("empty folder") << "empty" << "no image files found";
        QTest::newRow("only broken images") << "broken" << "none of the 2 image files could be read";
        QTest::newRow("a plain file") << "file" << "must be a folder or zip";
    }

    void unusable_sources()
    {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        std::string path = ect::test::temp_path("src-" + what).toStdString();
        if (what == "empty") fs::create_directories(path);
        if (what == "broken") {
            fs::create_directories(path);
            std::ofstream(path + "/x.png") << "garbage";
            std::ofstream(path + "/y.jpg") << "garbage";
        }
        if (what == "file") std::ofstream(path) << "hello";
        if (!have_openimageio() && what == "broken") QSKIP("built without OpenImageIO");
        const QString message = error_of([&] { load_dataset(path, DatasetOptions{}); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void sampler_epochs_and_resume()
    {
        IndexSampler a(10, 42);
        std::set<int64_t> seen;
        const auto first = a.next(10);
        for (int64_t i = 0; i < 10; ++i) seen.insert(first[i].item<int64_t>());
        QCOMPARE(seen.size(), size_t(10));  // one epoch visits every image once
        a.next(3);
        std::vector<std::pair<std::string, torch::Tensor>> saved;
        for (const auto& [n, t] : a.state()) saved.emplace_back(n, t.clone());
        const auto expected = a.next(25);  // crosses two epoch boundaries
        IndexSampler b(10, 7);
        b.restore(saved);
        QVERIFY(torch::equal(b.next(25), expected));
        IndexSampler wrong(11, 0);
        QVERIFY_THROWS_EXCEPTION(Error, wrong.restore(saved));
    }
};

QTEST_APPLESS_MAIN(TestDatasets)
#include "test_datasets.moc"
