#include "json.h"

#include <cstdlib>
#include <unordered_set>

namespace interleave::json {

const Node *Node::member(std::string_view key) const
{
    for (const auto &[k, v] : members)
        if (k.text == key)
            return &v;
    return nullptr;
}

const char *Node::typeName() const
{
    switch (type) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "true or false";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a text";
    case Type::Array:
        return "a list";
    case Type::Object:
        return "an object";
    }
    return "a value";
}

namespace {

constexpr int kMaxDepth = 64;

class Parser
{
public:
    explicit Parser(std::string_view doc) : m_doc(doc) {}

    Node document()
    {
        Node n = value(0);
        skipSpace();
        if (m_pos != m_doc.size())
            fail("unexpected text after the end of the document");
        return n;
    }

private:
    [[noreturn]] void fail(std::string message) const
    {
        throw ParseError{m_pos, std::move(message)};
    }

    void skipSpace()
    {
        while (m_pos < m_doc.size() && (m_doc[m_pos] == ' ' || m_doc[m_pos] == '\n' ||
                                        m_doc[m_pos] == '\r' || m_doc[m_pos] == '\t'))
            ++m_pos;
    }

    bool literal(std::string_view word)
    {
        if (m_doc.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    Node value(int depth)
    {
        if (depth > kMaxDepth)
            fail("nested more than 64 levels deep");
        skipSpace();
        if (m_pos >= m_doc.size())
            fail("the document ends where a value was expected");
        Node n;
        n.offset = m_pos;
        const char c = m_doc[m_pos];
        if (c == '{')
            return object(depth);
        if (c == '[')
            return array(depth);
        if (c == '"')
            return string();
        if (literal("true") || literal("false")) {
            n.type = Node::Type::Bool;
            n.boolean = c == 't';
            return n;
        }
        if (literal("null"))
            return n;
        if (c == '-' || (c >= '0' && c <= '9'))
            return number();
        fail(std::string("unexpected '") + c +
             "': expected a value (text in double quotes, a "
             "number, a list, an object, true, false or null)");
    }

    Node number()
    {
        Node n;
        n.type = Node::Type::Number;
        n.offset = m_pos;
        const std::size_t start = m_pos;
        if (m_doc[m_pos] == '-')
            ++m_pos;
        const auto digits = [&] {
            const std::size_t from = m_pos;
            while (m_pos < m_doc.size() && m_doc[m_pos] >= '0' && m_doc[m_pos] <= '9')
                ++m_pos;
            return m_pos - from;
        };
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
        n.text = std::string(m_doc.substr(start, m_pos - start));
        n.number = std::strtod(n.text.c_str(), nullptr);
        return n;
    }

    unsigned hex4()
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

    static void appendUtf8(std::string &out, unsigned cp)
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

    void escape(std::string &out)
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
                m_pos += 2;
                const unsigned low = hex4();
                if (low < 0xDC00 || low > 0xDFFF)
                    fail("a \\u surrogate pair is broken");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xD800 && cp < 0xE000) {
                fail("a lone \\u surrogate");
            }
            appendUtf8(out, cp);
            return;
        }
        default:
            --m_pos;
            fail(std::string("unknown escape \\") + e);
        }
    }

    Node string()
    {
        Node n;
        n.type = Node::Type::String;
        n.offset = m_pos;
        ++m_pos; // the opening quote
        n.rawOffset = m_pos;
        for (;;) {
            if (m_pos >= m_doc.size())
                fail("the text is never closed with a double quote");
            const char c = m_doc[m_pos];
            if (c == '"') {
                ++m_pos;
                return n;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                fail("a line break or control character inside a text (write \\n)");
            ++m_pos;
            if (c == '\\') {
                n.escaped = true;
                escape(n.text);
            } else {
                n.text += c;
            }
        }
    }

    Node array(int depth)
    {
        Node n;
        n.type = Node::Type::Array;
        n.offset = m_pos++;
        skipSpace();
        if (m_pos < m_doc.size() && m_doc[m_pos] == ']') {
            ++m_pos;
            return n;
        }
        for (;;) {
            n.items.push_back(value(depth + 1));
            skipSpace();
            if (m_pos < m_doc.size() && m_doc[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_doc.size() && m_doc[m_pos] == ']') {
                ++m_pos;
                return n;
            }
            fail("expected ',' or ']' in the list");
        }
    }

    Node object(int depth)
    {
        Node n;
        n.type = Node::Type::Object;
        n.offset = m_pos++;
        skipSpace();
        if (m_pos < m_doc.size() && m_doc[m_pos] == '}') {
            ++m_pos;
            return n;
        }
        std::unordered_set<std::string> seen; // a linear search per key would be quadratic
        for (;;) {
            skipSpace();
            if (m_pos >= m_doc.size() || m_doc[m_pos] != '"')
                fail("expected a field name in double quotes");
            Node key = string();
            if (!seen.insert(key.text).second) {
                m_pos = key.offset;
                fail("the field \"" + key.text + "\" appears twice");
            }
            skipSpace();
            if (m_pos >= m_doc.size() || m_doc[m_pos] != ':')
                fail("expected ':' after the field name");
            ++m_pos;
            Node v = value(depth + 1);
            n.members.push_back({std::move(key), std::move(v)});
            skipSpace();
            if (m_pos < m_doc.size() && m_doc[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_doc.size() && m_doc[m_pos] == '}') {
                ++m_pos;
                return n;
            }
            fail("expected ',' or '}' in the object");
        }
    }

    std::string_view m_doc;
    std::size_t m_pos = 0;
};

} // namespace

Node parse(std::string_view document)
{
    return Parser(document).document();
}

Position position(std::string_view document, std::size_t offset)
{
    Position p;
    for (std::size_t i = 0; i < offset && i < document.size(); ++i) {
        const auto c = static_cast<unsigned char>(document[i]);
        if (c == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++p.column;
        }
    }
    return p;
}

std::size_t offsetInString(std::string_view document, const Node &string, std::size_t index)
{
    if (!string.escaped)
        return string.rawOffset + index;
    // Walk the raw text, counting decoded bytes, until `index` is reached.
    std::size_t raw = string.rawOffset;
    std::size_t decoded = 0;
    while (decoded < index && raw < document.size() && document[raw] != '"') {
        if (document[raw] == '\\') {
            const char e = raw + 1 < document.size() ? document[raw + 1] : 0;
            raw += e == 'u' ? 6 : 2;
            decoded += e == 'u' ? 2 : 1; // an approximation for non-ASCII escapes
        } else {
            ++raw;
            ++decoded;
        }
    }
    return raw;
}

} // namespace interleave::json
