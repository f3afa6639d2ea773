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

// The document as nodes, read with the pull reader.
class Parser
{
public:
    explicit Parser(std::string_view doc) : m_reader(doc) {}

    Node document()
    {
        Node n = value();
        m_reader.expectEnd();
        return n;
    }

private:
    Node value()
    {
        Node n;
        const char c = m_reader.peek();
        n.offset = m_reader.offset();
        switch (c) {
        case '{':
            return object();
        case '[':
            n.type = Node::Type::Array;
            m_reader.beginArray();
            while (m_reader.nextItem())
                n.items.push_back(value());
            return n;
        case '"':
            return string();
        case 't':
        case 'f':
        case 'n': {
            const std::string_view word = m_reader.document().substr(n.offset, 5);
            if (word.substr(0, 4) == "null") {
                m_reader.null();
                return n;
            }
            if (word.substr(0, 4) == "true" || word == "false") {
                n.type = Node::Type::Bool;
                n.boolean = m_reader.boolean();
                return n;
            }
            m_reader.skip(); // fails, saying what was expected
            return n;
        }
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                n.type = Node::Type::Number;
                std::string_view written;
                n.number = m_reader.number(&written);
                n.text = std::string(written);
                return n;
            }
            m_reader.skip(); // fails, saying what was expected
            return n;
        }
    }

    Node string()
    {
        Node n;
        n.type = Node::Type::String;
        n.offset = m_reader.offset();
        n.rawOffset = n.offset + 1;
        n.text = std::string(m_reader.string(&m_scratch, &n.escaped));
        return n;
    }

    Node object()
    {
        Node n;
        n.type = Node::Type::Object;
        n.offset = m_reader.offset();
        m_reader.beginObject();
        std::unordered_set<std::string> seen; // a linear search per key would be quadratic
        std::string_view name;
        Node key;
        key.type = Node::Type::String;
        while (m_reader.nextMember(&name, &m_scratch, &key.offset, &key.escaped)) {
            key.rawOffset = key.offset + 1;
            key.text = std::string(name);
            if (!seen.insert(key.text).second)
                Reader::failAt(key.offset, "the field \"" + key.text + "\" appears twice");
            Node v = value();
            n.members.push_back({key, std::move(v)});
        }
        return n;
    }

    Reader m_reader;
    std::string m_scratch;
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
