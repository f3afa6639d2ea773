#pragma once

#include <cstdint>
#include <optional>

namespace interleave {

inline bool isPrime(std::uint32_t n) noexcept
{
    if (n < 2)
        return false;
    if (n < 4)
        return true;
    if (n % 2 == 0)
        return false;
    for (std::uint32_t d = 3; d * d <= n; d += 2) {
        if (n % d == 0)
            return false;
    }
    return true;
}

// Counts the primes in [from, to) by trial division: a fixed amount of real work. Between
// numbers (each well under 100 us) it asks `keepGoing()`; when that says no, it stops and
// returns nothing.
template <typename KeepGoing>
std::optional<std::uint64_t> countPrimes(std::uint32_t from, std::uint32_t to,
                                         KeepGoing &&keepGoing)
{
    std::uint64_t count = 0;
    for (std::uint32_t n = from; n < to; ++n) {
        if (!keepGoing())
            return std::nullopt;
        count += isPrime(n) ? 1 : 0;
    }
    return count;
}

} // namespace interleave
