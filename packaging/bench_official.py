#!/usr/bin/python3
"""Times the official ECT training step (locuslab/ect: ECMPrecond + SongUNet, ECMLoss, RAdam,
EMA) for the network and recipe of an `ect` run folder, to compare with `ect bench`.

Usage: /usr/bin/python3 packaging/bench_official.py --official PATH/TO/ect --config RUN/config.json
The official repository is not part of this project: point --official at a checkout of it.
Needs Debian's python3-torch (same LibTorch 1.13 as the C++ build).
"""
import argparse
import copy
import json
import sys
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--official", required=True, help="checkout of github.com/locuslab/ect")
    ap.add_argument("--config", required=True, help="config.json of an `ect tune` or `ect pretrain` run")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    sys.path.insert(0, a.official)
    # The official loss keeps dropout masks in step by replaying the CUDA RNG; on a CPU the
    # CPU generator plays that part.
    torch.cuda.get_rng_state = torch.get_rng_state
    torch.cuda.set_rng_state = torch.set_rng_state
    from training import loss as official_loss
    from training import networks as official_networks

    cfg = json.load(open(a.config))
    n = cfg["network"]
    net = official_networks.ECMPrecond(
        img_resolution=n["img_resolution"], img_channels=n["img_channels"], label_dim=n["label_dim"],
        sigma_min=n["sigma_min"], sigma_data=n["sigma_data"], model_type="SongUNet",
        model_channels=n["model_channels"], channel_mult=n["channel_mult"], channel_mult_emb=n["channel_mult_emb"],
        channel_mult_noise=n["channel_mult_noise"], num_blocks=n["num_blocks"], attn_resolutions=n["attn_resolutions"],
        dropout=cfg["dropout"], embedding_type=n["embedding_type"], encoder_type=n["encoder_type"],
        decoder_type=n["decoder_type"], resample_filter=n["resample_filter"]).train()
    loss_fn = official_loss.ECMLoss(P_mean=cfg["ect_P_mean"], P_std=cfg["ect_P_std"], q=cfg["q"], c=cfg["c"],
                                    k=cfg["k"], b=cfg["b"], adj=cfg["mapping"])
    loss_fn.update_schedule(0)
    opt = torch.optim.RAdam(net.parameters(), lr=cfg["lr"], betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["eps"])
    ema = copy.deepcopy(net).eval().requires_grad_(False)
    batch = cfg["batch"]
    params = sum(p.numel() for p in net.parameters())

    def step():
        images = torch.rand([batch, n["img_channels"], n["img_resolution"], n["img_resolution"]]) * 2 - 1
        labels = None
        if n["label_dim"]:
            labels = torch.eye(n["label_dim"])[torch.randint(n["label_dim"], [batch])]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net=net, images=images, labels=labels)
        loss.sum().mul(1 / batch).backward()
        for p in net.parameters():
            if p.grad is not None:
                torch.nan_to_num(p.grad, nan=0, posinf=1e5, neginf=-1e5, out=p.grad)
        opt.step()
        with torch.no_grad():
            for p_ema, p_net in zip(ema.parameters(), net.parameters()):
                p_ema.copy_(p_net.detach().lerp(p_ema, cfg["ema_beta"]))

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    rate = a.steps / (time.perf_counter() - start)
    print(f"official ECT step: {params} parameters, batch {batch}, {torch.get_num_threads()} threads: "
          f"{rate:.2f} it/s ({rate * batch:.0f} img/s)")


if __name__ == "__main__":
    main()
