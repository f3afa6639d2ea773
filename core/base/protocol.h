#pragma once

// The wire protocol between interleave and its worker processes. Plain C++ with no Qt, so that
// the worker links none of Qt and is ready in well under a millisecond.
//
// A frame is a 5-byte header -- payload length (u32, little-endian) and type (u8) -- followed
// by the payload. Integers are little-endian; a string is a u32 length and its UTF-8 bytes.

#include "stdoutbuffer.h"
#include "value.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::wire {

enum class FrameType : std::uint8_t
{
    // parent -> worker
    Program = 1,      // the workload, once, first
    Quit = 2,         // no more calls: exit cleanly
    Call = 3,         // a call to run
                      // worker -> parent
    Ready = 10,       // started and waiting for calls
    TaskStarted = 11, // a call began
    SpanBegin = 12,   // a compute or wait step began
    SpanEnd = 13,     // ... and ended
    Write = 14,       // a write(2) the worker made to its stdout, and the bytes
    Result = 15,      // a call's return value
    TaskDone = 16,    // a call finished
    Error = 17,       // the worker refuses what it was sent
    CallFailed = 18,  // a call raised an exception; the text says where and what
    QueuePut = 19,    // a value put on a queue
};

bool isKnownType(std::uint8_t type);
const char *typeName(FrameType type);

inline constexpr std::size_t kHeaderSize = 5;
// Above any frame the language can make (a workload's 512 KiB, a printed piece's 1 MiB, the
// globals of a run of 1,000,000 calls over a list of as many numbers, 9 MB); a length beyond
// it is corruption and is refused before anything is allocated. Values that do not fit (a
// huge list of strings as an argument or a result) are refused with a clear error where they
// are sent, naming the limit ("16 MiB").
inline constexpr std::uint32_t kMaxPayloadMiB = 16;
inline constexpr std::uint32_t kMaxPayload = kMaxPayloadMiB << 20;
inline constexpr const char *kMaxPayloadText = "16 MiB";
static_assert(kMaxPayloadMiB == 16, "kMaxPayloadText names the limit");

struct Frame
{
    FrameType type = FrameType::Error;
    std::string payload;
};

std::string encodeFrame(FrameType type, std::string_view payload);

// Splits a byte stream into frames: feed() what arrived, then take frames with next() until it
// says NeedMore. After an Error the stream is unusable.
class FrameReader
{
public:
    enum class Status
    {
        NeedMore,
        Frame,
        Error
    };

    void feed(const char *data, std::size_t size);
    Status next(Frame &frame);
    const std::string &error() const { return m_error; }
    // Bytes of an unfinished frame: at end of stream, a truncated frame.
    std::size_t pending() const { return m_buffer.size() - m_pos; }

private:
    std::string m_buffer;
    std::size_t m_pos = 0;
    std::string m_error;
};

// Builds a payload.
class Encoder
{
public:
    Encoder &u8(std::uint8_t v) { return little(v, 1); }
    Encoder &u32(std::uint32_t v) { return little(v, 4); }
    Encoder &u64(std::uint64_t v) { return little(v, 8); }
    Encoder &i64(std::int64_t v) { return u64(static_cast<std::uint64_t>(v)); }
    Encoder &str(std::string_view s);
    // Compact forms where most values are small: 7 bits a byte (LEB128); signed values
    // zigzagged first, so that a small negative one is short too; a text after its length so.
    Encoder &var(std::uint64_t v)
    {
        char out[10];
        int n = 0;
        for (; v >= 0x80; v >>= 7)
            out[n++] = static_cast<char>((v & 0x7f) | 0x80);
        out[n++] = static_cast<char>(v);
        m_bytes.append(out, std::size_t(n));
        return *this;
    }
    Encoder &svar(std::int64_t v)
    {
        return var((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    Encoder &vstr(std::string_view s)
    {
        var(s.size());
        m_bytes.append(s);
        return *this;
    }
    void reserve(std::size_t bytes) { m_bytes.reserve(bytes); }
    const std::string &bytes() const { return m_bytes; }

private:
    // The low `size` bytes of `v`, least significant first, appended at once.
    Encoder &little(std::uint64_t v, int size)
    {
        char out[8];
        for (int i = 0; i < size; ++i)
            out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        m_bytes.append(out, std::size_t(size));
        return *this;
    }

    std::string m_bytes;
};

// Reads a payload; every read is bounds-checked, and once one fails all do.
class Decoder
{
public:
    explicit Decoder(std::string_view payload) : m_data(payload) {}
    std::uint8_t u8();
    std::uint32_t u32();
    std::uint64_t u64();
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    std::string str();
    std::uint64_t var();
    std::int64_t svar()
    {
        const std::uint64_t v = var();
        return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
    }
    std::string vstr();
    bool ok() const { return m_ok; }
    // True when everything was read and nothing is left over.
    bool finished() const { return m_ok && m_pos == m_data.size(); }
    std::size_t remaining() const { return m_ok ? m_data.size() - m_pos : 0; }

private:
    bool take(std::size_t n);
    std::string_view m_data;
    std::size_t m_pos = 0;
    bool m_ok = true;
};

// The program, sent once when a worker starts: the workload's text (the worker compiles it
// as the parent did) and the globals as the parent had them, as a fork would copy them.
struct ProgramMessage
{
    std::string origin;
    std::string source;
    std::vector<lang::Value> globals;
    lang::Buffering buffering = lang::Buffering::Unbuffered; // of the worker's sys.stdout
    // The worker's stdout: the run's shared pipe, inherited under this descriptor number (its
    // real stdout carries the frames).
    std::int32_t stdoutFd = -1;
    bool limited = true; // the run's budget holds (lang::Host::limited)
};
std::string encodeProgram(const ProgramMessage &program);
std::optional<ProgramMessage> decodeProgram(std::string_view payload);

// One call: a function of the program and its arguments.
struct CallMessage
{
    std::uint32_t task = 0;
    std::uint32_t function = 0;
    std::vector<lang::Value> args;
};
std::string encodeCall(const CallMessage &call);
std::optional<CallMessage> decodeCall(std::string_view payload);

// Result: what a call returned. QueuePut: a value put on a queue, for the parent's copy.
struct TaskValue
{
    std::uint32_t task = 0;
    std::uint32_t queue = 0; // QueuePut only
    lang::Value value;
};
std::string encodeTaskValue(const TaskValue &v, bool withQueue);
std::optional<TaskValue> decodeTaskValue(std::string_view payload, bool withQueue);

// Values: a kind byte, then the value; lists nest at most kMaxValueDepth deep.
inline constexpr int kMaxValueDepth = 32;
void encodeValue(Encoder &e, const lang::Value &v);
std::optional<lang::Value> decodeValue(Decoder &d, int depth = 0);

struct ReadyMessage
{
    std::int64_t pid = 0;
    std::int64_t tid = 0;
    std::uint64_t ticks = 0;
    bool ticksAreTsc = false;
};
std::string encodeReady(const ReadyMessage &ready);
std::optional<ReadyMessage> decodeReady(std::string_view payload);

// TaskStarted, TaskDone: a call and a time.
struct TaskTime
{
    std::uint32_t task = 0;
    std::uint64_t ticks = 0;
};
std::string encodeTaskTime(const TaskTime &t);
std::optional<TaskTime> decodeTaskTime(std::string_view payload);

// SpanBegin, SpanEnd. Kind is an interleave::SpanKind (spankinds.h).
struct SpanEdge
{
    std::uint32_t task = 0;
    std::uint8_t kind = 0;
    std::uint64_t ticks = 0;
};
std::string encodeSpanEdge(const SpanEdge &e);
std::optional<SpanEdge> decodeSpanEdge(std::string_view payload);

// Write, CallFailed: a call, a time and a text.
struct TaskText
{
    std::uint32_t task = 0;
    std::uint64_t ticks = 0;
    std::string text;
};
std::string encodeTaskText(const TaskText &t);
std::optional<TaskText> decodeTaskText(std::string_view payload);

} // namespace interleave::wire
