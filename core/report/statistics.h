#pragma once

// The arithmetic of exploring: repeats of one configuration summed up as a median with its
// range, and Amdahl's law fitted to wall times measured at several worker counts.

#include <limits>
#include <utility>
#include <vector>

namespace interleave {

// Repeats of one measurement.
struct Spread
{
    double median = 0; // of an even count, the lower middle: one of the samples (medianRun's)
    double min = 0;
    double max = 0;
    int count = 0;

    // (max - min) / median: how much the repeats disagree, 0 for one sample.
    double relative() const { return median > 0 ? (max - min) / median : 0.0; }
};
Spread spreadOf(std::vector<double> values);

// Wall time T(w) = serial + parallel / w, fitted by least squares (neither part negative).
struct AmdahlFit
{
    double serial = 0;   // the part no worker count shortens, in the points' unit
    double parallel = 0; // the part w workers divide
    bool valid = false;  // two or more worker counts, and some time to fit

    // s = serial / (serial + parallel): the serial fraction of one worker's run.
    double serialFraction() const;
    // 1 / s: the speedup no number of workers passes (infinite when s is 0).
    double ceiling() const;
    double predict(double workers) const { return serial + parallel / workers; }
};
// `points`: (workers, wall time) pairs. Counts above `upTo` (the number of calls: more workers
// than calls cannot help, which is not a serial part) are left out.
AmdahlFit fitAmdahl(const std::vector<std::pair<double, double>> &points,
                    double upTo = std::numeric_limits<double>::infinity());

} // namespace interleave
