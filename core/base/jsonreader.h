#pragma once

// A pull reader of JSON over a document in memory: the caller walks objects and arrays and
// asks for each value as what it expects, so a large document (a trace of hundreds of
// megabytes) is read in one pass without building it, and a text without escapes is a view of
// the document, not a copy. The DOM reader (json.h) is built on it. Plain C++.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace interleave::json {

struct ParseError
{
    std::size_t offset = 0;
    std::string message;
};

class Reader
{
public:
    static constexpr int kMaxDepth = 64;

    explicit Reader(std::string_view document) : m_doc(document) {}

    std::string_view document() const { return m_doc; }
    // Lenient, a lone \u surrogate (which Python's json writes for undecodable bytes) reads as
    // U+FFFD instead of failing.
    void setLenient(bool lenient) { m_lenient = lenient; }
    std::size_t offset() const { return m_pos; }

    // The first character of what comes next, after white space; 0 at the end.
    char peek();
    // Fails unless only white space is left.
    void expectEnd();

    // An object: beginObject(), then nextMember() until it returns false (at the closing '}').
    void beginObject();
    // Reads the next member's name and the ':' after it; the caller then reads its value.
    // `key` is decoded into `scratch` when it has escapes.
    bool nextMember(std::string_view *key, std::string *scratch, std::size_t *keyOffset = nullptr,
                    bool *escaped = nullptr);
    // An array: beginArray(), then nextItem() before each value until it returns false.
    void beginArray();
    bool nextItem();

    std::string_view string(std::string *scratch, bool *escaped = nullptr);
    double number(std::string_view *written = nullptr);
    bool boolean();
    void null();
    // Any value, checked and passed over.
    void skip();

    [[noreturn]] void fail(std::string message) const { failAt(m_pos, std::move(message)); }
    [[noreturn]] static void failAt(std::size_t offset, std::string message)
    {
        throw ParseError{offset, std::move(message)};
    }

private:
    void skipSpace();
    void open(char bracket);
    bool separator(char close, const char *what);
    bool literal(std::string_view word);
    void escape(std::string &out);
    unsigned hex4();
    std::size_t digits();

    std::string_view m_doc;
    std::size_t m_pos = 0;
    int m_depth = 0;
    bool m_lenient = false;
    std::uint64_t m_first = 0; // bit d - 1: the container at depth d has had no member yet
};

} // namespace interleave::json
