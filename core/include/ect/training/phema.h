// EDM2's power-function EMA and post-hoc EMA reconstruction (NVlabs/edm2 training/phema.py), and
// its inverse-square-root learning-rate schedule (training_loop.learning_rate_schedule).
#pragma once

#include <torch/types.h>

#include <vector>

namespace ect {

// The relative standard deviation σ_rel of a power-function EMA profile of exponent γ, and back:
// σ_rel = √((γ + 1) / ((γ + 2)²·(γ + 3))); γ is the largest real root of γ³ + 7γ² + (16 − σ⁻²)γ + 12 − σ⁻².
double phema_exp_to_std(double exp);
double phema_std_to_exp(double std);

// β for the update that brings the EMA to t_next images, t_delta of them new: (1 − t_delta/t_next)^(γ+1).
double power_function_beta(double std, double t_next, double t_delta);

// The correlation of two power-function EMA profiles (a at a_ofs images with a_std, b likewise).
double power_function_correlation(double a_ofs, double a_std, double b_ofs, double b_std);

// Post-hoc EMA: the weights X [in, out] that combine stored EMA snapshots (taken at in_ofs images
// with profile in_std, one entry per snapshot) into the EMA of profile out_std at out_ofs images, by
// least squares over the profiles (A·X = B, columns normalised to sum 1). Float64 throughout.
// Throws Error when the snapshots cannot represent the target (a singular system).
torch::Tensor solve_posthoc_coefficients(const std::vector<double>& in_ofs, const std::vector<double>& in_std,
                                         double out_ofs, const std::vector<double>& out_std);

// EDM2's learning rate at cur_nimg: ref_lr / √max(cur_nimg / (ref_batches·batch), 1), times the
// linear ramp min(cur_nimg / rampup, 1) (ref_batches 0 or rampup 0: that factor is left out).
double edm2_learning_rate(double cur_nimg, double batch, double ref_lr, double ref_batches, double rampup_images);

}  // namespace ect
