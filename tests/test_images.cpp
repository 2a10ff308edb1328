// Images: value mapping to 8 bits, grid tiling, and files that image readers open.
#include "test_support.h"

#include "ect/error.h"
#include "ect/io/image_io.h"

#include <QImage>
#include <QtTest/QtTest>

using namespace ect;

class TestImages : public QObject {
    Q_OBJECT

private slots:
    void value_mapping()
    {
        // y·127.5 + 128 clamped to [0, 255]
        const auto y = torch::tensor({-2.0, -1.0, 0.0, 0.5, 1.0, 3.0}).reshape({1, 1, 1, 6});
        const auto u8 = images_to_uint8(y);
        const std::vector<int> expected{0, 0, 128, 191, 255, 255};
        for (int i = 0; i < 6; ++i) QCOMPARE(int(u8[0][0][i][0].item<uint8_t>()), expected[size_t(i)]);
    }

    void grid_layout()
    {
        auto images = torch::zeros({5, 2, 3, 1}, torch::kUInt8);
        for (int i = 0; i < 5; ++i) images[i].fill_(10 * (i + 1));
        const Image8 g = tile_grid(images, 3, 1);
        QCOMPARE(g.width, 3 * 3 + 2);
        QCOMPARE(g.height, 2 * 2 + 1);
        QCOMPARE(int(g.pixels[0]), 10);                  // image 0 at the top left
        QCOMPARE(int(g.pixels[3]), 24);                  // gap column
        QCOMPARE(int(g.pixels[size_t(3 * g.width + 4)]), 50);  // image 4: row 1, column 1
        QCOMPARE(int(g.pixels[size_t(3 * g.width + 8)]), 24);  // empty cell keeps the background
    }

    void png_reads_back_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("gray") << 1;
        QTest::newRow("rgb") << 3;
        QTest::newRow("rgba") << 4;
    }

    void png_reads_back()
    {
        QFETCH(int, channels);
        torch::manual_seed(2);
        // Big enough that the deflate stream needs several stored blocks.
        auto images = torch::randint(0, 256, {1, 150, 200, channels}, torch::kUInt8);
        if (channels == 4) images.select(3, 3).fill_(255);  // opaque: colours read back unpremultiplied
        const Image8 img = tile_grid(images, 1, 0);
        const QString path = ect::test::temp_path(QString("img%1.png").arg(channels));
        write_image(path.toStdString(), img);
        QImage back(path);
        QVERIFY2(!back.isNull(), "Qt's PNG reader opens the file");
        QCOMPARE(back.width(), 200);
        QCOMPARE(back.height(), 150);
        for (int y : {0, 77, 149})
            for (int x : {0, 101, 199}) {
                const QRgb p = back.pixel(x, y);
                const uint8_t* src = &img.pixels[size_t((y * 200 + x) * channels)];
                if (channels == 1) {
                    QCOMPARE(qGray(p), int(src[0]));
                } else {
                    QCOMPARE(qRed(p), int(src[0]));
                    QCOMPARE(qGreen(p), int(src[1]));
                    QCOMPARE(qBlue(p), int(src[2]));
                }
            }
    }

    void other_formats_through_openimageio()
    {
        if (!have_openimageio()) QSKIP("built without OpenImageIO");
        const auto images = torch::full({1, 8, 8, 3}, 200, torch::kUInt8);
        const QString path = ect::test::temp_path("grid.jpg");
        write_image(path.toStdString(), tile_grid(images));
        QImage back(path);
        QVERIFY(!back.isNull());
        QVERIFY(std::abs(qRed(back.pixel(4, 4)) - 200) <= 2);
    }

    void unwritable_path_is_an_error()
    {
        const auto images = torch::zeros({1, 4, 4, 1}, torch::kUInt8);
        QVERIFY_THROWS_EXCEPTION(Error, write_image("/nonexistent-dir/grid.png", tile_grid(images)));
    }
};

QTEST_APPLESS_MAIN(TestImages)
#include "test_images.moc"
