#pragma once

#include <QString>

#include <array>
#include <optional>

namespace interleave {

// Enumerations named by a table indexed by their value, as used in files and on the command
// line.
template <typename E, std::size_t N>
QString enumName(const std::array<const char *, N> &names, E value)
{
    return QString::fromLatin1(names.at(static_cast<std::size_t>(value)));
}

template <typename E, std::size_t N>
std::optional<E> enumFromName(const std::array<const char *, N> &names, const QString &name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return static_cast<E>(i);
    }
    return std::nullopt;
}

} // namespace interleave
