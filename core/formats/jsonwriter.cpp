#include "jsonwriter.h"

#include <charconv>
#include <cmath>

namespace interleave {

JsonWriter::JsonWriter(Sink sink) : m_sink(std::move(sink))
{
    m_buffer.reserve(m_sink ? kFlushBytes + 4096 : 4096);
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back())
            m_buffer += ',';
        m_first.back() = false;
    }
}

void JsonWriter::open(char bracket)
{
    separate();
    m_buffer += bracket;
    m_first.push_back(true);
}

void JsonWriter::close(char bracket)
{
    m_buffer += bracket;
    m_first.pop_back();
    maybeFlush();
}

void JsonWriter::beginObject()
{
    open('{');
}

void JsonWriter::endObject()
{
    close('}');
}

void JsonWriter::beginArray()
{
    open('[');
}

void JsonWriter::endArray()
{
    close(']');
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    separate();
    m_buffer += '"';
    escaped(name);
    m_buffer += "\":";
    m_afterKey = true;
    return *this;
}

namespace {

// The length of the well-formed UTF-8 sequence `s` starts with, or 0.
std::size_t validUtf8(std::string_view s)
{
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto tail = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
    const unsigned lead = b(0);
    if (lead >= 0xC2 && lead <= 0xDF)
        return tail(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!tail(1) || !tail(2))
            return 0;
        const unsigned cp = ((lead & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!tail(1) || !tail(2) || !tail(3))
            return 0;
        const unsigned cp =
            ((lead & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
        return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
    }
    return 0;
}

} // namespace

void JsonWriter::escaped(std::string_view utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::size_t plain = 0; // the start of a run of bytes that need no escape
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            // Well-formed UTF-8 passes as it is; anything else becomes U+FFFD.
            const std::size_t length = validUtf8(utf8.substr(i));
            if (length > 0) {
                i += length - 1;
                continue;
            }
            m_buffer.append(utf8.data() + plain, i - plain);
            m_buffer += "\xEF\xBF\xBD";
            plain = i + 1;
            continue;
        }
        if (u >= 0x20 && c != '"' && c != '\\')
            continue;
        m_buffer.append(utf8.data() + plain, i - plain);
        plain = i + 1;
        m_buffer += '\\';
        switch (c) {
        case '"':
        case '\\':
            m_buffer += c;
            break;
        case '\n':
            m_buffer += 'n';
            break;
        case '\t':
            m_buffer += 't';
            break;
        case '\r':
            m_buffer += 'r';
            break;
        default:
            m_buffer += "u00";
            m_buffer += kHex[u >> 4];
            m_buffer += kHex[u & 15];
        }
    }
    m_buffer.append(utf8.data() + plain, utf8.size() - plain);
}

void JsonWriter::value(std::string_view utf8)
{
    separate();
    m_buffer += '"';
    escaped(utf8);
    m_buffer += '"';
    maybeFlush();
}

void JsonWriter::value(QStringView text)
{
    separate();
    m_buffer += '"';
    // UTF-16 to UTF-8 as it goes, escaping on the way; a lone surrogate becomes U+FFFD.
    const char16_t *p = text.utf16();
    const char16_t *end = p + text.size();
    while (p < end) {
        char32_t cp = *p++;
        if (cp >= 0x20 && cp < 0x80 && cp != '"' && cp != '\\') {
            m_buffer += char(cp);
            continue;
        }
        if (cp < 0x80) {
            const char c = char(cp);
            escaped(std::string_view(&c, 1));
            continue;
        }
        if (cp >= 0xD800 && cp < 0xDC00 && p < end && *p >= 0xDC00 && *p < 0xE000)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*p++ - 0xDC00);
        else if (cp >= 0xD800 && cp < 0xE000)
            cp = 0xFFFD;
        if (cp < 0x800) {
            m_buffer += char(0xC0 | (cp >> 6));
        } else if (cp < 0x10000) {
            m_buffer += char(0xE0 | (cp >> 12));
            m_buffer += char(0x80 | ((cp >> 6) & 0x3F));
        } else {
            m_buffer += char(0xF0 | (cp >> 18));
            m_buffer += char(0x80 | ((cp >> 12) & 0x3F));
            m_buffer += char(0x80 | ((cp >> 6) & 0x3F));
        }
        m_buffer += char(0x80 | (cp & 0x3F));
    }
    m_buffer += '"';
    maybeFlush();
}

void JsonWriter::value(double number)
{
    if (!std::isfinite(number)) {
        null();
        return;
    }
    separate();
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, number);
    m_buffer.append(text, result.ptr);
}

void JsonWriter::integer(std::int64_t number)
{
    separate();
    char text[24];
    const auto result = std::to_chars(text, text + sizeof text, number);
    m_buffer.append(text, result.ptr);
}

void JsonWriter::value(bool flag)
{
    separate();
    m_buffer += flag ? "true" : "false";
}

void JsonWriter::null()
{
    separate();
    m_buffer += "null";
}

void JsonWriter::raw(std::string_view json)
{
    separate();
    m_buffer += json;
    maybeFlush();
}

void JsonWriter::maybeFlush()
{
    if (!m_sink || m_buffer.size() < kFlushBytes)
        return;
    if (!m_failed && !m_sink(m_buffer))
        m_failed = true;
    m_buffer.clear();
}

bool JsonWriter::finish()
{
    if (m_sink) {
        if (!m_failed && !m_buffer.empty() && !m_sink(m_buffer))
            m_failed = true;
        m_buffer.clear();
    }
    return !m_failed;
}

} // namespace interleave
