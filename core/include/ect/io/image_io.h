// Images out of the engine: [-1, 1] tensors to 8-bit pixels, grids, and image files.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ect {

struct Image8 {
    int width = 0, height = 0, channels = 0;  // channels: 1 (gray), 3 (RGB) or 4 (RGBA)
    std::vector<uint8_t> pixels;              // row-major, interleaved
};

// y ∈ [−1, 1] → uint8 via y·127.5 + 128 clamped to [0, 255]: [N, C, H, W] → [N, H, W, C] on the CPU.
torch::Tensor images_to_uint8(const torch::Tensor& images);

// The columns tile_grid uses for `count` images when asked for `columns` (0 = as square as possible).
int grid_columns(int count, int columns);

// Tiles uint8 [N, H, W, C] images into `columns` columns (0 = as square as possible) with
// `gap` pixels of dark background between them.
Image8 tile_grid(const torch::Tensor& images_u8, int columns = 0, int gap = 0);

// Writes PNG (and, when built with OpenImageIO, any format it knows: JPEG, TIFF, EXR, ...).
// Without OpenImageIO only .png is available. Atomic: an existing file is replaced whole or not at all.
// `text`: key/value metadata stored in the file (PNG tEXt chunks, e.g. "parameters"; JPEG, TIFF and
// EXR attributes through OpenImageIO). Keep values Latin-1 (ASCII JSON) for PNG readers.
void write_image(const std::string& path, const Image8& image, const std::map<std::string, std::string>& text = {});

// The text metadata of an image file (PNG tEXt/iTXt/zTXt; other formats through OpenImageIO's
// string attributes). Throws Error naming the file when it cannot be read as an image.
std::map<std::string, std::string> read_image_text(const std::string& path);

// Why a PNG must not reach a decoder, from its chunk headers alone (empty when they hold, and for
// bytes that are not a PNG, which the decoder then names): a chunk whose declared length is beyond
// PNG's 2^31 − 1 or beyond what the file has left. libpng allocates an ancillary chunk's declared
// length before reading it, so a 2 KB file claiming a 1.7 GB chunk cost 1.7 GB (found by fuzzing
// the studio's watch mode). Reads only the 8-byte headers, up to IEND.
std::string png_chunk_problem(const std::string& bytes);

// The PNG bytes of an image (uncompressed deflate; used when OpenImageIO is absent, and by tests).
std::string encode_png(const Image8& image, const std::map<std::string, std::string>& text = {});

// Whether this build writes images through OpenImageIO.
bool have_openimageio();

// Checks, before long work, that write_image can write `path`: a format for its extension (PNG
// without OpenImageIO) and a writable folder. Throws Error naming the path and the reason.
void check_image_output(const std::string& path);

}  // namespace ect
