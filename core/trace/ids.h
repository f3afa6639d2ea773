#pragma once

#include <cstdint>
#include <functional>
#include <limits>

namespace interleave {

// An integer identifier that cannot be mixed up with another kind of identifier.
template <typename Tag, typename T = std::uint32_t> class StrongId
{
public:
    using value_type = T;
    static constexpr T kInvalid = std::numeric_limits<T>::max();

    constexpr StrongId() = default;
    constexpr explicit StrongId(T value) : m_value(value) {}

    constexpr T value() const { return m_value; }
    constexpr bool isValid() const { return m_value != kInvalid; }

    // Not <=>: moc (Qt 6.4) cannot parse <compare>, and these headers reach moc through
    // every widget that shows an id.
    constexpr bool operator==(const StrongId &) const = default;
    constexpr bool operator<(const StrongId &other) const { return m_value < other.m_value; }

private:
    T m_value = kInvalid;
};

using TrackId = StrongId<struct TrackTag>;
using TaskId = StrongId<struct TaskTag>;

// OS process and thread ids are distinct kinds too: a tid is not a pid.
using Pid = StrongId<struct PidTag, long long>; // long long: what qint64 and QJsonValue take
using Tid = StrongId<struct TidTag, long long>;

} // namespace interleave

template <typename Tag, typename T> struct std::hash<interleave::StrongId<Tag, T>>
{
    std::size_t operator()(interleave::StrongId<Tag, T> id) const noexcept
    {
        return std::hash<T>{}(id.value());
    }
};
