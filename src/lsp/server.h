// LanguageServer: `vigil lsp`'s dispatch. It maps each LSP method to a call on
// the DocumentScanner (documents in, reports out) or to a feature (features.h),
// and turns reports into textDocument/publishDiagnostics.
//
// Receive() takes raw bytes from the client, in any chunks: framing, JSON-RPC
// parsing and dispatch all start there, so a fuzz harness can drive the whole
// server with bytes. Whatever arrives, the server answers with a JSON-RPC
// error or a log message and goes on: malformed JSON (ParseError), unknown
// methods (MethodNotFound), requests before `initialize`
// (ServerNotInitialized), oversized or unframed input (window/logMessage),
// parameters of the wrong shape (InvalidParams).
//
// Thread rules: Receive is called from one thread (the message loop). Output
// goes through `send`, which the scanner's worker calls too, so it must be
// thread-safe (FrameWriter is).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lsp/document_scanner.h"
#include "lsp/features.h"
#include "lsp/protocol.h"
#include "lsp/transport.h"

namespace vigil::lsp {

struct ServerOptions {
  // Options of every workspace; the root comes from `initialize`
  // (rootUri or the first workspace folder), else `default_root`.
  DocumentScannerOptions scanner;
  std::string default_root;
  uint64_t max_message_bytes = uint64_t{64} << 20;
};

class LanguageServer {
 public:
  // `send` writes one message body (framing is its job).
  using SendFn = std::function<void(const std::string& body)>;

  LanguageServer(ServerOptions options, SendFn send);
  ~LanguageServer();

  // Feeds bytes from the client and handles every complete message.
  void Receive(std::string_view bytes);
  // Handles one message body.
  void HandleBody(std::string_view body);

  // The client sent `exit`: stop reading.
  bool exit_requested() const { return exit_requested_; }
  // 0 when `shutdown` came before `exit` (or before the input closed), else 1 (LSP 3.17).
  int exit_code() const { return shutdown_ ? 0 : 1; }

  // The scanner, once `initialize` created it (tests, the bench).
  DocumentScanner* scanner() { return scanner_.get(); }

 private:
  void HandleRequest(const Message& message);
  void HandleNotification(const Message& message);
  void HandleResponse(const Message& message);

  Json Initialize(const Json& params);
  void Initialized();
  void DidOpen(const Json& params);
  void DidChange(const Json& params);
  void DidSave(const Json& params);
  void DidClose(const Json& params);
  void DidChangeWatchedFiles(const Json& params);
  Json CodeAction(const Json& params);
  Json Hover(const Json& params);

  void Publish(const DocumentReport& report);
  // window/showMessage when `show`, else window/logMessage.
  void Log(NoticeLevel level, const std::string& message, bool show = false);
  IgnoreFileState IgnoreFile() const;

  ServerOptions options_;
  SendFn send_;
  FrameDecoder decoder_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  ClientCapabilities client_;
  std::atomic<PositionEncoding> encoding_{PositionEncoding::kUtf16};
  int next_request_id_ = 1;
  std::unique_ptr<DocumentScanner> scanner_;
};

// Serves the protocol on `in_fd`/`out_fd` until `exit` or the end of input;
// returns the process exit status.
int RunLanguageServer(int in_fd, int out_fd, ServerOptions options);

}  // namespace vigil::lsp
