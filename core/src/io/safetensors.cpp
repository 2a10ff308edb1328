// safetensors reading and writing: 8-byte little-endian header length, JSON header, raw data.
#include "ect/io/safetensors.h"

#include "ect/error.h"
#include "ect/io/json_read.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "safetensors data is little-endian; this code copies it as is");

namespace ect {
namespace {

using json = nlohmann::json;

// A header beyond this is not a model file but a corrupt length field.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;
// Files read whole (model files, datasets, images): beyond this a file is refused before reading.
constexpr uint64_t kMaxFileBytes = 16ull << 30;

struct DTypeInfo {
    const char* name;
    torch::ScalarType type;
};

constexpr DTypeInfo kDTypes[] = {
    {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16},
    {"BF16", torch::kBFloat16}, {"I64", torch::kInt64}, {"I32", torch::kInt32},
    {"I16", torch::kInt16},   {"I8", torch::kInt8},     {"U8", torch::kUInt8},
    {"BOOL", torch::kBool},
};

bool dtype_from_name(const std::string& name, torch::ScalarType& out)
{
    for (const auto& d : kDTypes)
        if (name == d.name) {
            out = d.type;
            return true;
        }
    return false;
}

std::string dtype_name(torch::ScalarType type, const std::string& where)
{
    for (const auto& d : kDTypes)
        if (type == d.type) return d.name;
    fail(where, std::string("cannot store tensors of type ") + c10::toString(type));
}

std::string shape_text(const std::vector<int64_t>& shape)
{
    std::ostringstream s;
    s << '[';
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << ']';
    return s.str();
}

}  // namespace

std::string read_file_bytes(const std::string& path)
{
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const std::string reason = std::strerror(errno);
        fail(ErrorKind::FileUnreadable, {path, reason}, path, "cannot open file (" + reason + ")");
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail(path, std::string("cannot read file (") + std::strerror(errno) + ")");
    // A device (/dev/zero), FIFO or folder has no size to check and may never end.
    if (!S_ISREG(st.st_mode)) fail(path, "not a regular file (devices, pipes and folders cannot be read as data)");
    const uint64_t size = uint64_t(st.st_size);
    if (size > kMaxFileBytes)
        fail(path, "is " + std::to_string(size >> 20) + " MiB, more than the " + std::to_string(kMaxFileBytes >> 30) +
                       " GiB a file read whole may have");
    std::string bytes(size, '\0');
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, bytes.data() + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(path, std::string("read error (") + std::strerror(errno) + ")");
        }
        if (n == 0) break;  // the file shrank while being read: what is there is checked by the parser
        done += size_t(n);
    }
    bytes.resize(done);
    return bytes;
}


bool TensorFile::contains(const std::string& name) const
{
    return std::any_of(tensors.begin(), tensors.end(), [&](const auto& t) { return t.first == name; });
}

const torch::Tensor& TensorFile::at(const std::string& name) const
{
    for (const auto& t : tensors)
        if (t.first == name) return t.second;
    fail(source, "missing tensor '" + name + "'");
}

TensorFile parse_safetensors(const std::string& bytes, const std::string& source)
{
    TensorFile file;
    file.source = source;
    if (bytes.size() < 8)
        fail(source, "file is too short to be safetensors (" + std::to_string(bytes.size()) + " bytes)");
    uint64_t header_len = 0;
    std::memcpy(&header_len, bytes.data(), 8);
    // A safetensors header is a JSON object right after its 8-byte length: a text file, an image
    // or a pickle opened as a model is said to be none, not a header length it never declared.
    const bool fits = header_len >= 2 && header_len <= kMaxHeaderBytes && header_len <= bytes.size() - 8;
    if (!fits && bytes.size() > 8 && bytes[8] != '{') {
        // Files people mistake for models get their own words: "not safetensors" alone sent them
        // looking for a damaged file.
        const unsigned char first = static_cast<unsigned char>(bytes[0]);
        if (bytes.compare(0, 4, "PK\x03\x04") == 0)
            fail(ErrorKind::NotAModelFile, {source}, source,
                 "is a zip archive (as torch.save writes since PyTorch 1.6), not a model file: ECT opens "
                 ".safetensors models and the official EDM/ECT .pkl snapshots (pickle protocol 2 or later)");
        if (bytes.back() == '.' && (first == '(' || first == '}' || first == ']' || first == 'c'))
            fail(ErrorKind::NotAModelFile, {source}, source,
                 "looks like a pickle of protocol 0 or 1: official EDM/ECT snapshots are protocol 2 or later, "
                 "and other pickles are not read");
        fail(ErrorKind::NotAModelFile, {source}, source, "is not a safetensors model file (no JSON header after the first 8 bytes)");
    }
    if (!fits)
        fail(source, "header length " + std::to_string(header_len) + " does not fit the file (" +
                         std::to_string(bytes.size()) + " bytes): truncated or not safetensors");

    json header;
    try {
        // {name: {dtype, shape: [...], data_offsets: [...]}, __metadata__: {key: text}}: 3 levels;
        // a value per tensor field and shape entry (a network of 100k tensors has ~1M).
        header = parse_json_bounded(bytes.data() + 8, bytes.data() + 8 + header_len, source, 3, 4u << 20);
    } catch (const json::exception& e) {
        fail(source, std::string("header is not valid JSON (") + e.what() + ")");
    }
    if (!header.is_object()) fail(source, "header is not a JSON object");

    const uint64_t data_begin = 8 + header_len;
    const uint64_t data_size = bytes.size() - data_begin;

    struct Entry {
        std::string name;
        torch::ScalarType type;
        std::vector<int64_t> shape;
        uint64_t begin, end;
    };
    std::vector<Entry> entries;
    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__") {
            if (!value.is_object()) fail(source, "__metadata__ is not a JSON object");
            for (const auto& [key, text] : value.items()) {
                if (!text.is_string()) fail(source, "__metadata__ entry '" + key + "' is not a string");
                file.metadata[key] = text.get<std::string>();
            }
            continue;
        }
        const std::string what = "tensor '" + name + "'";
        if (!value.is_object()) fail(source, what + " has no description object");
        if (!value.contains("dtype") || !value["dtype"].is_string())
            fail(source, what + " has no dtype");
        if (!value.contains("shape") || !value["shape"].is_array())
            fail(source, what + " has no shape");
        if (!value.contains("data_offsets") || !value["data_offsets"].is_array() ||
            value["data_offsets"].size() != 2)
            fail(source, what + " has no data_offsets pair");
        Entry e;
        e.name = name;
        const std::string dtype = value["dtype"].get<std::string>();
        if (!dtype_from_name(dtype, e.type)) fail(source, what + " has unknown dtype '" + dtype + "'");
        uint64_t numel = 1;
        for (const auto& dim : value["shape"]) {
            if (!dim.is_number_unsigned()) fail(source, what + " has a shape entry that is not a non-negative integer");
            const uint64_t d = dim.get<uint64_t>();
            if (d > (1ull << 40) || (d && numel > (1ull << 40) / d)) fail(source, what + " has an impossible shape");
            numel *= d;
            e.shape.push_back(static_cast<int64_t>(d));
        }
        for (const auto& off : value["data_offsets"])
            if (!off.is_number_unsigned()) fail(source, what + " has data_offsets that are not non-negative integers");
        e.begin = value["data_offsets"][0].get<uint64_t>();
        e.end = value["data_offsets"][1].get<uint64_t>();
        if (e.begin > e.end || e.end > data_size)
            fail(source, what + " has data offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                             "] outside the data section (" + std::to_string(data_size) +
                             " bytes): the file is truncated or corrupt");
        const uint64_t need = numel * c10::elementSize(e.type);
        if (e.end - e.begin != need)
            fail(source, what + ": shape " + shape_text(e.shape) + " of " + dtype + " needs " + std::to_string(need) +
                             " bytes but its offsets span " + std::to_string(e.end - e.begin));
        entries.push_back(std::move(e));
    }

    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    // Each non-empty tensor must start at or after the furthest end so far: comparing neighbours
    // alone lets an empty tensor between two overlapping ones hide the overlap.
    const Entry* furthest = nullptr;
    for (const Entry& e : entries) {
        if (e.begin == e.end) continue;
        if (furthest && e.begin < furthest->end)
            fail(source, "tensors '" + furthest->name + "' and '" + e.name + "' overlap");
        if (!furthest || e.end > furthest->end) furthest = &e;
    }

    for (const auto& e : entries) {
        torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(e.type));
        if (e.end > e.begin) std::memcpy(t.data_ptr(), bytes.data() + data_begin + e.begin, e.end - e.begin);
        file.tensors.emplace_back(e.name, std::move(t));
    }
    return file;
}

TensorFile read_safetensors(const std::string& path)
{
    return parse_safetensors(read_file_bytes(path), path);
}

void check_output_path(const std::string& path)
{
    if (path.empty()) fail("output", "no file name given");
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) fail(path, "is a folder, not a file name");
    const size_t slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) fail(path, "its folder " + dir + " does not exist");
    if (::access(dir.c_str(), W_OK) != 0) fail(path, "its folder " + dir + " is not writable");
}

void write_file_atomically(const std::string& path, const std::string& bytes)
{
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) fail(path, std::string("cannot write (") + std::strerror(errno) + ")");
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            std::remove(tmp.c_str());
            fail(path, "write failed (" + why + ")");
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        std::remove(tmp.c_str());
        fail(path, "cannot flush to disk");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        fail(path, "cannot rename temporary file into place (" + why + ")");
    }
}

void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata)
{
    json header = json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> data;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name == "__metadata__" || name.empty()) fail(path, "invalid tensor name '" + name + "'");
        if (header.contains(name)) fail(path, "tensor name '" + name + "' used twice");
        torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        const uint64_t n = t.numel() * t.element_size();
        header[name] = {{"dtype", dtype_name(t.scalar_type(), path)},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + n}}};
        offset += n;
        data.push_back(std::move(t));
    }
    std::string text = header.dump();
    // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string bytes;
    bytes.reserve(8 + text.size() + offset);
    const uint64_t len = text.size();
    bytes.append(reinterpret_cast<const char*>(&len), 8);
    bytes += text;
    for (const auto& t : data) bytes.append(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
    write_file_atomically(path, bytes);
}

}  // namespace ect
