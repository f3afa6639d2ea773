// libFuzzer target: a workload document, as a user may write one. Compiling must end in a
// program or a message, never a crash or a hang; a program that compiles must compile again
// the same from the text a worker process receives (the round trip through a program frame),
// and its cost must be estimated before a run without a crash or a negative figure.

#include "compiler.h"
#include "estimate.h"
#include "protocol.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace interleave;

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const lang::Compiled first = lang::compile(text, "fuzz.json");
    check((first.program == nullptr) != first.error.empty());
    if (!first.program)
        return 0;
    wire::ProgramMessage message;
    message.source = first.program->source;
    message.origin = first.program->origin;
    const auto received = wire::decodeProgram(wire::encodeProgram(message));
    check(received && received->source == message.source);
    const lang::Compiled second = lang::compile(received->source, received->origin);
    check(second.program != nullptr);
    const lang::Program &a = *first.program;
    const lang::Program &b = *second.program;
    check(a.functions.size() == b.functions.size() && a.globals == b.globals &&
          a.calls.size() == b.calls.size() && a.locks == b.locks && a.queues == b.queues &&
          a.lockNames == b.lockNames);
    const lang::Cost cost = lang::estimate(a).total();
    check(cost.waitSeconds >= 0 && cost.recorded >= 0 && cost.printedBytes >= 0 &&
          cost.computed >= 0);
    return 0;
}
