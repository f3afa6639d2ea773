#pragma once

// A trace as the run library keeps it (stored format 2): packed binary, not JSON, because a
// million calls' trace is 3 M events and a million spans, which as JSON values take seconds
// and gigabytes to store. Times are kept as differences from the item before, which compress
// to little.

#include "protocol.h"
#include "trace.h"

namespace interleave {

void encodeTrace(wire::Encoder &e, const Trace &trace);
// About the bytes encodeTrace writes (texts counted at a guess), to make room once.
std::size_t encodedTraceSize(const Trace &trace);
// False when the bytes are not a trace this version wrote, or name a track, kind or time out
// of range.
bool decodeTrace(wire::Decoder &d, Trace *trace);

} // namespace interleave
