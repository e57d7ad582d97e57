// StdinSource: one blob read from standard input (`vigil scan -`), named by
// the path hint in reports and for `path` rules (an editor passes the file's
// name with --path-hint).
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "source/source.h"

namespace vigil {

class StdinSource : public Source {
 public:
  StdinSource(std::istream& in, std::string path_hint, uint64_t max_file_size)
      : in_(in), path_hint_(std::move(path_hint)), max_file_size_(max_file_size) {}

  Status Produce(WorkSink& work, SkipSink& skips) override;
  LoadResult Load(WorkItem item, WorkerState* state) const override;

 private:
  std::istream& in_;
  std::string path_hint_;
  uint64_t max_file_size_;
  std::string content_;  // read in Produce, before any Load
};

}  // namespace vigil
