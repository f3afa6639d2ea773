#pragma once

#include "runresult.h"

#include <QJsonObject>

#include <functional>

namespace interleave {

class JsonWriter;

// The whole run as one JSON object: what `interleave run --json` prints. Times in milliseconds
// since the run started. Written as it is made; `more` adds members at the end.
void writeRunJson(const RunResult &result, JsonWriter &json,
                  const std::function<void(JsonWriter &)> &more = {});
// The same as a value, for small runs and tests.
QJsonObject runToJson(const RunResult &result);

} // namespace interleave
