#pragma once

// A run's specification in the JSON documents Interleave streams (run --json, Chrome trace
// exports): "options" as optionsToJson writes them and "declared" as declaredToJson does,
// written and read here for every such format.

#include "jsonreader.h"
#include "runspec.h"

#include <string_view>

namespace interleave {

class JsonWriter;

// Writes the members "options" and "declared" of `spec`.
void writeSpecMembers(JsonWriter &json, const RunSpec &spec);
// Reads the member `key` into `spec` if it is "options" or "declared"; false leaves it unread.
// Options that do not read back leave `spec`'s as they were.
bool readSpecMember(std::string_view key, json::Reader &reader, RunSpec *spec);

} // namespace interleave
