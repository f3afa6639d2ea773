#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace interleave::clock {

// Raw ticks for the recording hot path. Where the CPU has an invariant TSC (constant_tsc and
// nonstop_tsc, or the kernel's own clocksource is "tsc"), a tick is one TSC cycle: 11-16 ns
// to read against 27-48 ns for clock_gettime (more on a VM whose kernel reads kvm-clock),
// which is the difference between meeting and missing the per-span budget. Every CPU and every
// process of the machine reads the same TSC, so ticks from worker processes merge (to the
// vCPUs' skew, about 0.1 us on a VM). Elsewhere a tick is a CLOCK_MONOTONIC nanosecond.
using Ticks = std::uint64_t;

// Nanoseconds of CLOCK_MONOTONIC: the one clock every process of the machine shares.
std::int64_t monotonicNs() noexcept;

// Seconds of CLOCK_MONOTONIC (time.perf_counter) or CLOCK_REALTIME (time.time).
double seconds(bool monotonic) noexcept;

// True when ticks() reads the TSC; decided once per process.
bool ticksAreTsc() noexcept;

namespace detail {
extern const bool s_useTsc;
}

inline Ticks ticks() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    if (detail::s_useTsc)
        return __rdtsc();
#endif
    return static_cast<Ticks>(monotonicNs());
}

// A simultaneous reading of both clocks.
struct Anchor
{
    Ticks ticks = 0;
    std::int64_t ns = 0;
};

// Reads both clocks a few times and keeps the tightest bracket, so the pair is accurate to a
// few tens of nanoseconds.
Anchor takeAnchor() noexcept;

// Maps ticks to CLOCK_MONOTONIC nanoseconds relative to an origin by interpolating between two
// anchors. Interpolation (rather than a frequency measured once) keeps the error at the anchors'
// own jitter for every timestamp between them.
class TickMapping
{
public:
    TickMapping() = default;
    TickMapping(Anchor origin, Anchor latest) noexcept;

    // Nanoseconds since the origin.
    std::int64_t toRelativeNs(Ticks t) const noexcept;
    Anchor origin() const noexcept { return m_origin; }

private:
    Anchor m_origin;
    double m_nsPerTick = 1.0;
};

} // namespace interleave::clock
