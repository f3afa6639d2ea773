#include "protocol.h"

namespace interleave::wire {

bool isKnownType(std::uint8_t type)
{
    return (type >= 1 && type <= 2) || (type >= 10 && type <= 17);
}

const char *typeName(FrameType type)
{
    switch (type) {
    case FrameType::Task:
        return "task";
    case FrameType::Quit:
        return "quit";
    case FrameType::Ready:
        return "ready";
    case FrameType::TaskStarted:
        return "task-started";
    case FrameType::SpanBegin:
        return "span-begin";
    case FrameType::SpanEnd:
        return "span-end";
    case FrameType::Print:
        return "print";
    case FrameType::Result:
        return "result";
    case FrameType::TaskDone:
        return "task-done";
    case FrameType::Error:
        return "error";
    }
    return "unknown";
}

std::string encodeFrame(FrameType type, std::string_view payload)
{
    std::string frame;
    frame.reserve(kHeaderSize + payload.size());
    const auto n = static_cast<std::uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i)
        frame.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    frame.push_back(static_cast<char>(type));
    frame.append(payload);
    return frame;
}

void FrameReader::feed(const char *data, std::size_t size)
{
    // Drop what was consumed before growing, so a long stream does not accumulate.
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos > 64 * 1024) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(data, size);
}

FrameReader::Status FrameReader::next(Frame &frame)
{
    if (!m_error.empty())
        return Status::Error;
    if (pending() < kHeaderSize)
        return Status::NeedMore;
    const auto *h = reinterpret_cast<const unsigned char *>(m_buffer.data() + m_pos);
    const std::uint32_t length = std::uint32_t(h[0]) | std::uint32_t(h[1]) << 8 |
                                 std::uint32_t(h[2]) << 16 | std::uint32_t(h[3]) << 24;
    const std::uint8_t type = h[4];
    if (length > kMaxPayload) {
        m_error = "frame of " + std::to_string(length) + " bytes is over the " +
                  std::to_string(kMaxPayload) + "-byte limit";
        return Status::Error;
    }
    if (!isKnownType(type)) {
        m_error = "unknown frame type " + std::to_string(type);
        return Status::Error;
    }
    if (pending() < kHeaderSize + length)
        return Status::NeedMore;
    frame.type = static_cast<FrameType>(type);
    frame.payload.assign(m_buffer, m_pos + kHeaderSize, length);
    m_pos += kHeaderSize + length;
    return Status::Frame;
}

Encoder &Encoder::u8(std::uint8_t v)
{
    m_bytes.push_back(static_cast<char>(v));
    return *this;
}

Encoder &Encoder::u32(std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        m_bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
}

Encoder &Encoder::u64(std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        m_bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
}

Encoder &Encoder::str(std::string_view s)
{
    u32(static_cast<std::uint32_t>(s.size()));
    m_bytes.append(s);
    return *this;
}

bool Decoder::take(std::size_t n)
{
    if (!m_ok || m_data.size() - m_pos < n) {
        m_ok = false;
        return false;
    }
    return true;
}

std::uint8_t Decoder::u8()
{
    if (!take(1))
        return 0;
    return static_cast<std::uint8_t>(m_data[m_pos++]);
}

std::uint32_t Decoder::u32()
{
    if (!take(4))
        return 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= std::uint32_t(static_cast<unsigned char>(m_data[m_pos++])) << (8 * i);
    return v;
}

std::uint64_t Decoder::u64()
{
    if (!take(8))
        return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v |= std::uint64_t(static_cast<unsigned char>(m_data[m_pos++])) << (8 * i);
    return v;
}

std::string Decoder::str()
{
    const std::uint32_t n = u32();
    if (!take(n))
        return {};
    std::string s(m_data.substr(m_pos, n));
    m_pos += n;
    return s;
}

std::string encodeTask(const TaskMessage &task)
{
    Encoder e;
    e.u32(task.task).str(task.result).u32(static_cast<std::uint32_t>(task.steps.size()));
    for (const WireStep &s : task.steps) {
        e.u8(static_cast<std::uint8_t>(s.kind));
        switch (s.kind) {
        case WireStep::Kind::Compute:
            e.u32(s.primesFrom).u32(s.primesTo);
            break;
        case WireStep::Kind::Wait:
            e.i64(s.waitNs);
            break;
        case WireStep::Kind::Print:
        case WireStep::Kind::Lock:
        case WireStep::Kind::Unlock:
            e.str(s.text);
            break;
        case WireStep::Kind::Add:
            e.str(s.text).i64(s.times).str(s.lock);
            break;
        case WireStep::Kind::Set:
            e.str(s.text).u8(s.local ? 1 : 0).i64(s.value);
            break;
        }
    }
    return e.bytes();
}

std::optional<TaskMessage> decodeTask(std::string_view payload)
{
    Decoder d(payload);
    TaskMessage t;
    t.task = d.u32();
    t.result = d.str();
    const std::uint32_t count = d.u32();
    // Every step takes at least 5 bytes, so a count beyond that is a lie: refuse it before
    // reserving memory for it.
    if (!d.ok() || count > d.remaining() / 5)
        return std::nullopt;
    t.steps.reserve(count);
    for (std::uint32_t i = 0; i < count && d.ok(); ++i) {
        WireStep s;
        const std::uint8_t kind = d.u8();
        if (kind > WireStep::kLastKind)
            return std::nullopt;
        s.kind = static_cast<WireStep::Kind>(kind);
        switch (s.kind) {
        case WireStep::Kind::Compute:
            s.primesFrom = d.u32();
            s.primesTo = d.u32();
            break;
        case WireStep::Kind::Wait:
            s.waitNs = d.i64();
            if (s.waitNs < 0)
                return std::nullopt;
            break;
        case WireStep::Kind::Print:
        case WireStep::Kind::Lock:
        case WireStep::Kind::Unlock:
            s.text = d.str();
            break;
        case WireStep::Kind::Add:
            s.text = d.str();
            s.times = d.i64();
            s.lock = d.str();
            if (s.times < 0)
                return std::nullopt;
            break;
        case WireStep::Kind::Set: {
            s.text = d.str();
            const std::uint8_t local = d.u8();
            s.value = d.i64();
            if (local > 1)
                return std::nullopt;
            s.local = local == 1;
            break;
        }
        }
        t.steps.push_back(std::move(s));
    }
    if (!d.finished())
        return std::nullopt;
    return t;
}

std::string encodeReady(const ReadyMessage &r)
{
    return Encoder().i64(r.pid).i64(r.tid).u64(r.ticks).u8(r.ticksAreTsc ? 1 : 0).bytes();
}

std::optional<ReadyMessage> decodeReady(std::string_view payload)
{
    Decoder d(payload);
    ReadyMessage r;
    r.pid = d.i64();
    r.tid = d.i64();
    r.ticks = d.u64();
    const std::uint8_t tsc = d.u8();
    r.ticksAreTsc = tsc == 1;
    if (!d.finished() || tsc > 1)
        return std::nullopt;
    return r;
}

std::string encodeTaskTime(const TaskTime &t)
{
    return Encoder().u32(t.task).u64(t.ticks).bytes();
}

std::optional<TaskTime> decodeTaskTime(std::string_view payload)
{
    Decoder d(payload);
    TaskTime t;
    t.task = d.u32();
    t.ticks = d.u64();
    if (!d.finished())
        return std::nullopt;
    return t;
}

std::string encodeSpanEdge(const SpanEdge &e)
{
    return Encoder().u32(e.task).u8(e.kind).u64(e.ticks).bytes();
}

std::optional<SpanEdge> decodeSpanEdge(std::string_view payload)
{
    Decoder d(payload);
    SpanEdge e;
    e.task = d.u32();
    e.kind = d.u8();
    e.ticks = d.u64();
    if (!d.finished())
        return std::nullopt;
    return e;
}

std::string encodeTaskText(const TaskText &t)
{
    return Encoder().u32(t.task).u64(t.ticks).str(t.text).bytes();
}

std::optional<TaskText> decodeTaskText(std::string_view payload)
{
    Decoder d(payload);
    TaskText t;
    t.task = d.u32();
    t.ticks = d.u64();
    t.text = d.str();
    if (!d.finished())
        return std::nullopt;
    return t;
}

} // namespace interleave::wire
