#pragma once

// JSON written as it is produced, never held whole: values go into a buffer that is handed
// on (to a file, a pipe, a string) whenever it passes a megabyte, so writing a trace of
// millions of spans costs the buffer, not the document. Commas and escapes are its business;
// the caller says what comes in which order.

#include <QString>
#include <QStringView>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace interleave {

class JsonWriter
{
public:
    // Takes each full buffer; false stops the writing (a full disk).
    using Sink = std::function<bool(std::string_view)>;
    static constexpr std::size_t kFlushBytes = 1 << 20;

    // Without a sink the document stays in memory: take() it at the end.
    explicit JsonWriter(Sink sink = {});

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // A member's name; its value follows.
    JsonWriter &key(std::string_view name);

    void value(QStringView text);
    void value(const QString &text) { value(QStringView(text)); }
    void value(std::string_view utf8);
    void value(const char *utf8) { value(std::string_view(utf8)); }
    void value(double number); // NaN and infinities, which JSON lacks, as null
    template <typename Integer>
    requires(std::is_integral_v<Integer> &&
             !std::is_same_v<Integer, bool>) void value(Integer number)
    {
        integer(std::int64_t(number));
    }
    void value(bool flag);
    void null();
    // A value written elsewhere, already JSON.
    void raw(std::string_view json);

    // Hands on what is left; false if the sink refused any of it.
    bool finish();
    bool failed() const { return m_failed; }
    // The document, for a writer without a sink.
    std::string take() { return std::move(m_buffer); }

private:
    void separate();
    void integer(std::int64_t number);
    void open(char bracket);
    void close(char bracket);
    void maybeFlush();
    void escaped(std::string_view utf8);

    Sink m_sink;
    std::string m_buffer;
    std::vector<bool> m_first; // per open container: nothing written in it yet
    bool m_afterKey = false;
    bool m_failed = false;
};

} // namespace interleave
