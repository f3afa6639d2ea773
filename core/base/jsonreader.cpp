#include "jsonreader.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace interleave::json {

void Reader::skipSpace()
{
    while (m_pos < m_doc.size()) {
        const char c = m_doc[m_pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return;
        ++m_pos;
    }
}

char Reader::peek()
{
    skipSpace();
    return m_pos < m_doc.size() ? m_doc[m_pos] : '\0';
}

void Reader::expectEnd()
{
    if (peek() != '\0' || m_pos != m_doc.size())
        fail("unexpected text after the end of the document");
}

void Reader::open(char bracket)
{
    if (peek() != bracket)
        fail(bracket == '{' ? "expected an object" : "expected a list");
    if (m_depth >= kMaxDepth)
        fail("nested more than 64 levels deep");
    ++m_pos;
    m_first |= std::uint64_t(1) << m_depth; // bit d - 1 for the container at depth d
    ++m_depth;
}

bool Reader::separator(char close, const char *what)
{
    const std::uint64_t bit = std::uint64_t(1) << (m_depth - 1);
    const bool first = (m_first & bit) != 0;
    m_first &= ~bit;
    const char c = peek();
    if (c == close) {
        ++m_pos;
        --m_depth;
        return false;
    }
    if (first)
        return true;
    if (c != ',')
        fail(what);
    ++m_pos;
    return true;
}

void Reader::beginObject()
{
    open('{');
}

bool Reader::nextMember(std::string_view *key, std::string *scratch, std::size_t *keyOffset,
                        bool *escaped)
{
    if (!separator('}', "expected ',' or '}' in the object"))
        return false;
    if (peek() != '"')
        fail("expected a field name in double quotes");
    if (keyOffset != nullptr)
        *keyOffset = m_pos;
    *key = string(scratch, escaped);
    if (peek() != ':')
        fail("expected ':' after the field name");
    ++m_pos;
    return true;
}

void Reader::beginArray()
{
    open('[');
}

bool Reader::nextItem()
{
    return separator(']', "expected ',' or ']' in the list");
}

unsigned Reader::hex4()
{
    if (m_pos + 4 > m_doc.size())
        fail("\\u needs four hex digits");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
        const char h = m_doc[m_pos++];
        v <<= 4;
        if (h >= '0' && h <= '9')
            v |= unsigned(h - '0');
        else if (h >= 'a' && h <= 'f')
            v |= unsigned(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
            v |= unsigned(h - 'A' + 10);
        else
            fail("\\u needs four hex digits");
    }
    return v;
}

namespace {
void appendUtf8(std::string &out, unsigned cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}
} // namespace

void Reader::escape(std::string &out)
{
    if (m_pos >= m_doc.size())
        fail("the text ends inside an escape");
    const char e = m_doc[m_pos++];
    switch (e) {
    case '"':
    case '\\':
    case '/':
        out += e;
        return;
    case 'b':
        out += '\b';
        return;
    case 'f':
        out += '\f';
        return;
    case 'n':
        out += '\n';
        return;
    case 'r':
        out += '\r';
        return;
    case 't':
        out += '\t';
        return;
    case 'u': {
        unsigned cp = hex4();
        if (cp >= 0xD800 && cp < 0xDC00 && m_doc.substr(m_pos, 2) == "\\u") {
            const std::size_t pair = m_pos;
            m_pos += 2;
            const unsigned low = hex4();
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (m_lenient) {
                cp = 0xFFFD;
                m_pos = pair; // the second escape is read on its own
            } else {
                fail("a \\u surrogate pair is broken");
            }
        } else if (cp >= 0xD800 && cp < 0xE000) {
            if (!m_lenient)
                fail("a lone \\u surrogate");
            cp = 0xFFFD;
        }
        appendUtf8(out, cp);
        return;
    }
    default:
        --m_pos;
        fail(std::string("unknown escape \\") + e);
    }
}

std::string_view Reader::string(std::string *scratch, bool *escaped)
{
    if (peek() != '"')
        fail("expected a text in double quotes");
    ++m_pos;
    const std::size_t begin = m_pos;
    // Most texts have no escapes: they are a view of the document.
    while (m_pos < m_doc.size()) {
        const auto c = static_cast<unsigned char>(m_doc[m_pos]);
        if (c == '"') {
            if (escaped != nullptr)
                *escaped = false;
            return m_doc.substr(begin, m_pos++ - begin);
        }
        if (c == '\\')
            break;
        if (c < 0x20)
            fail("a line break or control character inside a text (write \\n)");
        ++m_pos;
    }
    scratch->assign(m_doc.data() + begin, m_pos - begin);
    for (;;) {
        if (m_pos >= m_doc.size())
            fail("the text is never closed with a double quote");
        const char c = m_doc[m_pos];
        if (c == '"') {
            ++m_pos;
            if (escaped != nullptr)
                *escaped = true;
            return *scratch;
        }
        if (static_cast<unsigned char>(c) < 0x20)
            fail("a line break or control character inside a text (write \\n)");
        ++m_pos;
        if (c == '\\')
            escape(*scratch);
        else
            *scratch += c;
    }
}

std::size_t Reader::digits()
{
    const std::size_t from = m_pos;
    while (m_pos < m_doc.size() && m_doc[m_pos] >= '0' && m_doc[m_pos] <= '9')
        ++m_pos;
    return m_pos - from;
}

double Reader::number(std::string_view *written)
{
    const char c = peek();
    if (c != '-' && (c < '0' || c > '9'))
        fail("expected a number");
    const std::size_t start = m_pos;
    if (c == '-')
        ++m_pos;
    if (digits() == 0)
        fail("a number needs digits");
    if (m_pos < m_doc.size() && m_doc[m_pos] == '.') {
        ++m_pos;
        if (digits() == 0)
            fail("a number needs digits after the decimal point");
    }
    if (m_pos < m_doc.size() && (m_doc[m_pos] == 'e' || m_doc[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_doc.size() && (m_doc[m_pos] == '+' || m_doc[m_pos] == '-'))
            ++m_pos;
        if (digits() == 0)
            fail("a number needs digits in its exponent");
    }
    double value = 0;
    const char *first = m_doc.data() + start;
    const auto [end, ec] = std::from_chars(first, m_doc.data() + m_pos, value);
    if (ec == std::errc::result_out_of_range) {
        // Too large or too small for a double: strtod says which (infinity, or zero for 1e-400).
        const std::string text(first, std::size_t(m_doc.data() + m_pos - first));
        value = std::strtod(text.c_str(), nullptr);
    }
    (void)end;
    if (written != nullptr)
        *written = m_doc.substr(start, m_pos - start);
    return value;
}

bool Reader::literal(std::string_view word)
{
    if (m_doc.substr(m_pos, word.size()) != word)
        return false;
    m_pos += word.size();
    return true;
}

bool Reader::boolean()
{
    peek();
    if (literal("true"))
        return true;
    if (literal("false"))
        return false;
    fail("expected true or false");
}

void Reader::null()
{
    peek();
    if (!literal("null"))
        fail("expected null");
}

void Reader::skip()
{
    std::string scratch;
    std::string_view key;
    const char c = peek();
    switch (c) {
    case '{':
        beginObject();
        while (nextMember(&key, &scratch))
            skip();
        return;
    case '[':
        beginArray();
        while (nextItem())
            skip();
        return;
    case '"':
        string(&scratch);
        return;
    case 't':
    case 'f':
        if (literal("true") || literal("false"))
            return;
        break;
    case 'n':
        if (literal("null"))
            return;
        break;
    case '\0':
        if (m_pos == m_doc.size())
            fail("the document ends where a value was expected");
        break;
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            number();
            return;
        }
        break;
    }
    fail(std::string("unexpected '") + c +
         "': expected a value (text in double quotes, a number, a list, an object, true, "
         "false or null)");
}

} // namespace interleave::json
