#pragma once

// The Python subset inside a workload's strings: expressions, one-line statements
// ("print('Square: ', n*n)", "counter += 1", "global result"), for-headers ("n in numbers"),
// function signatures ("calc_square(numbers)") and f-string bodies. Produces unresolved
// trees (names as written); compiler.cpp resolves them.

#include "program.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::lang {

// A mistake in the workload, at a document offset, with what was expected there.
struct CompileError
{
    std::size_t offset = 0;
    std::string message;
};

// Maps an offset in the parsed text to an offset in the document, for messages.
using OffsetMap = std::function<std::size_t(std::size_t)>;

Expr parseExpression(std::string_view text, const OffsetMap &map);
Stmt parseStatement(std::string_view text, const OffsetMap &map);
// The text of an f-string between its quotes, as in "says" messages.
Expr parseTemplate(std::string_view text, const OffsetMap &map);

struct ForHeader
{
    Target target;
    Expr iterable;
};
ForHeader parseForHeader(std::string_view text, const OffsetMap &map);

struct Signature
{
    std::string name;
    std::vector<std::string> params;
};
Signature parseSignature(std::string_view text, const OffsetMap &map);

bool isIdentifier(std::string_view text);

} // namespace interleave::lang
