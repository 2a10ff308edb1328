// The restricted pickle reader (see pickle.h): a stack machine over the binary opcodes, where the
// few known globals make data and everything else is refused by name.
#include "ect/io/pickle.h"

#include "ect/error.h"

#include <torch/torch.h>

#include <cstring>
#include <map>
#include <string_view>
#include <unordered_map>

namespace ect::pickle {

const Value* Value::get(const std::string& key) const
{
    if (kind != Kind::Dict) return nullptr;
    for (const auto& [k, v] : entries)
        if (k->kind == Kind::Str && k->text == key) return v;
    return nullptr;
}

std::string Value::describe() const
{
    switch (kind) {
        case Kind::None:
            return "None";
        case Kind::Bool:
            return "a bool";
        case Kind::Int:
        case Kind::BigInt:
            return "an int";
        case Kind::Float:
            return "a float";
        case Kind::Str:
            return "the string '" + text.substr(0, 40) + "'";
        case Kind::Bytes:
            return "bytes";
        case Kind::Tuple:
            return "a tuple";
        case Kind::List:
            return "a list";
        case Kind::Dict:
            return "a dict";
        case Kind::Set:
            return "a set";
        case Kind::Global:
            return "the global " + text;
        case Kind::Object:
            return "a " + text + " object";
        case Kind::Storage:
            return "a storage";
        case Kind::Tensor:
            return "a tensor";
    }
    return "a value";
}

Document::Document() = default;
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

Value* Document::make(Value::Kind kind)
{
    values_.push_back(std::make_unique<Value>());
    values_.back()->kind = kind;
    return values_.back().get();
}

bool looks_like_pickle(const std::string& bytes)
{
    return bytes.size() >= 2 && uint8_t(bytes[0]) == 0x80 && uint8_t(bytes[1]) >= 2 && uint8_t(bytes[1]) <= 5;
}

namespace {

using Kind = Value::Kind;

// Caps on what one file may make (a real snapshot of EDM's largest networks stays far below).
constexpr size_t kMaxValues = size_t(2) << 20;  // ~160 bytes each
constexpr size_t kMaxMemo = size_t(4) << 20;
constexpr size_t kMaxStack = size_t(1) << 20;
constexpr int kMaxNesting = 64;  // pickles inside pickles (storages inside the snapshot)
constexpr int64_t kMaxTensorDims = 16;

// What a global stands for.
enum class Known {
    OrderedDict,       // collections.OrderedDict: a dict
    DictSubclass,      // dnnlib.util.EasyDict (EDM2's snapshots): a dict made with NEWOBJ
    RebuildTensor,     // torch._utils._rebuild_tensor_v2
    RebuildParameter,  // torch._utils._rebuild_parameter
    LoadFromBytes,     // torch.storage._load_from_bytes: a storage in torch's legacy format
    Persistent,        // torch_utils.persistence._reconstruct_persistent_obj (EDM's networks)
    Container,         // torch.nn containers: an object with state
    NumpyScalar,       // numpy.core.multiarray.scalar
    NumpyDtype,        // numpy.dtype
    StorageType,       // torch.FloatStorage, ...: data (the storage's element type)
};

struct KnownGlobal {
    Known kind;
    torch::ScalarType dtype = torch::kFloat32;  // StorageType
};

const std::map<std::string, KnownGlobal>& known_globals()
{
    static const std::map<std::string, KnownGlobal> table = {
        {"collections.OrderedDict", {Known::OrderedDict}},
        {"dnnlib.util.EasyDict", {Known::DictSubclass}},
        {"torch._utils._rebuild_tensor_v2", {Known::RebuildTensor}},
        {"torch._utils._rebuild_parameter", {Known::RebuildParameter}},
        {"torch.storage._load_from_bytes", {Known::LoadFromBytes}},
        {"torch_utils.persistence._reconstruct_persistent_obj", {Known::Persistent}},
        {"torch.nn.modules.container.ModuleDict", {Known::Container}},
        {"torch.nn.modules.container.ModuleList", {Known::Container}},
        {"torch.nn.modules.container.Sequential", {Known::Container}},
        {"numpy.core.multiarray.scalar", {Known::NumpyScalar}},
        {"numpy._core.multiarray.scalar", {Known::NumpyScalar}},
        {"numpy.dtype", {Known::NumpyDtype}},
        {"torch.FloatStorage", {Known::StorageType, torch::kFloat32}},
        {"torch.DoubleStorage", {Known::StorageType, torch::kFloat64}},
        {"torch.HalfStorage", {Known::StorageType, torch::kFloat16}},
        {"torch.BFloat16Storage", {Known::StorageType, torch::kBFloat16}},
        {"torch.LongStorage", {Known::StorageType, torch::kInt64}},
        {"torch.IntStorage", {Known::StorageType, torch::kInt32}},
        {"torch.ShortStorage", {Known::StorageType, torch::kInt16}},
        {"torch.CharStorage", {Known::StorageType, torch::kInt8}},
        {"torch.ByteStorage", {Known::StorageType, torch::kUInt8}},
        {"torch.BoolStorage", {Known::StorageType, torch::kBool}},
    };
    return table;
}

class Reader {
public:
    // `persistent`: the storages a legacy torch file's main pickle refers to (BINPERSID), or null
    // where the format has none.
    Reader(Document& doc, const std::string& bytes, size_t at, std::string source, int nesting,
           std::map<std::string, Value*>* persistent)
        : doc_(doc), b_(bytes), at_(at), source_(std::move(source)), nesting_(nesting), persistent_(persistent)
    {
    }

    // Runs to STOP; returns the value left on the stack.
    Value* run();
    size_t position() const { return at_; }

private:
    [[noreturn]] void refuse(const std::string& why) const
    {
        fail(source_, why + " (at byte " + std::to_string(op_at_) + ")");
    }
    void need(uint64_t n) const
    {
        if (n > b_.size() - at_) refuse("the pickle ends inside an opcode's data: truncated file");
    }
    uint64_t le(int bytes)
    {
        need(uint64_t(bytes));
        uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | uint8_t(b_[at_ + size_t(i)]);
        at_ += size_t(bytes);
        return v;
    }
    std::string take(uint64_t n)
    {
        need(n);
        std::string s = b_.substr(at_, size_t(n));
        at_ += size_t(n);
        return s;
    }
    Value* make(Kind k)
    {
        if (doc_.size() >= kMaxValues) refuse("more values than a network snapshot holds");
        return doc_.make(k);
    }
    void push(Value* v)
    {
        if (stack_.size() >= kMaxStack) refuse("the pickle's stack grows past its limit");
        stack_.push_back(v);
    }
    Value* pop()
    {
        if (stack_.size() <= mark_floor()) refuse("an opcode needs a value the stack does not hold");
        Value* v = stack_.back();
        stack_.pop_back();
        return v;
    }
    Value* top()
    {
        if (stack_.size() <= mark_floor()) refuse("an opcode needs a value the stack does not hold");
        return stack_.back();
    }
    size_t mark_floor() const { return marks_.empty() ? 0 : marks_.back(); }
    // The values above the newest mark, which is removed.
    std::vector<Value*> pop_mark()
    {
        if (marks_.empty()) refuse("an opcode needs a mark the stack does not hold");
        const size_t m = marks_.back();
        marks_.pop_back();
        std::vector<Value*> out(stack_.begin() + std::ptrdiff_t(m), stack_.end());
        stack_.resize(m);
        return out;
    }
    void memo_put(uint64_t index, Value* v)
    {
        if (index >= kMaxMemo || (memo_.size() >= kMaxMemo && !memo_.count(index))) refuse("memo index past its limit");
        memo_[index] = v;
    }
    Value* memo_get(uint64_t index)
    {
        const auto it = memo_.find(index);
        if (it == memo_.end()) refuse("the pickle refers to a memo entry it never stored");
        return it->second;
    }
    Value* integer(int64_t v)
    {
        Value* x = make(Kind::Int);
        x->integer = v;
        return x;
    }
    Value* string_value(Kind k, std::string s)
    {
        Value* x = make(k);
        x->text = std::move(s);
        return x;
    }
    Value* sequence(Kind k, std::vector<Value*> items)
    {
        Value* x = make(k);
        x->items = std::move(items);
        return x;
    }
    Value* global(const std::string& module, const std::string& name);
    Value* call(Value* callable, Value* args);
    Value* new_object(Value* cls, Value* args);
    void build(Value* object, Value* state);
    void set_items(Value* dict, const std::vector<Value*>& flat);
    Value* rebuild_tensor(const std::vector<Value*>& args);
    Value* load_storage(const std::string& bytes);
    Value* persistent_load(Value* pid);
    Value* numpy_scalar(const std::vector<Value*>& args);
    const KnownGlobal& known(const Value* callable) const;

    Document& doc_;
    const std::string& b_;
    size_t at_;
    size_t op_at_ = 0;
    std::string source_;
    int nesting_;
    std::map<std::string, Value*>* persistent_;
    std::vector<Value*> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, Value*> memo_;
    // set_items: each dict's string keys, viewed in their Values (owned by the Document and never
    // changed once made): a key is never copied, so one long key in many dicts costs nothing more.
    std::unordered_map<const Value*, std::unordered_map<std::string_view, size_t>> dict_index_;
};

Value* Reader::global(const std::string& module, const std::string& name)
{
    const std::string full = module + "." + name;
    if (!known_globals().count(full))
        refuse("the pickle names the global " + full + ", which a network snapshot never needs; nothing of it was run");
    return string_value(Kind::Global, full);
}

const KnownGlobal& Reader::known(const Value* callable) const
{
    if (callable->kind != Kind::Global)
        refuse("the pickle calls " + callable->describe() + ", which is not a function");
    return known_globals().at(callable->text);
}

int64_t as_int(const Value* v, const std::string& what, const std::string& source)
{
    if (v->kind == Kind::Bool) return v->boolean;
    if (v->kind != Kind::Int) fail(source, what + " must be an int, not " + v->describe());
    return v->integer;
}

std::vector<int64_t> int_tuple(const Value* v, const std::string& what, const std::string& source)
{
    if (v->kind != Kind::Tuple && v->kind != Kind::List) fail(source, what + " must be a tuple, not " + v->describe());
    if (int64_t(v->items.size()) > kMaxTensorDims) fail(source, what + " has too many dimensions");
    std::vector<int64_t> out;
    for (const Value* x : v->items) out.push_back(as_int(x, what, source));
    return out;
}

Value* Reader::rebuild_tensor(const std::vector<Value*>& args)
{
    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (args.size() < 4) refuse("_rebuild_tensor_v2 needs storage, offset, size and stride");
    if (args[0]->kind != Kind::Storage || !args[0]->tensor.defined())
        refuse("_rebuild_tensor_v2 expects a storage, not " + args[0]->describe());
    const torch::Tensor& storage = args[0]->tensor;
    const int64_t offset = as_int(args[1], "a tensor's storage offset", source_);
    const auto size = int_tuple(args[2], "a tensor's size", source_);
    const auto stride = int_tuple(args[3], "a tensor's stride", source_);
    if (size.size() != stride.size()) refuse("a tensor's size and stride differ in length");
    // The furthest element the view reaches must lie inside the storage.
    // The view may reach no element outside the storage, and hold no more elements than it (a
    // stride-0 view of a small storage would otherwise stand for any size).
    const int64_t n = storage.numel();
    bool empty = false;
    for (size_t i = 0; i < size.size(); ++i) {
        if (size[i] < 0 || stride[i] < 0) refuse("a tensor has a negative size or stride");
        if (size[i] == 0) empty = true;
    }
    int64_t numel = 0;
    if (!empty) {
        if (offset < 0 || offset >= n) refuse("a tensor starts outside its storage");
        int64_t last = offset;
        numel = 1;
        for (size_t i = 0; i < size.size(); ++i) {
            if (size[i] > n || numel > n / size[i])
                refuse("a tensor holds more elements than its storage of " + std::to_string(n));
            numel *= size[i];
            if (size[i] > 1 && stride[i] > 0) {
                if (size[i] - 1 > (n - 1 - last) / stride[i])
                    refuse("a tensor reaches past its storage of " + std::to_string(n) + " elements");
                last += (size[i] - 1) * stride[i];
            }
        }
    }
    Value* t = make(Kind::Tensor);
    t->tensor = empty ? torch::empty(size, storage.options()) : storage.as_strided(size, stride, offset);
    return t;
}

// One storage in torch's legacy serialization (what torch.storage._load_from_bytes reads):
// pickles of the magic number, the protocol version and the system information, the storage
// itself as a persistent id, the list of storage keys; then each storage's element count and data.
Value* Reader::load_storage(const std::string& bytes)
{
    if (nesting_ + 1 > kMaxNesting) refuse("pickles nested too deeply");
    const std::string where = source_ + " (a storage)";
    std::map<std::string, Value*> storages;
    size_t at = 0;
    auto next = [&](std::map<std::string, Value*>* persistent) {
        Reader inner(doc_, bytes, at, where, nesting_ + 1, persistent);
        Value* v = inner.run();
        at = inner.position();
        return v;
    };
    Value* magic = next(nullptr);
    // 0x1950a86a20f9469cfc6c, little-endian, as LONG1 writes it
    static const std::string kMagic{"\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10};
    if (magic->kind != Kind::BigInt || magic->text != kMagic)
        fail(where, "not a storage in torch's serialization format");
    Value* version = next(nullptr);
    if (version->kind != Kind::Int || version->integer != 1001)
        fail(where, "torch serialization protocol " +
                        (version->kind == Kind::Int ? std::to_string(version->integer) : std::string("?")) +
                        " is not supported (1001 is)");
    Value* info = next(nullptr);
    const Value* little = info->get("little_endian");
    if (!little || little->kind != Kind::Bool || !little->boolean) fail(where, "big-endian storages are not supported");
    Value* result = next(&storages);
    Value* keys = next(nullptr);
    if (keys->kind != Kind::List) fail(where, "the storage key list is missing");
    for (const Value* key : keys->items) {
        if (key->kind != Kind::Str || !storages.count(key->text))
            fail(where, "the data names a storage the pickle does not");
        Value* s = storages.at(key->text);
        if (at > bytes.size() || bytes.size() - at < 8) fail(where, "truncated storage data");
        uint64_t count = 0;
        for (int i = 7; i >= 0; --i) count = (count << 8) | uint8_t(bytes[at + size_t(i)]);
        at += 8;
        // Declared in the pickle (kind and size), allocated only now that its bytes are here.
        const torch::ScalarType dtype = known_globals().at(s->text).dtype;
        const uint64_t element = uint64_t(c10::elementSize(dtype));
        if (s->tensor.defined()) fail(where, "storage " + key->text + " has data twice");
        if (count != uint64_t(s->integer) || count > (bytes.size() - at) / element)
            fail(where,
                 "a storage's data does not match its declared size of " + std::to_string(s->integer) + " elements");
        doc_.storage_bytes += count * element;
        if (doc_.storage_bytes > doc_.storage_budget)
            fail(where, "the storages hold more data than the file (" + std::to_string(doc_.storage_budget) + " bytes) carries");
        s->tensor = torch::empty({int64_t(count)}, torch::TensorOptions().dtype(dtype));
        if (count) std::memcpy(s->tensor.data_ptr(), bytes.data() + at, size_t(count * element));
        at += size_t(count * element);
    }
    for (const auto& [key, s] : storages)
        if (!s->tensor.defined()) fail(where, "storage " + key + " has no data");
    if (result->kind != Kind::Storage) fail(where, "holds " + result->describe() + " where a storage belongs");
    return result;
}

// ('storage', storage_type, key, location, numel[, view_metadata]) in a legacy torch file.
Value* Reader::persistent_load(Value* pid)
{
    if (!persistent_) refuse("a persistent reference outside a storage file");
    if (pid->kind != Kind::Tuple || pid->items.size() < 5 || pid->items[0]->kind != Kind::Str ||
        pid->items[0]->text != "storage")
        refuse("a persistent reference that is not a storage");
    const Value* type = pid->items[1];
    if (type->kind != Kind::Global || known_globals().at(type->text).kind != Known::StorageType)
        refuse("a storage of unknown type " + type->describe());
    if (pid->items[2]->kind != Kind::Str) refuse("a storage key that is not a string");
    if (pid->items.size() > 5 && pid->items[5]->kind != Kind::None) refuse("storage views are not supported");
    const std::string& key = pid->items[2]->text;
    const int64_t numel = as_int(pid->items[4], "a storage's size", source_);
    if (numel < 0 || uint64_t(numel) > b_.size()) refuse("a storage declares more elements than its file holds");
    auto found = persistent_->find(key);
    if (found != persistent_->end()) {
        if (found->second->integer != numel || found->second->text != type->text)
            refuse("storage " + key + " is declared twice with different sizes");
        return found->second;
    }
    Value* s = string_value(Kind::Storage, type->text);  // its element type; filled when the data is read
    s->integer = numel;
    (*persistent_)[key] = s;
    return s;
}

Value* Reader::numpy_scalar(const std::vector<Value*>& args)
{
    // scalar(dtype, bytes): a numpy number stored as its raw bytes.
    if (args.size() != 2 || args[0]->kind != Kind::Object || args[0]->text != "numpy.dtype" ||
        args[1]->kind != Kind::Bytes)
        refuse("a numpy scalar that is not (dtype, bytes)");
    const std::string& code = args[0]->state ? args[0]->state->text : std::string();
    const std::string& raw = args[1]->text;
    auto read = [&](auto zero) {
        decltype(zero) v;
        if (raw.size() != sizeof v) refuse("a numpy scalar's bytes do not match its type");
        std::memcpy(&v, raw.data(), sizeof v);
        return v;
    };
    Value* v;
    if (code == "f8")
        (v = make(Kind::Float))->number = read(double{});
    else if (code == "f4")
        (v = make(Kind::Float))->number = read(float{});
    else if (code == "i8")
        (v = make(Kind::Int))->integer = read(int64_t{});
    else if (code == "i4")
        (v = make(Kind::Int))->integer = read(int32_t{});
    else if (code == "b1")
        (v = make(Kind::Bool))->boolean = read(uint8_t{}) != 0;
    else
        refuse("a numpy scalar of type '" + code + "' is not supported");
    return v;
}

Value* Reader::call(Value* callable, Value* args)
{
    const KnownGlobal& k = known(callable);
    if (args->kind != Kind::Tuple) refuse("call arguments must be a tuple");
    const std::vector<Value*>& a = args->items;
    switch (k.kind) {
        case Known::OrderedDict:
            if (!a.empty()) refuse("OrderedDict called with arguments");
            return make(Kind::Dict);
        case Known::RebuildTensor:
            return rebuild_tensor(a);
        case Known::RebuildParameter:
            if (a.empty() || a[0]->kind != Kind::Tensor) refuse("_rebuild_parameter expects a tensor");
            return a[0];
        case Known::LoadFromBytes: {
            if (a.size() != 1 || a[0]->kind != Kind::Bytes) refuse("_load_from_bytes expects bytes");
            // The same bytes (a memo entry referred to again) are the same storage: made once.
            Value*& made = doc_.storages_made()[a[0]];
            if (!made) made = load_storage(a[0]->text);
            return made;
        }
        case Known::Persistent: {
            // EDM's persistence: meta = {type, version, module_src, class_name, state}. The module
            // source is Python the original loop would run; here it stays a string.
            if (a.size() != 1 || a[0]->kind != Kind::Dict) refuse("_reconstruct_persistent_obj expects a dict");
            const Value* name = a[0]->get("class_name");
            if (!name || name->kind != Kind::Str) refuse("a persistent object without a class name");
            Value* obj = string_value(Kind::Object, name->text);
            obj->state = const_cast<Value*>(a[0]->get("state"));
            return obj;
        }
        case Known::NumpyDtype: {
            if (a.empty() || a[0]->kind != Kind::Str) refuse("numpy.dtype expects a type code");
            Value* dtype = string_value(Kind::Object, "numpy.dtype");
            dtype->state = string_value(Kind::Str, a[0]->text);
            return dtype;
        }
        case Known::NumpyScalar:
            return numpy_scalar(a);
        case Known::Container:
            refuse(callable->text + " cannot be called as a function");
        case Known::DictSubclass:
            refuse(callable->text + " cannot be called as a function");
        case Known::StorageType:
            refuse(callable->text + " cannot be called as a function");
    }
    refuse("unknown call");
}

Value* Reader::new_object(Value* cls, Value* args)
{
    const KnownGlobal& k = known(cls);
    if (k.kind == Known::DictSubclass) {
        if (args->kind != Kind::Tuple || !args->items.empty()) refuse(cls->text + " created with arguments");
        return make(Kind::Dict);  // its items follow as SETITEMS
    }
    if (k.kind != Known::Container)
        refuse("the pickle creates an object of " + cls->text + ", which is not a container");
    if (args->kind != Kind::Tuple || !args->items.empty()) refuse(cls->text + " created with arguments");
    return string_value(Kind::Object, cls->text);
}

void Reader::build(Value* object, Value* state)
{
    // An EasyDict's attribute state (its __dict__) is empty: nothing to keep.
    if (object->kind == Kind::Dict && state->kind == Kind::Dict && state->entries.empty()) return;
    if (object->kind != Kind::Object) refuse("the pickle sets the state of " + object->describe());
    if (object->text == "numpy.dtype") {
        // (version, byte order, ...): only little-endian or byte-free types are read.
        if (state->kind == Kind::Tuple && state->items.size() >= 2 && state->items[1]->kind == Kind::Str &&
            state->items[1]->text == ">")
            refuse("big-endian numpy values are not supported");
        return;
    }
    if (state->kind != Kind::Dict) refuse("the state of " + object->describe() + " must be a dict");
    object->state = state;
}

void Reader::set_items(Value* dict, const std::vector<Value*>& flat)
{
    if (dict->kind != Kind::Dict) refuse("the pickle adds items to " + dict->describe());
    if (flat.size() % 2) refuse("a dict's items come in an odd number");
    // A string key set again replaces its value, found through an index (a scan per insert makes
    // a dict of n keys cost n² / 2 comparisons: minutes for a few megabytes of keys).
    // Small dicts (every dict of a real snapshot) are scanned: no index, and no key hashed — one
    // long key set in many small dicts would otherwise be hashed once per dict. The same Value as
    // key is found by its address before its text is compared.
    if (dict->entries.size() + flat.size() / 2 <= 32 && !dict_index_.count(dict)) {
        for (size_t i = 0; i < flat.size(); i += 2) {
            Value* key = flat[i];
            bool replaced = false;
            if (key->kind == Kind::Str)
                for (auto& entry : dict->entries)
                    if (entry.first == key || (entry.first->kind == Kind::Str && entry.first->text == key->text)) {
                        entry.second = flat[i + 1];
                        replaced = true;
                        break;
                    }
            if (!replaced) dict->entries.push_back({key, flat[i + 1]});
        }
        return;
    }
    auto [index, fresh] = dict_index_.try_emplace(dict);
    if (fresh)  // a dict this reader has not filled before: index what it holds
        for (size_t e = 0; e < dict->entries.size(); ++e)
            if (dict->entries[e].first->kind == Kind::Str) index->second.emplace(std::string_view(dict->entries[e].first->text), e);
    for (size_t i = 0; i < flat.size(); i += 2) {
        Value* key = flat[i];
        if (key->kind == Kind::Str) {
            const auto [at, added] = index->second.emplace(std::string_view(key->text), dict->entries.size());
            if (!added) {
                dict->entries[at->second].second = flat[i + 1];
                continue;
            }
        }
        dict->entries.push_back({key, flat[i + 1]});
    }
}

Value* Reader::run()
{
    while (true) {
        op_at_ = at_;
        need(1);
        const uint8_t op = uint8_t(b_[at_++]);
        switch (op) {
            case 0x80:  // PROTO
                if (le(1) > 5) refuse("pickle protocol newer than 5");
                break;
            case 0x95:
                le(8);
                break;   // FRAME: a hint only
            case '.': {  // STOP
                if (!marks_.empty() || stack_.size() != 1) refuse("the pickle ends with a malformed stack");
                return stack_.back();
            }
            case '(':  // MARK
                if (marks_.size() >= kMaxStack) refuse("too many marks");
                marks_.push_back(stack_.size());
                break;
            case '0':
                pop();
                break;  // POP
            case '1':
                pop_mark();
                break;  // POP_MARK
            case '2':
                push(top());
                break;  // DUP
            case 'N':
                push(make(Kind::None));
                break;
            case 0x88:
            case 0x89: {
                Value* v = make(Kind::Bool);
                v->boolean = op == 0x88;
                push(v);
                break;
            }
            case 'J':
                push(integer(int32_t(uint32_t(le(4)))));
                break;  // BININT
            case 'K':
                push(integer(int64_t(le(1))));
                break;  // BININT1
            case 'M':
                push(integer(int64_t(le(2))));
                break;    // BININT2
            case 0x8a:    // LONG1
            case 0x8b: {  // LONG4
                const uint64_t n = le(op == 0x8a ? 1 : 4);
                std::string raw = take(n);
                if (n <= 8) {
                    uint64_t v = 0;
                    for (size_t i = raw.size(); i-- > 0;) v = (v << 8) | uint8_t(raw[i]);
                    if (n && n < 8 && (uint8_t(raw.back()) & 0x80)) v |= ~uint64_t(0) << (8 * n);  // sign
                    push(integer(int64_t(v)));
                } else {
                    push(string_value(Kind::BigInt, std::move(raw)));
                }
                break;
            }
            case 'G': {  // BINFLOAT: big-endian double
                need(8);
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | uint8_t(b_[at_ + size_t(i)]);
                at_ += 8;
                Value* v = make(Kind::Float);
                std::memcpy(&v->number, &bits, 8);
                push(v);
                break;
            }
            case 0x8c:
                push(string_value(Kind::Str, take(le(1))));
                break;  // SHORT_BINUNICODE
            case 'X':
                push(string_value(Kind::Str, take(le(4))));
                break;  // BINUNICODE
            case 0x8d:
                push(string_value(Kind::Str, take(le(8))));
                break;  // BINUNICODE8
            case 'U':
                push(string_value(Kind::Str, take(le(1))));
                break;  // SHORT_BINSTRING
            case 'T':
                push(string_value(Kind::Str, take(le(4))));
                break;  // BINSTRING
            case 'C':
                push(string_value(Kind::Bytes, take(le(1))));
                break;  // SHORT_BINBYTES
            case 'B':
                push(string_value(Kind::Bytes, take(le(4))));
                break;  // BINBYTES
            case 0x8e:
                push(string_value(Kind::Bytes, take(le(8))));
                break;  // BINBYTES8
            case ')':
                push(make(Kind::Tuple));
                break;
            case 't':
                push(sequence(Kind::Tuple, pop_mark()));
                break;
            case 0x85:
            case 0x86:
            case 0x87: {  // TUPLE1..3
                const size_t n = size_t(op - 0x84);
                std::vector<Value*> items(n);
                for (size_t i = n; i-- > 0;) items[i] = pop();
                push(sequence(Kind::Tuple, std::move(items)));
                break;
            }
            case ']':
                push(make(Kind::List));
                break;
            case 'l':
                push(sequence(Kind::List, pop_mark()));
                break;
            case 'a': {  // APPEND
                Value* v = pop();
                Value* list = top();
                if (list->kind != Kind::List) refuse("the pickle appends to " + list->describe());
                list->items.push_back(v);
                break;
            }
            case 'e': {  // APPENDS
                auto items = pop_mark();
                Value* list = top();
                if (list->kind != Kind::List) refuse("the pickle appends to " + list->describe());
                list->items.insert(list->items.end(), items.begin(), items.end());
                break;
            }
            case '}':
                push(make(Kind::Dict));
                break;
            case 'd': {  // DICT
                Value* d = make(Kind::Dict);
                set_items(d, pop_mark());
                push(d);
                break;
            }
            case 's': {  // SETITEM
                Value* value = pop();
                Value* key = pop();
                set_items(top(), {key, value});
                break;
            }
            case 'u': {  // SETITEMS
                auto flat = pop_mark();
                set_items(top(), flat);
                break;
            }
            case 0x8f:
                push(make(Kind::Set));
                break;    // EMPTY_SET
            case 0x90: {  // ADDITEMS
                auto items = pop_mark();
                Value* set = top();
                if (set->kind != Kind::Set) refuse("the pickle adds items to " + set->describe());
                set->items.insert(set->items.end(), items.begin(), items.end());
                break;
            }
            case 0x91:
                push(sequence(Kind::Set, pop_mark()));
                break;  // FROZENSET
            case 'h':
                push(memo_get(le(1)));
                break;  // BINGET
            case 'j':
                push(memo_get(le(4)));
                break;  // LONG_BINGET
            case 'q':
                memo_put(le(1), top());
                break;  // BINPUT
            case 'r':
                memo_put(le(4), top());
                break;  // LONG_BINPUT
            case 0x94:
                memo_put(memo_.size(), top());
                break;   // MEMOIZE
            case 'c': {  // GLOBAL: "module\nname\n"
                auto line = [&] {
                    const size_t end = b_.find('\n', at_);
                    if (end == std::string::npos || end - at_ > 256) refuse("a malformed global name");
                    std::string s = b_.substr(at_, end - at_);
                    at_ = end + 1;
                    return s;
                };
                const std::string module = line();
                push(global(module, line()));
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                Value* name = pop();
                Value* module = pop();
                if (module->kind != Kind::Str || name->kind != Kind::Str)
                    refuse("a global named by something other than strings");
                push(global(module->text, name->text));
                break;
            }
            case 'R': {  // REDUCE
                Value* args = pop();
                Value* callable = pop();
                push(call(callable, args));
                break;
            }
            case 0x81: {  // NEWOBJ
                Value* args = pop();
                Value* cls = pop();
                push(new_object(cls, args));
                break;
            }
            case 'b': {  // BUILD
                Value* state = pop();
                build(top(), state);
                break;
            }
            case 'Q':
                push(persistent_load(pop()));
                break;  // BINPERSID
            default: {
                char name[8];
                std::snprintf(name, sizeof name, "0x%02x", op);
                refuse(std::string("the pickle uses opcode ") + name +
                       (op == 'i' || op == 'o' || op == 0x92 || (op >= 0x82 && op <= 0x84)
                            ? ", which builds objects a network snapshot never holds"
                            : ", which this reader does not accept"));
            }
        }
    }
}

}  // namespace

Document read_pickle(const std::string& bytes, const std::string& source)
{
    if (!looks_like_pickle(bytes)) fail(source, "not a pickle of protocol 2 or later");
    Document doc;
    doc.storage_budget = bytes.size();
    Reader reader(doc, bytes, 0, source, 0, nullptr);
    doc.set_root(reader.run());
    return doc;
}

}  // namespace ect::pickle
