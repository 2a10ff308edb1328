// Tensor → pixels conversion, grid tiling, and image writing (OpenImageIO or a built-in PNG encoder).
#include "ect/io/image_io.h"

#include "ect/build_config.h"
#include "ect/error.h"
#include "ect/io/safetensors.h"
#include "byte_order.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>

#if ECT_HAVE_OIIO
#include <OpenImageIO/imageio.h>
#include <cstdio>
#include <unistd.h>
#endif

namespace ect {

torch::Tensor images_to_uint8(const torch::Tensor& images)
{
    if (images.dim() != 4) fail("images", "expected [N, C, H, W], got " + c10::str(images.sizes()));
    return (images.detach().to(torch::kCPU, torch::kFloat64) * 127.5 + 128)
        .clamp(0, 255)
        .to(torch::kUInt8)
        .permute({0, 2, 3, 1})
        .contiguous();
}

int grid_columns(int count, int columns)
{
    if (columns <= 0) columns = static_cast<int>(std::ceil(std::sqrt(double(count))));
    return std::max(1, std::min(columns, count));
}

Image8 tile_grid(const torch::Tensor& u8, int columns, int gap)
{
    if (u8.dim() != 4 || u8.scalar_type() != torch::kUInt8) fail("grid", "expected uint8 [N, H, W, C] images");
    const int n = static_cast<int>(u8.size(0)), h = static_cast<int>(u8.size(1)), w = static_cast<int>(u8.size(2)),
              c = static_cast<int>(u8.size(3));
    if (n == 0) fail("grid", "no images to tile");
    columns = grid_columns(n, columns);
    const int rows = (n + columns - 1) / columns;
    Image8 grid;
    grid.channels = c;
    grid.width = columns * w + (columns - 1) * gap;
    grid.height = rows * h + (rows - 1) * gap;
    grid.pixels.assign(size_t(grid.width) * grid.height * c, 24);  // dark gap colour
    const torch::Tensor data = u8.contiguous();
    const uint8_t* src = data.data_ptr<uint8_t>();
    for (int i = 0; i < n; ++i) {
        const int x0 = (i % columns) * (w + gap), y0 = (i / columns) * (h + gap);
        for (int y = 0; y < h; ++y)
            std::memcpy(&grid.pixels[(size_t(y0 + y) * grid.width + x0) * c], src + (size_t(i) * h + y) * w * c,
                        size_t(w) * c);
    }
    return grid;
}

namespace {

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc = 0)
{
    static const auto table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

void put_be32(std::string& out, uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xFF));
}

void put_chunk(std::string& out, const char type[4], const std::string& data)
{
    put_be32(out, static_cast<uint32_t>(data.size()));
    std::string body(type, 4);
    body += data;
    out += body;
    put_be32(out, crc32(reinterpret_cast<const uint8_t*>(body.data()), body.size()));
}

std::string lower_extension(const std::string& path)
{
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return "";
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return ext;
}

}  // namespace

std::string encode_png(const Image8& img, const std::map<std::string, std::string>& text)
{
    if (img.channels != 1 && img.channels != 3 && img.channels != 4) fail("png", "PNG needs 1, 3 or 4 channels");
    const size_t row = size_t(img.width) * img.channels;
    std::string raw;  // each scanline: filter type 0, then the pixels
    raw.reserve((row + 1) * img.height);
    for (int y = 0; y < img.height; ++y) {
        raw.push_back(0);
        raw.append(reinterpret_cast<const char*>(&img.pixels[y * row]), row);
    }
    // zlib stream of stored (uncompressed) deflate blocks, then Adler-32.
    std::string z{"\x78\x01", 2};
    for (size_t pos = 0; pos < raw.size() || pos == 0; pos += 65535) {
        const size_t len = std::min<size_t>(65535, raw.size() - pos);
        const bool last = pos + len >= raw.size();
        z.push_back(last ? 1 : 0);
        z.push_back(static_cast<char>(len & 0xFF));
        z.push_back(static_cast<char>(len >> 8));
        z.push_back(static_cast<char>(~len & 0xFF));
        z.push_back(static_cast<char>((~len >> 8) & 0xFF));
        z.append(raw, pos, len);
        if (last) break;
    }
    uint32_t a = 1, b = 0;
    for (unsigned char ch : raw) {
        a = (a + ch) % 65521;
        b = (b + a) % 65521;
    }
    put_be32(z, (b << 16) | a);

    std::string png{"\x89PNG\r\n\x1a\n", 8};
    std::string ihdr;
    put_be32(ihdr, static_cast<uint32_t>(img.width));
    put_be32(ihdr, static_cast<uint32_t>(img.height));
    ihdr.push_back(8);                                                  // bit depth
    ihdr.push_back(img.channels == 1 ? 0 : img.channels == 3 ? 2 : 6);  // gray, RGB, RGBA
    ihdr.append(3, '\0');                                               // deflate, filter 0, no interlace
    put_chunk(png, "IHDR", ihdr);
    for (const auto& [key, value] : text) {
        if (key.empty() || key.size() > 79) fail("png", "text key '" + key + "' must have 1..79 characters");
        put_chunk(png, "tEXt", key + std::string(1, '\0') + value);
    }
    put_chunk(png, "IDAT", z);
    put_chunk(png, "IEND", "");
    return png;
}

bool have_openimageio()
{
    return ECT_HAVE_OIIO;
}

void check_image_output(const std::string& path)
{
    check_output_path(path);
    const std::string ext = lower_extension(path);
#if ECT_HAVE_OIIO
    if (!OIIO::ImageOutput::create(path)) fail(path, "no image format for extension '." + ext + "'");
#else
    if (ext != "png") fail(path, "this build has no OpenImageIO: only .png output is available");
#endif
}

void write_image(const std::string& path, const Image8& img, const std::map<std::string, std::string>& text)
{
    if (img.width <= 0 || img.height <= 0 || img.pixels.size() != size_t(img.width) * img.height * img.channels)
        fail(path, "image has no pixels or inconsistent size");
    const std::string ext = lower_extension(path);
#if ECT_HAVE_OIIO
    // Write next to the target, then rename, so a failed write never destroys an existing file.
    const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "." + ext;
    auto out = OIIO::ImageOutput::create(path);
    if (!out) fail(path, "no image format for extension '." + ext + "': " + OIIO::geterror());
    OIIO::ImageSpec spec(img.width, img.height, img.channels, OIIO::TypeDesc::UINT8);
    for (const auto& [key, value] : text) spec.attribute(key, value);
    // Formats without free-form text keys (JPEG, TIFF) keep the generation parameters as their
    // description, where other tools look for them.
    if (text.count("parameters") && ext != "png") spec.attribute("ImageDescription", text.at("parameters"));
    if (!out->open(tmp, spec) || !out->write_image(OIIO::TypeDesc::UINT8, img.pixels.data()) || !out->close()) {
        const std::string why = out->geterror();
        std::remove(tmp.c_str());
        fail(path, "cannot write image (" + why + ")");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        fail(path, "cannot move the written image into place");
    }
#else
    if (ext != "png") fail(path, "this build has no OpenImageIO: only .png output is available");
    write_file_atomically(path, encode_png(img, text));
#endif
}

namespace {

// PNG text chunks read directly: tEXt (Latin-1) and uncompressed iTXt (UTF-8). zTXt and
// compressed iTXt need zlib, which OpenImageIO's reader covers when present.
std::map<std::string, std::string> png_text(const std::string& path, const std::string& b)
{
    if (b.size() < 8 || b.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) != 0) fail(path, "not a PNG file");
    // Every chunk up to IEND fits the file once png_chunk_problem passes it.
    if (const std::string why = png_chunk_problem(b); !why.empty()) fail(path, why);
    std::map<std::string, std::string> out;
    size_t at = 8;
    while (at + 12 <= b.size()) {
        const uint32_t n = detail::read_be32(b, at);
        const std::string type = b.substr(at + 4, 4), data = b.substr(at + 8, n);
        const size_t nul = data.find('\0');
        if (type == "tEXt" && nul != std::string::npos) {
            out[data.substr(0, nul)] = data.substr(nul + 1);
        } else if (type == "iTXt" && nul != std::string::npos && nul + 2 < data.size() && data[nul + 1] == 0) {
            // keyword \0 compression-flag method language \0 translated-keyword \0 text
            const size_t lang_end = data.find('\0', nul + 3);
            const size_t tkw_end = lang_end == std::string::npos ? lang_end : data.find('\0', lang_end + 1);
            if (tkw_end != std::string::npos) out[data.substr(0, nul)] = data.substr(tkw_end + 1);
        }
        if (type == "IEND") break;
        at += 12 + size_t(n);
    }
    return out;
}

}  // namespace

std::string png_chunk_problem(const std::string& b)
{
    if (b.size() < 8 || b.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) != 0) return {};
    size_t at = 8;
    while (at + 8 <= b.size()) {
        const uint32_t n = detail::read_be32(b, at);
        std::string type = b.substr(at + 4, 4);
        for (char& c : type)
            if (!std::isalpha(static_cast<unsigned char>(c))) c = '?';
        if (n > 0x7fffffffu)
            return "PNG chunk '" + type + "' at byte " + std::to_string(at) + " claims " + std::to_string(n) +
                   " bytes, beyond PNG's limit of 2^31 - 1";
        const size_t left = b.size() - at - 8;
        if (size_t(n) + 4 > left)
            return "PNG chunk '" + type + "' at byte " + std::to_string(at) + " claims " + std::to_string(n) +
                   " bytes, but the file has " + std::to_string(left < 4 ? 0 : left - 4) + " left";
        if (type == "IEND") break;
        at += 12 + size_t(n);
    }
    return {};
}

std::map<std::string, std::string> read_image_text(const std::string& path)
{
    if (lower_extension(path) == "png") return png_text(path, read_file_bytes(path));
#if ECT_HAVE_OIIO
    auto in = OIIO::ImageInput::open(path);
    if (!in) fail(path, "cannot read image (" + OIIO::geterror() + ")");
    std::map<std::string, std::string> out;
    for (const auto& p : in->spec().extra_attribs)
        if (p.type() == OIIO::TypeDesc::STRING) out[p.name().string()] = p.get_string();
    in->close();
    return out;
#else
    fail(path, "this build has no OpenImageIO: only PNG metadata can be read");
#endif
}

}  // namespace ect
