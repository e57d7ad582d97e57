// The server's dispatch, in process: what each method answers, the position
// encoding negotiated, diagnostics, code actions and hover, and the answers
// to requests that come at the wrong time or in the wrong shape.
#include "lsp/server.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "lsp/protocol.h"
#include "unit/lsp_fixtures.h"
#include "util/git_library.h"

namespace vigil::lsp {
namespace {

using testing::DemoToken;
using testing::Folder;

const std::string kEmoji = "\xf0\x9f\x98\x80";
const std::string kCjk = "\xe4\xb8\xad\xe6\x96\x87";  // two CJK characters

class LspServerTest : public ::testing::Test {
 protected:
  LspServerTest() {
    ServerOptions options;
    options.default_root = folder_.str();
    options.max_message_bytes = 1 << 20;
    options.scanner.workspace.load_rules = testing::TestRulesLoader();
    options.scanner.debounce = std::chrono::milliseconds(0);
    server_ = std::make_unique<LanguageServer>(options, [this](const std::string& body) {
      std::lock_guard lock(mutex_);
      sent_.push_back(Json::parse(body));
      changed_.notify_all();
    });
  }

  void Send(const Json& message) { server_->Receive(EncodeFrame(message.dump())); }
  void Request(int id, const std::string& method, const Json& params) {
    Send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  }
  void Notify(const std::string& method, const Json& params) {
    Send(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }

  // The first message sent that `match` accepts, waiting up to 10 s.
  Json WaitFor(const std::function<bool(const Json&)>& match) {
    std::unique_lock lock(mutex_);
    Json found;
    changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      for (const Json& message : sent_) {
        if (match(message)) {
          found = message;
          return true;
        }
      }
      return false;
    });
    EXPECT_FALSE(found.is_null()) << "no such message was sent";
    return found;
  }
  Json Response(int id) {
    return WaitFor([&](const Json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  Json Diagnostics(const std::string& uri, int64_t version) {
    return WaitFor([&](const Json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
             m["params"].value("version", int64_t{-1}) == version;
    })["params"]["diagnostics"];
  }

  Json Initialize(const Json& capabilities = Json::object()) {
    Request(1, "initialize", {{"rootUri", PathToFileUri(folder_.str())}, {"capabilities", capabilities}});
    Json response = Response(1);
    Notify("initialized", Json::object());
    return response;
  }
  std::string Open(const std::string& relative, const std::string& language, const std::string& text) {
    std::string uri = PathToFileUri(folder_.Sub(relative));
    Notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", 1}, {"text", text}}}});
    return uri;
  }

  GitLibrary git_;
  Folder folder_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Json> sent_;
  std::unique_ptr<LanguageServer> server_;
};

TEST_F(LspServerTest, InitializeAnswersCapabilitiesAndUtf16ByDefault) {
  Json result = Initialize()["result"];
  EXPECT_EQ(result["capabilities"]["positionEncoding"], "utf-16");
  EXPECT_EQ(result["capabilities"]["textDocumentSync"]["change"], 2);  // incremental
  EXPECT_EQ(result["capabilities"]["textDocumentSync"]["openClose"], true);
  EXPECT_EQ(result["capabilities"]["hoverProvider"], true);
  EXPECT_EQ(result["serverInfo"]["name"], "vigil");
}

TEST_F(LspServerTest, Utf8IsChosenWhenTheClientOffersIt) {
  Json result = Initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}})["result"];
  EXPECT_EQ(result["capabilities"]["positionEncoding"], "utf-8");
}

TEST_F(LspServerTest, DiagnosticsSitOnTheSecretInUtf16UnitsAfterEmojiAndCjk) {
  Initialize();
  std::string token = DemoToken(11);
  std::string uri = Open("app.py", "python", "# config\n" + kEmoji + kCjk + " = '" + token + "'\n");
  Json diagnostics = Diagnostics(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u);
  const Json& diagnostic = diagnostics[0];
  // 😀 is two UTF-16 units, each CJK character one: the token starts at 2 + 2 + 4.
  EXPECT_EQ(diagnostic["range"]["start"], (Json{{"line", 1}, {"character", 8}}));
  EXPECT_EQ(diagnostic["range"]["end"], (Json{{"line", 1}, {"character", 8 + 36}}));
  EXPECT_EQ(diagnostic["severity"], 1);  // high
  EXPECT_EQ(diagnostic["code"], "demo-token");
  EXPECT_EQ(diagnostic["source"], "vigil");
  EXPECT_NE(diagnostic["codeDescription"]["href"].get<std::string>().find(".vigil.toml"), std::string::npos);
  EXPECT_EQ(diagnostic["message"], "Demo service token: dmo_*****");
}

TEST_F(LspServerTest, DiagnosticsCountUtf8BytesWhenNegotiated) {
  Initialize({{"general", {{"positionEncodings", {"utf-8"}}}}});
  std::string token = DemoToken(12);
  std::string uri = Open("app.py", "python", kEmoji + kCjk + " = '" + token + "'\n");
  Json diagnostics = Diagnostics(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0]["range"]["start"]["character"], 4 + 6 + 4);
}

TEST_F(LspServerTest, IncrementalEditsAreScannedAndTheSecretNeverLeavesTheServer) {
  Initialize();
  std::string uri = Open("main.go", "go", "package main\n\nvar key = \"\"\n");
  EXPECT_TRUE(Diagnostics(uri, 1).empty());
  std::string token = DemoToken(13);
  Notify("textDocument/didChange",
         {{"textDocument", {{"uri", uri}, {"version", 2}}},
          {"contentChanges", {{{"range", ToJson(Range{{2, 11}, {2, 11}})}, {"text", token}}}}});
  Json diagnostics = Diagnostics(uri, 2);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0]["range"]["start"], (Json{{"line", 2}, {"character", 11}}));
  Request(5, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 2}, {"character", 20}}}});
  Json hover = Response(5)["result"];
  std::string text = hover["contents"]["value"];
  EXPECT_NE(text.find("demo-token"), std::string::npos);
  EXPECT_NE(text.find("high"), std::string::npos);
  EXPECT_NE(text.find("Revoke it on the demo console"), std::string::npos);
  std::lock_guard lock(mutex_);
  for (const Json& message : sent_) EXPECT_EQ(message.dump().find(token), std::string::npos) << message.dump();
}

TEST_F(LspServerTest, HoverAwayFromAFindingIsNull) {
  Initialize();
  std::string uri = Open("a.py", "python", "x = 1\nt = '" + DemoToken(14) + "'\n");
  Diagnostics(uri, 1);
  Request(6, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 1}}}});
  EXPECT_TRUE(Response(6)["result"].is_null());
}

TEST_F(LspServerTest, CodeActionsAllowTheLineInTheLanguagesCommentAndIgnoreTheFingerprint) {
  Json capabilities;
  capabilities["workspace"]["workspaceEdit"] = {{"documentChanges", true}, {"resourceOperations", {"create"}}};
  capabilities["textDocument"]["codeAction"]["codeActionLiteralSupport"] = Json::object();
  Initialize(capabilities);
  std::string token = DemoToken(15);
  std::string uri = Open("web/app.ts", "typescript", "const key = \"" + token + "\";\r\nexport {};\n");
  Diagnostics(uri, 1);
  Request(7, "textDocument/codeAction",
          {{"textDocument", {{"uri", uri}}},
           {"range", ToJson(Range{{0, 14}, {0, 14}})},
           {"context", {{"diagnostics", Json::array()}}}});
  Json actions = Response(7)["result"];
  ASSERT_EQ(actions.size(), 2u) << actions.dump();

  const Json& allow = actions[0];
  EXPECT_EQ(allow["kind"], "quickfix");
  const Json& allow_edit = allow["edit"]["documentChanges"][0];
  EXPECT_EQ(allow_edit["textDocument"]["version"], 1);
  EXPECT_EQ(allow_edit["edits"][0]["newText"], " // vigil:allow");
  // At the end of the line, before its "\r\n".
  int end = static_cast<int>(std::string("const key = \"\";").size() + token.size());
  EXPECT_EQ(allow_edit["edits"][0]["range"]["start"], (Json{{"line", 0}, {"character", end}}));

  const Json& ignore = actions[1]["edit"]["documentChanges"];
  ASSERT_EQ(ignore.size(), 2u);
  EXPECT_EQ(ignore[0]["kind"], "create");
  EXPECT_EQ(ignore[0]["uri"], PathToFileUri(folder_.Sub(".vigilignore")));
  std::string entry = ignore[1]["edits"][0]["newText"];
  EXPECT_EQ(entry.substr(0, 32), actions[1]["diagnostics"][0]["data"]["fingerprint"]);
  EXPECT_NE(entry.find("demo-token in web/app.ts"), std::string::npos);
  EXPECT_EQ(entry.find(token), std::string::npos);
}

TEST_F(LspServerTest, IgnoringAppendsToAnExistingVigilignoreOnItsOwnLine) {
  folder_.Write(".vigilignore", "# reviewed\nabc");
  Initialize({{"workspace", {{"workspaceEdit", {{"documentChanges", true}}}}}});
  std::string uri = Open("a.py", "python", "t = '" + DemoToken(16) + "'\n");
  Diagnostics(uri, 1);
  Request(8, "textDocument/codeAction",
          {{"textDocument", {{"uri", uri}}}, {"range", ToJson(Range{{0, 0}, {0, 9}})}, {"context", Json::object()}});
  Json actions = Response(8)["result"];
  ASSERT_EQ(actions.size(), 2u);
  const Json& change = actions[1]["edit"]["documentChanges"][0];
  EXPECT_EQ(change["edits"][0]["range"]["start"], (Json{{"line", 1}, {"character", 3}}));
  EXPECT_EQ(change["edits"][0]["newText"].get<std::string>().front(), '\n');
}

TEST_F(LspServerTest, RequestsBeforeInitializeAreRefusedAndNotificationsDropped) {
  Request(2, "textDocument/hover", {{"textDocument", {{"uri", "file:///x"}}}, {"position", {{"line", 0}, {"character", 0}}}});
  EXPECT_EQ(Response(2)["error"]["code"], -32002);
  Notify("textDocument/didOpen", {{"textDocument", {{"uri", "file:///x"}, {"text", "t"}}}});
  Initialize();
  Request(3, "initialize", Json::object());
  EXPECT_EQ(Response(3)["error"]["code"], -32600);  // only once
}

TEST_F(LspServerTest, UnknownMethodsAndBadParamsGetErrorsAndTheServerGoesOn) {
  Initialize();
  Request(2, "textDocument/definition", Json::object());
  EXPECT_EQ(Response(2)["error"]["code"], -32601);
  Request(3, "textDocument/hover", {{"textDocument", 5}});
  EXPECT_EQ(Response(3)["error"]["code"], -32602);
  Request(4, "textDocument/hover", {{"textDocument", {{"uri", "file:///x"}}}, {"position", {{"line", -1}, {"character", 0}}}});
  EXPECT_EQ(Response(4)["error"]["code"], -32602);
  server_->Receive(EncodeFrame("{\"jsonrpc\":\"2.0\",\"id\":9,"));  // cut short
  EXPECT_EQ(WaitFor([](const Json& m) { return m.contains("error") && m["error"]["code"] == -32700; })["id"], nullptr);
  Notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///nowhere"}, {"version", 2}}}, {"contentChanges", Json::array()}});
  Notify("textDocument/didOpen", {{"textDocument", 1}});  // logged, not answered
  Request(10, "shutdown", nullptr);
  EXPECT_TRUE(Response(10)["result"].is_null());
  Request(11, "textDocument/hover", Json::object());
  EXPECT_EQ(Response(11)["error"]["code"], -32600);
  EXPECT_EQ(server_->exit_code(), 0);
  Notify("exit", nullptr);
  EXPECT_TRUE(server_->exit_requested());
}

TEST_F(LspServerTest, WatchedFilesAreRegisteredWhenTheClientCanAndTheirChangesReload) {
  Initialize({{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  Json registration = WaitFor([](const Json& m) { return m.value("method", "") == "client/registerCapability"; });
  const Json& watchers = registration["params"]["registrations"][0]["registerOptions"]["watchers"];
  EXPECT_GE(watchers.size(), 4u);
  Send(Json{{"jsonrpc", "2.0"}, {"id", registration["id"]}, {"result", nullptr}});
  std::string token = DemoToken(17);
  std::string uri = Open("a.py", "python", "t = '" + token + "'\n");
  Json diagnostics = Diagnostics(uri, 1);
  ASSERT_EQ(diagnostics.size(), 1u);
  folder_.Write(".vigilignore", diagnostics[0]["data"]["fingerprint"].get<std::string>() + "\n");
  Notify("workspace/didChangeWatchedFiles",
         {{"changes", {{{"uri", PathToFileUri(folder_.Sub(".vigilignore"))}, {"type", 2}}}}});
  server_->scanner()->WaitIdle();
  Json last;
  {
    std::lock_guard lock(mutex_);
    for (const Json& message : sent_) {
      if (message.value("method", "") == "textDocument/publishDiagnostics") last = message;
    }
  }
  EXPECT_TRUE(last["params"]["diagnostics"].empty()) << last.dump();
}

TEST_F(LspServerTest, FileUrisMapToPathsAndBack) {
  EXPECT_EQ(FileUriToPath("file:///home/a%20b/c%C3%A9.py"), "/home/a b/c\xc3\xa9.py");
  EXPECT_EQ(FileUriToPath("file://localhost/etc/x"), "/etc/x");
  EXPECT_FALSE(FileUriToPath("untitled:Untitled-1"));
  EXPECT_FALSE(FileUriToPath("file:///a%00b"));
  EXPECT_EQ(PathToFileUri("/home/a b/c.py"), "file:///home/a%20b/c.py");
  EXPECT_EQ(FileUriToPath(PathToFileUri("/tmp/x y#z%")), "/tmp/x y#z%");
}

}  // namespace
}  // namespace vigil::lsp
