// The objective table: EDM pretraining, ECT tuning, CMT mid-training and TCM's two stages, one row
// (a class) each.
// A new objective is one row here plus its loss in core/src/method/.
#include "ect/training/objective.h"

#include "ect/error.h"
#include "ect/evaluation/classifier.h"
#include "ect/method/cmt.h"
#include "ect/method/losses.h"
#include "ect/method/tcm.h"
#include "ect/network/bundled.h"
#include "ect/network/model_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace ect {

namespace {

// Numbers as text whatever the process's locale (the studio's may write 0,5): shortest round trip.
std::string number_text(double v)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// The whole text as a number, or false.
bool parse_number(const std::string& text, double& v)
{
    const char* end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, v);
    return r.ec == std::errc() && r.ptr == end && std::isfinite(v);
}

// A number option bound to a double (or, `whole`, an integer) member of the recipe.
template <class Field>
ObjectiveOption number(const char* key, const char* flag, const char* label, const char* help, double min, double max,
                       Field field)
{
    ObjectiveOption o;
    o.key = key;
    o.flag = flag;
    o.label = label;
    o.help = help;
    o.min = min;
    o.max = max;
    using T = std::decay_t<decltype(field(std::declval<TrainConfig&>()))>;
    o.whole = std::is_integral_v<T>;
    o.get = [field](const TrainConfig& c) { return number_text(double(field(const_cast<TrainConfig&>(c)))); };
    o.set = [field](TrainConfig& c, const std::string& text) {
        double v = 0;
        parse_number(text, v);  // set_option checked it
        field(c) = T(v);
    };
    return o;
}

ObjectiveOption choice(const char* key, const char* flag, const char* label, const char* help,
                       std::vector<std::string> choices, std::function<std::string(const TrainConfig&)> get,
                       std::function<void(TrainConfig&, const std::string&)> set)
{
    ObjectiveOption o;
    o.key = key;
    o.flag = flag;
    o.label = label;
    o.help = help;
    o.choices = std::move(choices);
    o.get = std::move(get);
    o.set = std::move(set);
    return o;
}

// ECT's and TCM's stage: one every stage_kimg thousand images. Clamped before the cast: images seen
// and stage length come from files, and a quotient past INT_MAX would be undefined (stage 10⁶
// already makes r(t) equal t to double precision).
int stage_of(const TrainConfig& c, int64_t images)
{
    return static_cast<int>(std::min(double(images) / (c.stage_kimg * 1000), 1e6));
}

ObjectiveOption advanced(ObjectiveOption o)
{
    o.advanced = true;
    return o;
}

// The level a consistency model's 2-step sampling re-noises to (ECT's and CMT's mid_t).
ObjectiveOption two_step_mid_option()
{
    ObjectiveOption o = number("two_step_mid", "two-step-mid", "2-step mid level",
                               "2-step mid level of the trained model, stored in it (0: the default, 0.821)", 0, 79.999,
                               [](TrainConfig& c) -> double& { return c.two_step_mid; });
    o.zero_means = "the default, 0.821";
    return o;
}

// 1- and 2-step consistency sampling, the 2-step one at the recipe's mid level.
std::vector<std::pair<std::string, GenerateSettings>> consistency_samplers(const TrainConfig& c)
{
    std::vector<std::pair<std::string, GenerateSettings>> out;
    GenerateSettings s;
    s.sampler = SamplerKind::Consistency;
    for (int steps : {1, 2}) {
        s.steps = steps;
        s.mid = steps == 2 && c.two_step_mid > 0 ? std::vector<double>{c.two_step_mid} : GenerateSettings::default_mid(steps);
        out.emplace_back("cm" + std::to_string(steps), s);
    }
    return out;
}

std::map<std::string, std::string> mid_metadata(const TrainConfig& c)
{
    if (!(c.two_step_mid > 0)) return {};
    return {{mid_levels_key(2), number_text(c.two_step_mid)}};  // sampling this model with 2 steps defaults to it
}

// EDM's and ECT's draws: a normal variate per image (its level) and the noise.
std::vector<torch::Tensor> level_and_noise(at::Generator& gen, int64_t batch, const NetworkConfig& n,
                                           const torch::TensorOptions& opts)
{
    torch::Tensor rnd = torch::randn({batch}, gen, opts);
    torch::Tensor eps = torch::randn({batch, n.img_channels, n.img_resolution, n.img_resolution}, gen, opts);
    return {rnd, eps};
}

// ------------------------------------------------------------------------------------------------
// EDM pretraining (NVlabs/edm training/loss.py EDMLoss; EDM2Loss for networks with its
// uncertainty head).

class EdmRun : public ObjectiveRun {
public:
    explicit EdmRun(const EdmLossConfig& cfg) : cfg_(cfg) {}
    std::vector<torch::Tensor> draw(at::Generator& gen, int64_t batch, const NetworkConfig& n,
                                    const torch::TensorOptions& opts) override
    {
        return level_and_noise(gen, batch, n, opts);
    }
    PassLoss loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const std::vector<torch::Tensor>& d,
                  int, DropoutMasks* masks) override
    {
        // A network with EDM2's uncertainty head trains with EDM2's loss, which the head exists for.
        const torch::Tensor loss = net->model->has_logvar() ? edm2_loss(net, y, labels, d[0], d[1], cfg_, masks)
                                                            : edm_loss(net, y, labels, d[0], d[1], cfg_, masks);
        return {loss.sum(), loss.detach().reshape({y.size(0), -1}).mean(1), (d[0] * cfg_.P_std + cfg_.P_mean).exp()};
    }
    bool capturable() const override { return true; }

private:
    EdmLossConfig cfg_;
};

class EdmObjective : public Objective {
public:
    std::string name() const override { return "edm"; }
    std::string title() const override { return "Diffusion pretraining (EDM)"; }
    std::string about() const override
    {
        return "Train a diffusion model with EDM's denoising loss: the base model the other objectives start from";
    }
    std::string produces() const override { return "diffusion"; }
    bool from_base() const override { return false; }
    std::vector<ObjectiveOption> options() const override
    {
        return {number("edm_P_mean", "P-mean", "ln σ mean", "Mean of ln σ of the training noise levels", -10, 10,
                       [](TrainConfig& c) -> double& { return c.edm.P_mean; }),
                number("edm_P_std", "P-std", "ln σ deviation", "Standard deviation of ln σ", 0.001, 10,
                       [](TrainConfig& c) -> double& { return c.edm.P_std; }),
                number("grid_heun_steps", "grid-heun-steps", "Grid Heun steps", "Heun steps of the sample grids and FD",
                       2, 1000, [](TrainConfig& c) -> int& { return c.grid_heun_steps; })};
    }
    double passes_per_image(const TrainConfig&) const override { return 3; }  // forward and backward
    GenerateSettings grid_sampler(const TrainConfig& c) const override
    {
        GenerateSettings s;
        s.sampler = SamplerKind::Heun;
        s.steps = c.grid_heun_steps;
        return s;
    }
    std::vector<std::pair<std::string, GenerateSettings>> eval_samplers(const TrainConfig& c) const override
    {
        return {{"heun" + std::to_string(c.grid_heun_steps), grid_sampler(c)}};
    }
    std::unique_ptr<ObjectiveRun> begin(const TrainConfig& c, Denoiser*, torch::Device) const override
    {
        return std::make_unique<EdmRun>(c.edm);
    }
};

// ------------------------------------------------------------------------------------------------
// ECT tuning (locuslab/ect training/loss.py ECMLoss and its stage schedule).

class EctRun : public ObjectiveRun {
public:
    explicit EctRun(const EctLossConfig& cfg) : cfg_(cfg) {}
    std::vector<torch::Tensor> draw(at::Generator& gen, int64_t batch, const NetworkConfig& n,
                                    const torch::TensorOptions& opts) override
    {
        return level_and_noise(gen, batch, n, opts);
    }
    PassLoss loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const std::vector<torch::Tensor>& d,
                  int stage, DropoutMasks* masks) override
    {
        const EctLossTerms terms = ect_loss(net, y, labels, d[0], d[1], stage, cfg_, masks);
        return {terms.loss.sum(), terms.loss.detach(), terms.t};
    }
    bool capturable() const override { return true; }

private:
    EctLossConfig cfg_;
};

class EctObjective : public Objective {
public:
    std::string name() const override { return "ect"; }
    std::string title() const override { return "ECT tuning"; }
    std::string about() const override
    {
        return "Easy Consistency Tuning: turn a diffusion model (or a CMT model) into a consistency model";
    }
    std::string produces() const override { return "consistency"; }
    bool from_base() const override { return true; }
    std::vector<ObjectiveOption> options() const override
    {
        auto field = [](double EctLossConfig::*m) { return [m](TrainConfig& c) -> double& { return c.ect.*m; }; };
        return {
            number("q", "q", "q (gap shrink)", "Gap shrink factor per stage (CMT's post-training: 4096)", 1.001, 1e6,
                   field(&EctLossConfig::q)),
            number("stage_kimg", "stage-kimg", "Stage length (kimg)", "Stage length in thousands of images", 0.001, 1e12,
                   [](TrainConfig& c) -> double& { return c.stage_kimg; }),
            advanced(number("k", "k", "k (mapping)", "Mapping n(t) = 1 + k sigmoid(-b t)", 0, 1000, field(&EctLossConfig::k))),
            advanced(number("b", "b", "b (mapping slope)", "Mapping slope", -1000, 1000, field(&EctLossConfig::b))),
            advanced(number("c", "c", "c (pseudo-Huber)", "Pseudo-Huber constant (0 = L2)", 0, 100, field(&EctLossConfig::c))),
            advanced(choice("mapping", "mapping", "Mapping", "The gap mapping: sigmoid (n(t) = 1 + k sigmoid(-b t)) or const", {"sigmoid", "const"},
                   [](const TrainConfig& c) { return EctLossConfig::mapping_name(c.ect.mapping); },
                   [](TrainConfig& c, const std::string& v) { c.ect.mapping = EctLossConfig::parse_mapping(v); })),
            advanced(choice("weighting", "weighting", "Weighting", "inverse-gap (1/(t-r)) or edm", {"inverse-gap", "edm"},
                   [](const TrainConfig& c) { return EctLossConfig::weighting_name(c.ect.weighting); },
                   [](TrainConfig& c, const std::string& v) { c.ect.weighting = EctLossConfig::parse_weighting(v); })),
            advanced(number("ect_P_mean", "P-mean", "ln t mean", "Mean of ln t of the training levels", -10, 10,
                   field(&EctLossConfig::P_mean))),
            advanced(number("ect_P_std", "P-std", "ln t deviation", "Standard deviation of ln t", 0.001, 10, field(&EctLossConfig::P_std))),
            two_step_mid_option()};
    }
    int stage(const TrainConfig& c, int64_t images) const override { return stage_of(c, images); }
    double passes_per_image(const TrainConfig&) const override { return 4; }  // the student's 3, the target's 1
    GenerateSettings grid_sampler(const TrainConfig&) const override { return GenerateSettings{}; }  // 1 step
    std::vector<std::pair<std::string, GenerateSettings>> eval_samplers(const TrainConfig& c) const override
    {
        return consistency_samplers(c);
    }
    std::map<std::string, std::string> model_metadata(const TrainConfig& c) const override { return mid_metadata(c); }
    std::unique_ptr<ObjectiveRun> begin(const TrainConfig& c, Denoiser*, torch::Device) const override
    {
        return std::make_unique<EctRun>(c.ect);
    }
};

// ------------------------------------------------------------------------------------------------
// CMT mid-training (sony/cmt training/loss.py DPMSolverLoss): the network regresses the end of the
// frozen base model's DPM-Solver++ trajectory from each of its points. A batch of B images is B/nfe
// trajectories of nfe points (sony/cmt takes the first B/nfe images; here every nfe-th, so that a
// step is the same however its batch is split into passes and ranks).

class CmtRun : public ObjectiveRun {
public:
    CmtRun(const CmtLossConfig& cfg, Denoiser teacher, Classifier features)
        : cfg_(cfg), teacher_(std::move(teacher)), features_(std::move(features))
    {
        teacher_->eval();
        for (auto& p : teacher_->parameters()) p.set_requires_grad(false);
        if (!features_.is_empty()) {
            features_->eval();
            for (auto& p : features_->parameters()) p.set_requires_grad(false);
            distance_ = [this](const torch::Tensor& a, const torch::Tensor& b) { return classifier_distance(features_, a, b); };
        }
    }
    int64_t images_per_draw_row() const override { return cfg_.nfe; }
    std::vector<torch::Tensor> draw(at::Generator& gen, int64_t batch, const NetworkConfig& n,
                                    const torch::TensorOptions& opts) override
    {
        return {torch::randn({batch / cfg_.nfe, n.img_channels, n.img_resolution, n.img_resolution}, gen, opts)};
    }
    PassLoss loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const std::vector<torch::Tensor>& d,
                  int, DropoutMasks* masks) override
    {
        const torch::Tensor starts = y.slice(0, 0, y.size(0), cfg_.nfe);
        const torch::Tensor start_labels = labels.defined() ? labels.slice(0, 0, labels.size(0), cfg_.nfe) : labels;
        const CmtLossTerms terms =
            cmt_loss(net, teacher_, starts, start_labels, d[0], cfg_, masks, /*trajectory_major=*/true, distance_);
        return {terms.loss.sum(), terms.loss.detach(), terms.levels};
    }

private:
    CmtLossConfig cfg_;
    Denoiser teacher_;
    Classifier features_{nullptr};  // the feature metric's network
    CmtDistance distance_;
};

class CmtObjective : public Objective {
public:
    std::string name() const override { return "cmt"; }
    std::string title() const override { return "CMT mid-training"; }
    std::string about() const override
    {
        return "Consistency mid-training: regress the base model's DPM-Solver++ trajectories onto their ends; "
               "then tune the result with ECT (q 4096, after a learning-rate warm-up)";
    }
    std::string produces() const override { return "consistency"; }
    bool from_base() const override { return true; }
    bool keeps_base() const override { return true; }  // the teacher
    std::vector<ObjectiveOption> options() const override
    {
        return {number("cmt_nfe", "nfe", "Teacher steps", "DPM-Solver++ steps of the teacher's trajectories (sony/cmt: 16)",
                       2, 64, [](TrainConfig& c) -> int& { return c.cmt.nfe; }),
                number("cmt_order", "order", "Teacher order", "DPM-Solver++ order of the teacher (sony/cmt: 3)", 1, 3,
                       [](TrainConfig& c) -> int& { return c.cmt.order; }),
                choice("cmt_metric", "metric", "Distance",
                       "mse (sum of squares), mae (L2 norm) or feature (LPIPS-like, in the bundled Fashion-MNIST "
                       "classifier's convolution stages: 28×28 grey data only); sony/cmt's default LPIPS needs an "
                       "ImageNet VGG that cannot be shipped",
                       {"mse", "mae", "feature"}, [](const TrainConfig& c) { return CmtLossConfig::metric_name(c.cmt.metric); },
                       [](TrainConfig& c, const std::string& v) { c.cmt.metric = CmtLossConfig::parse_metric(v); }),
                two_step_mid_option()};
    }
    void adjust_preset(TrainConfig& c) const override
    {
        // run_cmt_cifar.sh: RAdam at twice ECT's rate (2e-4), EMA 0.999, 38.4 Mimg (300k steps of
        // 128), mid level 0.77569; the other presets keep their tuning column at that rate and EMA.
        c.optimizer.lr *= 2;
        c.ema_beta = std::min(c.ema_beta, 0.999);
        if (c.preset == "cifar10") {
            c.steps = 300000;
            c.two_step_mid = 0.77569;
        }
    }
    void validate(const TrainConfig& c) const override
    {
        const int64_t pass = c.batch_per_pass > 0 ? c.batch_per_pass : c.batch;
        if (pass % c.cmt.nfe != 0)
            fail("recipe", "CMT's images per pass (" + std::to_string(pass) + ") must be a multiple of its teacher steps (" +
                               std::to_string(c.cmt.nfe) + "): each nfe images are one trajectory");
        if (c.cmt.nfe < c.cmt.order) fail("recipe", "CMT's teacher steps must be at least its order");
    }
    // Per image: the teacher's step (1 forward) and the network at one trajectory point (3).
    double passes_per_image(const TrainConfig&) const override { return 4; }
    GenerateSettings grid_sampler(const TrainConfig&) const override { return GenerateSettings{}; }
    std::vector<std::pair<std::string, GenerateSettings>> eval_samplers(const TrainConfig& c) const override
    {
        return consistency_samplers(c);
    }
    std::map<std::string, std::string> model_metadata(const TrainConfig& c) const override { return mid_metadata(c); }
    std::unique_ptr<ObjectiveRun> begin(const TrainConfig& c, Denoiser* base, torch::Device device) const override
    {
        if (!base || base->is_empty()) fail("CMT", "mid-training needs its teacher, the base model");
        Classifier features{nullptr};
        if (c.cmt.metric == CmtMetric::Feature) {
            features = load_classifier(require_bundled(kBundledClassifier, "CMT's feature distance"), device);
            const ClassifierConfig& f = features->config();
            const NetworkConfig& n = (*base)->config();
            if (f.resolution != n.img_resolution || f.channels != n.img_channels)
                fail("CMT", "the feature distance's classifier reads " + std::to_string(f.resolution) + "×" +
                                std::to_string(f.resolution) + "×" + std::to_string(f.channels) + " images, the model makes " +
                                std::to_string(n.img_resolution) + "×" + std::to_string(n.img_resolution) + "×" +
                                std::to_string(n.img_channels) + ": use --metric mse or mae");
        }
        return std::make_unique<CmtRun>(c.cmt, *base, std::move(features));
    }
};

// ------------------------------------------------------------------------------------------------
// TCM (NVlabs/TCM training/loss.py, ct_training_loop.py). The first stage is ECT-like training over
// truncated levels from the base model; the second trains a copy of the first stage on t ≥ t′ only,
// with the frozen first stage (the base model of that run) denoising below t′ and a share of each
// batch at t′ itself (the boundary loss). The second stage's model files hold both stages
// (NetworkConfig::transition_t), so they sample in 1 and 2 steps like any consistency model.

class TcmRun : public ObjectiveRun {
public:
    TcmRun(const TcmLossConfig& cfg, Denoiser first) : cfg_(cfg), first_(std::move(first))
    {
        if (first_.is_empty()) return;
        first_->eval();
        for (auto& p : first_->parameters()) p.set_requires_grad(false);
    }
    std::vector<torch::Tensor> draw(at::Generator& gen, int64_t batch, const NetworkConfig& n,
                                    const torch::TensorOptions& opts) override
    {
        // Levels by the inverse CDF of uniform draws in float64 (as scipy's), the boundary
        // samples as the first ⌊batch·p⌋ of a permutation (second stage), then the noise.
        const torch::Tensor u = torch::rand({batch}, gen, opts.dtype(torch::kFloat64));
        std::vector<torch::Tensor> out{tcm_log_levels(u, cfg_)};
        if (!first_.is_empty()) {
            out.push_back(tcm_boundary_mask(torch::randperm(batch, gen, opts.dtype(torch::kLong)), cfg_.boundary_prob));
            boundary_total_ = int64_t(double(batch) * cfg_.boundary_prob);
        }
        out.push_back(torch::randn({batch, n.img_channels, n.img_resolution, n.img_resolution}, gen, opts));
        batch_ = batch;
        return out;
    }
    PassLoss loss(Denoiser& net, const torch::Tensor& y, const torch::Tensor& labels, const std::vector<torch::Tensor>& d,
                  int stage, DropoutMasks* masks) override
    {
        if (first_.is_empty()) {
            const TcmLossTerms t = tcm_loss(net, nullptr, y, labels, d[0], {}, d[1], stage, cfg_, masks);
            return {t.loss.sum(), t.loss.detach(), t.t};
        }
        // The step minimises mean(loss) + w·mean(boundary) over its whole batch (TCM's, per
        // pass); each pass adds its share, so the step is the same however the batch is split.
        const TcmLossTerms t = tcm_loss(net, &first_, y, labels, d[0], d[1], d[2], stage, cfg_, masks);
        const double n = double(batch_), m = double(batch_ - boundary_total_), b = double(boundary_total_);
        // This pass's boundary samples: the ones tcm_loss split off (shapes, no device sync).
        const int64_t here = y.size(0) - t.loss.size(0);
        torch::Tensor sum = t.loss.sum() * (n / m);
        torch::Tensor terms = t.loss.detach() * (n / m), levels = t.t;
        if (here > 0) {
            sum = sum + t.boundary.sum() * (cfg_.w_boundary * n / b);
            terms = torch::cat({terms, t.boundary.detach() * (cfg_.w_boundary * n / b)});
            levels = torch::cat({levels, torch::full({here}, cfg_.transition_t, levels.options())});
        }
        return {sum, terms, levels};
    }
    Denoiser sampling_model(Denoiser& ema) override
    {
        if (first_.is_empty()) return ema;
        torch::NoGradGuard no_grad;
        if (two_stage_.is_empty()) {
            NetworkConfig c = ema->config();
            c.transition_t = cfg_.transition_t;
            two_stage_ = Denoiser(c);
            Denoiser first(two_stage_->first_stage);
            copy_state(first, first_);
            two_stage_->to(ema->parameters().front().device());
            two_stage_->eval();
        }
        // The trained network's weights (parameters and buffers) into the two-stage model's own.
        auto copy = [](const auto& dst, const auto& src) {
            for (const auto& item : dst) torch::Tensor(item.value()).copy_(src[item.key()]);
        };
        copy(two_stage_->model->named_parameters(), ema->model->named_parameters());
        copy(two_stage_->model->named_buffers(), ema->model->named_buffers());
        return two_stage_;
    }

private:
    TcmLossConfig cfg_;
    Denoiser first_{nullptr};      // the frozen first stage (second stage only)
    Denoiser two_stage_{nullptr};  // both stages, made at the first sampling_model call
    int64_t batch_ = 0, boundary_total_ = 0;
};

class TcmObjective : public Objective {
public:
    explicit TcmObjective(bool second) : second_(second) {}
    std::string name() const override { return second_ ? "tcm2" : "tcm"; }
    std::string title() const override { return second_ ? "TCM stage 2" : "TCM stage 1"; }
    std::string about() const override
    {
        return second_ ? "Truncated consistency training: from a TCM stage-1 model (the base), train only levels t ≥ t' "
                         "with the frozen first stage below; its model holds both stages"
                       : "Truncated consistency models, stage 1: consistency training over truncated levels from a "
                         "diffusion model; then stage 2 (tcm2) from its model";
    }
    std::string produces() const override { return "consistency"; }
    bool from_base() const override { return true; }
    bool keeps_base() const override { return second_; }  // the frozen first stage
    std::vector<ObjectiveOption> options() const override
    {
        auto field = [](double TcmLossConfig::*m) { return [m](TrainConfig& c) -> double& { return c.tcm.*m; }; };
        std::vector<ObjectiveOption> o;
        if (second_) {
            o.push_back(number("tcm_transition_t", "transition-t", "Transition level t'",
                               "Level below which the frozen first stage denoises (TCM: 1)", 0.001, 80,
                               field(&TcmLossConfig::transition_t)));
            o.push_back(number("tcm_boundary_prob", "boundary-prob", "Boundary share",
                               "Share of each batch placed at t' with the first stage's target (TCM: 0.25)", 0, 0.9,
                               field(&TcmLossConfig::boundary_prob)));
            o.push_back(number("tcm_w_boundary", "w-boundary", "Boundary weight", "Weight of the boundary loss (TCM: 0.1)",
                               0, 1000, field(&TcmLossConfig::w_boundary)));
        }
        for (auto& x : std::vector<ObjectiveOption>{
                 number("tcm_q", "q", "q (gap shrink)", "Gap shrink factor per stage", 1.001, 1e6, field(&TcmLossConfig::q)),
                 number("stage_kimg", "stage-kimg", "Stage length (kimg)", "Stage length in thousands of images", 0.001,
                        1e12, [](TrainConfig& c) -> double& { return c.stage_kimg; }),
                 advanced(number("tcm_ratio_limit", "ratio-limit", "Ratio limit", "The largest r/t (TCM: 0.999)", 0.5, 0.999999,
                        field(&TcmLossConfig::ratio_limit))),
                 advanced(choice("tcm_time_distribution", "time-distribution", "Level distribution",
                        "The distribution of ln t, truncated to [t-lower, 80]: normal, or t (Student)", {"normal", "t"},
                        [](const TrainConfig& c) { return TcmLossConfig::time_distribution_name(c.tcm.time_distribution); },
                        [](TrainConfig& c, const std::string& v) {
                            c.tcm.time_distribution = TcmLossConfig::parse_time_distribution(v);
                        })),
                 advanced(number("tcm_P_mean", "P-mean", "ln t mean", "Location of ln t", -10, 10, field(&TcmLossConfig::P_mean))),
                 advanced(number("tcm_P_std", "P-std", "ln t deviation", "Scale of ln t", 0.001, 10, field(&TcmLossConfig::P_std))),
                 advanced(number("tcm_df", "df", "Degrees of freedom", "Student-t degrees of freedom (stage 2: 0.01)", 0.001, 1000,
                        field(&TcmLossConfig::df))),
                 advanced(number("tcm_t_lower", "t-lower", "Lowest level", "Truncation of the levels from below (stage 2: t')",
                        0.001, 80, field(&TcmLossConfig::t_lower))),
                 advanced(number("tcm_c", "c", "c (pseudo-Huber)", "Pseudo-Huber constant (TCM: 1e-8)", 0, 100, field(&TcmLossConfig::c))),
                 advanced(choice("tcm_weighting", "weighting", "Weighting", "Per-sample weight: default (1/Δt), cout (1/c_out), cout_sq (1/c_out²), sqrt (1/√Δt) or one",
                        {"default", "cout", "cout_sq", "sqrt", "one"},
                        [](const TrainConfig& c) { return TcmLossConfig::weighting_name(c.tcm.weighting); },
                        [](TrainConfig& c, const std::string& v) { c.tcm.weighting = TcmLossConfig::parse_weighting(v); })),
                 two_step_mid_option()})
            o.push_back(std::move(x));
        return o;
    }
    void adjust_preset(TrainConfig& c) const override
    {
        // NVlabs/TCM's CIFAR-10 scripts: stage 1 RAdam 1e-4, batch 512, c 1e-8, a stage every 25k
        // iterations; stage 2 at half the rate, batch 1024, ln t ~ Student-t(0.01) at (0, 0.2)
        // truncated to [t', 80], t' = 1, a quarter of each batch at t' weighted 0.1.
        c.tcm.c = 1e-8;
        if (c.preset == "cifar10") {
            c.batch = second_ ? 1024 : 512;
            c.stage_kimg = 25000.0 * double(c.batch) / 1000;
        }
        if (!second_) return;
        c.optimizer.lr /= 2;
        c.tcm.time_distribution = TcmTimeDistribution::StudentT;
        c.tcm.df = 0.01;
        c.tcm.P_mean = 0;
        c.tcm.P_std = 0.2;
        c.tcm.transition_t = 1;
        c.tcm.t_lower = 1;
        c.tcm.boundary_prob = 0.25;
        c.tcm.w_boundary = 0.1;
    }
    void adjust_network(NetworkConfig& n) const override
    {
        n.sigma_min = 0;  // TCMPrecond: EDM's form, whose boundary is σ = 0
    }
    void validate(const TrainConfig& c) const override
    {
        if (!(c.tcm.t_lower < c.tcm.t_upper)) fail("recipe", "TCM's t-lower must be below 80");
        if (second_ && c.tcm.t_lower < c.tcm.transition_t)
            fail("recipe", "TCM's second stage trains at t ≥ t': t-lower must be at least transition-t");
        if (second_ && int64_t(double(c.batch) * c.tcm.boundary_prob) >= c.batch)
            fail("recipe", "TCM's boundary share leaves no samples for the loss");
    }
    int stage(const TrainConfig& c, int64_t images) const override { return stage_of(c, images); }
    // The student's 3 and the target's 1 (the second stage's target below t′ is the first stage's).
    double passes_per_image(const TrainConfig&) const override { return 4; }
    GenerateSettings grid_sampler(const TrainConfig&) const override { return GenerateSettings{}; }
    std::vector<std::pair<std::string, GenerateSettings>> eval_samplers(const TrainConfig& c) const override
    {
        return consistency_samplers(c);
    }
    std::map<std::string, std::string> model_metadata(const TrainConfig& c) const override { return mid_metadata(c); }
    std::unique_ptr<ObjectiveRun> begin(const TrainConfig& c, Denoiser* base, torch::Device) const override
    {
        if (second_ && (!base || base->is_empty())) fail("TCM", "the second stage needs the first stage, its base model");
        return std::make_unique<TcmRun>(c.tcm, second_ ? *base : Denoiser(nullptr));
    }

private:
    bool second_;
};

}  // namespace

const std::vector<const Objective*>& objectives()
{
    static const EdmObjective edm;
    static const EctObjective ect;
    static const CmtObjective cmt;
    static const TcmObjective tcm(false), tcm2(true);
    static const std::vector<const Objective*> table{&ect, &edm, &cmt, &tcm, &tcm2};
    return table;
}

std::vector<std::string> objective_names()
{
    std::vector<std::string> names;
    for (const Objective* o : objectives()) names.push_back(o->name());
    return names;
}

const Objective& find_objective(const std::string& name, const std::string& source)
{
    for (const Objective* o : objectives())
        if (o->name() == name) return *o;
    std::string known;
    for (const auto& n : objective_names()) known += (known.empty() ? "" : ", ") + n;
    fail(source, "unknown objective '" + name.substr(0, 40) + "' (known: " + known + ")");
}

std::vector<ObjectiveOption> all_objective_options()
{
    std::vector<ObjectiveOption> out;
    std::set<std::string> seen;
    for (const Objective* o : objectives())
        for (auto& option : o->options())
            if (seen.insert(option.key).second) out.push_back(std::move(option));
    return out;
}

std::string option_value(const TrainConfig& config, const ObjectiveOption& option)
{
    return option.get(config);
}

namespace {

std::string bounds_text(const ObjectiveOption& o)
{
    const std::string lo = number_text(o.min), hi = number_text(o.max);
    return o.flag + " must be " + (o.whole ? lo + ".." + hi : "in [" + lo + ", " + hi + "]");
}

}  // namespace

void set_option(TrainConfig& config, const ObjectiveOption& option, const std::string& text, const std::string& source)
{
    if (option.is_choice()) {
        if (std::find(option.choices.begin(), option.choices.end(), text) == option.choices.end()) {
            std::string list;
            for (const auto& c : option.choices) list += (list.empty() ? "" : ", ") + c;
            fail(source, "'" + text.substr(0, 40) + "' is not one of " + list);
        }
        option.set(config, text);
        return;
    }
    double v = 0;
    if (!parse_number(text, v)) fail(source, "'" + text.substr(0, 40) + "' is not a number");
    if (option.whole && v != std::floor(v)) fail(source, "'" + text.substr(0, 40) + "' is not a whole number");
    if (!(v >= option.min && v <= option.max)) fail(source, bounds_text(option));  // before an int holds it
    option.set(config, text);
}

void check_option(const TrainConfig& config, const ObjectiveOption& option)
{
    if (option.is_choice()) return;  // a choice is checked as it is set
    double v = 0;
    if (!parse_number(option.get(config), v) || !(v >= option.min && v <= option.max)) fail("recipe", bounds_text(option));
}

}  // namespace ect
