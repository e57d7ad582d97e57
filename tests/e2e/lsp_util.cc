#include "e2e/lsp_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "e2e/e2e_util.h"

namespace e2e {

LspProcess::LspProcess(const std::vector<std::string>& args, const std::string& working_dir) {
  ::signal(SIGPIPE, SIG_IGN);
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::string binary = VigilPath();
  std::vector<std::string> all = {binary, "lsp"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : all) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) ::_exit(126);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  in_ = in[1];
  out_ = out[0];
  err_ = err[0];
}

LspProcess::~LspProcess() {
  if (in_ >= 0) ::close(in_);
  if (!status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) ::close(out_);
  if (err_ >= 0) ::close(err_);
}

void LspProcess::SendRaw(std::string_view bytes) {
  while (!bytes.empty() && in_ >= 0) {
    ssize_t written = ::write(in_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return;  // the server is gone; the test's expectations say whether that is right
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
}

void LspProcess::Send(const nlohmann::json& message) {
  std::string body = message.dump();
  SendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

void LspProcess::Request(const nlohmann::json& id, const std::string& method, const nlohmann::json& params) {
  Send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
}

void LspProcess::Notify(const std::string& method, const nlohmann::json& params) {
  Send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

void LspProcess::CloseInput() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

bool LspProcess::Fill(std::chrono::steady_clock::time_point deadline) {
  // Reads what is there on stdout (and drains stderr so the child never blocks on it).
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
    int ready = ::poll(fds, err_ >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    char chunk[65536];
    if (err_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP)) != 0) {
      ssize_t got = ::read(err_, chunk, sizeof(chunk));
      if (got > 0) {
        stderr_.append(chunk, static_cast<size_t>(got));
        raw_.append(chunk, static_cast<size_t>(got));
      } else {
        ::close(err_);
        err_ = -1;
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP)) != 0) {
      ssize_t got = ::read(out_, chunk, sizeof(chunk));
      if (got <= 0) return false;  // the server closed its output
      buffer_.append(chunk, static_cast<size_t>(got));
      raw_.append(chunk, static_cast<size_t>(got));
      return true;
    }
  }
}

std::optional<nlohmann::json> LspProcess::Read(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      const std::string prefix = "Content-Length: ";
      if (buffer_.compare(0, prefix.size(), prefix) != 0) {
        ADD_FAILURE() << "the server wrote a header that is not Content-Length: " << buffer_.substr(0, 80);
        return std::nullopt;
      }
      size_t length = std::stoul(buffer_.substr(prefix.size(), header_end - prefix.size()));
      size_t body_start = header_end + 4;
      if (buffer_.size() >= body_start + length) {
        nlohmann::json message = nlohmann::json::parse(buffer_.substr(body_start, length), nullptr, false);
        buffer_.erase(0, body_start + length);
        if (message.is_discarded()) {
          ADD_FAILURE() << "the server wrote a body that is not JSON";
          return std::nullopt;
        }
        seen_.push_back(message);
        return message;
      }
    }
    if (!Fill(deadline)) return std::nullopt;
  }
}

std::optional<nlohmann::json> LspProcess::ReadUntil(const std::function<bool(const nlohmann::json&)>& match,
                                                    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::optional<nlohmann::json> message = Read(left);
    if (!message) return std::nullopt;
    if (match(*message)) return message;
  }
}

std::optional<nlohmann::json> LspProcess::Response(const nlohmann::json& id) {
  return ReadUntil([&](const nlohmann::json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
}

std::optional<nlohmann::json> LspProcess::Diagnostics(const std::string& uri, int64_t version) {
  auto message = ReadUntil([&](const nlohmann::json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
           m["params"].value("version", int64_t{-1}) == version;
  });
  if (!message) return std::nullopt;
  return (*message)["params"]["diagnostics"];
}

std::optional<int> LspProcess::Wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return status_;
    }
    // Keep the pipes drained so the child can finish writing.
    Fill(std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::string LspProcess::Stderr() {
  Fill(std::chrono::steady_clock::now() + std::chrono::milliseconds(1));
  return stderr_;
}

}  // namespace e2e
