#pragma once

// One set of limits for a workload, the same wherever it runs: the compiler checks what it can
// see in the text, and the one interpreter checks the rest as the program runs, on a thread of
// interleave or in a worker process alike. Each keeps an absurd program from exhausting memory
// or running for years: it ends with a message that names the limit instead. The frame limits
// of the worker protocol are in protocol.h.

#include <cstddef>
#include <cstdint>

namespace interleave::lang {

// The text and its shape.
inline constexpr std::size_t kMaxDocumentBytes = 512 * 1024;
inline constexpr std::int64_t kMaxCalls = 1'000'000;

// Values.
inline constexpr std::size_t kMaxStrBytes = 1 << 20;
inline constexpr std::size_t kMaxListItems = 1 << 20;
inline constexpr int kMaxListDepth = 32;

// Calls nested in calls, and the numbers compute() counts primes up to.
inline constexpr std::size_t kMaxDepth = 200;
inline constexpr std::int64_t kMaxComputeBound = 100'000'000;

// One time.sleep().
inline constexpr double kMaxSleepSeconds = 3600.0;

// A run's budget, per thread (or worker process), that --no-limits lifts: a run past these
// is almost certainly a mistake (a wait in a loop of 100,000; a print in a loop without end).
inline constexpr double kMaxWaitSeconds = 600.0;             // time.sleep in all
inline constexpr std::uint64_t kMaxPrintedBytes = 16u << 20; // what print() produced
inline constexpr std::uint64_t kMaxRecorded = 2'000'000;     // prints, waits, computations

// The whole run's budget, checked before it starts against what the program's text fixes
// (estimate.h): the wall time it waits, the events it records, what it prints.
inline constexpr double kMaxRunWaitSeconds = 600.0;
inline constexpr double kMaxRunRecorded = 50'000'000;
inline constexpr double kMaxRunPrintedBytes = 256.0 * 1024 * 1024;

// How the messages of the budget end.
inline constexpr const char *kLimitHint =
    "the limit for a run (--no-limits, or Run > Lift the run's limits in the window, lifts it)";

} // namespace interleave::lang
