#include "lsp/transport.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>

namespace vigil::lsp {
namespace {

constexpr std::string_view kHeaderEnd = "\r\n\r\n";
constexpr std::string_view kLengthName = "content-length";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The Content-Length of a header block, or a reason it has none.
std::variant<uint64_t, std::string> ReadContentLength(std::string_view header) {
  std::optional<uint64_t> length;
  size_t begin = 0;
  while (begin < header.size()) {
    size_t end = header.find("\r\n", begin);
    if (end == std::string_view::npos) end = header.size();
    std::string_view line = header.substr(begin, end - begin);
    begin = end + 2;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::string("a header line without ':'");
    if (!EqualsIgnoringCase(Trim(line.substr(0, colon)), kLengthName)) continue;  // Content-Type, ...
    std::string_view value = Trim(line.substr(colon + 1));
    if (value.empty() || value.size() > 19 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::string("Content-Length is not a number");
    }
    uint64_t parsed = 0;
    for (char c : value) parsed = parsed * 10 + static_cast<uint64_t>(c - '0');
    if (length && *length != parsed) return std::string("two different Content-Length headers");
    length = parsed;
  }
  if (!length) return std::string("no Content-Length header");
  return *length;
}

}  // namespace

void FrameDecoder::Feed(std::string_view bytes) {
  if (discard_ > 0) {
    size_t skipped = static_cast<size_t>(std::min<uint64_t>(discard_, bytes.size()));
    discard_ -= skipped;
    bytes.remove_prefix(skipped);
  }
  Compact();
  buffer_.append(bytes);
}

void FrameDecoder::Compact() {
  // Consumed bytes are dropped in bulk, not per message, so a stream of small
  // messages costs linear time.
  if (start_ > 0 && (start_ == buffer_.size() || start_ >= buffer_.size() / 2)) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
}

void FrameDecoder::Resync(size_t from) {
  // The next "Content-Length" (any case) is taken as the start of the next
  // message: bodies are not followed by a line break, so it may be anywhere.
  std::string_view rest = std::string_view(buffer_).substr(from);
  for (size_t at = 0; at < rest.size(); ++at) {
    if (rest.size() - at >= kLengthName.size() &&
        EqualsIgnoringCase(rest.substr(at, kLengthName.size()), kLengthName)) {
      start_ = from + at;
      return;
    }
  }
  // Nothing like a header yet: keep a tail that may be the start of one.
  start_ = buffer_.size() - std::min(buffer_.size() - from, kLengthName.size());
  start_ = std::max(start_, from);
}

std::optional<FrameEvent> FrameDecoder::Broken(std::string message) {
  bool first = !broken_;
  broken_ = true;
  if (first) return FrameError{std::move(message)};
  return Next();  // one error per broken stretch of input
}

std::optional<FrameEvent> FrameDecoder::Next() {
  if (discard_ > 0) return std::nullopt;
  if (!body_size_) {
    std::string_view pending = std::string_view(buffer_).substr(start_);
    size_t end = pending.find(kHeaderEnd);
    if (end == std::string_view::npos) {
      if (pending.size() <= kMaxHeaderBytes) return std::nullopt;
      Resync(start_ + 1);
      return Broken("no end of header in " + std::to_string(kMaxHeaderBytes) + " bytes; input skipped");
    }
    if (end > kMaxHeaderBytes) {
      Resync(start_ + 1);
      return Broken("header longer than " + std::to_string(kMaxHeaderBytes) + " bytes; skipped");
    }
    auto length = ReadContentLength(pending.substr(0, end));
    size_t body_start = start_ + end + kHeaderEnd.size();
    if (const std::string* problem = std::get_if<std::string>(&length)) {
      // Junk before a good header makes a bad block too: look for the next
      // header from the byte after this one's start.
      Resync(start_ + 1);
      return Broken("unreadable message header (" + *problem + "); skipped");
    }
    broken_ = false;
    uint64_t size = std::get<uint64_t>(length);
    if (size > max_body_) {
      start_ = body_start;
      uint64_t held = buffer_.size() - start_;
      uint64_t skipped = std::min(held, size);
      start_ += static_cast<size_t>(skipped);
      discard_ = size - skipped;
      Compact();
      return FrameError{"message of " + std::to_string(size) + " bytes is over the limit of " +
                        std::to_string(max_body_) + " bytes; skipped"};
    }
    start_ = body_start;
    body_size_ = static_cast<size_t>(size);
  }
  if (buffer_.size() - start_ < *body_size_) return std::nullopt;
  std::string body = buffer_.substr(start_, *body_size_);
  start_ += *body_size_;
  body_size_.reset();
  Compact();
  return body;
}

std::string EncodeFrame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

bool FrameWriter::Write(std::string_view body) {
  std::string frame = EncodeFrame(body);
  std::lock_guard lock(mutex_);
  if (broken_) return false;
  std::string_view rest = frame;
  while (!rest.empty()) {
    ssize_t written = ::write(fd_, rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      broken_ = true;  // EPIPE: the client is gone
      return false;
    }
    rest.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

bool FrameWriter::broken() const {
  std::lock_guard lock(mutex_);
  return broken_;
}

}  // namespace vigil::lsp
