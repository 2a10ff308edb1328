#!/usr/bin/python3
"""Times the official ECT code (locuslab/ect: ECMPrecond + SongUNet, ECMLoss, RAdam, nan_to_num,
EMA, generator_fn) the way its training loop runs it, for the side-by-side with `ect bench`.

  bench_official.py --official PATH/TO/ect --config RUN/config.json      # the network of an `ect` run
  bench_official.py --official PATH/TO/ect --preset cifar10 [--device cuda] [--precision tf32]
                    [--modes tune,sample] [--batch 128] [--sample-batch 512] [--json]

--preset cifar10 builds the official CIFAR-10 DDPM++ network (ct_train.py --arch ddpmpp, 55.7M
parameters, unconditional, dropout 0.2). Precision: fp32, or tf32 as the official --tf32 flag sets
it (cuDNN + matmul TF32); cuDNN benchmark mode is on as in the official loop. Each step takes a
uint8 batch from page-locked host memory and copies it to the device as the official DataLoader
loop does. Sampling times the official few-step sampler (generator_fn) and EDM's deterministic
Heun sampler (edm_sampler with S_churn = 0) on latents drawn on the device.
The official repository is not part of this project: point --official at a checkout of it.

What a PyTorch user reaches for with a few lines, the anchor `ect` must beat as well (issue 22):
--precision bf16 (autocast, TF32 for the rest), --channels-last (network and inputs in NHWC),
--compile MODE (torch.compile of the network: default, max-autotune-no-cudagraphs, ...; PyTorch 2)
and --fused-optim (RAdam's fused kernel where this PyTorch has one, else its foreach one). Such
rows say so in "code" (official+bf16+channels_last+compile:default+fused, or +foreach where RAdam
has no fused kernel) and report the warm-up's
seconds, compilation included, as warmup_s.
"""
import inspect
import argparse
import copy
import json
import sys
import time

import torch


class Bf16(torch.nn.Module):
    """A U-Net run under bf16 autocast, its output back in float32."""

    def __init__(self, inner, device_type):
        super().__init__()
        self.inner, self.device_type = inner, device_type

    def forward(self, *args, **kwargs):
        with torch.autocast(self.device_type, dtype=torch.bfloat16):
            return self.inner(*args, **kwargs).float()


def official_modules(path):
    sys.path.insert(0, path)
    if not torch.cuda.is_available():
        # The official loss keeps dropout masks in step by replaying the CUDA RNG; on a CPU the
        # CPU generator plays that part.
        torch.cuda.get_rng_state = torch.get_rng_state
        torch.cuda.set_rng_state = torch.set_rng_state
    from training import loss as official_loss
    from training import networks as official_networks
    return official_loss, official_networks


def recipe(a):
    """Network keyword arguments and the recipe values the benchmark needs."""
    if a.config:
        cfg = json.load(open(a.config))
        n = cfg["network"]
        net = dict(img_resolution=n["img_resolution"], img_channels=n["img_channels"], label_dim=n["label_dim"],
                   sigma_min=n["sigma_min"], sigma_data=n["sigma_data"], model_channels=n["model_channels"],
                   channel_mult=n["channel_mult"], channel_mult_emb=n["channel_mult_emb"],
                   channel_mult_noise=n["channel_mult_noise"], num_blocks=n["num_blocks"],
                   attn_resolutions=n["attn_resolutions"], dropout=cfg["dropout"], embedding_type=n["embedding_type"],
                   encoder_type=n["encoder_type"], decoder_type=n["decoder_type"], resample_filter=n["resample_filter"])
        r = dict(batch=cfg["batch"], lr=cfg["lr"], betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["eps"],
                 P_mean=cfg["ect_P_mean"], P_std=cfg["ect_P_std"], q=cfg["q"], c=cfg["c"], k=cfg["k"], b=cfg["b"],
                 mapping=cfg["mapping"], ema_beta=cfg["ema_beta"])
        return net, r
    # ct_train.py --arch ddpmpp on CIFAR-10 with the official ECT recipe (run_ecm.sh).
    net = dict(img_resolution=32, img_channels=3, label_dim=0, sigma_min=0.002, sigma_data=0.5,
               embedding_type="positional", encoder_type="standard", decoder_type="standard",
               channel_mult_noise=1, resample_filter=[1, 1], model_channels=128, channel_mult=[2, 2, 2],
               dropout=0.2)
    r = dict(batch=128, lr=1e-4, betas=(0.9, 0.999), eps=1e-8, P_mean=-1.1, P_std=2.0, q=2, c=0.0, k=8.0, b=1.0,
             mapping="sigmoid", ema_beta=0.9999)
    return net, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--official", required=True, help="checkout of the official ECT repository (locuslab/ect)")
    ap.add_argument("--config", help="config.json of an `ect tune` or `ect pretrain` run")
    ap.add_argument("--preset", choices=["cifar10"], help="the official CIFAR-10 DDPM++ network and ECT recipe")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--precision", choices=["fp32", "tf32", "bf16"], default="fp32",
                    help="bf16: autocast to bfloat16 (with TF32 for what stays in float32)")
    ap.add_argument("--channels-last", action="store_true", help="network weights and inputs in NHWC")
    ap.add_argument("--compile", default="", metavar="MODE",
                    help="torch.compile the network with this mode (default, max-autotune-no-cudagraphs, ...)")
    ap.add_argument("--fused-optim", action="store_true", help="RAdam's fused (else foreach) implementation")
    ap.add_argument("--modes", default="tune", help="tune and/or sample")
    ap.add_argument("--batch", type=int, default=0, help="training batch (default: the recipe's)")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--sample-batch", type=int, default=512)
    ap.add_argument("--sample-reps", type=int, default=5)
    ap.add_argument("--samplers", default="cm:1,cm:2,heun:18")
    ap.add_argument("--latency", action="store_true", help="also time 1-step sampling of one image")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not a.config and not a.preset:
        ap.error("give --config or --preset")
    if a.threads:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    cuda = device.type == "cuda"
    if a.compile and not hasattr(torch, "compile"):
        ap.error(f"--compile needs PyTorch 2 (this is {torch.__version__})")
    if cuda:
        torch.backends.cudnn.benchmark = True  # the official loop's default (--bench True)
        tf32 = a.precision in ("tf32", "bf16")  # the official --tf32 flag
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32
    official_loss, official_networks = official_modules(a.official)
    net_kwargs, r = recipe(a)
    batch = a.batch or r["batch"]
    net = official_networks.ECMPrecond(model_type="SongUNet", **net_kwargs).train().requires_grad_(True).to(device)
    memory_format = torch.channels_last if a.channels_last else torch.contiguous_format
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
    params = sum(p.numel() for p in net.parameters())
    # bf16 and compilation go around the U-Net (net.model), as a user would add them: ECMPrecond's
    # preconditioning stays in float32 (it asserts its U-Net's output is float32), as in `ect`.
    if a.precision == "bf16":
        net.model = Bf16(net.model, device.type)
    if a.compile:
        net.model = torch.compile(net.model, mode=a.compile)
    model = net
    where = f"{torch.cuda.get_device_name(device)}" if cuda else f"CPU ({torch.get_num_threads()} threads)"
    fast = {}
    if a.fused_optim:
        accepted = inspect.signature(torch.optim.RAdam).parameters
        fast = {"fused": True} if "fused" in accepted and cuda else {"foreach": True} if "foreach" in accepted else {}
    code = "official" + "".join(f"+{x}" for x, on in [("bf16", a.precision == "bf16"), ("channels_last", a.channels_last),
                                                       (f"compile:{a.compile}", a.compile), (next(iter(fast), ""), fast)] if on)
    common = dict(parameters=params, device=where, precision=a.precision, torch=torch.__version__, code=code)

    def report(what, bsz, img_per_s, peak, nfe=0, warmup_s=None):
        row = dict(common, what=what, batch=bsz, img_per_s=img_per_s, s_per_kimg=1000 / img_per_s,
                   peak_memory_mb=peak / 2**20)
        if nfe:
            row["nfe"] = nfe
        if warmup_s is not None:
            row["warmup_s"] = warmup_s
        if a.json:
            print(json.dumps(row), flush=True)
        else:
            extra = f" (NFE {nfe})" if nfe else ""
            warm = f", warm-up {warmup_s:.1f} s" if warmup_s is not None else ""
            print(f"{code} {what}{extra}: {params} parameters, batch {bsz}, {where}, {a.precision}: "
                  f"{img_per_s:.1f} img/s ({1000 / img_per_s:.3f} s/kimg), peak {peak / 2**20:.0f} MB{warm}", flush=True)

    def sync():
        if cuda:
            torch.cuda.synchronize(device)

    def peak_memory():
        return torch.cuda.max_memory_allocated(device) if cuda else 0

    shape = [net_kwargs["img_channels"], net_kwargs["img_resolution"], net_kwargs["img_resolution"]]
    label_dim = net_kwargs["label_dim"]
    modes = a.modes.split(",")

    if "tune" in modes:
        loss_fn = official_loss.ECMLoss(P_mean=r["P_mean"], P_std=r["P_std"], q=r["q"], c=r["c"], k=r["k"], b=r["b"],
                                        adj=r["mapping"])
        loss_fn.update_schedule(0)
        opt = torch.optim.RAdam(net.parameters(), lr=r["lr"], betas=r["betas"], eps=r["eps"], **fast)
        ema = copy.deepcopy(net).eval().requires_grad_(False)
        host = torch.randint(0, 256, [batch] + shape, dtype=torch.uint8)
        if cuda:
            host = host.pin_memory()  # the official DataLoader pins its batches
        labels_host = torch.eye(label_dim)[torch.randint(label_dim, [batch])] if label_dim else None
        stats = torch.zeros([], device=device)

        def step():
            nonlocal stats
            opt.zero_grad(set_to_none=True)
            images = (host.to(device).to(torch.float32) / 127.5 - 1).contiguous(memory_format=memory_format)
            labels = labels_host.to(device) if labels_host is not None else None
            loss = loss_fn(net=model, images=images, labels=labels)
            stats = stats + loss.detach().sum()  # training_stats.report keeps its sums on the device
            loss.mean().backward()
            for p in net.parameters():
                if p.grad is not None:
                    torch.nan_to_num(p.grad, nan=0, posinf=1e5, neginf=-1e5, out=p.grad)
            opt.step()
            with torch.no_grad():
                for p_ema, p_net in zip(ema.parameters(), net.parameters()):
                    p_ema.copy_(p_net.detach().lerp(p_ema, r["ema_beta"]))

        start = time.perf_counter()
        for _ in range(a.warmup):
            step()
        sync()
        warmup_s = time.perf_counter() - start
        if cuda:
            torch.cuda.reset_peak_memory_stats(device)
        start = time.perf_counter()
        for _ in range(a.steps):
            step()
        sync()
        report("tune", batch, a.steps * batch / (time.perf_counter() - start), peak_memory(), warmup_s=warmup_s)
        del opt, ema

    if "sample" in modes:
        net.eval()
        def few_step(latents, labels, mids):
            # The official generator_fn (ct_training_loop.py): float64 state, ECMPrecond in eval
            # mode, fresh noise for each mid level. Re-stated here because importing that module
            # pulls in the metric code's dependencies (scipy, PIL), which a GPU box may lack.
            t = torch.tensor([80.0] + list(mids), dtype=torch.float64, device=latents.device)
            t = torch.cat([net.round_sigma(t), torch.zeros_like(t[:1])])
            x = latents.to(torch.float64) * t[0]
            for t_cur, t_next in zip(t[:-1], t[1:]):
                x = model(x.contiguous(memory_format=memory_format), t_cur, labels).to(torch.float64)
                if t_next > 0:
                    x = x + t_next * torch.randn_like(x)
            return x

        def heun(latents, labels, steps):
            # EDM's edm_sampler, deterministic (S_churn = 0), on the training preconditioning.
            sigma_min, sigma_max, rho = 0.002, 80, 7
            i = torch.arange(steps, dtype=torch.float64, device=latents.device)
            t = (sigma_max ** (1 / rho) + i / (steps - 1) * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho
            t = torch.cat([net.round_sigma(t), torch.zeros_like(t[:1])])
            x = latents.to(torch.float64) * t[0]
            for k in range(steps):
                x_cur = x
                den = official_denoise(x_cur, t[k], labels)
                d_cur = (x_cur - den) / t[k]
                x = x_cur + (t[k + 1] - t[k]) * d_cur
                if k < steps - 1:
                    den2 = official_denoise(x, t[k + 1], labels)
                    x = x_cur + (t[k + 1] - t[k]) * (0.5 * d_cur + 0.5 * (x - den2) / t[k + 1])
            return x

        def official_denoise(x, sigma, labels):
            # ECMPrecond in training mode is EDM's preconditioning (the base model's denoiser);
            # its U-Net stays in eval mode (no dropout).
            net.train(True)
            net.model.eval()
            try:
                return model(x.contiguous(memory_format=memory_format), sigma, labels).to(torch.float64)
            finally:
                net.train(False)

        def run(spec, bsz):
            kind, _, k = spec.partition(":")
            k = int(k or (1 if kind == "cm" else 18))
            latents = torch.randn([bsz] + shape, device=device)
            labels = torch.eye(label_dim, device=device)[torch.randint(label_dim, [bsz], device=device)] if label_dim else None
            with torch.no_grad():
                if kind == "cm":
                    mids = [0.821] if k == 2 else [0.821 / j for j in range(1, k)]
                    few_step(latents, labels, mids if k > 1 else []).cpu()
                    return k
                heun(latents, labels, k).cpu()
                return 2 * k - 1

        def time_sampler(spec, bsz, reps):
            start = time.perf_counter()
            run(spec, bsz)  # warm-up: cuDNN autotuning, compilation
            sync()
            warmup_s = time.perf_counter() - start
            if cuda:
                torch.cuda.reset_peak_memory_stats(device)
            start = time.perf_counter()
            for _ in range(reps):
                nfe = run(spec, bsz)
            sync()
            report(spec, bsz, reps * bsz / (time.perf_counter() - start), peak_memory(), nfe, warmup_s)

        for spec in a.samplers.split(","):
            time_sampler(spec, a.sample_batch, a.sample_reps)
        if a.latency:
            time_sampler("cm:1", 1, max(a.sample_reps, 20))


if __name__ == "__main__":
    main()
