#include "program.h"

#include "json.h"

namespace interleave::lang {

const char *factName(Fact fact)
{
    static const char *const names[] = {"mode", "gil",     "switch_interval", "workers", "cores",
                                        "wall", "speedup", "output",          "results"};
    return names[static_cast<int>(fact)];
}

int Program::functionIndex(std::string_view wanted) const
{
    for (std::size_t i = 0; i < functions.size(); ++i)
        if (functions[i].name == wanted)
            return int(i);
    return -1;
}

int Program::globalSlot(std::string_view wanted) const
{
    for (std::size_t i = 0; i < globals.size(); ++i)
        if (globals[i] == wanted)
            return int(i);
    return -1;
}

std::string Program::where(std::size_t offset) const
{
    const json::Position p = json::position(source, offset);
    return origin + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

} // namespace interleave::lang
