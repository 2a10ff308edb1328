// ECT tuning continued from a model it made (`ect tune --continue`), the way a training campaign
// goes on across GPU sessions: the stage schedule counts the model's images, the model files name
// the original base and the images in all, a resume keeps all of it, and what cannot be continued
// is refused with a message.
#include "check.h"
#include "core_support.h"

#include "ect/device.h"
#include "ect/io/hash.h"
#include "ect/io/safetensors.h"
#include "ect/network/model_file.h"
#include "ect/training/trainer.h"

#include <filesystem>

using namespace ect;
namespace fs = std::filesystem;

namespace {


std::string meta(const std::string& model, const std::string& key)
{
    const auto m = load_model(model);
    const auto it = m.metadata.find(key);
    return it == m.metadata.end() ? std::string() : it->second;
}

std::string error_of(const TrainConfig& c, const std::string& dir)
{
    try {
        Trainer::start(c, dir);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE(tuning_goes_on_from_a_model_it_made)
{
    init_threads(2);
    const std::string pre = test::fresh_dir("continue-base");
    Trainer::start(test::tiny_training("edm", 3), pre)->run();
    const std::string base = pre + "/model.safetensors";
    const std::string base_sha = sha256_file(base);

    // The first session: 6 steps of 16 images, stages of 0.128 kimg (8 steps), so it stops in stage 0.
    TrainConfig first = test::tiny_training("ect", 6);
    first.base_model = base;
    first.stage_kimg = 0.128;
    const std::string a = test::fresh_dir("continue-a");
    Trainer::start(first, a)->run();
    const std::string model_a = a + "/model.safetensors";
    REQUIRE_EQ(meta(model_a, "ect.images_seen"), std::string("96"));
    REQUIRE_EQ(meta(model_a, "ect.stage"), std::string("0"));

    // The next session goes on from its model: step 3 of this run is image 96 + 32 = 128 of the
    // schedule, the first of stage 1.
    TrainConfig next = first;
    next.base_model = model_a;
    next.continue_schedule = true;
    next.steps = 6;
    const std::string b = test::fresh_dir("continue-b");
    auto t = Trainer::start(next, b);
    std::vector<int> stages;
    TrainEvents ev;
    ev.step = [&](const TrainStep& s) { stages.push_back(s.stage); };
    REQUIRE(t->run(ev) == Trainer::Outcome::Finished);
    REQUIRE_EQ(stages, (std::vector<int>{0, 0, 1, 1, 1, 1}));
    const std::string model_b = t->model_path();
    t.reset();
    REQUIRE_EQ(meta(model_b, "ect.images_seen"), std::string("192"));
    REQUIRE_EQ(meta(model_b, "ect.stage"), std::string("1"));
    REQUIRE_EQ(meta(model_b, "ect.base_model_sha256"), base_sha);  // the pair stays matched
    REQUIRE_EQ(meta(model_b, "ect.base_model"), std::string("model.safetensors"));
    REQUIRE_EQ(meta(model_b, "ect.continued_from"), "model.safetensors " + sha256_file(model_a));

    // Stopped and resumed, the continued run keeps counting from the model's images.
    TrainConfig longer = next;
    longer.steps = 4;
    const std::string c = test::fresh_dir("continue-c");
    Trainer::start(longer, c)->run();
    ResumeOptions more;
    more.steps = 6;
    auto resumed = Trainer::resume(c, more);
    REQUIRE_EQ(resumed->stage(), 1);
    resumed->run();
    const std::string model_c = resumed->model_path();
    resumed.reset();
    REQUIRE_EQ(meta(model_c, "ect.images_seen"), std::string("192"));
    REQUIRE_EQ(meta(model_c, "ect.base_model_sha256"), base_sha);
    REQUIRE_EQ(meta(model_c, "ect.continued_from"), meta(model_b, "ect.continued_from"));
    const auto sb = read_safetensors(b + "/state.safetensors"), sc = read_safetensors(c + "/state.safetensors");
    for (size_t i = 0; i < sb.tensors.size(); ++i)  // stopping changes nothing on the CPU
        REQUIRE_MSG(torch::equal(sb.tensors[i].second, sc.tensors[i].second), sb.tensors[i].first);

    // What cannot be continued: a diffusion model (not made by ECT tuning), a model without the
    // provenance a continuation carries on, an objective that reads its base again.
    TrainConfig wrong = next;
    wrong.base_model = base;
    REQUIRE(error_of(wrong, test::fresh_dir("continue-d")).find("was not made by") != std::string::npos);
    auto stripped_model = load_model(model_a);
    auto stripped_meta = stripped_model.metadata;
    stripped_meta.erase("ect.base_model_sha256");
    const std::string stripped = test::temp_file("continue-stripped.safetensors");
    save_model(stripped, stripped_model.net, stripped_meta);
    wrong.base_model = stripped;
    REQUIRE(error_of(wrong, test::fresh_dir("continue-e")).find("SHA-256") != std::string::npos);
    TrainConfig cmt = test::tiny_training("cmt", 2);
    cmt.base_model = base;
    cmt.continue_schedule = true;
    REQUIRE_THROWS(Error, cmt.validate());
    // And the recipe says so in config.json, so a resume continues the same way.
    REQUIRE(TrainConfig::from_json(next.to_json(), "recipe").continue_schedule);
}
