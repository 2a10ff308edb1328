// Official EDM/ECT network snapshots (.pkl): imported networks reproduce the official outputs, and
// the restricted pickle reader refuses what a snapshot never holds without running any of it.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/io/pickle.h"
#include "ect/network/model_file.h"
#include "ect/network/snapshot.h"

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace ect;
using ect::test::temp_file;
namespace fs = std::filesystem;

namespace {

using ect::test::slurp;
using ect::test::spit;

std::string checkpoint(const std::string& name)
{
    return test::fixture("../checkpoints/" + name);
}

// The error load_model gives for `bytes` written as a .pkl file (empty when it loads).
std::string load_error(const std::string& bytes, const std::string& name = "damaged.pkl")
{
    const std::string path = temp_file(name);
    spit(path, bytes);
    try {
        load_model(path);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

// Replaces a SHORT_BINUNICODE string (opcode 0x8c, length, bytes) in a pickle with another.
std::string replace_short_string(std::string bytes, const std::string& from, const std::string& to)
{
    const std::string a = std::string("\x8c") + char(from.size()) + from,
                      b = std::string("\x8c") + char(to.size()) + to;
    const size_t at = bytes.find(a);
    REQUIRE_MSG(at != std::string::npos, "the snapshot has no string ", from);
    return bytes.replace(at, a.size(), b);
}

void check_outputs(const std::string& snapshot, Preconditioning mode)
{
    ModelFile model = load_model(checkpoint(snapshot));
    const TensorFile cases = read_safetensors(checkpoint(fs::path(snapshot).stem().string() + ".cases.safetensors"));
    torch::NoGradGuard no_grad;
    const torch::Tensor labels = cases.contains("class_labels") ? cases.at("class_labels") : torch::Tensor();
    const torch::Tensor d = model.net->forward(cases.at("x"), cases.at("sigma"), labels, mode);
    const double err = test::relative_error(d, cases.at("D"));
    std::printf("  %s: relative error %.2e\n", snapshot.c_str(), err);
    REQUIRE_MSG(err < 1e-4, snapshot, ": imported network differs from the official output by ", err);
}

}  // namespace

TEST_CASE(initTestCase)
{
    torch::set_num_threads(2);
}

TEST_CASE(edm_snapshot_reproduces_official_outputs)
{
    const ModelFile model = load_model(checkpoint("edm-snapshot.pkl"));
    REQUIRE_EQ(model.metadata.at("ect.kind"), std::string("diffusion"));
    REQUIRE_EQ(model.config.img_resolution, 16);
    REQUIRE_EQ(model.config.img_channels, 3);
    REQUIRE_EQ(model.config.label_dim, 0);
    check_outputs("edm-snapshot.pkl", Preconditioning::Training);
}

TEST_CASE(ect_snapshot_reproduces_official_outputs)
{
    const ModelFile model = load_model(checkpoint("ect-snapshot.pkl"));
    REQUIRE_EQ(model.metadata.at("ect.kind"), std::string("consistency"));
    REQUIRE_EQ(model.config.label_dim, 10);
    REQUIRE_EQ(model.config.sigma_min, 0.003);
    check_outputs("ect-snapshot.pkl", Preconditioning::Consistency);
}

TEST_CASE(provenance_names_the_file_not_the_machine)
{
    const TensorFile file = read_snapshot(checkpoint("edm-snapshot.pkl"));
    REQUIRE_EQ(file.metadata.at("ect.source"), std::string("edm-snapshot.pkl"));
    REQUIRE_EQ(file.metadata.at("ect.source_entry"), std::string("ema"));
    REQUIRE_EQ(file.metadata.at("ect.source_class"), std::string("EDMPrecond(SongUNet)"));
    REQUIRE_EQ(file.metadata.at("ect.source_sha256").size(), size_t(64));
    for (const auto& [key, value] : file.metadata)
        REQUIRE_MSG(value.find('/') == std::string::npos || key == "ect.network", key, " holds a path: ", value);
    REQUIRE(!file.tensors.empty());
}

TEST_CASE(other_entries_and_missing_ones)
{
    // loss_fn is EDMLoss: an object, not a network; augment_pipe is None; "nope" is absent.
    LoadOptions o;
    o.snapshot_entry = "loss_fn";
    REQUIRE_THROWS(Error, load_model(checkpoint("edm-snapshot.pkl"), torch::kCPU, o));
    try {
        o.snapshot_entry = "nope";
        load_model(checkpoint("edm-snapshot.pkl"), torch::kCPU, o);
        FAIL_CASE("a missing entry loaded");
    } catch (const Error& e) {
        const std::string m = e.what();
        REQUIRE_MSG(m.find("no 'nope' entry") != std::string::npos && m.find("ema") != std::string::npos, m);
    }
}

TEST_CASE(a_pickle_that_would_run_a_command_is_refused_by_name)
{
    // What pickle.dumps of an object reducing to os.system("touch MARKER") writes (protocol 4).
    const std::string marker = temp_file("pickle-ran-this");
    fs::remove(marker);
    const std::string cmd = "touch " + marker;
    std::string p = "\x80\x04";
    p += std::string("\x8c\x05posix\x94\x8c\x06system\x94\x93\x94", 19);
    p += std::string("\x8c") + char(cmd.size()) + cmd + "\x94\x85\x94R\x94.";
    const std::string m = load_error(p, "hostile.pkl");
    REQUIRE_MSG(m.find("posix.system") != std::string::npos && m.find("nothing of it was run") != std::string::npos, m);
    REQUIRE(!fs::exists(marker));
    // The protocol-0 form (GLOBAL opcode) and builtins.eval are refused the same way.
    const std::string m2 = load_error(std::string("\x80\x02") + "cbuiltins\neval\n(S'1'\ntR.", "hostile2.pkl");
    REQUIRE_MSG(m2.find("builtins.eval") != std::string::npos, m2);
}

TEST_CASE(unsupported_networks_are_named)
{
    const std::string edm = slurp(checkpoint("edm-snapshot.pkl"));
    std::string m = load_error(replace_short_string(edm, "EDMPrecond", "VEPrecond"));
    REQUIRE_MSG(m.find("VEPrecond networks are not supported") != std::string::npos, m);
    m = load_error(replace_short_string(edm, "EDMPrecond", "Precond"));
    REQUIRE_MSG(m.find("EDM2") != std::string::npos, m);
    m = load_error(replace_short_string(edm, "SongUNet", "DhariwalUNet"));
    REQUIRE_MSG(m.find("DhariwalUNet (ADM) networks are not supported") != std::string::npos, m);
}

TEST_CASE(damaged_pickles_end_in_one_message)
{
    const std::string edm = slurp(checkpoint("edm-snapshot.pkl"));
    // Truncated at many points, and with bytes flipped in the structure: each is an ect::Error.
    for (size_t cut : {size_t(1), size_t(2), size_t(11), size_t(40), size_t(36100), edm.size() / 2, edm.size() - 1}) {
        check::set_row("cut at " + std::to_string(cut));
        REQUIRE(!load_error(edm.substr(0, cut)).empty());
    }
    std::string flipped = edm;
    flipped[36054] ^= 0x40;
    load_error(flipped);  // refused or read: either way no other exception escapes
    REQUIRE(!load_error(std::string("\x80\x04}\x94.", 5)).empty());  // an empty dict: no "ema"
    REQUIRE(!load_error("not a pickle at all").empty());
    REQUIRE(!is_pickle_file(temp_file("does-not-exist.pkl")));
}

TEST_CASE(storages_are_bounded_by_their_bytes)
{
    // A tensor that claims more elements than its storage, or a storage that claims more than its
    // data, is refused before anything of that size is allocated.
    const std::string edm = slurp(checkpoint("edm-snapshot.pkl"));
    pickle::Document doc = pickle::read_pickle(edm, "edm");
    REQUIRE(doc.root()->get("ema") != nullptr);
    // The storage pickle's element count (BININT1 16 before NONE, TUPLE) set to 255.
    std::string bytes = edm;
    const std::string declared("\x4b\x10\x4e\x74", 4);  // K 16 N t
    const size_t at = bytes.find(declared);
    REQUIRE_MSG(at != std::string::npos, "no 16-element storage declaration found");
    bytes[at + 1] = char(0xff);
    const std::string m = load_error(bytes);
    REQUIRE_MSG(m.find("storage") != std::string::npos, m);
}
