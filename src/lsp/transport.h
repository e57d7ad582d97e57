// Transport: LSP's base protocol, messages framed by a `Content-Length`
// header over a byte stream (stdin/stdout).
//
//   Content-Length: 52\r\n
//   \r\n
//   {"jsonrpc":"2.0","id":1,"method":"initialize",...}
//
// FrameDecoder turns bytes, fed in any chunks, into message bodies. It never
// fails as a whole: a header it cannot read, a missing or unreadable length
// and a body over the size limit each come out as one FrameError, and the
// decoder finds the next message (an oversized body is skipped as it streams
// in, never buffered). It takes bytes and does no I/O, so a fuzz harness can
// drive it directly. Not thread-safe: one reader owns it.
//
// FrameWriter writes framed messages to a file descriptor; Write may be called
// from several threads (the message loop answers requests while the scanner's
// worker publishes diagnostics).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace vigil::lsp {

struct FrameError {
  std::string message;  // what was wrong with the framing; never quotes the body
};

// A message body, or what went wrong instead of one.
using FrameEvent = std::variant<std::string, FrameError>;

class FrameDecoder {
 public:
  static constexpr size_t kMaxHeaderBytes = 8192;
  explicit FrameDecoder(uint64_t max_body_bytes = uint64_t{64} << 20) : max_body_(max_body_bytes) {}

  void Feed(std::string_view bytes);
  // The next body or framing error; nullopt until more bytes are fed.
  std::optional<FrameEvent> Next();
  // Bytes held that do not yet make a message (a partial header or body).
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  void Compact();
  // Drops bytes up to the next header that looks like a message's start.
  void Resync(size_t from);
  // The error for a stretch of input that is not a message, once per stretch.
  std::optional<FrameEvent> Broken(std::string message);

  uint64_t max_body_;
  std::string buffer_;
  size_t start_ = 0;               // first unconsumed byte of buffer_
  std::optional<size_t> body_size_;  // header read, body awaited
  uint64_t discard_ = 0;           // bytes of an oversized body still to skip
  bool broken_ = false;            // skipping input since the last good header
};

// "Content-Length: N\r\n\r\n" + body.
std::string EncodeFrame(std::string_view body);

class FrameWriter {
 public:
  explicit FrameWriter(int fd) : fd_(fd) {}
  // Writes one framed message whole; false once the peer is gone (EPIPE).
  bool Write(std::string_view body);
  bool broken() const;

 private:
  int fd_;
  mutable std::mutex mutex_;
  bool broken_ = false;
};

}  // namespace vigil::lsp
