#!/usr/bin/python3
# Writes small pickles in the layout of the official EDM/ECT network snapshots, for the `pickle`
# fuzz target's corpus (the fixtures' real snapshots are 850 KB each; these are a few KB, so the
# fuzzer spends its time on structure rather than weight bytes).
#
#   /usr/bin/python3 tests/fuzz/make_snapshot_seed.py MODEL_HEADER_JSON OUT_DIR
#
# MODEL_HEADER_JSON is a safetensors header of one of our model files (the model-header corpus's
# seed): its tensor names and shapes become the network's, its `ect.network` the constructor
# arguments. The persistence wrapper of EDM's torch_utils is imitated by a class whose pickle names
# the same global; nothing here imports or runs EDM code. Python with torch (Debian's
# python3-torch under /usr/bin/python3) is only needed to regenerate the seeds, never at run time.
import collections
import json
import pickle
import sys
import types

import torch

persistence = types.ModuleType("torch_utils.persistence")
sys.modules["torch_utils"] = types.ModuleType("torch_utils")
sys.modules["torch_utils.persistence"] = persistence


def _reconstruct_persistent_obj(meta):  # only named in the pickle, never called
    raise RuntimeError("not for loading")


_reconstruct_persistent_obj.__module__ = "torch_utils.persistence"
persistence._reconstruct_persistent_obj = _reconstruct_persistent_obj


class Persistent:
    def __init__(self, class_name, state):
        self.class_name, self.state = class_name, state

    def __reduce__(self):
        meta = dict(type="class", version=6, module_src="# the module's source, kept as data", class_name=self.class_name,
                    state=self.state)
        return (_reconstruct_persistent_obj, (meta,))


def module_state(params, children):
    empty = collections.OrderedDict
    return {"training": False, "_parameters": collections.OrderedDict(params), "_buffers": empty(),
            "_non_persistent_buffers_set": set(), "_backward_hooks": empty(), "_forward_hooks": empty(),
            "_forward_pre_hooks": empty(), "_state_dict_hooks": empty(), "_load_state_dict_pre_hooks": empty(),
            "_modules": collections.OrderedDict(children)}


def build(tree, class_name):
    params = [(k, torch.nn.Parameter(v, requires_grad=False)) for k, v in tree.items() if isinstance(v, torch.Tensor)]
    children = [(k, build(v, "ModuleDict" if k in ("enc", "dec") else "Module")) for k, v in tree.items() if isinstance(v, dict)]
    state = module_state(params, children)
    if class_name == "ModuleDict":
        container = torch.nn.ModuleDict()
        container.__dict__.update(state)
        return container
    return Persistent(class_name, state)


def snapshot(header, precond, generator):
    config = json.loads(header["__metadata__"]["ect.network"])
    tree = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        *path, leaf = name.split(".")
        node = tree
        for p in path:
            node = node.setdefault(p, {})
        node[leaf] = torch.randn(info["shape"], generator=generator) * 0.1
    unet = build(tree["model"], "SongUNet")
    unet.state["_init_args"] = ()
    unet.state["_init_kwargs"] = dict(img_resolution=config["img_resolution"], in_channels=config["img_channels"],
                                      out_channels=config["img_channels"], label_dim=config["label_dim"], augment_dim=0,
                                      model_channels=config["model_channels"], channel_mult=config["channel_mult"],
                                      num_blocks=config["num_blocks"], attn_resolutions=config["attn_resolutions"],
                                      embedding_type="positional", encoder_type="standard", decoder_type="standard",
                                      channel_mult_noise=1, resample_filter=[1, 1], dropout=0.1)
    state = module_state([], [("model", unet)])
    state.update(img_resolution=config["img_resolution"], img_channels=config["img_channels"],
                 label_dim=config["label_dim"], use_fp16=False, sigma_min=0.003 if precond == "ECMPrecond" else 0,
                 sigma_max=float("inf"), sigma_data=0.5, _init_args=(config["img_resolution"], config["img_channels"]),
                 _init_kwargs=dict(model_type="SongUNet", label_dim=config["label_dim"]))
    return dict(ema=Persistent(precond, state), loss_fn=None, augment_pipe=None,
                dataset_kwargs=dict(class_name="training.dataset.ImageFolderDataset", path="data.zip",
                                    resolution=config["img_resolution"]))


def main():
    header_path, out = sys.argv[1], sys.argv[2]
    header = json.load(open(header_path))
    generator = torch.Generator().manual_seed(7)
    for i, precond in enumerate(["EDMPrecond", "ECMPrecond"]):
        with open(f"{out}/snapshot-{precond}.pkl", "wb") as f:
            pickle.dump(snapshot(header, precond, generator), f, protocol=4)


if __name__ == "__main__":
    main()
