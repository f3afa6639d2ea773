#include "timelinemath.h"

#include <algorithm>
#include <cmath>

namespace interleave::ui {

void RowSpans::clear()
{
    m_own.release();
    m_spans = {};
    m_levels.clear();
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
    for (auto &level : m_levels)
        level.shrink_to_fit();
}

void RowSpans::addToSummary(std::size_t index)
{
    const Span &s = m_spans[index];
    std::size_t groupSize = kFanout;
    for (auto &groups : m_levels) {
        const std::size_t g = index / groupSize;
        if (groups.size() <= g)
            groups.push_back(Group{s.startNs, s.endNs, {}});
        Group &group = groups[g];
        group.endNs = std::max(group.endNs, s.endNs);
        group.ns[static_cast<std::size_t>(s.kind)] += float(s.endNs - s.startNs);
        groupSize *= kFanout;
    }
    // Level L (runs of 16^(L+1) spans) is worth having once there are more than 16^L spans;
    // a new level is built from the one below, which already counts this span.
    const std::size_t needed = m_levels.empty() ? kFanout / kFanout : groupSize / kFanout;
    if (m_levels.empty() || index + 1 > needed) {
        std::vector<Group> level;
        if (m_levels.empty()) {
            level.push_back(Group{s.startNs, s.endNs, {}});
            level.back().ns[static_cast<std::size_t>(s.kind)] += float(s.endNs - s.startNs);
        } else {
            const auto &below = m_levels.back();
            for (std::size_t j = 0; j < below.size(); j += kFanout) {
                Group g{below[j].startNs, below[j].endNs, {}};
                for (std::size_t k = j; k < std::min(below.size(), j + kFanout); ++k) {
                    g.endNs = std::max(g.endNs, below[k].endNs);
                    for (std::size_t kind = 0; kind < g.ns.size(); ++kind)
                        g.ns[kind] += below[k].ns[kind];
                }
                level.push_back(g);
            }
        }
        m_levels.push_back(std::move(level));
    }
}

void RowSpans::rebuildSummary()
{
    m_levels.clear();
    for (std::size_t i = 0; i < m_spans.size(); ++i)
        addToSummary(i);
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

    while (i < n) {
        const Span &s = m_spans[i];
        if (double(s.startNs) >= map.t1)
            break;
        const double length = double(s.endNs - s.startNs);
        if (length >= w) {
            addMark(out, {map.toPx(std::max(double(s.startNs), map.t0)),
                          map.toPx(std::min(double(s.endNs), map.t1)), s.kind, false, 1, s.task});
            ++i;
            continue;
        }
        // Narrower than a pixel: gather everything that starts in this pixel column.
        const double column = std::floor((std::max(double(s.startNs), map.t0) - map.t0) / w);
        const double columnStart = map.t0 + column * w;
        const double columnEnd = columnStart + w;
        std::array<double, kSpanKindCount> ns{};
        while (i < n) {
            const Span &t = m_spans[i];
            if (double(t.startNs) >= columnEnd || double(t.endNs - t.startNs) >= w)
                break;
            // Skip a whole run when it starts here and ends within the column.
            bool skipped = false;
            std::size_t groupSize = std::size_t(1);
            for (std::size_t level = 0; level < m_levels.size(); ++level)
                groupSize *= kFanout;
            for (std::size_t level = m_levels.size(); level-- > 0; groupSize /= kFanout) {
                if (i % groupSize != 0)
                    continue;
                const Group &g = m_levels[level][i / groupSize];
                if (double(g.endNs) <= columnEnd) {
                    for (std::size_t k = 0; k < ns.size(); ++k)
                        ns[k] += double(g.ns[k]);
                    i = std::min(n, i + groupSize);
                    skipped = true;
                    break;
                }
            }
            if (skipped)
                continue;
            ns[static_cast<std::size_t>(t.kind)] += double(t.endNs - t.startNs);
            ++i;
        }
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
