// A restricted pickle reader: enough of Python's pickle format to read the network snapshots the
// official EDM and ECT training loops write (`network-snapshot-*.pkl`), and nothing that runs code.
//
// Python's unpickler calls whatever a file names. This one knows a short list of globals and makes
// data of them: collections.OrderedDict (a dict), torch's tensor and storage rebuilds (a tensor
// viewing a storage read from the file's bytes), the EDM persistence reconstructor (an object
// holding its class name and state; the embedded source is kept as a string and never run),
// torch.nn containers (an object with its state) and numpy scalars and dtypes (numbers). Any other
// global, and any opcode outside the binary protocols' data and call opcodes, is refused with a
// message naming it. Every length is checked against the bytes left before it is read, and the
// counts of values, memo entries and stack entries are capped.
#pragma once

#include <torch/types.h>

#include <memory>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

namespace ect::pickle {

struct Value {
    enum class Kind {
        None,
        Bool,
        Int,
        BigInt,
        Float,
        Str,
        Bytes,
        Tuple,
        List,
        Dict,
        Set,
        Global,
        Object,
        Storage,
        Tensor
    };
    Kind kind = Kind::None;
    bool boolean = false;
    int64_t integer = 0;
    double number = 0;
    // Str and Bytes: the contents; BigInt: little-endian two's complement; Global: "module.name";
    // Storage: its element type's global ("torch.FloatStorage"); its element count is `integer`;
    // Object: the class ("EDMPrecond" for persistent objects, "torch.nn.modules.container.ModuleDict").
    std::string text;
    std::vector<Value*> items;                       // Tuple, List, Set
    std::vector<std::pair<Value*, Value*>> entries;  // Dict, in insertion order
    Value* state = nullptr;                          // Object: its state (a dict), when it has one
    torch::Tensor tensor;                            // Storage: 1-D, its dtype; Tensor: a view of one

    bool is(Kind k) const { return kind == k; }
    // Dict lookup by string key; nullptr when absent or when this is not a dict.
    const Value* get(const std::string& key) const;
    // A short description for messages: "a dict", "the string 'x'", "an int".
    std::string describe() const;
};

// The values of one file. They are owned here (a file may build cycles: all are freed together).
class Document {
public:
    Document();
    ~Document();
    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;

    const Value* root() const { return root_; }
    void set_root(Value* root) { root_ = root; }
    Value* make(Value::Kind kind);
    size_t size() const { return values_.size(); }

    // The reader's budget for storage data (pickle.cpp): each bytes value becomes a storage once,
    // however often the pickle refers to it, and all storages together hold at most as many bytes
    // as the file has (a pickle cannot make more data than it carries).
    std::unordered_map<const Value*, Value*>& storages_made() { return storages_made_; }
    uint64_t storage_bytes = 0, storage_budget = 0;

private:
    std::vector<std::unique_ptr<Value>> values_;
    Value* root_ = nullptr;
    std::unordered_map<const Value*, Value*> storages_made_;
};

// Reads a pickle of a network snapshot. Throws Error naming `source` on anything it does not
// know or that does not fit the bytes.
Document read_pickle(const std::string& bytes, const std::string& source);

// Whether `bytes` begins like a pickle of protocol 2 or later.
bool looks_like_pickle(const std::string& bytes);

}  // namespace ect::pickle
