// Parity with the official Python code: every fixture in shared/fixtures/reference reproduced.
#include "check.h"
#include "core_support.h"

#include "ect/error.h"
#include "ect/evaluation/selftest.h"
#include "ect/method/losses.h"
#include "ect/method/samplers.h"
#include "ect/network/model_file.h"
#include "ect/training/recipe.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

using namespace ect;
using ect::test::fixture;

TEST_CASE(initTestCase)
{
    torch::set_num_threads(2);
    REQUIRE_MSG(std::filesystem::exists(fixture("songunet-uncond32.safetensors")),
                "reference fixtures not found: set ECT_FIXTURES or -DECT_FIXTURES_DIR");
}

TEST_CASE(parity)
{
    // Every check of `ect selftest` (core's run_parity_checks): the same code the command runs on
    // a GPU server. Each is printed; the case fails naming every check that failed.
    const auto checks = run_parity_checks(fixture(""), torch::kCPU);
    REQUIRE(checks.size() >= 30);
    std::string failed;
    for (const auto& c : checks) {
        std::printf("  %-40s relative error %.3g (limit %.3g)%s%s\n", c.name.c_str(), c.error, c.tolerance,
                    c.problem.empty() ? "" : ": ", c.problem.c_str());
        if (!c.passed()) failed += "\n    " + c.name + (c.problem.empty() ? "" : ": " + c.problem);
    }
    REQUIRE_MSG(failed.empty(), "failed checks:", failed);
}

TEST_CASE(missing_fixtures_fail_with_reasons)
{
    const auto checks = run_parity_checks(ect::test::temp_file("no-fixtures"), torch::kCPU);
    REQUIRE_EQ(checks.size(), parity_check_groups().size());  // one failed check per fixture group
    for (const auto& c : checks) {
        REQUIRE(!c.passed());
        REQUIRE_MSG(!c.problem.empty(), c.name.c_str());
    }
}

TEST_CASE(mapping_worked_values)
{
    // ECT-SPEC "Stage schedule": q = 2, k = 8, b = 1.
    EctLossConfig cfg;
    auto r = [&](double t, int stage) {
        return ect_target_level(torch::tensor({t}, torch::kFloat64), stage, cfg).item<double>();
    };
    REQUIRE(std::abs(r(2, 0) - 0.04638) < 5e-5);
    REQUIRE(std::abs(r(1, 1) - 0.2121) < 5e-4);
    REQUIRE(std::abs(r(10, 2) - 8.750) < 5e-3);
    REQUIRE(std::abs(r(80, 0) - 40) < 1e-6);
    REQUIRE(std::abs(r(80, 1) - 60) < 1e-6);
    REQUIRE(std::abs(r(80, 2) - 70) < 1e-6);
    REQUIRE_EQ(r(0.01, 0), 0.0);  // clamped at 0 for small t in early stages
}

TEST_CASE(heun_levels)
{
    const torch::Tensor t = edm_sigma_levels(18);
    REQUIRE_EQ(t.size(0), 19);
    REQUIRE(std::abs(t[0].item<double>() - 80) < 1e-12);
    REQUIRE(std::abs(t[17].item<double>() - 0.002) < 1e-12);
    REQUIRE_EQ(t[18].item<double>(), 0.0);
    REQUIRE_EQ(edm_nfe(18, EdmSolver::Heun), 35);
}

TEST_CASE(cifar10_parameter_count)
{
    Denoiser net(NetworkConfig::cifar10_ddpmpp());
    REQUIRE_EQ(count_parameters(*net), int64_t(55732739));
    // Names follow EDM's state dict.
    const auto params = net->named_parameters();
    REQUIRE(params.contains("model.enc.32x32_conv.weight"));
    REQUIRE(params.contains("model.dec.16x16_block4.qkv.weight"));
    REQUIRE(params.contains("model.map_layer0.weight"));
    REQUIRE(net->named_buffers().contains("model.enc.16x16_down.conv0.resample_filter"));
}

TEST_CASE(edm2_loss_matches_official)
{
    // EDM2's pretraining loss (log-variance weighted) against training_loop.EDM2Loss run by the
    // official code on the float16 snapshot (tests/fixtures/make_edm2_loss.py), two (P_mean, P_std).
    const TensorFile file = read_safetensors(std::string(ECT_TEST_FIXTURES_DIR) + "/edm2-loss.safetensors");
    const auto settings = nlohmann::json::parse(file.metadata.at("settings"));
    REQUIRE_EQ(settings.size(), size_t(2));
    for (size_t i = 0; i < settings.size(); ++i) {
        ModelFile m = load_model(fixture("../families/edm2-cond16.pkl"));
        m.net->train();  // as the official loop runs it: forced weight normalisation included
        EdmLossConfig cfg;
        cfg.P_mean = settings[i][0];
        cfg.P_std = settings[i][1];
        const std::string k = std::to_string(i);
        torch::NoGradGuard no_grad;
        const torch::Tensor loss = edm2_loss(m.net, file.at("images"), file.at("class_labels"), file.at("rnd_normal/" + k),
                                             file.at("noise/" + k), cfg);
        const double err = test::relative_error(loss, file.at("loss/" + k));
        std::printf("  edm2-loss P_mean %g P_std %g: relative error %.3g\n", cfg.P_mean, cfg.P_std, err);
        REQUIRE_MSG(err < 1e-5, err);
    }
    // A network without the head (ECT's variant) has no EDM2 loss, and says so.
    ModelFile ect_model = load_model(fixture("../families/edm2-ect-cond16.pkl"));
    REQUIRE_THROWS(Error, edm2_loss(ect_model.net, file.at("images"), file.at("class_labels"), file.at("rnd_normal/0"),
                                    file.at("noise/0"), EdmLossConfig{}));
}

TEST_CASE(adm_flops_and_parameters)
{
    // DhariwalUNet, one level at 8×8, 64 channels (one attention head), one block, counted by hand.
    NetworkConfig c;
    c.arch = "dhariwal";
    c.img_resolution = 8;
    c.img_channels = 1;
    c.model_channels = 64;
    c.channel_mult = {1};
    c.num_blocks = 1;
    c.attn_resolutions = {};
    Denoiser net(c);
    const int64_t hw = 64, conv3 = 2 * 64 * 64 * 9 * hw;
    const int64_t mapping = 2 * 64 * 256 + 2 * 256 * 256;  // noise 64 → emb 256 → 256
    const int64_t affine = 2 * 256 * 128;                  // adaptive scale: a scale and a shift per channel
    const int64_t enc = 2 * 1 * 64 * 9 * hw + conv3 + affine + conv3;
    const int64_t attention = 2 * 192 * 64 * hw + 2 * 64 * 64 * hw + 2 * (2 * hw * hw * 64);
    const int64_t dec_in = (conv3 + affine + conv3 + attention) + (conv3 + affine + conv3);
    const int64_t dec_block = 2 * 64 * 128 * 9 * hw + affine + conv3 + 2 * 64 * 128 * hw;
    const int64_t out = 2 * 64 * 1 * 9 * hw;
    REQUIRE_EQ(net->model->flops_per_image(), mapping + enc + dec_in + 2 * dec_block + out);
    // 32 channels: fewer than a head's 64, so the "attention" block has none (as EDM's num_heads 0).
    c.model_channels = 32;
    Denoiser narrow(c);
    REQUIRE(!narrow->named_parameters().contains("model.dec.8x8_in0.qkv.weight"));
    // EDM's ImageNet-64 ADM (the adm-img64 preset), counted on the meta device: EDM's paper gives
    // 296M parameters.
    MetaConstruction meta;
    Denoiser adm(make_preset("adm-img64", "edm").network);
    const double millions = double(count_parameters(*adm)) / 1e6;
    REQUIRE_MSG(millions > 295 && millions < 297, millions);
    REQUIRE_EQ(adm->config().summary().rfind("DhariwalUNet (ADM) 64x64x3, 1000 classes", 0), size_t(0));
    // EDM2's ImageNet-64 S (edm2-img64-s): EDM2's paper gives 280M parameters.
    Denoiser edm2(make_preset("edm2-img64-s", "edm").network);
    const double edm2_millions = double(count_parameters(*edm2)) / 1e6;
    std::printf("  edm2-img64-s: %.2fM parameters, %.1f GFLOPs; adm-img64: %.2fM, %.1f GFLOPs\n", edm2_millions,
                double(edm2->model->flops_per_image()) / 1e9, millions, double(adm->model->flops_per_image()) / 1e9);
    REQUIRE_MSG(edm2_millions > 279 && edm2_millions < 282, edm2_millions);
}

TEST_CASE(flops_counted_from_shapes)
{
    // One level at 8×8, 16 channels, one block: every layer counted by hand (2 per multiply-add).
    NetworkConfig c;
    c.img_resolution = 8;
    c.img_channels = 1;
    c.model_channels = 16;
    c.channel_mult = {1};
    c.num_blocks = 1;
    c.attn_resolutions = {};
    Denoiser net(c);
    const int64_t hw = 64, conv3 = 2 * 16 * 16 * 9 * hw;  // a 16 → 16 3×3 convolution at 8×8
    const int64_t mapping = 2 * 16 * 64 + 2 * 64 * 64;    // noise 16 → emb 64 → 64
    const int64_t affine = 2 * 64 * 16;
    const int64_t enc = 2 * 1 * 16 * 9 * hw                                                  // 8x8_conv
                        + conv3 + affine + conv3;                                            // 8x8_block0
    const int64_t attention = 2 * 48 * 16 * hw + 2 * 16 * 16 * hw + 2 * (2 * hw * hw * 16);  // qkv, proj, qᵀk, v·w
    const int64_t dec_in = (conv3 + affine + conv3 + attention) + (conv3 + affine + conv3);  // in0 (attention), in1
    const int64_t dec_block = 2 * 16 * 32 * 9 * hw + affine + conv3 + 2 * 16 * 32 * hw;  // 32 → 16 with a 1×1 skip
    const int64_t out = 2 * 16 * 1 * 9 * hw;                                             // aux_conv
    REQUIRE_EQ(net->model->flops_per_image(), mapping + enc + dec_in + 2 * dec_block + out);
    // DDPM++ at CIFAR-10 size, for the figures `ect bench` reports: about twenty 256-channel 3×3
    // convolutions at 32×32 (1.21 GFLOPs each) and a quarter and a sixteenth of that below.
    Denoiser cifar(NetworkConfig::cifar10_ddpmpp());
    const double gflops = double(cifar->model->flops_per_image()) / 1e9;
    REQUIRE_MSG(gflops > 35 && gflops < 50, gflops);
}
