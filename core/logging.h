#pragma once

#include <QLoggingCategory>

namespace interleave {
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
Q_DECLARE_LOGGING_CATEGORY(lcWorkload)
} // namespace interleave
