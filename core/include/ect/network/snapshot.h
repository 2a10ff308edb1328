// Network snapshots of the official EDM and ECT training loops (`network-snapshot-*.pkl`: a pickle
// of dict(ema=..., loss_fn=..., augment_pipe=..., dataset_kwargs=...)), read without Python and
// without running anything in them (ect/io/pickle.h).
#pragma once

#include "ect/io/safetensors.h"

#include <string>

namespace ect {

// The snapshot's network (`entry`, "ema" by default) as the tensors and metadata of our model
// format: weights under their EDM names, `ect.network` from the pickled constructor arguments,
// `ect.kind` diffusion (EDMPrecond) or consistency (ECMPrecond), provenance (`ect.source`: the
// file's name, `ect.source_sha256`, `ect.source_class`, `ect.source_entry`). The network is any
// family of the table (ect/network/families.h: SongUNet, DhariwalUNet) under EDMPrecond,
// ECMPrecond, VPPrecond or VEPrecond. EDM's augmentation input (map_augment, unused when
// sampling) is dropped and said so in `ect.import_notes`. Throws Error naming the file and what is
// missing or unsupported (iDDPM preconditioning, EDM2 networks, an unknown class).
TensorFile read_snapshot(const std::string& path, const std::string& entry = "ema");

// Whether the file begins like a pickle (what read_snapshot reads) rather than a safetensors file.
bool is_pickle_file(const std::string& path);

}  // namespace ect
