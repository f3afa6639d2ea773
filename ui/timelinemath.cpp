#include "timelinemath.h"

#include <algorithm>
#include <cmath>

namespace interleave::ui {

void RowSpans::clear()
{
    m_own.release();
    m_spans = {};
    m_before.clear();
    m_longest.clear();
    m_groupStart.clear();
    m_open = {};
}

void RowSpans::append(const Span &span)
{
    if (m_spans.data() != m_own.data())
        m_own.assign(m_spans); // was a view: own a copy from now on
    if (!m_own.empty() && span.startNs < m_own.back().startNs) {
        // Out of order (rare: a span recorded late): insert in place and start over.
        const auto at =
            std::upper_bound(m_own.begin(), m_own.end(), span.startNs,
                             [](std::int64_t t, const Span &s) { return t < s.startNs; });
        m_own.insert(at, span);
        m_spans = m_own;
        rebuildSummary();
        return;
    }
    m_own.push_back(span);
    m_spans = m_own;
    addToSummary(m_spans.size() - 1);
}

void RowSpans::view(std::span<const Span> spans)
{
    m_own.release();
    m_spans = spans;
    rebuildSummary();
}

void RowSpans::addToSummary(std::size_t index)
{
    const Span &s = m_spans[index];
    if (index % kGroup == 0) {
        // A new run of 16 begins: what came before it is the last run's sums added up.
        KindNs before = m_before.empty() ? KindNs{} : m_before.back().ns;
        for (std::size_t k = 0; k < before.size(); ++k)
            before[k] += m_open[k]; // nothing yet before the first run
        m_before.push_back({before});
        m_longest.push_back(0);
        m_groupStart.push_back(s.startNs);
        m_open = {};
    }
    const auto length = double(s.endNs - s.startNs);
    m_open[static_cast<std::size_t>(s.kind)] += length;
    m_longest.back() = std::max(m_longest.back(), float(length));
}

void RowSpans::rebuildSummary()
{
    m_before.clear();
    m_longest.clear();
    m_groupStart.clear();
    m_open = {};
    const std::size_t groups = (m_spans.size() + kGroup - 1) / kGroup;
    m_before.reserve(groups);
    m_longest.reserve(groups);
    m_groupStart.reserve(groups);
    for (std::size_t i = 0; i < m_spans.size(); ++i)
        addToSummary(i);
}

RowSpans::KindNs RowSpans::sumBefore(std::size_t index) const
{
    const std::size_t g = index >> kGroupShift;
    const std::size_t first = g << kGroupShift;
    KindNs sum{};
    if (index - first > kGroup / 2 && g + 1 < m_before.size()) {
        // Nearer the run's end: the next run's sums less what lies between. The sums are
        // whole nanoseconds, exact in a double, so this is the same as adding up to it.
        sum = m_before[g + 1].ns;
        for (std::size_t k = index; k < first + kGroup; ++k)
            sum[static_cast<std::size_t>(m_spans[k].kind)] -=
                double(m_spans[k].endNs - m_spans[k].startNs);
    } else if (g < m_before.size()) {
        sum = m_before[g].ns;
        for (std::size_t k = first; k < index; ++k)
            sum[static_cast<std::size_t>(m_spans[k].kind)] +=
                double(m_spans[k].endNs - m_spans[k].startNs);
    } else if (g > 0) {
        // The end of a whole last run: nothing holds its sum but the open one.
        sum = m_before[g - 1].ns;
        for (std::size_t k = 0; k < sum.size(); ++k)
            sum[k] += m_open[k];
    }
    return sum;
}

std::size_t RowSpans::firstRunStartingAt(std::size_t from, std::size_t guess, double ns) const
{
    // Galloping outward from a guess (where the column ends if it holds as many runs as the
    // last one): a few looks in a row of even density, and eight runs' starts share a cache
    // line.
    const auto before = [&](std::size_t g) { return double(m_groupStart[g]) < ns; };
    const std::size_t lo = from >> kGroupShift;
    const std::size_t hi = m_groupStart.size();
    guess = std::clamp(guess, lo, hi);
    std::size_t first = lo, last = hi; // the answer is in [first, last]
    if (guess < hi && before(guess)) {
        std::size_t step = 1;
        first = guess + 1;
        while (guess + step < hi && before(guess + step)) {
            first = guess + step + 1;
            step *= 2;
        }
        last = std::min(guess + step, hi);
    } else {
        std::size_t step = 1;
        last = guess;
        while (guess >= lo + step && !before(guess - step)) {
            last = guess - step;
            step *= 2;
        }
        first = guess >= lo + step ? guess - step + 1 : lo;
    }
    const auto starts = m_groupStart.begin();
    return std::size_t(std::partition_point(starts + std::ptrdiff_t(first),
                                            starts + std::ptrdiff_t(last),
                                            [ns](std::int64_t t) { return double(t) < ns; }) -
                       starts);
}

void RowSpans::prefetchRun(std::size_t group) const
{
    const char *first = reinterpret_cast<const char *>(m_spans.data() + (group << kGroupShift));
    const std::size_t count = std::min(kGroup, m_spans.size() - (group << kGroupShift));
    for (std::size_t at = 0; at < count * sizeof(Span); at += 64)
        __builtin_prefetch(first + at);
    // And the sums and the longest there, which the column reads next to it.
    __builtin_prefetch(&m_before[group]);
    __builtin_prefetch(&m_longest[group]);
}

std::size_t RowSpans::firstStartingAt(std::size_t from, std::size_t g, double ns) const
{
    // Runs before g start before ns: the answer is in run g - 1, or is span 16g.
    const std::size_t k = std::max(from, g > 0 ? (g - 1) << kGroupShift : 0);
    const std::size_t end = std::max(k, std::min(m_spans.size(), g << kGroupShift));
    return std::size_t(
        std::partition_point(m_spans.begin() + std::ptrdiff_t(k),
                             m_spans.begin() + std::ptrdiff_t(end),
                             [ns](const Span &s) { return double(s.startNs) < ns; }) -
        m_spans.begin());
}

bool RowSpans::narrowRun(std::size_t group, double ns) const
{
    // A float's rounding may have shortened the longest a little.
    return double(m_longest[group]) * (1 + 1e-6) < ns;
}

std::size_t RowSpans::firstWideRun(std::size_t from, std::size_t to, double ns) const
{
    // Eight runs at a time: the longest of eight floats is a few vector instructions.
    constexpr std::size_t kBlock = 8;
    std::size_t g = from;
    for (; g + kBlock <= to; g += kBlock) {
        float longest = 0;
        for (std::size_t j = 0; j < kBlock; ++j)
            longest = std::max(longest, m_longest[g + j]);
        if (!(double(longest) * (1 + 1e-6) < ns))
            break;
    }
    for (; g < to; ++g) {
        if (!narrowRun(g, ns))
            return g;
    }
    return to;
}

std::size_t RowSpans::firstAsLong(std::size_t from, std::size_t to, double ns) const
{
    // Only a run holding a span at least `ns` long is read span by span.
    const auto inRun = [&](std::size_t k, std::size_t end) {
        if (k < end && !narrowRun(k >> kGroupShift, ns)) {
            for (; k < end; ++k) {
                if (double(m_spans[k].endNs - m_spans[k].startNs) >= ns)
                    return k;
            }
        }
        return end;
    };
    std::size_t k = from;
    if (k % kGroup != 0) {
        const std::size_t runEnd = std::min(to, (k | (kGroup - 1)) + 1);
        if (const std::size_t found = inRun(k, runEnd); found < runEnd)
            return found;
        k = runEnd;
    }
    while (k + kGroup <= to) {
        const std::size_t g = firstWideRun(k >> kGroupShift, to >> kGroupShift, ns);
        k = g << kGroupShift;
        if (k + kGroup > to)
            break;
        if (const std::size_t found = inRun(k, k + kGroup); found < k + kGroup)
            return found;
        k += kGroup;
    }
    return inRun(k, to);
}

const Span *RowSpans::find(std::int64_t ns) const
{
    const auto it = std::partition_point(m_spans.begin(), m_spans.end(),
                                         [ns](const Span &s) { return s.endNs <= ns; });
    return it != m_spans.end() && it->startNs <= ns ? &*it : nullptr;
}

SpanCounts RowSpans::count(std::int64_t t0, std::int64_t t1) const
{
    SpanCounts counts;
    auto it = std::partition_point(m_spans.begin(), m_spans.end(),
                                   [t0](const Span &s) { return s.endNs <= t0; });
    for (; it != m_spans.end() && it->startNs < t1; ++it) {
        ++counts.byKind[static_cast<std::size_t>(it->kind)];
        ++counts.total;
    }
    return counts;
}

namespace {

void addMark(std::vector<Mark> &out, const Mark &m)
{
    if (!out.empty()) {
        Mark &last = out.back();
        // Only folded columns merge: a whole span keeps its own edges, so back-to-back
        // waits read as separate waits.
        if (m.folded && last.folded && last.kind == m.kind && m.x0 - last.x1 < 0.5 &&
            std::abs(last.coverage - m.coverage) < 0.25f) {
            last.x1 = std::max(last.x1, m.x1);
            return;
        }
    }
    out.push_back(m);
}

} // namespace

void RowSpans::fold(const PixelMapping &map, std::vector<Mark> &out) const
{
    const double w = map.nsPerPx();
    if (m_spans.empty() || !(w > 0))
        return;
    const std::size_t n = m_spans.size();
    std::size_t i = static_cast<std::size_t>(
        std::partition_point(m_spans.begin(), m_spans.end(),
                             [&](const Span &s) { return double(s.endNs) <= map.t0; }) -
        m_spans.begin());

    KindNs sum{}; // sumBefore(sumIndex), the end of the last folded column
    std::size_t sumIndex = SIZE_MAX;
    std::size_t runsPerColumn = 1; // the last folded column's, to guess where the next ends
    while (i < n) {
        // At the start of a run of narrow spans the summaries say all that is needed: a
        // dense stretch is folded without reading one span.
        const bool runOfNarrow = i % kGroup == 0 && narrowRun(i >> kGroupShift, w);
        const Span *s = runOfNarrow ? nullptr : &m_spans[i];
        const std::int64_t startNs = s ? s->startNs : m_groupStart[i >> kGroupShift];
        if (double(startNs) >= map.t1)
            break;
        if (s && double(s->endNs - s->startNs) >= w) {
            addMark(out,
                    {map.toPx(std::max(double(s->startNs), map.t0)),
                     map.toPx(std::min(double(s->endNs), map.t1)), s->kind, false, 1, s->task});
            ++i;
            continue;
        }
        // Narrower than a pixel: everything that starts in this pixel column, up to a span a
        // pixel wide, is the difference of two running sums. Finding the column's last span
        // reads one run of spans, far from the last column's in a dense row: the run where
        // the column after next will end is fetched now, so that the wait overlaps the work.
        const double column = std::floor((std::max(double(startNs), map.t0) - map.t0) / w);
        const double columnStart = map.t0 + column * w;
        const double columnEnd = columnStart + w;
        const std::size_t g = firstRunStartingAt(i, (i >> kGroupShift) + runsPerColumn, columnEnd);
        runsPerColumn = g - std::min(g, i >> kGroupShift);
        const std::size_t ahead = g + 2 * runsPerColumn;
        if (ahead > 0 && ahead - 1 < m_groupStart.size())
            prefetchRun(ahead - 1);
        const std::size_t end = firstStartingAt(i, g, columnEnd);
        const std::size_t stop = firstAsLong(i, end, w);
        const KindNs before = i == sumIndex ? sum : sumBefore(i);
        sum = sumBefore(stop);
        sumIndex = i = stop;
        KindNs ns{};
        for (std::size_t k = 0; k < ns.size(); ++k)
            ns[k] = sum[k] - before[k];
        const auto dominant = std::max_element(ns.begin(), ns.end());
        double total = 0;
        for (double v : ns)
            total += v;
        addMark(out, {map.toPx(columnStart), map.toPx(columnEnd),
                      static_cast<SpanKind>(dominant - ns.begin()), true,
                      float(std::min(1.0, total / w)), TaskId()});
    }
}

} // namespace interleave::ui
