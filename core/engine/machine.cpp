#include "machine.h"

#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace interleave {

std::optional<double> loadAverage()
{
    std::FILE *f = std::fopen("/proc/loadavg", "re");
    if (f == nullptr)
        return std::nullopt;
    double load = 0;
    const bool read = std::fscanf(f, "%lf", &load) == 1;
    std::fclose(f);
    if (!read)
        return std::nullopt;
    return load;
}

namespace {

std::int64_t usedNs(int who)
{
    rusage u{};
    if (getrusage(who, &u) != 0)
        return 0;
    const auto ns = [](const timeval &t) {
        return std::int64_t(t.tv_sec) * 1'000'000'000 + std::int64_t(t.tv_usec) * 1000;
    };
    return ns(u.ru_utime) + ns(u.ru_stime);
}

} // namespace

std::int64_t cpuTimeNs()
{
    return usedNs(RUSAGE_SELF) + usedNs(RUSAGE_CHILDREN);
}

std::optional<std::int64_t> machineCpuNs()
{
    std::FILE *f = std::fopen("/proc/stat", "re");
    if (f == nullptr)
        return std::nullopt;
    // cpu  user nice system idle iowait irq softirq steal ...
    unsigned long long v[8] = {};
    const int read = std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
                                 &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
    std::fclose(f);
    if (read < 4)
        return std::nullopt;
    const unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    const long hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0)
        return std::nullopt;
    return std::int64_t(busy) * (1'000'000'000 / hz);
}

} // namespace interleave
