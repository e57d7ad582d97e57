#include "lsp/server.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lsp/features.h"

namespace vigil::lsp {
namespace {

// window/logMessage and window/showMessage MessageType.
int MessageType(NoticeLevel level) {
  switch (level) {
    case NoticeLevel::kError:
      return 1;
    case NoticeLevel::kWarning:
      return 2;
    case NoticeLevel::kInfo:
      return 3;
    case NoticeLevel::kLog:
      return 4;
  }
  return 4;
}

std::string TextDocumentUri(const Json& params) { return StringField(Field(params, "textDocument"), "uri"); }

std::optional<std::string> ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

LanguageServer::LanguageServer(ServerOptions options, SendFn send)
    : options_(std::move(options)), send_(std::move(send)), decoder_(options_.max_message_bytes) {}

LanguageServer::~LanguageServer() { scanner_.reset(); }  // joins the worker before send_ goes

void LanguageServer::Receive(std::string_view bytes) {
  decoder_.Feed(bytes);
  while (!exit_requested_) {
    std::optional<FrameEvent> event = decoder_.Next();
    if (!event) break;
    if (const FrameError* error = std::get_if<FrameError>(&*event)) {
      Log(NoticeLevel::kError, "vigil: " + error->message, /*show=*/false);
      continue;
    }
    HandleBody(std::get<std::string>(*event));
  }
}

void LanguageServer::HandleBody(std::string_view body) {
  auto parsed = ParseMessage(body);
  if (const RpcError* error = std::get_if<RpcError>(&parsed)) {
    send_(ErrorBody(error->id, error->code, error->message));
    return;
  }
  const Message& message = std::get<Message>(parsed);
  switch (message.kind) {
    case Message::Kind::kRequest:
      HandleRequest(message);
      break;
    case Message::Kind::kNotification:
      HandleNotification(message);
      break;
    case Message::Kind::kResponse:
      HandleResponse(message);
      break;
  }
}

void LanguageServer::HandleRequest(const Message& message) {
  const std::string& method = message.method;
  if (!initialized_ && method != "initialize") {
    send_(ErrorBody(message.id, ErrorCode::kServerNotInitialized, "the server is not initialized yet"));
    return;
  }
  if (shutdown_) {
    send_(ErrorBody(message.id, ErrorCode::kInvalidRequest, "the server is shut down; only exit is accepted"));
    return;
  }
  try {
    if (method == "initialize") {
      if (initialized_) {
        send_(ErrorBody(message.id, ErrorCode::kInvalidRequest, "initialize was already received"));
        return;
      }
      send_(ResponseBody(message.id, Initialize(message.params)));
    } else if (method == "shutdown") {
      shutdown_ = true;
      scanner_.reset();  // no diagnostics after the answer
      send_(ResponseBody(message.id, nullptr));
    } else if (method == "textDocument/codeAction") {
      send_(ResponseBody(message.id, CodeAction(message.params)));
    } else if (method == "textDocument/hover") {
      send_(ResponseBody(message.id, Hover(message.params)));
    } else {
      send_(ErrorBody(message.id, ErrorCode::kMethodNotFound, "method not supported: " + method));
    }
  } catch (const ParamsError& error) {
    send_(ErrorBody(message.id, ErrorCode::kInvalidParams, std::string("invalid params: ") + error.what()));
  } catch (const Json::exception& error) {
    // nlohmann's texts name types and keys, never values.
    send_(ErrorBody(message.id, ErrorCode::kInvalidParams, std::string("invalid params: ") + error.what()));
  }
}

void LanguageServer::HandleNotification(const Message& message) {
  const std::string& method = message.method;
  if (method == "exit") {
    exit_requested_ = true;
    return;
  }
  if (!initialized_ || shutdown_) return;  // notifications then are dropped (LSP 3.17)
  try {
    if (method == "initialized") {
      Initialized();
    } else if (method == "textDocument/didOpen") {
      DidOpen(message.params);
    } else if (method == "textDocument/didChange") {
      DidChange(message.params);
    } else if (method == "textDocument/didSave") {
      DidSave(message.params);
    } else if (method == "textDocument/didClose") {
      DidClose(message.params);
    } else if (method == "workspace/didChangeWatchedFiles") {
      DidChangeWatchedFiles(message.params);
    } else if (method == "workspace/didChangeConfiguration" || method.starts_with("$/")) {
      // Nothing to do: vigil's settings are its files and its command line.
    } else {
      Log(NoticeLevel::kLog, "vigil: notification not supported: " + method);
    }
  } catch (const ParamsError& error) {
    Log(NoticeLevel::kError, "vigil: " + method + ": invalid params: " + error.what());
  } catch (const Json::exception& error) {
    Log(NoticeLevel::kError, "vigil: " + method + ": invalid params: " + error.what());
  }
}

void LanguageServer::HandleResponse(const Message& message) {
  // Answers to client/registerCapability; a refusal only costs reloads on change.
  if (!message.error.is_null()) {
    Log(NoticeLevel::kLog, "vigil: the client refused a request (id " + Serialize(message.id) +
                               "); config and ignore files are reloaded when saved in the editor");
  }
}

Json LanguageServer::Initialize(const Json& params) {
  if (!params.is_object()) throw ParamsError("initialize needs an object of params");
  if (auto capabilities = params.find("capabilities"); capabilities != params.end()) {
    client_ = ClientCapabilitiesFromJson(*capabilities);
  }
  encoding_ = ChoosePositionEncoding(client_);

  std::string root = options_.default_root;
  auto root_of = [](const Json& uri) -> std::optional<std::string> {
    if (!uri.is_string()) return std::nullopt;
    return FileUriToPath(uri.get<std::string>());
  };
  if (auto folders = params.find("workspaceFolders"); folders != params.end() && folders->is_array() &&
                                                       !folders->empty() && folders->front().is_object()) {
    if (auto path = root_of(folders->front().value("uri", Json()))) root = *path;
  } else if (auto uri = params.find("rootUri"); uri != params.end() && root_of(*uri)) {
    root = *root_of(*uri);
  } else if (auto path = params.find("rootPath"); path != params.end() && path->is_string()) {
    root = path->get<std::string>();
  }

  DocumentScannerOptions scanner_options = options_.scanner;
  scanner_options.workspace.root = root;
  scanner_ = std::make_unique<DocumentScanner>(
      std::move(scanner_options), [this](const DocumentReport& report) { Publish(report); },
      // The scanner's errors (a broken config) need the person: they are shown.
      [this](NoticeLevel level, const std::string& message) { Log(level, message, level == NoticeLevel::kError); });
  scanner_->Start();
  initialized_ = true;

  Json capabilities{
      {"positionEncoding", std::string(EncodingName(encoding_))},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
  };
  capabilities["codeActionProvider"] =
      client_.code_action_literals ? Json{{"codeActionKinds", Json::array({"quickfix"})}} : Json(true);
  return Json{{"capabilities", capabilities}, {"serverInfo", {{"name", "vigil"}, {"version", VIGIL_VERSION}}}};
}

void LanguageServer::Initialized() {
  if (!client_.watched_files_registration) return;
  Json watchers = Json::array();
  for (const char* pattern : {"**/.vigil.toml", "**/.vigilignore", "**/.gitleaksignore", "**/.gitignore",
                              "**/.vigil-baseline"}) {
    watchers.push_back(Json{{"globPattern", pattern}});
  }
  for (const std::string& file : {options_.scanner.workspace.config_path, options_.scanner.workspace.baseline_path}) {
    if (!file.empty()) {
      watchers.push_back(Json{{"globPattern", "**/" + std::filesystem::path(file).filename().string()}});
    }
  }
  Json registration{{"id", "vigil-watched-files"},
                    {"method", "workspace/didChangeWatchedFiles"},
                    {"registerOptions", {{"watchers", watchers}}}};
  send_(RequestBody("vigil-" + std::to_string(next_request_id_++), "client/registerCapability",
                    Json{{"registrations", Json::array({registration})}}));
}

void LanguageServer::DidOpen(const Json& params) {
  const Json& document = Field(params, "textDocument");
  std::string uri = StringField(document, "uri");
  std::string language = document.contains("languageId") ? StringField(document, "languageId") : "";
  int64_t version = document.contains("version") ? IntegerField(document, "version") : 0;
  scanner_->Open(uri, FileUriToPath(uri).value_or(""), std::move(language), version, StringField(document, "text"));
}

void LanguageServer::DidChange(const Json& params) {
  const Json& document = Field(params, "textDocument");
  std::string uri = StringField(document, "uri");
  int64_t version = IntegerField(document, "version");
  std::vector<TextChange> changes = ContentChangesFromJson(Field(params, "contentChanges"));
  if (!scanner_->Change(uri, version, changes, encoding_)) {
    Log(NoticeLevel::kWarning, "vigil: didChange for a document that is not open: " + uri);
  }
}

void LanguageServer::DidSave(const Json& params) { scanner_->Save(TextDocumentUri(params)); }

void LanguageServer::DidClose(const Json& params) { scanner_->Close(TextDocumentUri(params)); }

void LanguageServer::DidChangeWatchedFiles(const Json& params) {
  const Json& changes = Field(params, "changes");
  if (!changes.is_array()) throw ParamsError("\"changes\" must be an array");
  for (const Json& change : changes) {
    if (auto path = FileUriToPath(StringField(change, "uri"))) scanner_->FileChanged(*path);
  }
}

IgnoreFileState LanguageServer::IgnoreFile() const {
  IgnoreFileState state;
  std::shared_ptr<const Workspace> workspace = scanner_->workspace();
  std::string root = workspace ? workspace->root() : options_.default_root;
  std::string path = (std::filesystem::path(root) / ".vigilignore").string();
  state.uri = PathToFileUri(path);
  if (std::optional<DocumentState> open = scanner_->Get(state.uri)) {
    state.text = *open->text;
    state.open_version = open->version;
  } else {
    state.text = ReadFileText(path);
  }
  return state;
}

Json LanguageServer::CodeAction(const Json& params) {
  std::string uri = TextDocumentUri(params);
  Range range = RangeFromJson(Field(params, "range"));
  std::optional<DocumentState> document = scanner_->Get(uri);
  if (!document) return Json::array();
  ActionContext context;
  context.encoding = encoding_;
  context.client = client_;
  context.ignore_file = IgnoreFile();
  return CodeActionsFor(*document, range, context);
}

Json LanguageServer::Hover(const Json& params) {
  std::string uri = TextDocumentUri(params);
  Position position = PositionFromJson(Field(params, "position"));
  std::optional<DocumentState> document = scanner_->Get(uri);
  if (!document) return nullptr;
  return HoverFor(*document, position, encoding_, client_.hover_markdown);
}

void LanguageServer::Publish(const DocumentReport& report) {
  Json diagnostics = Json::array();
  for (const Diagnostic& diagnostic : DiagnosticsFor(report, encoding_)) diagnostics.push_back(ToJson(diagnostic));
  Json params{{"uri", report.uri}, {"diagnostics", diagnostics}};
  if (!report.closed) params["version"] = report.version;
  send_(NotificationBody("textDocument/publishDiagnostics", params));
  // Nothing is passed over silently (a gitignored file is the person's choice).
  if (!report.skipped.empty() && report.skipped != "gitignored") {
    Log(NoticeLevel::kInfo, "vigil: " + report.uri + " is not scanned (" + report.skipped + ")");
  }
}

void LanguageServer::Log(NoticeLevel level, const std::string& message, bool show) {
  Json params{{"type", MessageType(level)}, {"message", message}};
  send_(NotificationBody(show ? "window/showMessage" : "window/logMessage", params));
}

int RunLanguageServer(int in_fd, int out_fd, ServerOptions options) {
  // A client that goes away makes writes fail with EPIPE instead of killing us.
  std::signal(SIGPIPE, SIG_IGN);
  FrameWriter writer(out_fd);
  LanguageServer server(std::move(options), [&writer](const std::string& body) { writer.Write(body); });
  std::string buffer(1 << 16, '\0');
  while (!server.exit_requested()) {
    ssize_t got = ::read(in_fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // the client closed our input (or it failed): stop
    server.Receive(std::string_view(buffer.data(), static_cast<size_t>(got)));
    if (writer.broken()) break;
  }
  return server.exit_code();
}

}  // namespace vigil::lsp
