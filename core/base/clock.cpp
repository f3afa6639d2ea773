#include "clock.h"

#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

namespace interleave::clock {

namespace {

bool kernelClockIsTsc()
{
#if defined(__x86_64__) || defined(__i386__)
    // The kernel only keeps "tsc" as its clocksource when the TSC is invariant and synchronised
    // across CPUs, which is exactly what merging per-thread and per-process ticks needs.
    std::ifstream in("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    std::string name;
    in >> name;
    return name == "tsc";
#else
    return false;
#endif
}

// Ticks per nanosecond measured once over a short busy interval. Only used until a run is long
// enough for its own anchors to give a better rate; computed lazily so that processes that
// only record ticks (the workers) never pay for it.
double nominalNsPerTick()
{
    static const double rate = [] {
        const Anchor a = takeAnchor();
        Anchor b = takeAnchor();
        while (b.ns - a.ns < 300'000)
            b = takeAnchor();
        return double(b.ns - a.ns) / double(b.ticks - a.ticks);
    }();
    return rate;
}

// Below this anchor interval the interpolated rate is dominated by anchor jitter.
constexpr std::int64_t kMinInterpolationNs = 20'000'000;

} // namespace

double seconds(bool monotonic) noexcept
{
    timespec ts{};
    clock_gettime(monotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

namespace detail {
const bool s_useTsc = kernelClockIsTsc();
}

std::int64_t monotonicNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

bool ticksAreTsc() noexcept
{
    return detail::s_useTsc;
}

Anchor takeAnchor() noexcept
{
    if (!detail::s_useTsc) {
        const auto ns = monotonicNs();
        return {static_cast<Ticks>(ns), ns};
    }
    Anchor best;
    std::int64_t bestWidth = INT64_MAX;
    for (int i = 0; i < 5; ++i) {
        const auto before = monotonicNs();
        const auto t = ticks();
        const auto after = monotonicNs();
        if (after - before < bestWidth) {
            bestWidth = after - before;
            best = {t, before + (after - before) / 2};
        }
    }
    return best;
}

TickMapping::TickMapping(Anchor origin, Anchor latest) noexcept : m_origin(origin)
{
    if (!detail::s_useTsc)
        return; // ticks are nanoseconds already
    if (latest.ticks > origin.ticks && latest.ns - origin.ns >= kMinInterpolationNs)
        m_nsPerTick = double(latest.ns - origin.ns) / double(latest.ticks - origin.ticks);
    else
        m_nsPerTick = nominalNsPerTick();
}

std::int64_t TickMapping::toRelativeNs(Ticks t) const noexcept
{
    const auto dt = static_cast<std::int64_t>(t - m_origin.ticks);
    if (!detail::s_useTsc)
        return dt;
    return static_cast<std::int64_t>(double(dt) * m_nsPerTick);
}

} // namespace interleave::clock
