#include "clock.h"

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>

namespace interleave::clock {

namespace {

#if defined(__x86_64__) || defined(__i386__)
bool kernelClockIsTsc()
{
    // The kernel only keeps "tsc" as its clocksource when the TSC is invariant and synchronised
    // across CPUs, which is exactly what merging per-thread and per-process ticks needs.
    std::ifstream in("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    std::string name;
    in >> name;
    return name == "tsc";
}

// The CPU's own word (the first "flags" line of /proc/cpuinfo) that its TSC ticks at one rate
// whatever the frequency (constant_tsc) and in every sleep state (nonstop_tsc). A VM's kernel
// often prefers its hypervisor's clock (kvm-clock) all the same, for reasons that do not touch
// a run: live migration, suspending the VM. CLOCK_MONOTONIC stays the reference: ticks are
// mapped onto it between anchors taken at the start of a run and at every drain.
bool cpuHasInvariantTsc()
{
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("flags", 0) != 0)
            continue;
        const auto has = [&](const char *flag) {
            return (' ' + line + ' ').find(std::string(" ") + flag + ' ') != std::string::npos;
        };
        return has("constant_tsc") && has("nonstop_tsc");
    }
    return false;
}
#endif

bool decideTsc()
{
#if defined(__x86_64__) || defined(__i386__)
    // INTERLEAVE_TICKS=monotonic reads CLOCK_MONOTONIC instead, to compare the two (worker
    // processes inherit it, and must read the same clock as interleave).
    const char *forced = std::getenv("INTERLEAVE_TICKS");
    if (forced != nullptr && std::strcmp(forced, "monotonic") == 0)
        return false;
    return kernelClockIsTsc() || cpuHasInvariantTsc();
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
const bool s_useTsc = decideTsc();
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
