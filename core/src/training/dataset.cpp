// Dataset readers (IDX with gzip, image folders, EDM layout) and the shuffling index sampler.
#include "ect/training/dataset.h"

#include "ect/build_config.h"
#include "ect/error.h"
#include "ect/io/image_io.h"
#include "ect/io/json_read.h"
#include "ect/io/safetensors.h"
#include "io/byte_order.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>
#if ECT_HAVE_ZLIB
#include <zlib.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#if ECT_HAVE_OIIO
#include <OpenImageIO/filesystem.h>
#include <OpenImageIO/imageio.h>
#endif

namespace fs = std::filesystem;

namespace ect {
namespace {


// Caps on what a file may make us allocate, whatever its header says.
constexpr uint64_t kMaxIdxBytes = 2ull << 30;           // an IDX array (Fashion-MNIST: 47 MB, EMNIST: 0.8 GB)
constexpr uint64_t kMaxImageSetBytes = 8ull << 30;      // a folder or zip of images, as held (uint8)
constexpr uint64_t kMaxZipEntryBytes = 256ull << 20;    // one image inside a zip archive
constexpr int64_t kMaxImagePixels = 4096ll * 4096;      // one decoded image (larger ones are skipped)
constexpr int64_t kMaxClasses = 100000;                 // as NetworkConfig's label_dim

bool is_gzip(const std::string& raw)
{
    return raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f && static_cast<unsigned char>(raw[1]) == 0x8b;
}

#if ECT_HAVE_ZLIB
// A gzip stream read on demand: a header is inflated and checked before the data it promises.
class GzipReader {
public:
    GzipReader(const std::string& raw, std::string path) : path_(std::move(path))
    {
        if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) fail(path_, "cannot initialise gzip decoder");
        zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
        zs_.avail_in = static_cast<uInt>(raw.size());
    }
    ~GzipReader() { inflateEnd(&zs_); }
    GzipReader(const GzipReader&) = delete;
    GzipReader& operator=(const GzipReader&) = delete;

    // Fills exactly `n` bytes at `out`; fails naming the file when the stream ends first.
    void read(void* out, size_t n)
    {
        auto* p = static_cast<unsigned char*>(out);
        while (n > 0) {
            if (ended_) fail(path_, "the gzip data ends before the size its header promises");
            const uInt step = uInt(std::min<size_t>(n, 1u << 30));
            zs_.next_out = p;
            zs_.avail_out = step;
            const int rc = inflate(&zs_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) ended_ = true;
            else if (rc != Z_OK)
                fail(path_, rc == Z_BUF_ERROR ? std::string("truncated gzip data")
                                              : std::string("corrupt gzip data (") + (zs_.msg ? zs_.msg : "?") + ")");
            const size_t got = step - zs_.avail_out;
            if (got == 0 && !ended_ && zs_.avail_in == 0) fail(path_, "truncated gzip data");
            p += got;
            n -= got;
        }
    }
    std::string read(size_t n)
    {
        std::string s(n, '\0');
        read(s.data(), n);
        return s;
    }
    // True when nothing follows what was read.
    bool at_end()
    {
        if (ended_) return true;
        unsigned char extra;
        zs_.next_out = &extra;
        zs_.avail_out = 1;
        const int rc = inflate(&zs_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) ended_ = true;
        return zs_.avail_out == 1 && (ended_ || rc == Z_BUF_ERROR);
    }

private:
    std::string path_;
    z_stream zs_{};
    bool ended_ = false;
};
#endif

using detail::read_be32;

// An IDX array of unsigned bytes with `dims` dimensions (magic 0x0000 08 dims), optionally
// gzip-compressed. The header's size is checked (against the file, or against a cap while
// inflating) before the array is allocated.
torch::Tensor read_idx(const std::string& path, int dims)
{
    const std::string raw = read_file_bytes(path);
    const size_t header_bytes = 4 + 4 * size_t(dims);
#if ECT_HAVE_ZLIB
    std::unique_ptr<GzipReader> gz = is_gzip(raw) ? std::make_unique<GzipReader>(raw, path) : nullptr;
#else
    if (is_gzip(raw)) fail(path, "gzip-compressed, and this build has no zlib: decompress it first (gunzip)");
#endif
    std::string header;
#if ECT_HAVE_ZLIB
    if (gz) header = gz->read(std::min<size_t>(4, header_bytes));
    else
#endif
        header = raw.substr(0, std::min(raw.size(), header_bytes));
    const std::string& b = header;
    if (b.size() < 4 || b[0] != 0 || b[1] != 0 || uint8_t(b[2]) != 0x08 || uint8_t(b[3]) != dims) {
        char magic[16] = "?";
        if (b.size() >= 4) std::snprintf(magic, sizeof magic, "0x%08x", read_be32(b, 0));
        fail(path, std::string("not an IDX file of ") + std::to_string(dims) + "-D unsigned bytes (magic " + magic +
                       ", expected 0x0000080" + std::to_string(dims) + ")");
    }
#if ECT_HAVE_ZLIB
    if (gz) header += gz->read(header_bytes - 4);
#endif
    if (header.size() < header_bytes) fail(path, "IDX header is truncated");
    std::vector<int64_t> shape;
    uint64_t count = 1;
    for (int d = 0; d < dims; ++d) {
        shape.push_back(read_be32(header, 4 + 4 * size_t(d)));
        const uint64_t n = uint64_t(shape.back());
        if (n && count > kMaxIdxBytes / n)
            fail(path, "the IDX header promises more than " + std::to_string(kMaxIdxBytes >> 30) + " GiB of data");
        count *= n;
    }
    if (count > kMaxIdxBytes)
        fail(path, "the IDX header promises more than " + std::to_string(kMaxIdxBytes >> 30) + " GiB of data");
    // A zero dimension (found by fuzzing: an empty array, and memcpy into no memory) holds nothing to train on.
    if (count == 0) fail(path, "the IDX header declares an empty array (a dimension is 0)");
#if ECT_HAVE_ZLIB
    if (gz) {
        // Inflated in 1 MiB pieces into a buffer that grows with what the stream really holds: a
        // small file whose header promises gigabytes fails when its data ends, having taken only
        // that much memory (libFuzzer showed a 2 GiB allocation per such input before).
        // Capacity doubles, capped at the promised size, so the buffer ends exactly as large as
        // the array (the tensor keeps no slack) and the last growth holds 1.5× it at most.
        std::string data;
        while (data.size() < count) {
            const size_t at = data.size(), piece = std::min<size_t>(count - at, size_t(1) << 20);
            if (at + piece > data.capacity())
                data.reserve(size_t(std::min<uint64_t>(count, std::max<uint64_t>(2 * uint64_t(data.capacity()), at + piece))));
            data.resize(at + piece);
            gz->read(data.data() + at, piece);
        }
        if (!gz->at_end()) fail(path, "the gzip data holds more than the IDX header promises");
        // The tensor is the inflated buffer itself (a copy would hold the array twice at its peak).
        auto held = std::make_shared<std::string>(std::move(data));
        return torch::from_blob(held->data(), shape, [held](void*) mutable { held.reset(); }, torch::kUInt8);
    }
#endif
    if (raw.size() - header_bytes != count)
        fail(path, "IDX data holds " + std::to_string(raw.size() - header_bytes) + " bytes, the header promises " +
                       std::to_string(count));
    torch::Tensor t = torch::empty(shape, torch::kUInt8);
    std::memcpy(t.data_ptr(), raw.data() + header_bytes, count);
    return t;
}

// Centre crop to a square and resize float [C, H, W] (values 0..1) to R×R, then to uint8.
torch::Tensor fit_to_resolution(torch::Tensor img, int resolution)
{
    const int64_t h = img.size(1), w = img.size(2), s = std::min(h, w);
    img = img.slice(1, (h - s) / 2, (h - s) / 2 + s).slice(2, (w - s) / 2, (w - s) / 2 + s).unsqueeze(0);
    if (s != resolution) {
        namespace F = torch::nn::functional;
        auto opts = F::InterpolateFuncOptions().size(std::vector<int64_t>{resolution, resolution});
        img = s > resolution ? F::interpolate(img, opts.mode(torch::kArea))
                             : F::interpolate(img, opts.mode(torch::kBilinear).align_corners(false));
    }
    return (img.squeeze(0).clamp(0, 1) * 255).round().to(torch::kUInt8);
}

// Float [C, H, W] in 0..1 with `channels` channels: RGB → gray by luma, gray → RGB by copying.
torch::Tensor to_channels(const torch::Tensor& img, int channels)
{
    const int64_t c = img.size(0);
    if (channels == 1) {
        if (c >= 3) return (0.299 * img[0] + 0.587 * img[1] + 0.114 * img[2]).unsqueeze(0);
        return img.slice(0, 0, 1);
    }
    if (c >= 3) return img.slice(0, 0, 3);
    return img.slice(0, 0, 1).expand({3, img.size(1), img.size(2)});
}

bool is_image_file(const fs::path& p)
{
    std::string ext = fs::path(p).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    static const char* kExt[] = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".exr", ".bmp", ".webp", ".tga", ".ppm", ".pgm"};
    return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

// A collection of image files: a folder, or a zip archive (EDM's dataset_tool output).
struct ImageCollection {
    std::string root;                // for messages
    std::vector<std::string> names;  // relative, '/'-separated, sorted: the image files
    std::function<std::string(const std::string&)> read_bytes;  // throws Error when unreadable
    std::function<bool(const std::string&)> contains;
};

ImageCollection folder_collection(const fs::path& dir)
{
    ImageCollection c;
    c.root = dir.string();
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; it != end;
         it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && is_image_file(it->path())) c.names.push_back(fs::relative(it->path(), dir).generic_string());
    }
    std::sort(c.names.begin(), c.names.end());
    c.read_bytes = [dir](const std::string& name) { return read_file_bytes((dir / name).string()); };
    c.contains = [dir](const std::string& name) { return fs::exists(dir / name); };
    return c;
}

uint32_t le(const std::string& b, size_t at, int bytes)
{
    uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | uint8_t(b[at + size_t(i)]);
    return v;
}

// Reads the central directory of a zip file (stored and deflated entries; no ZIP64).
ImageCollection zip_collection(const std::string& path)
{
    auto bytes = std::make_shared<std::string>(read_file_bytes(path));
    const std::string& b = *bytes;
    size_t eocd = std::string::npos;
    for (size_t i = b.size() >= 22 ? b.size() - 22 : 0; b.size() >= 22; --i) {
        if (le(b, i, 4) == 0x06054b50) {
            eocd = i;
            break;
        }
        if (i == 0 || b.size() - i > 22 + 65535) break;
    }
    if (eocd == std::string::npos) fail(path, "not a zip archive (no end-of-central-directory record)");
    const uint32_t entries = le(b, eocd + 10, 2), cd_size = le(b, eocd + 12, 4), cd_offset = le(b, eocd + 16, 4);
    if (uint64_t(cd_offset) + cd_size > b.size()) fail(path, "zip central directory lies outside the file: truncated archive");
    struct Entry {
        uint32_t method, csize, usize, local;
    };
    auto index = std::make_shared<std::map<std::string, Entry>>();
    size_t at = cd_offset;
    for (uint32_t i = 0; i < entries; ++i) {
        if (at + 46 > b.size() || le(b, at, 4) != 0x02014b50) fail(path, "corrupt zip central directory");
        const uint32_t n = le(b, at + 28, 2), extra = le(b, at + 30, 2), comment = le(b, at + 32, 2);
        if (at + 46 + n > b.size()) fail(path, "corrupt zip central directory");
        Entry e{le(b, at + 10, 2), le(b, at + 20, 4), le(b, at + 24, 4), le(b, at + 42, 4)};
        if (e.csize == 0xFFFFFFFFu || e.usize == 0xFFFFFFFFu) fail(path, "ZIP64 archives are not supported");
        (*index)[b.substr(at + 46, n)] = e;
        at += 46 + n + extra + comment;
    }
    ImageCollection c;
    c.root = path;
    for (const auto& [name, e] : *index)
        if (!name.empty() && name.back() != '/' && is_image_file(name)) c.names.push_back(name);
    c.contains = [index](const std::string& name) { return index->count(name) != 0; };
    c.read_bytes = [bytes, index, path](const std::string& name) {
        const std::string& b = *bytes;
        const Entry& e = index->at(name);
        const std::string where = path + ":" + name;
        if (uint64_t(e.local) + 30 > b.size() || le(b, e.local, 4) != 0x04034b50) fail(where, "corrupt zip entry header");
        const uint64_t data = uint64_t(e.local) + 30 + le(b, e.local + 26, 2) + le(b, e.local + 28, 2);
        if (data + e.csize > b.size()) fail(where, "zip entry runs past the end of the archive");
        if (e.method == 0) return b.substr(data, e.csize);
        if (e.method != 8) fail(where, "unsupported zip compression method " + std::to_string(e.method));
        // Deflate shrinks at most ~1032:1; a larger claim is a lie, and an image over the cap is refused
        // before its buffer is allocated.
        if (e.usize > kMaxZipEntryBytes)
            fail(where, "claims " + std::to_string(e.usize >> 20) + " MiB uncompressed, more than the " +
                            std::to_string(kMaxZipEntryBytes >> 20) + " MiB an image may have");
        if (uint64_t(e.usize) > uint64_t(e.csize) * 1032 + 1024)
            fail(where, "claims more uncompressed data than its compressed size can hold: corrupt archive");
        std::string out(e.usize, '\0');
        z_stream zs{};
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) fail(where, "cannot initialise inflate");
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(b.data() + data));
        zs.avail_in = e.csize;
        zs.next_out = reinterpret_cast<Bytef*>(out.data());
        zs.avail_out = e.usize;
        const int rc = inflate(&zs, Z_FINISH);
        inflateEnd(&zs);
        if (rc != Z_STREAM_END || zs.avail_out != 0) fail(where, "corrupt deflate data");
        return out;
    };
    return c;
}

#if ECT_HAVE_OIIO
// Decodes image bytes (format from the name's extension) to float [C, H, W] in 0..1; an
// undefined tensor and `why` when they cannot be decoded.
torch::Tensor decode_image(const std::string& name, std::string bytes, std::string& why)
{
    // A PNG's chunk lengths, checked before libpng allocates what they claim.
    why = png_chunk_problem(bytes);
    if (!why.empty()) return {};
    OIIO::Filesystem::IOMemReader mem(bytes.data(), bytes.size());
    auto in = OIIO::ImageInput::open(name, nullptr, &mem);
    if (!in) {
        why = OIIO::geterror();
        if (why.empty()) why = "not a readable image";
        return {};
    }
    const OIIO::ImageSpec& spec = in->spec();
    if (spec.width <= 0 || spec.height <= 0 || spec.nchannels <= 0) {
        why = "image has no pixels";
        return {};
    }
    // Gray, gray + alpha, RGB, RGBA: a TIFF of 64 channels or a volume (depth > 1) is not a
    // training image, and decoding it would take 64 or `depth` times the memory checked below.
    if (spec.nchannels > 4 || spec.depth > 1) {
        why = spec.depth > 1 ? "a volume image (" + std::to_string(spec.depth) + " slices), not a picture"
                             : std::to_string(spec.nchannels) + " channels (pictures have 1 to 4)";
        return {};
    }
    // The header's size, checked before the pixels are decoded: a small file can claim a huge image.
    if (int64_t(spec.width) * spec.height > kMaxImagePixels) {
        why = std::to_string(spec.width) + "x" + std::to_string(spec.height) + " pixels, more than the " +
              std::to_string(kMaxImagePixels >> 20) + " megapixels an image read here may have";
        return {};
    }
    torch::Tensor hwc = torch::empty({spec.height, spec.width, spec.nchannels}, torch::kFloat32);
    if (!in->read_image(0, 0, 0, spec.nchannels, OIIO::TypeDesc::FLOAT, hwc.data_ptr<float>())) {
        why = in->geterror();
        if (why.empty()) why = "pixel data cannot be decoded";
        return {};
    }
    return hwc.permute({2, 0, 1}).contiguous();
}
#endif

// Images smaller than the smallest network fail here with their size, not later in the network.
void check_resolution(int resolution, const std::string& where)
{
    if (resolution < 4)
        fail(where, "is " + std::to_string(resolution) + " pixels on its shorter side; training needs at least 4 "
                    "(give a resolution to enlarge the images)");
}

Dataset load_collection(const ImageCollection& c, const DatasetOptions& o)
{
    if (c.names.empty()) fail(ErrorKind::NoImagesFound, {c.root}, c.root, "no image files found (PNG, JPEG, TIFF, EXR, ...)");
    std::vector<std::string> names = c.names, skipped, class_names;
    std::vector<int64_t> labels;
    int num_classes = 0;
    if (c.contains("dataset.json")) {
        // EDM/ECT layout: {"labels": [["00000/img00000000.png", 6], ...]} or {"labels": null}.
        const std::string json_where = c.root + "/dataset.json";
        nlohmann::json j;
        try {
            // {"labels": [[name, class], ...]}: 3 levels, 3 values per image (an entry per image
            // file at most; 10⁷ labels for a handful of images are refused, not built).
            j = parse_json_bounded(c.read_bytes("dataset.json"), json_where, 3, 3 * c.names.size() + 16);
        } catch (const nlohmann::json::exception& e) {
            fail(json_where, std::string("not valid JSON (") + e.what() + ")");
        }
        if (j.contains("labels") && j["labels"].is_array()) {
            std::map<std::string, int64_t> by_name;
            for (const auto& entry : j["labels"]) {
                if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() || !entry[1].is_number_integer() ||
                    entry[1].get<int64_t>() < 0 || entry[1].get<int64_t>() >= kMaxClasses)
                    fail(json_where, "labels must be [\"file\", class] pairs with 0 <= class < " +
                                         std::to_string(kMaxClasses) + ", found " + entry.dump());
                by_name[entry[0].get<std::string>()] = entry[1].get<int64_t>();
                num_classes = std::max<int>(num_classes, int(entry[1].get<int64_t>()) + 1);
            }
            std::vector<std::string> labelled;
            for (const auto& n : names) {
                const auto it = by_name.find(n);
                if (it == by_name.end()) {
                    skipped.push_back(n + ": no label in dataset.json");
                    continue;
                }
                labelled.push_back(n);
                labels.push_back(it->second);
            }
            names = std::move(labelled);
        }
    } else {
        // Class labels from sub-folders when every image sits in one.
        std::map<std::string, int64_t> classes;
        bool all_in_subfolders = true;
        for (const auto& n : names) {
            const auto slash = n.find('/');
            if (slash == std::string::npos) all_in_subfolders = false;
            else classes.emplace(n.substr(0, slash), 0);
        }
        if (all_in_subfolders && classes.size() >= 2) {
            for (auto& [cls, index] : classes) {
                index = num_classes++;
                class_names.push_back(cls);
            }
            for (const auto& n : names) labels.push_back(classes.at(n.substr(0, n.find('/'))));
        }
    }
#if ECT_HAVE_OIIO
    Dataset ds;
    ds.name = fs::path(c.root).filename().string();
    ds.num_classes = num_classes;
    ds.class_names = class_names;
    std::vector<torch::Tensor> images;
    std::vector<int64_t> kept_labels;
    int resolution = 0, channels = 0;
    for (size_t i = 0; i < names.size(); ++i) {
        if (o.limit && int64_t(images.size()) >= o.limit) break;
        std::string why;
        torch::Tensor img;
        try {
            img = decode_image(names[i], c.read_bytes(names[i]), why);
        } catch (const std::exception& e) {  // ours, LibTorch's (c10::Error) or an allocation failure
            why = e.what();
        }
        if (!img.defined()) {
            skipped.push_back(names[i] + ": " + why);
            continue;
        }
        if (images.empty()) {  // the first readable image sets the data's own size
            ds.native_resolution = int(std::min(img.size(1), img.size(2)));
            ds.native_channels = img.size(0) >= 3 ? 3 : 1;
            channels = o.channels ? o.channels : ds.native_channels;
            resolution = o.resolution ? o.resolution : ds.native_resolution;
            check_resolution(resolution, c.root + "/" + names[i]);
            // At their own size, a folder of photos could ask for more memory than the machine has:
            // what the whole set will hold is checked before it is decoded.
            const uint64_t count = o.limit ? std::min<uint64_t>(uint64_t(o.limit), names.size()) : names.size();
            const uint64_t bytes = count * uint64_t(channels) * uint64_t(resolution) * uint64_t(resolution);
            if (bytes > kMaxImageSetBytes)
                fail(c.root, std::to_string(count) + " images of " + std::to_string(resolution) + "×" +
                                 std::to_string(resolution) + "×" + std::to_string(channels) + " need " +
                                 std::to_string(bytes >> 30) + " GiB, more than " + std::to_string(kMaxImageSetBytes >> 30) +
                                 " GiB: give a smaller resolution (--resolution) or use fewer images (--data-limit)");
        }
        images.push_back(fit_to_resolution(to_channels(img, channels), resolution));
        if (!labels.empty()) kept_labels.push_back(labels[i]);
    }
    ds.skipped = std::move(skipped);
    if (images.empty())
        fail(ErrorKind::NoImageReadable, {c.root, std::to_string(names.size())}, c.root,
             "none of the " + std::to_string(names.size()) + " image files could be read" +
                         (ds.skipped.empty() ? std::string() : " (first: " + ds.skipped.front() + ")"));
    ds.images = torch::stack(images);
    if (!kept_labels.empty()) ds.labels = torch::tensor(kept_labels, torch::kInt64);
    return ds;
#else
    (void)o;
    fail(c.root, "this build has no OpenImageIO, so it cannot read image files (use fashion-mnist)");
#endif
}

}  // namespace

torch::Tensor Dataset::pixels(const torch::Tensor& indices) const
{
    return images.index_select(0, indices.to(images.device())).to(torch::kFloat32) / 127.5 - 1;
}

torch::Tensor Dataset::one_hot(const torch::Tensor& indices, int64_t width) const
{
    if (!labels.defined() || num_classes == 0) return {};
    return torch::one_hot(labels.index_select(0, indices.to(labels.device())), std::max<int64_t>(width, num_classes))
        .to(torch::kFloat32);
}

Dataset load_idx(const std::string& images_path, const std::string& labels_path, const std::string& name)
{
    Dataset ds;
    ds.name = name;
    ds.images = read_idx(images_path, 3).unsqueeze(1);
    ds.labels = read_idx(labels_path, 1).to(torch::kInt64);
    if (ds.labels.size(0) != ds.images.size(0))
        fail(labels_path, std::to_string(ds.labels.size(0)) + " labels for " + std::to_string(ds.images.size(0)) +
                              " images in " + images_path);
    if (ds.images.size(0) == 0) fail(images_path, "holds no images");
    ds.num_classes = int(ds.labels.max().item<int64_t>()) + 1;
    return ds;
}

const std::vector<std::string>& fashion_mnist_class_names()
{
    static const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

Dataset load_dataset(const std::string& source, const DatasetOptions& o)
{
    if (o.resolution != 0 && (o.resolution < 4 || o.resolution > 4096)) fail("dataset", "resolution must be 4..4096");
    if (o.channels != 0 && o.channels != 1 && o.channels != 3) fail("dataset", "channels must be 1 or 3");
    Dataset ds;
    std::string idx_dir;
    Split split = o.split;
    if (source == "fashion-mnist" || source == "fashion-mnist:train" || source == "fashion-mnist:test") {
        // ECT_FASHION_MNIST_DIR: the same files elsewhere (servers without the Debian package).
        const char* env = std::getenv("ECT_FASHION_MNIST_DIR");
        idx_dir = env && *env ? env : kFashionMnistDir;
        if (source == "fashion-mnist:test") split = Split::Test;
        if (!fs::exists(idx_dir))
            fail(idx_dir, "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist, or set ECT_FASHION_MNIST_DIR)");
    } else if (fs::is_directory(source) && (fs::exists(fs::path(source) / "train-images-idx3-ubyte.gz") ||
                                            fs::exists(fs::path(source) / "train-images-idx3-ubyte"))) {
        idx_dir = source;
    }
    if (!idx_dir.empty()) {
        const std::string prefix = split == Split::Train ? "train" : "t10k";
        auto pick = [&](const std::string& stem) {
            const fs::path gz = fs::path(idx_dir) / (stem + ".gz");
            return (fs::exists(gz) ? gz : fs::path(idx_dir) / stem).string();
        };
        ds = load_idx(pick(prefix + "-images-idx3-ubyte"), pick(prefix + "-labels-idx1-ubyte"),
                      source.rfind("fashion-mnist", 0) == 0 ? "fashion-mnist" : fs::path(idx_dir).filename().string());
        ds.name += split == Split::Train ? ":train" : ":test";
        if (o.limit && o.limit < ds.size()) {
            ds.images = ds.images.slice(0, 0, o.limit);
            ds.labels = ds.labels.slice(0, 0, o.limit);
        }
        if (ds.name.rfind("fashion-mnist", 0) == 0) ds.class_names = fashion_mnist_class_names();
        ds.native_resolution = int(std::min(ds.images.size(2), ds.images.size(3)));
        ds.native_channels = 1;
        const int resolution = o.resolution ? o.resolution : ds.native_resolution;
        const int channels = o.channels ? o.channels : ds.native_channels;
        check_resolution(resolution, ds.name);
        const bool reshape = resolution != ds.images.size(2) || resolution != ds.images.size(3) || channels != 1;
        if (reshape) {
            std::vector<torch::Tensor> out;
            for (int64_t i = 0; i < ds.size(); ++i)
                out.push_back(fit_to_resolution(to_channels(ds.images[i].to(torch::kFloat32) / 255, channels), resolution));
            ds.images = torch::stack(out);
        }
        return ds;
    }
    if (!fs::exists(source))
        fail(source, "no such dataset (use fashion-mnist, a folder or zip of images, or an IDX folder)");
    if (fs::is_directory(source)) return load_collection(folder_collection(fs::path(source)), o);
    std::string ext = fs::path(source).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (ext == ".zip") return load_collection(zip_collection(source), o);
    fail(source, "a dataset must be a folder or zip of images, an IDX folder, or fashion-mnist");
}

IndexSampler::IndexSampler(int64_t size, uint64_t seed)
    : size_(size), gen_(at::detail::createCPUGenerator(seed))
{
    if (size <= 0) fail("dataset", "cannot sample from an empty dataset");
    reshuffle();
}

void IndexSampler::reshuffle()
{
    perm_ = torch::randperm(size_, gen_, torch::TensorOptions().dtype(torch::kInt64));
    cursor_ = 0;
    copy_to_device();
}

void IndexSampler::set_device(const torch::Device& device)
{
    device_ = device;
    copy_to_device();
}

void IndexSampler::copy_to_device()
{
    // One copy per epoch; next() then slices on the device.
    device_perm_ = device_.is_cpu() ? perm_ : perm_.to(device_);
}

torch::Tensor IndexSampler::next(int64_t count)
{
    std::vector<torch::Tensor> parts;
    while (count > 0) {
        if (cursor_ == size_) reshuffle();
        const int64_t take = std::min(count, size_ - cursor_);
        parts.push_back(device_perm_.slice(0, cursor_, cursor_ + take));
        cursor_ += take;
        count -= take;
    }
    return parts.size() == 1 ? parts[0].clone() : torch::cat(parts);
}

std::vector<std::pair<std::string, torch::Tensor>> IndexSampler::state() const
{
    return {{"perm", perm_.clone()},
            {"cursor", torch::tensor({cursor_}, torch::kInt64)},
            {"generator", gen_.get_state()}};
}

void IndexSampler::restore(const std::vector<std::pair<std::string, torch::Tensor>>& state)
{
    // Every part present, each of its shape, and the order a permutation: a state of all 7s
    // trained on one image, and a missing part silently restarted the data order.
    bool have_perm = false, have_cursor = false, have_generator = false;
    const std::string bad = "the saved data order does not fit this dataset (" + std::to_string(size_) + " images)";
    for (const auto& [name, value] : state) {
        if (name == "perm") {
            if (value.dim() != 1 || value.numel() != size_ || value.is_floating_point() || value.is_complex())
                fail("training state", bad);
            perm_ = value.to(torch::kCPU, torch::kInt64).clone();
            if (size_ > 0 && !torch::equal(std::get<0>(perm_.sort()), torch::arange(size_, torch::kInt64)))
                fail("training state", "the saved data order is not an order of this dataset's images (damaged state)");
            have_perm = true;
        } else if (name == "cursor") {
            if (value.numel() != 1 || value.is_floating_point() || value.is_complex()) fail("training state", bad);
            cursor_ = value.to(torch::kCPU, torch::kInt64).item<int64_t>();
            have_cursor = true;
        } else if (name == "generator") {
            try {
                gen_.set_state(value.to(torch::kCPU));
            } catch (const c10::Error&) {
                fail("training state", "the data order's random state is damaged");
            }
            have_generator = true;
        }
    }
    if (!have_perm || !have_cursor || !have_generator)
        fail("training state", "the data order is missing from the state (damaged or foreign state file)");
    if (cursor_ < 0 || cursor_ > size_) fail("training state", bad);
    copy_to_device();
}

torch::Tensor load_image(const std::string& path, int resolution, int channels)
{
    if (resolution < 4 || resolution > 4096 || (channels != 1 && channels != 3))
        fail(path, "images are read at 4 to 4096 pixels with 1 or 3 channels");
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) fail(path, "cannot be read (" + ec.message() + ")");
    if (size > (uint64_t(256) << 20)) fail(path, "is larger than the 256 MiB an image may have");
#if ECT_HAVE_OIIO
    std::string why;
    const torch::Tensor img = decode_image(path, read_file_bytes(path), why);
    if (!img.defined()) fail(path, "is not a readable image (" + why + ")");
    return fit_to_resolution(to_channels(img, channels), resolution);
#else
    fail(path, "cannot be read: this build reads images with OpenImageIO, which it was built without");
#endif
}

DataShape probe_dataset(const std::string& source)
{
    DatasetOptions o;
    o.resolution = 0;
    o.channels = 0;
    o.limit = 1;  // an image folder or zip decodes its first readable image only
    const Dataset ds = load_dataset(source, o);
    return {ds.native_resolution, ds.native_channels};
}

std::string DataShape::text() const
{
    return std::to_string(resolution) + "×" + std::to_string(resolution) + (channels == 1 ? " grayscale" : " RGB");
}

}  // namespace ect
