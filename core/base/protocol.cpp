#include "protocol.h"

#include <cstring>

namespace interleave::wire {

bool isKnownType(std::uint8_t type)
{
    return (type >= 1 && type <= 3) || (type >= 10 && type <= 19);
}

const char *typeName(FrameType type)
{
    switch (type) {
    case FrameType::Program:
        return "program";
    case FrameType::Quit:
        return "quit";
    case FrameType::Call:
        return "call";
    case FrameType::Ready:
        return "ready";
    case FrameType::TaskStarted:
        return "task-started";
    case FrameType::SpanBegin:
        return "span-begin";
    case FrameType::SpanEnd:
        return "span-end";
    case FrameType::Write:
        return "write";
    case FrameType::Result:
        return "result";
    case FrameType::TaskDone:
        return "task-done";
    case FrameType::Error:
        return "error";
    case FrameType::CallFailed:
        return "call-failed";
    case FrameType::QueuePut:
        return "queue-put";
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

std::uint64_t Decoder::var()
{
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (!take(1))
            return 0;
        const auto byte = static_cast<unsigned char>(m_data[m_pos++]);
        v |= std::uint64_t(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0)
            return v;
    }
    m_ok = false; // more than ten bytes: not a number this encoder wrote
    return 0;
}

std::string Decoder::vstr()
{
    const std::uint64_t n = var();
    // A length past the end fails the decoder as any short read does (and would not fit a
    // size_t everywhere).
    if (!take(n > remaining() ? remaining() + 1 : std::size_t(n)))
        return {};
    std::string s(m_data.substr(m_pos, std::size_t(n)));
    m_pos += std::size_t(n);
    return s;
}

void encodeValue(Encoder &e, const lang::Value &v)
{
    using Kind = lang::Value::Kind;
    e.u8(static_cast<std::uint8_t>(v.kind()));
    switch (v.kind()) {
    case Kind::Unbound:
    case Kind::None:
        break;
    case Kind::Bool:
        e.u8(v.asInt() != 0 ? 1 : 0);
        break;
    case Kind::Int:
        e.i64(v.asInt());
        break;
    case Kind::Float: {
        const double d = v.asFloat();
        std::uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        e.u64(bits);
        break;
    }
    case Kind::Str:
        e.str(v.asStr());
        break;
    case Kind::List:
        e.u32(static_cast<std::uint32_t>(v.asList().size()));
        for (const lang::Value &item : v.asList())
            encodeValue(e, item);
        break;
    case Kind::Range:
        e.i64(v.asRange().start).i64(v.asRange().stop).i64(v.asRange().step);
        break;
    case Kind::Object:
        e.u8(static_cast<std::uint8_t>(v.objectKind())).u32(v.objectId());
        break;
    }
}

std::optional<lang::Value> decodeValue(Decoder &d, int depth)
{
    using Kind = lang::Value::Kind;
    if (depth > kMaxValueDepth)
        return std::nullopt;
    const std::uint8_t kind = d.u8();
    if (!d.ok() || kind > static_cast<std::uint8_t>(Kind::Object))
        return std::nullopt;
    try {
        switch (static_cast<Kind>(kind)) {
        case Kind::Unbound:
            return lang::Value();
        case Kind::None:
            return lang::Value::none();
        case Kind::Bool: {
            const std::uint8_t b = d.u8();
            return d.ok() && b <= 1 ? std::optional(lang::Value::boolean(b == 1)) : std::nullopt;
        }
        case Kind::Int:
            return lang::Value::integer(d.i64());
        case Kind::Float: {
            const std::uint64_t bits = d.u64();
            double f = 0;
            std::memcpy(&f, &bits, sizeof f);
            return lang::Value::floating(f);
        }
        case Kind::Str:
            return lang::Value::str(d.str());
        case Kind::List: {
            const std::uint32_t n = d.u32();
            // Every value takes at least a byte: a count beyond what is left is a lie.
            if (!d.ok() || n > d.remaining())
                return std::nullopt;
            lang::ValueList items;
            items.reserve(n);
            for (std::uint32_t i = 0; i < n; ++i) {
                auto item = decodeValue(d, depth + 1);
                if (!item)
                    return std::nullopt;
                items.push_back(std::move(*item));
            }
            return lang::Value::list(std::move(items));
        }
        case Kind::Range: {
            lang::Range r;
            r.start = d.i64();
            r.stop = d.i64();
            r.step = d.i64();
            return lang::Value::range(r);
        }
        case Kind::Object: {
            const std::uint8_t object = d.u8();
            const std::uint32_t id = d.u32();
            if (object > static_cast<std::uint8_t>(lang::ObjectKind::Thread))
                return std::nullopt;
            return lang::Value::object(static_cast<lang::ObjectKind>(object), id);
        }
        }
    } catch (const lang::ScriptError &) {
        return std::nullopt; // over a limit, or a range with step 0
    }
    return std::nullopt;
}

namespace {

void encodeValues(Encoder &e, const std::vector<lang::Value> &values)
{
    e.u32(static_cast<std::uint32_t>(values.size()));
    for (const lang::Value &v : values)
        encodeValue(e, v);
}

bool decodeValues(Decoder &d, std::vector<lang::Value> &out)
{
    const std::uint32_t n = d.u32();
    if (!d.ok() || n > d.remaining())
        return false;
    out.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        auto v = decodeValue(d);
        if (!v)
            return false;
        out.push_back(std::move(*v));
    }
    return true;
}

} // namespace

std::string encodeProgram(const ProgramMessage &p)
{
    Encoder e;
    e.str(p.origin).str(p.source).u8(static_cast<std::uint8_t>(p.buffering));
    e.u32(static_cast<std::uint32_t>(p.stdoutFd)).u8(p.limited ? 1 : 0);
    encodeValues(e, p.globals);
    return e.bytes();
}

std::optional<ProgramMessage> decodeProgram(std::string_view payload)
{
    Decoder d(payload);
    ProgramMessage p;
    p.origin = d.str();
    p.source = d.str();
    const std::uint8_t buffering = d.u8();
    if (buffering > static_cast<std::uint8_t>(lang::kLastBuffering))
        return std::nullopt;
    p.buffering = static_cast<lang::Buffering>(buffering);
    p.stdoutFd = static_cast<std::int32_t>(d.u32());
    const std::uint8_t limited = d.u8();
    if (limited > 1)
        return std::nullopt;
    p.limited = limited == 1;
    if (!decodeValues(d, p.globals) || !d.finished())
        return std::nullopt;
    return p;
}

std::string encodeCall(const CallMessage &c)
{
    Encoder e;
    e.u32(c.task).u32(c.function);
    encodeValues(e, c.args);
    return e.bytes();
}

std::optional<CallMessage> decodeCall(std::string_view payload)
{
    Decoder d(payload);
    CallMessage c;
    c.task = d.u32();
    c.function = d.u32();
    if (!decodeValues(d, c.args) || !d.finished())
        return std::nullopt;
    return c;
}

std::string encodeTaskValue(const TaskValue &v, bool withQueue)
{
    Encoder e;
    e.u32(v.task);
    if (withQueue)
        e.u32(v.queue);
    encodeValue(e, v.value);
    return e.bytes();
}

std::optional<TaskValue> decodeTaskValue(std::string_view payload, bool withQueue)
{
    Decoder d(payload);
    TaskValue v;
    v.task = d.u32();
    if (withQueue)
        v.queue = d.u32();
    auto value = decodeValue(d);
    if (!value || !d.finished())
        return std::nullopt;
    v.value = std::move(*value);
    return v;
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
