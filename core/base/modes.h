#pragma once

// The ways a workload can run, as one table: every consumer (the compiler's names, the option
// parser, labels, the engine, the budget, the window's buttons, the time account) reads a
// mode's traits here instead of switching on it. Qt-free, so the worker and the compiler
// share it.

#include <array>
#include <cstdint>

namespace interleave {

enum class Mode : std::uint8_t
{
    Sequential,
    Threads,
    Pool,
    Processes
};

// How many of a run's calls can make progress at once, as the mode lays them out.
enum class Lanes : std::uint8_t
{
    One,     // everything on the main thread
    PerCall, // a thread per call
    Workers, // the worker count
};

struct ModeTraits
{
    Mode mode;
    const char *name;                   // in files and on the command line
    const char *help;                   // a run button's tooltip
    const char *workerOne, *workerMany; // what the run's workers are called: "pool thread(s)"
    const char *callRunsOn;             // where a call runs, for the hand-over sentence
    const char *cpythonFigure;          // what CPython pays for the same hand-over
    Lanes lanes;
    bool usesWorkers; // the worker count applies
    bool gilApplies;  // threads of one interpreter share the run: the GIL holds them back
    bool inWorkers;   // calls run in interleave-worker processes, each with its own memory
};

inline constexpr std::array<ModeTraits, 4> kModes{{
    {Mode::Sequential, "sequential", "Run every call one after another on the main thread",
     "thread", "threads", "", "", Lanes::One, false, false, false},
    {Mode::Threads, "threads", "Run each call on a thread of its own, like threading.Thread",
     "thread", "threads", "a thread of its own", "a thread start about 60 µs", Lanes::PerCall,
     false, true, false},
    {Mode::Pool, "pool",
     "Run the calls on a pool of worker threads taking them from one queue, like "
     "ThreadPoolExecutor(max_workers=N)",
     "pool thread", "pool threads", "a pool thread", "ThreadPoolExecutor about 35–45 µs a call",
     Lanes::Workers, true, true, false},
    {Mode::Processes, "processes",
     "Run the calls in worker processes, each with its own PID and memory, like multiprocessing",
     "process", "processes", "a worker process", "a fork about 1.8 ms, a spawn about 70 ms",
     Lanes::Workers, true, false, true},
}};

constexpr bool modesInOrder()
{
    for (std::size_t i = 0; i < kModes.size(); ++i)
        if (kModes[i].mode != Mode(i))
            return false;
    return true;
}
static_assert(modesInOrder(), "kModes is indexed by Mode");

constexpr const ModeTraits &traitsOf(Mode mode)
{
    return kModes[static_cast<std::size_t>(mode)];
}

} // namespace interleave
