#pragma once

// What a thread is doing during a span, and each kind's traits as one table: names, words,
// colour, JSON key, summary column and whether worker processes send it. The recorder, the
// wire protocol, the views, the exporters and the command line loop over it. Qt-free, so the
// worker shares the numbering.

#include <array>
#include <cstdint>

namespace interleave {

enum class SpanKind : std::uint8_t
{
    Compute,  // real computation
    Wait,     // a blocking wait standing for I/O
    Queued,   // submitted, not yet running on its thread
    Startup,  // a worker process starting up
    GilWait,  // waiting for the interpreter lock
    LockWait, // waiting for a named mutex
    Join,     // the main thread waiting for its threads, pool or processes to finish
    Python,   // running the program's own statements: loops, reads and writes of globals
};

struct SpanKindTraits
{
    SpanKind kind;
    const char *name;    // in files and on the command line
    const char *words;   // what a person reads: "computing (CPU)"
    std::uint32_t rgb;   // its colour on the timeline, 0xRRGGBB
    const char *jsonKey; // its per-thread total in run JSON, or null
    const char *column;  // its column in the command line's summary, or null
    int columnOrder;     // where that column goes, left to right
    bool columnIfAny;    // the column shows only when some thread spent time so
    bool sentByWorkers;  // a worker process reports it over the wire
};

inline constexpr std::array<SpanKindTraits, 8> kSpanKinds{{
    {SpanKind::Compute, "compute", "computing (CPU)", 0xe06c2b, "compute_ms", "compute", 1, false,
     true},
    {SpanKind::Wait, "wait", "waiting for I/O (sleep)", 0x3d8bd9, "wait_ms", "wait", 2, false,
     true},
    {SpanKind::Queued, "queued", "queued, not yet running", 0x9aa0a8, "queued_ms", "queued", 3,
     false, false},
    {SpanKind::Startup, "startup", "process starting", 0x9b6bd6, nullptr, nullptr, 0, false, false},
    {SpanKind::GilWait, "gil-wait", "waiting for the GIL", 0xe8b91e, "gil_wait_ms", "gil wait", 4,
     true, false},
    {SpanKind::LockWait, "lock-wait", "waiting for a lock", 0xd63b4f, "lock_wait_ms", "lock wait",
     5, true, false},
    {SpanKind::Join, "join", "waiting for the others (join)", 0xb4c8c4, nullptr, nullptr, 0, false,
     false},
    {SpanKind::Python, "python", "running Python code", 0x4fa86a, "python_ms", "python", 0, false,
     false},
}};
inline constexpr int kSpanKindCount = int(kSpanKinds.size());

constexpr bool spanKindsInOrder()
{
    for (std::size_t i = 0; i < kSpanKinds.size(); ++i)
        if (kSpanKinds[i].kind != SpanKind(i))
            return false;
    return true;
}
static_assert(spanKindsInOrder(), "kSpanKinds is indexed by SpanKind");

constexpr const SpanKindTraits &traitsOf(SpanKind kind)
{
    return kSpanKinds[static_cast<std::size_t>(kind)];
}

} // namespace interleave
