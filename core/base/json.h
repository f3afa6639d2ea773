#pragma once

// A small JSON reader that remembers where every value is, so that a workload's errors can
// name the line and column of the offending text. Plain C++: the worker process reads
// workloads with it too.

#include "jsonreader.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interleave::json {

struct Member;

struct Node
{
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    Type type = Type::Null;
    std::size_t offset = 0; // byte offset of the value in the document
    bool boolean = false;
    double number = 0;
    std::string text;            // String: decoded; Number: as written
    std::size_t rawOffset = 0;   // String: first byte after the quote
    bool escaped = false;        // String: has escapes
    std::vector<Node> items;     // Array
    std::vector<Member> members; // Object: its members in order

    const Node *member(std::string_view key) const;
    const char *typeName() const;
};

struct Member
{
    Node key; // a String node
    Node value;
};

// Parses a whole document; throws ParseError.
Node parse(std::string_view document);

// Where a byte offset is, counting from 1: line and column (in characters).
struct Position
{
    int line = 1;
    int column = 1;
};
Position position(std::string_view document, std::size_t offset);

// The document offset of byte `index` of a String node's decoded text.
std::size_t offsetInString(std::string_view document, const Node &string, std::size_t index);

} // namespace interleave::json
