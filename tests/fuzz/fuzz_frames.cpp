// libFuzzer target: bytes from a worker process, as the parent reads them. Every frame the
// reader gives is decoded by the decoder of its type, and a frame that decodes is encoded
// again and must decode to the same thing.

#include "protocol.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace interleave;

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

void decode(const wire::Frame &frame)
{
    const std::string_view p = frame.payload;
    switch (frame.type) {
    case wire::FrameType::Program:
        if (const auto m = wire::decodeProgram(p)) {
            const auto again = wire::decodeProgram(wire::encodeProgram(*m));
            check(again && again->source == m->source && again->origin == m->origin &&
                  again->globals.size() == m->globals.size());
        }
        break;
    case wire::FrameType::Call:
        if (const auto m = wire::decodeCall(p)) {
            const auto again = wire::decodeCall(wire::encodeCall(*m));
            check(again && again->task == m->task && again->args.size() == m->args.size());
        }
        break;
    case wire::FrameType::Ready:
        (void)wire::decodeReady(p);
        break;
    case wire::FrameType::TaskStarted:
    case wire::FrameType::TaskDone:
        (void)wire::decodeTaskTime(p);
        break;
    case wire::FrameType::SpanBegin:
    case wire::FrameType::SpanEnd:
        (void)wire::decodeSpanEdge(p);
        break;
    case wire::FrameType::Write:
    case wire::FrameType::CallFailed:
        if (const auto t = wire::decodeTaskText(p)) {
            const auto again = wire::decodeTaskText(wire::encodeTaskText(*t));
            check(again && again->text == t->text && again->task == t->task);
        }
        break;
    case wire::FrameType::Result:
    case wire::FrameType::QueuePut: {
        const bool withQueue = frame.type == wire::FrameType::QueuePut;
        if (const auto v = wire::decodeTaskValue(p, withQueue)) {
            const auto again =
                wire::decodeTaskValue(wire::encodeTaskValue(*v, withQueue), withQueue);
            check(again && again->value.repr() == v->value.repr());
        }
        break;
    }
    case wire::FrameType::Quit:
    case wire::FrameType::Error:
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    wire::FrameReader reader;
    // In two pieces, as a pipe may deliver them.
    const std::size_t half = size / 2;
    reader.feed(reinterpret_cast<const char *>(data), half);
    wire::Frame frame;
    for (int round = 0; round < 2; ++round) {
        while (reader.next(frame) == wire::FrameReader::Status::Frame)
            decode(frame);
        if (round == 0)
            reader.feed(reinterpret_cast<const char *>(data) + half, size - half);
    }
    return 0;
}
