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
// with a summary per level: level L holds, for each run of 16^(L+1) spans, their extent and
// time per kind. Folding skips whole runs through it, so a replot costs per pixel, not per
// span. The spans are either its own, appended as a run records them, or a finished trace's
// track, looked at in place: a run's spans are held once.
class RowSpans
{
public:
    static constexpr std::size_t kFanout = 16;

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
    struct Group
    {
        std::int64_t startNs = 0;
        std::int64_t endNs = 0;
        std::array<float, kSpanKindCount> ns{};
    };
    void addToSummary(std::size_t index);
    void rebuildSummary();

    MappedVector<Span> m_own;
    std::span<const Span> m_spans; // m_own, or a trace's
    std::vector<std::vector<Group>> m_levels;
};

} // namespace interleave::ui
