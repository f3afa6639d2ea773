#pragma once

// What the interpreter needs from the thread it runs on. Each mode implements it once: the
// engine's threads record spans and share globals and locks in memory; a worker process
// reports over its pipe and keeps its own memory. The interpreter itself never knows which.

#include "program.h"
#include "value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::lang {

// Thrown by a host when the run is being stopped; unwinds the program, releasing its locks.
struct Stopped
{};

class Host
{
public:
    virtual ~Host() = default;

    // Between statements and loop iterations, as CPython's eval loop checks its breaker: the
    // place to hand the GIL over when asked, or to stop (by throwing Stopped).
    virtual void checkpoint() = 0;
    // One print(): each argument's text, the separators and the end, as separate writes to
    // the process's stdout (CPython's print makes one file.write per piece).
    virtual void print(const std::vector<std::string> &pieces, bool flush) = 0;
    // time.sleep(): a real blocking wait.
    virtual void sleep(double seconds) = 0;
    // compute(): counts the primes in [from, to) by trial division, as real work.
    virtual std::uint64_t compute(std::uint32_t from, std::uint32_t to) = 0;

    virtual Value loadGlobal(int slot) = 0;
    virtual void storeGlobal(int slot, const Value &value) = 0;

    virtual void acquire(std::uint32_t lock) = 0;
    virtual void release(std::uint32_t lock) = 0;

    virtual void put(std::uint32_t queue, const Value &value) = 0;
    virtual std::optional<Value> get(std::uint32_t queue) = 0;
    virtual std::size_t queueSize(std::uint32_t queue) = 0;

    virtual std::string threadName() = 0;
    virtual std::int64_t threadId() = 0;
    virtual std::int64_t processId() = 0;
    // time.time() (wall clock) or time.perf_counter() (monotonic), in seconds.
    virtual double now(bool monotonic) = 0;

    // False when the run's budget (langlimits.h: total waiting, printing) is lifted.
    virtual bool limited() const { return true; }

    // Expectations only: facts about a finished run.
    virtual Value fact(Fact fact);
    virtual double took(const std::string &function);
};

} // namespace interleave::lang
