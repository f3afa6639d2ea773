#include "trace.h"

#include "enumnames.h"

#include <array>

namespace interleave {

namespace {
constexpr std::array<const char *, kSpanKindCount> kSpanKindNames = {
    "compute", "wait", "queued", "startup", "gil-wait", "lock-wait"};
constexpr std::array<const char *, kEventKindCount> kEventKindNames = {
    "print", "task-submitted", "task-started", "task-finished", "process-exited", "stderr",
    "write"};
} // namespace

QString spanKindName(SpanKind kind)
{
    return enumName(kSpanKindNames, kind);
}

QString eventKindName(EventKind kind)
{
    return enumName(kEventKindNames, kind);
}

QString RunInfo::label(TaskId task) const
{
    return task.isValid() && task.value() < calls.size() ? calls[task.value()].label() : QString();
}

const TrackInfo *Trace::track(TrackId id) const
{
    return id.isValid() && id.value() < tracks.size() ? &tracks[id.value()] : nullptr;
}

std::vector<const Event *> Trace::output() const
{
    std::vector<const Event *> lines;
    for (const Event &e : events) {
        if (e.kind == EventKind::Print)
            lines.push_back(&e);
    }
    return lines;
}

std::vector<const Event *> Trace::writes() const
{
    std::vector<const Event *> out;
    for (const Event &e : events) {
        if (e.kind == EventKind::Write)
            out.push_back(&e);
    }
    return out;
}

} // namespace interleave
