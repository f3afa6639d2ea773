#pragma once

// What a run of a program costs at least, found from its text before it runs: the waits, the
// prints and computations it records, the bytes it prints. Every quantity the text fixes
// (constants, the arguments of the calls, ranges, lists) is followed through loops, branches
// and calls; whatever it does not fix (a loop over a list built at run time, a branch on the
// clock) counts as nothing, so the estimate never exceeds what the run will do. A run whose
// estimate is past the run's budget (langlimits.h) can be refused before it starts.

#include "program.h"

#include <cstddef>
#include <vector>

namespace interleave::lang {

struct Cost
{
    double waitSeconds = 0;  // time.sleep
    double recorded = 0;     // prints, waits and computations, each a span or writes
    double printedBytes = 0; // what print() produces
    double computed = 0;     // numbers compute() tests

    Cost &operator+=(const Cost &other);
    Cost times(double count) const;
};

// The calls one entry of "calls" makes that cost at least `each`.
struct CallGroup
{
    double count = 0;
    Cost each;
    double delaySeconds = 0; // the caller's sleep before each of them
};

struct Estimate
{
    Cost main; // the module's code: globals' values and "after"
    std::vector<CallGroup> calls;

    double callCount() const;
    // Everything, with one recorded span per call.
    Cost total() const;
    // The least wall time the run spends waiting when `lanes` calls run at once (1: one after
    // another; 0: each on a thread of its own).
    double waitWall(int lanes) const;
};

Estimate estimate(const Program &program);

} // namespace interleave::lang
