// ScanStats: what a scan looked at and what it passed over. Every skipped
// input is counted under a reason; nothing is dropped silently.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vigil {

struct Warning {
  std::string path;     // file or object the warning is about
  std::string message;  // why
};

struct ScanStats {
  uint64_t files_scanned = 0;
  uint64_t bytes_scanned = 0;
  std::map<std::string, uint64_t> skipped;  // reason -> count ("binary", "too large", ...)
  std::map<std::string, uint64_t> suppressed;  // filter name -> findings it dropped
  std::vector<std::string> suppressed_details;  // "path:line rule (filter)", for --verbose
  uint64_t findings = 0;
  double seconds = 0.0;
  std::vector<Warning> warnings;

  uint64_t skipped_total() const {
    uint64_t total = 0;
    for (const auto& [reason, count] : skipped) total += count;
    return total;
  }
};

}  // namespace vigil
