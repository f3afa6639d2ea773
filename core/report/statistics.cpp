#include "statistics.h"

#include <algorithm>
#include <limits>

namespace interleave {

Spread spreadOf(std::vector<double> values)
{
    Spread s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    s.count = int(n);
    s.min = values.front();
    s.max = values.back();
    s.median = values[(n - 1) / 2]; // the lower middle: a value one of the repeats really had
    return s;
}

double AmdahlFit::serialFraction() const
{
    const double whole = serial + parallel;
    return whole > 0 ? serial / whole : 0.0;
}

double AmdahlFit::ceiling() const
{
    const double s = serialFraction();
    return s > 0 ? 1.0 / s : std::numeric_limits<double>::infinity();
}

// Linear least squares of T against x = 1/w; when the best line would make a part negative,
// the best line with that part zero.
AmdahlFit fitAmdahl(const std::vector<std::pair<double, double>> &points, double upTo)
{
    AmdahlFit fit;
    double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
    double firstX = 0;
    bool varied = false;
    for (const auto &[workers, wall] : points) {
        if (workers <= 0 || workers > upTo)
            continue;
        ++n;
        const double x = 1.0 / workers;
        if (sx == 0)
            firstX = x;
        varied = varied || x != firstX;
        sx += x;
        sy += wall;
        sxx += x * x;
        sxy += x * wall;
    }
    if (!varied || n < 2 || sy <= 0)
        return fit;
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double intercept = (sy - slope * sx) / n;
    if (slope <= 0) { // more workers never helped: all of it is serial
        fit.serial = sy / n;
    } else if (intercept < 0) { // through the origin: all of it parallel
        fit.parallel = sxy / sxx;
    } else {
        fit.serial = intercept;
        fit.parallel = slope;
    }
    fit.valid = true;
    return fit;
}

} // namespace interleave
