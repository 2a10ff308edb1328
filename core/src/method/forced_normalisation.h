// Turns a network's forced weight normalisation off for a scope (internal to core's losses): the
// consistency losses' target passes update nothing, so they run without it (as ECT's ImageNet
// code: exact self-consistency).
#pragma once

#include "ect/network/backbone.h"

namespace ect {

class ForcedNormalisationOff {
public:
    explicit ForcedNormalisationOff(BackboneImpl& net) : net_(net) { net_.set_forced_weight_normalisation(false); }
    ~ForcedNormalisationOff() { net_.set_forced_weight_normalisation(true); }
    ForcedNormalisationOff(const ForcedNormalisationOff&) = delete;
    ForcedNormalisationOff& operator=(const ForcedNormalisationOff&) = delete;

private:
    BackboneImpl& net_;
};

}  // namespace ect
