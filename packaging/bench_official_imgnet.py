#!/usr/bin/python3
"""Times one ECT tuning step of the official ImageNet-64 code (locuslab/ect, branch imgnet:
networks_edm2.Precond, training.loss.ECMLoss, Adam, nan_to_num, EDM2's PowerFunctionEMA and the
online TraditionalEMA) the way ct_training_loop.py runs it, for the side-by-side with
`ect bench --presets edm2-img64-s --modes tune`.

  bench_official_imgnet.py --official PATH/TO/ect-imgnet [--preset edm2-img64-s] [--device cuda]
                           [--precision fp32|tf32|fp16] [--batch 128] [--steps 20] [--json]

The network is ct_train.py's preset (channels 192/256/320/384, dropout 0.4/0.5 at <= 16x16, 64x64x3,
1000 classes). fp16 is the official --fp16 (EDM2's use_fp16: the U-Net's activations in float16);
tf32 sets cuDNN and matmul TF32. Images are a uint8 batch from page-locked host memory copied
to the device each step, as the official DataLoader loop does. The official repository is not part
of this project: point --official at a checkout of its imgnet branch.
"""
import argparse
import json
import sys
import time

import torch

PRESETS = {  # ct_train.py config_presets: channels, lr, dropout
    "edm2-img64-s": (192, 1.0e-3, 0.40),
    "edm2-img64-m": (256, 0.9e-3, 0.50),
    "edm2-img64-l": (320, 0.8e-3, 0.50),
    "edm2-img64-xl": (384, 0.7e-3, 0.50),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--official", required=True, help="checkout of locuslab/ect, branch imgnet")
    ap.add_argument("--preset", choices=sorted(PRESETS), default="edm2-img64-s")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--precision", choices=["fp32", "tf32", "fp16"], default="fp32")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    cuda = device.type == "cuda"
    if cuda:
        torch.backends.cudnn.benchmark = True  # ct_train.py --bench default
        tf32 = a.precision == "tf32"
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32
    sys.path.insert(0, a.official)
    if not cuda:
        # The official loss replays the CUDA RNG to share dropout masks between its two passes;
        # on a CPU (a dry run of this script) the CPU generator plays that part.
        torch.cuda.get_rng_state = torch.get_rng_state
        torch.cuda.set_rng_state = torch.set_rng_state
    from training import loss as official_loss
    from training import networks_edm2
    from training import phema

    channels, lr, dropout = PRESETS[a.preset]
    net = networks_edm2.Precond(img_resolution=64, img_channels=3, label_dim=1000, model_channels=channels,
                                dropout=dropout, dropout_res=16, use_fp16=a.precision == "fp16")
    net.train().requires_grad_(True).to(device)
    params = sum(p.numel() for p in net.parameters())
    # run_imgnet_ecm.sh: q 4, c 0.06, k 8, b 1, sigmoid mapping, snrpk weighting, P (-0.8, 1.6)
    loss_fn = official_loss.ECMLoss(P_mean=-0.8, P_std=1.6, q=4, c=0.06, k=8, b=1, adj="sigmoid", wt="snrpk")
    loss_fn.update_schedule(0)
    opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.99), eps=1e-8)
    ema = phema.PowerFunctionEMA(net=net)  # stds 0.050, 0.100
    try:
        online = phema.TraditionalEMA(net=net, ema_beta=0.9999)  # the imgnet branch's variant
    except TypeError:
        online = phema.TraditionalEMA(net=net)  # EDM2's own signature
    host = torch.randint(0, 256, [a.batch, 3, 64, 64], dtype=torch.uint8)
    labels_host = torch.eye(1000)[torch.randint(1000, [a.batch])]
    if cuda:
        host, labels_host = host.pin_memory(), labels_host.pin_memory()
    stats = torch.zeros([], device=device)
    cur_nimg = 0

    def step():
        nonlocal stats, cur_nimg
        opt.zero_grad(set_to_none=True)
        images = host.to(device).to(torch.float32) / 127.5 - 1
        loss = loss_fn(net=net, images=images, labels=labels_host.to(device))
        stats = stats + loss.detach().sum()  # training_stats keeps its sums on the device
        loss.mean().backward()
        # EDM2's learning_rate_schedule: ref_lr / sqrt(max(t / (ref_batches * batch), 1)), decay 2000
        rate = lr / max(cur_nimg / (2000 * a.batch), 1) ** 0.5
        for g in opt.param_groups:
            g["lr"] = rate
        for p in net.parameters():
            if p.grad is not None:
                torch.nan_to_num(p.grad, nan=0, posinf=0, neginf=0, out=p.grad)
        opt.step()
        cur_nimg += a.batch
        ema.update(cur_nimg=cur_nimg, batch_size=a.batch)
        online.update(cur_nimg=cur_nimg, batch_size=a.batch)

    def sync():
        if cuda:
            torch.cuda.synchronize(device)

    for _ in range(a.warmup):
        step()
    sync()
    if cuda:
        torch.cuda.reset_peak_memory_stats(device)
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    sync()
    img_per_s = a.steps * a.batch / (time.perf_counter() - start)
    peak = torch.cuda.max_memory_allocated(device) if cuda else 0
    where = torch.cuda.get_device_name(device) if cuda else f"CPU ({torch.get_num_threads()} threads)"
    row = dict(code="official", preset=a.preset, what="tune", batch=a.batch, parameters=params, img_per_s=img_per_s,
               s_per_kimg=1000 / img_per_s, peak_memory_mb=peak / 2**20, device=where, precision=a.precision,
               torch=torch.__version__, loss_sum=float(stats))
    if a.json:
        print(json.dumps(row), flush=True)
    else:
        print(f"official {a.preset} tune: {params} parameters, batch {a.batch}, {where}, {a.precision}: "
              f"{img_per_s:.1f} img/s, peak {peak / 2**20:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
