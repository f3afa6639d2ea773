#pragma once

// Reads a workload document (JSON) into a Program, checking everything that can be checked
// before a run: syntax, names, arities, where objects are created, limits. Plain C++, so that
// the parent and its worker processes compile the same text the same way.

#include "langlimits.h"
#include "program.h"

#include <memory>
#include <string>
#include <string_view>

namespace interleave::lang {

struct Compiled
{
    std::shared_ptr<const Program> program;
    std::string error; // "file:line:column: what was expected"; empty on success
};

Compiled compile(std::string_view document, std::string origin);

} // namespace interleave::lang
