// A language-server client for end-to-end tests: runs `vigil lsp` as a child
// with pipes, writes framed JSON-RPC by hand and reads the server's messages
// with a deadline. The framing is parsed here independently of src/lsp, so a
// bug there cannot hide itself.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

class LspProcess {
 public:
  // Starts `vigil lsp args...` in `working_dir`.
  LspProcess(const std::vector<std::string>& args, const std::string& working_dir);
  ~LspProcess();  // kills the child if it still runs
  LspProcess(const LspProcess&) = delete;
  LspProcess& operator=(const LspProcess&) = delete;

  void SendRaw(std::string_view bytes);
  void Send(const nlohmann::json& message);
  void Request(const nlohmann::json& id, const std::string& method, const nlohmann::json& params);
  void Notify(const std::string& method, const nlohmann::json& params);
  void CloseInput();

  // The next message, or nullopt when none came in time or the output ended.
  std::optional<nlohmann::json> Read(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Reads until a message satisfies `match`; earlier ones are kept in seen().
  std::optional<nlohmann::json> ReadUntil(const std::function<bool(const nlohmann::json&)>& match,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::optional<nlohmann::json> Response(const nlohmann::json& id);
  // The diagnostics of `uri` published for `version`.
  std::optional<nlohmann::json> Diagnostics(const std::string& uri, int64_t version);

  // Waits for the child to exit; its exit status, or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  const std::vector<nlohmann::json>& seen() const { return seen_; }
  // Every byte the server wrote, on stdout and stderr.
  const std::string& raw_output() const { return raw_; }
  std::string Stderr();

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline);

  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string buffer_;
  std::string raw_;
  std::string stderr_;
  std::vector<nlohmann::json> seen_;
  std::optional<int> status_;
};

}  // namespace e2e
