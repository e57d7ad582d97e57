#include "lsp/text_edit.h"

namespace vigil::lsp {
namespace {

std::string Describe(Position position) {
  return std::to_string(position.line) + ":" + std::to_string(position.character);
}

}  // namespace

std::string ApplyChange(std::string_view text, const TextChange& change, PositionEncoding encoding,
                        ChangeNote* note) {
  ChangeNote local;
  ChangeNote& result = note != nullptr ? *note : local;
  result = ChangeNote{};
  if (!change.range) return change.text;
  const Range& range = *change.range;
  if (range.end < range.start) {
    result.rejected = true;
    result.message = "change ignored: its range ends (" + Describe(range.end) + ") before it starts (" +
                     Describe(range.start) + ")";
    return std::string(text);
  }
  LineTable lines(text);
  bool start_clamped = false;
  bool end_clamped = false;
  size_t begin = lines.ClampedOffsetOf(range.start, encoding, &start_clamped);
  size_t end = lines.ClampedOffsetOf(range.end, encoding, &end_clamped);
  if (start_clamped || end_clamped) {
    result.clamped = true;
    result.message = "change range " + Describe(range.start) + "-" + Describe(range.end) +
                     " is past the end of the document (" + std::to_string(lines.line_count()) +
                     " lines); applied at its end";
  }
  std::string out;
  out.reserve(text.size() - (end - begin) + change.text.size());
  out.append(text.substr(0, begin));
  out.append(change.text);
  out.append(text.substr(end));
  return out;
}

}  // namespace vigil::lsp
