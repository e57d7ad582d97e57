#include "source/stdin_source.h"

#include <iterator>

#include "source/tree_source.h"
#include "util/text.h"

namespace vigil {

Status StdinSource::Produce(WorkSink& work, SkipSink& /*skips*/) {
  content_.assign(std::istreambuf_iterator<char>(in_), std::istreambuf_iterator<char>());
  if (in_.bad()) return Error{"cannot read standard input", "-"};
  WorkItem item;
  item.provenance.kind = Provenance::Kind::kStdin;
  item.provenance.path = path_hint_.empty() ? "-" : EscapeInvalidUtf8(path_hint_);
  item.size = content_.size();
  work.Emit(std::move(item));
  return Status::Ok();
}

LoadResult StdinSource::Load(WorkItem item, WorkerState* /*state*/) const {
  return CheckContent(content_, std::move(item.provenance), max_file_size_);
}

}  // namespace vigil
