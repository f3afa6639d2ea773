#pragma once

// Numbers as a person reads them, in one place for the command line, the window and the
// lessons: wall times, durations, speedups, percentages, counts and sizes.

#include <QString>

#include <cstdint>

namespace interleave {

// A wall time to the millisecond: "1.234 s".
QString wallText(std::int64_t ns);
// A span of time in the unit that suits it: "8.0 µs", "450 µs", "3.25 ms", "12.5 ms", "1.50 s".
QString durationText(double seconds);
inline QString durationText(std::int64_t ns)
{
    return durationText(double(ns) / 1e9);
}
// A long stretch, for limits and estimates: "41 s", "12 min", "2.8 h", "11.4 years".
QString longDurationText(double seconds);
// "2.00×"
QString speedupText(double speedup);
// "49 %" for 0.49.
QString percentText(double fraction);
// "50,000,000"
QString countText(double n);
// "512 bytes", "3.0 MiB", "1.5 GiB"
QString bytesText(double bytes);

} // namespace interleave
