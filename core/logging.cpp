#include "logging.h"

namespace interleave {
Q_LOGGING_CATEGORY(lcEngine, "interleave.engine", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWorkload, "interleave.workload", QtWarningMsg)
} // namespace interleave
