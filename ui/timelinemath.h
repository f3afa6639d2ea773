#pragma once

// The timeline's arithmetic, free of widgets so that it can be tested as plain functions:
// mapping time to pixels, and folding spans narrower than a pixel into one mark per pixel
// column (Tracy's and hotspot's way to keep a replot of millions of spans fast).

#include "mappedvector.h"
#include "trace.h"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace interleave::ui {

// Maps nanoseconds in [t0, t1] onto pixels in [px0, px1].
struct PixelMapping
{
    double t0 = 0;
    double t1 = 1;
    double px0 = 0;
    double px1 = 1;

    double nsPerPx() const { return (t1 - t0) / (px1 - px0); }
    double toPx(double ns) const { return px0 + (ns - t0) / nsPerPx(); }
    double toNs(double px) const { return t0 + (px - px0) * nsPerPx(); }
};

// What to paint: [x0, x1) in pixels. A folded mark stands for several spans narrower than a
// pixel; `coverage` is the part of its column they fill (0..1), so sparse columns can be
// drawn fainter than busy ones.
struct Mark
{
    double x0 = 0;
    double x1 = 0;
    SpanKind kind = SpanKind::Compute;
    bool folded = false;
    float coverage = 1;
    TaskId task; // whole spans only; on a GIL lane, the holding thread's TrackId
};

// How many spans of each kind a stretch of a row holds: what a folded mark stands for.
struct SpanCounts
{
    std::array<std::size_t, kSpanKindCount> byKind{};
    std::size_t total = 0;
};

// One row's spans, sorted by start and not overlapping (a thread does one thing at a time),
// with a summary per run of 16 spans: the time per kind of all spans before it (running
// sums) and its longest span. A pixel column of narrow spans is then the difference of two
// running sums, found by a search from where the last column ended, so a replot costs per
// pixel, not per span. The spans are either its own, appended as a run records them, or a
// finished trace's track, looked at in place: a run's spans are held once.
class RowSpans
{
public:
    // Own spans: appended in order of start, as a live run records them.
    void append(const Span &span);
    // Someone else's: a track of a trace that outlives this (its spans sorted by start).
    void view(std::span<const Span> spans);
    void clear();
    std::span<const Span> spans() const { return m_spans; }
    std::size_t size() const { return m_spans.size(); }

    // Marks covering [map.t0, map.t1], appended to `out`: spans at least a pixel wide as
    // they are, narrower ones folded per pixel column and coloured by the kind that fills
    // most of it. Adjacent marks of one kind are merged.
    void fold(const PixelMapping &map, std::vector<Mark> &out) const;

    // The span containing `ns`, or nullptr.
    const Span *find(std::int64_t ns) const;
    // The spans that overlap [t0, t1).
    SpanCounts count(std::int64_t t0, std::int64_t t1) const;

private:
    static constexpr std::size_t kGroupShift = 4;
    static constexpr std::size_t kGroup = std::size_t(1) << kGroupShift;
    using KindNs = std::array<double, kSpanKindCount>;
    // A run's sums on a cache line of their own: a column reads one of them.
    struct alignas(64) RunSums
    {
        KindNs ns;
    };

    void addToSummary(std::size_t index);
    void rebuildSummary();
    // Time per kind of the spans before `index`.
    KindNs sumBefore(std::size_t index) const;
    // The first run of 16 at or after `from`'s that starts at or after `ns`, looked for
    // around `guess`.
    std::size_t firstRunStartingAt(std::size_t from, std::size_t guess, double ns) const;
    // The first span at or after `from` that starts at or after `ns`, given
    // g = firstRunStartingAt(from, guess, ns).
    std::size_t firstStartingAt(std::size_t from, std::size_t g, double ns) const;
    void prefetchRun(std::size_t group) const;
    // Whether every span of a run of 16 is shorter than `ns`.
    bool narrowRun(std::size_t group, double ns) const;
    // The first run of 16 in [from, to) with a span at least `ns` long, or `to`.
    std::size_t firstWideRun(std::size_t from, std::size_t to, double ns) const;
    // The first span in [from, to) at least `ns` long, or `to`.
    std::size_t firstAsLong(std::size_t from, std::size_t to, double ns) const;

    MappedVector<Span> m_own;
    std::span<const Span> m_spans;          // m_own, or a trace's
    std::vector<RunSums> m_before;          // [g]: time per kind of the spans before span 16g
    std::vector<float> m_longest;           // [g]: the longest of spans 16g .. 16g+15
    std::vector<std::int64_t> m_groupStart; // [g]: where span 16g starts, searched densely
    KindNs m_open{};                        // the spans of the last, unfinished run of 16
};

} // namespace interleave::ui
