// `vigil lsp` as an editor runs it: the built binary over pipes, driven with
// hand-written JSON-RPC. A session with the default pack (diagnostics in
// UTF-16 after emoji and CJK, edits, hover, code actions, the same findings
// as `vigil scan -`), and every hostile input of the issue: none crashes or
// hangs the server, and none makes it print a secret.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"
#include "e2e/lsp_util.h"

using namespace e2e;
using nlohmann::json;

namespace {

const std::string kEmoji = "\xf0\x9f\x98\x80";      // 2 UTF-16 units
const std::string kCjk = "\xe4\xb8\xad\xe6\x96\x87";  // 2 characters, 1 unit each

std::string FileUri(const std::string& path) { return "file://" + path; }

json Range(int start_line, int start_character, int end_line, int end_character) {
  json range;
  range["start"] = {{"line", start_line}, {"character", start_character}};
  range["end"] = {{"line", end_line}, {"character", end_character}};
  return range;
}

// didChange params with one ranged change.
json ChangeParams(const std::string& uri, int version, const json& range, const std::string& text) {
  json change;
  change["range"] = range;
  change["text"] = text;
  json params;
  params["textDocument"] = {{"uri", uri}, {"version", version}};
  params["contentChanges"] = json::array({change});
  return params;
}

class LspTest : public ::testing::Test {
 protected:
  LspTest() : fakes_(TestSeed()) { InitGitRepo(temp_.path()); }

  std::unique_ptr<LspProcess> Start(const std::vector<std::string>& args = {}) {
    auto server = std::make_unique<LspProcess>(args, temp_.str());
    return server;
  }

  // initialize + initialized; the result of initialize.
  json Initialize(LspProcess& server, const json& capabilities = json::object()) {
    server.Request(1, "initialize",
                   {{"processId", nullptr}, {"rootUri", FileUri(temp_.str())}, {"capabilities", capabilities}});
    std::optional<json> response = server.Response(1);
    EXPECT_TRUE(response) << server.Stderr();
    server.Notify("initialized", json::object());
    return response ? (*response)["result"] : json();
  }

  std::string Open(LspProcess& server, const std::string& relative, const std::string& language,
                   const std::string& text) {
    std::string uri = FileUri(temp_.Sub(relative));
    server.Notify("textDocument/didOpen",
                  {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", 1}, {"text", text}}}});
    return uri;
  }

  void ExpectNoSecretIn(const std::string& output, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
      EXPECT_EQ(output.find(secret), std::string::npos) << "a full secret reached the server's output";
    }
  }

  TempDir temp_;
  FakeSecrets fakes_;
};

TEST_F(LspTest, ASessionGivesDiagnosticsHoverAndCodeActionsAndExitsCleanly) {
  auto server = Start();
  json result = Initialize(*server);
  EXPECT_EQ(result["capabilities"]["positionEncoding"], "utf-16");

  std::string token = fakes_.GithubPat();
  std::string text = "# settings\nname = \"" + kEmoji + kCjk + "\"; token = \"" + token + "\"\n";
  std::string uri = Open(*server, "app/settings.py", "python", text);
  std::optional<json> diagnostics = server->Diagnostics(uri, 1);
  ASSERT_TRUE(diagnostics);
  ASSERT_EQ(diagnostics->size(), 1u) << diagnostics->dump();
  const json& diagnostic = (*diagnostics)[0];
  // `name = "` is 8 units, 😀 2, the CJK pair 2, then `"; token = "` 12.
  EXPECT_EQ(diagnostic["range"]["start"], (json{{"line", 1}, {"character", 24}}));
  EXPECT_EQ(diagnostic["range"]["end"], (json{{"line", 1}, {"character", 24 + 40}}));
  EXPECT_EQ(diagnostic["code"], "github-pat");
  EXPECT_EQ(diagnostic["source"], "vigil");
  EXPECT_EQ(diagnostic["severity"], 1);
  EXPECT_EQ(diagnostic["codeDescription"]["href"], "https://github.com/vigil-scanner/vigil/blob/main/rules/github.toml");
  EXPECT_NE(diagnostic["message"].get<std::string>().find("ghp_*****"), std::string::npos);

  // The same finding and fingerprint as `vigil scan -` at the root.
  RunOptions stdin_options;
  stdin_options.stdin_data = text;
  stdin_options.working_dir = temp_.str();
  RunResult scan = RunVigil({"scan", "-", "--path-hint", "app/settings.py", "--format", "json"}, stdin_options);
  json report = ParseJson(scan.out);
  ASSERT_EQ(report["findings"].size(), 1u) << Describe(scan);
  EXPECT_EQ(report["findings"][0]["fingerprint"], diagnostic["data"]["fingerprint"]);

  server->Request(2, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 30}}}});
  std::optional<json> hover = server->Response(2);
  ASSERT_TRUE(hover);
  std::string hover_text = (*hover)["result"]["contents"]["value"];
  EXPECT_NE(hover_text.find("github-pat"), std::string::npos);
  EXPECT_NE(hover_text.find("critical"), std::string::npos);
  EXPECT_NE(hover_text.find("github.com/settings/tokens"), std::string::npos);  // how to revoke

  server->Request(3, "textDocument/codeAction",
                  {{"textDocument", {{"uri", uri}}},
                   {"range", diagnostic["range"]},
                   {"context", {{"diagnostics", {diagnostic}}}}});
  std::optional<json> actions = server->Response(3);
  ASSERT_TRUE(actions);
  ASSERT_EQ((*actions)["result"].size(), 2u) << actions->dump();
  json allow = (*actions)["result"][0]["edit"]["changes"][uri][0];
  EXPECT_EQ(allow["newText"], " # vigil:allow");
  EXPECT_EQ(allow["range"]["start"], (json{{"line", 1}, {"character", 24 + 40 + 1}}));

  // Typing the allow comment clears the diagnostic.
  server->Notify("textDocument/didChange", ChangeParams(uri, 2, allow["range"], allow["newText"]));
  diagnostics = server->Diagnostics(uri, 2);
  ASSERT_TRUE(diagnostics);
  EXPECT_TRUE(diagnostics->empty());

  server->Notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  server->Request(4, "shutdown", nullptr);
  ASSERT_TRUE(server->Response(4));
  server->Notify("exit", nullptr);
  EXPECT_EQ(server->Wait(), 0);
  ExpectNoSecretIn(server->raw_output(), {token});
}

TEST_F(LspTest, HostileInputGetsErrorsOrLogMessagesAndTheServerGoesOn) {
  auto server = Start({"--max-message-size", "64K"});
  std::string token = fakes_.StripeLiveKey();
  std::vector<std::string> secrets = {token};

  // A request before initialize.
  server->Request(1, "textDocument/hover", {{"textDocument", {{"uri", "file:///x"}}}, {"position", {{"line", 0}, {"character", 0}}}});
  std::optional<json> early = server->Response(1);
  ASSERT_TRUE(early);
  EXPECT_EQ((*early)["error"]["code"], -32002);

  server->Request(2, "initialize", {{"rootUri", FileUri(temp_.str())}, {"capabilities", json::object()}});
  ASSERT_TRUE(server->Response(2));
  server->Notify("initialized", json::object());

  auto still_answers = [&](int id) {
    server->Request(id, "shutdown-probe/unknown", json::object());
    std::optional<json> answer = server->Response(id);
    ASSERT_TRUE(answer) << "no answer after hostile input; stderr: " << server->Stderr();
    EXPECT_EQ((*answer)["error"]["code"], -32601);  // MethodNotFound
  };

  // Malformed JSON holding a secret: a ParseError that does not quote it.
  std::string broken = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"x\",\"params\":{\"t\":\"" + token + "\"";
  server->SendRaw("Content-Length: " + std::to_string(broken.size()) + "\r\n\r\n" + broken);
  std::optional<json> parse_error = server->ReadUntil([](const json& m) { return m.contains("error"); });
  ASSERT_TRUE(parse_error);
  EXPECT_EQ((*parse_error)["error"]["code"], -32700);
  still_answers(10);

  // Wrong framing: no Content-Length, a bad number, junk between messages.
  server->SendRaw("Content-Type: text/plain\r\n\r\n{}");
  server->SendRaw("Content-Length: lots\r\n\r\n");
  server->SendRaw("garbage without any header at all\n");
  still_answers(11);

  // An oversized message: skipped as it streams, then the next one is read.
  std::string huge = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"" + std::string(200000, 'a') + "\"}";
  server->SendRaw("Content-Length: " + std::to_string(huge.size()) + "\r\n\r\n" + huge);
  still_answers(12);

  // Invalid UTF-8 inside a JSON string, and nesting deep enough to hurt.
  std::string bad_utf8 = "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"x\",\"params\":{\"t\":\"\xff\xfe\"}}";
  server->SendRaw("Content-Length: " + std::to_string(bad_utf8.size()) + "\r\n\r\n" + bad_utf8);
  std::string deep(50000, '[');
  server->SendRaw("Content-Length: " + std::to_string(deep.size()) + "\r\n\r\n" + deep);
  still_answers(14);

  // Wrong shapes: an answer for a request, a log line for a notification.
  server->Request(15, "textDocument/hover", {{"textDocument", "not an object"}});
  std::optional<json> invalid = server->Response(15);
  ASSERT_TRUE(invalid);
  EXPECT_EQ((*invalid)["error"]["code"], -32602);
  server->Notify("textDocument/didOpen", {{"textDocument", {{"uri", 7}}}});
  server->Send(json::array({1, 2}));  // a batch
  still_answers(16);

  // Edits out of range: clamped with a log message, the document stays usable.
  std::string uri = Open(*server, "a.env", "dotenv", "A=1\n");
  ASSERT_TRUE(server->Diagnostics(uri, 1));
  server->Notify("textDocument/didChange", ChangeParams(uri, 2, Range(90, 0, 99, 5), "STRIPE=" + token + "\n"));
  std::optional<json> diagnostics = server->Diagnostics(uri, 2);
  ASSERT_TRUE(diagnostics);
  EXPECT_EQ(diagnostics->size(), 1u) << "the clamped edit was applied at the end";
  bool logged = false;
  for (const json& message : server->seen()) {
    if (message.value("method", "") == "window/logMessage" &&
        message["params"]["message"].get<std::string>().find("past the end") != std::string::npos) {
      logged = true;
    }
  }
  EXPECT_TRUE(logged);
  server->Notify("textDocument/didChange", ChangeParams(uri, 3, Range(1, 5, 0, 0), "x"));  // inverted
  still_answers(17);

  // Shut down: further requests are refused, exit ends the process with 0.
  server->Request(18, "shutdown", nullptr);
  ASSERT_TRUE(server->Response(18));
  server->Request(19, "textDocument/hover", json::object());
  std::optional<json> after = server->Response(19);
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)["error"]["code"], -32600);
  server->Notify("exit", nullptr);
  EXPECT_EQ(server->Wait(), 0);
  ExpectNoSecretIn(server->raw_output(), secrets);
}

TEST_F(LspTest, AClientThatVanishesWithoutShutdownEndsTheServer) {
  {
    auto server = Start();
    Initialize(*server);
    Open(*server, "a.py", "python", "t = '" + fakes_.GithubPat() + "'\n");
    server->CloseInput();  // no shutdown, no exit
    EXPECT_EQ(server->Wait(), 1);
  }
  {
    auto server = Start();
    Initialize(*server);
    server->SendRaw("Content-Length: 500\r\n\r\n{\"jsonrpc\":");  // the client dies mid-message
    server->CloseInput();
    EXPECT_EQ(server->Wait(), 1);
  }
  {
    // `exit` without `shutdown` exits with 1 (LSP 3.17).
    auto server = Start();
    Initialize(*server);
    server->Notify("exit", nullptr);
    EXPECT_EQ(server->Wait(), 1);
  }
}

TEST_F(LspTest, WorkspaceFilesApplyAndReloadWhenTheyChange) {
  std::string token = fakes_.AwsAccessKeyId();
  temp_.Write(".gitignore", "build/\n");
  auto server = Start();
  Initialize(*server, {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  std::optional<json> registration =
      server->ReadUntil([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
  ASSERT_TRUE(registration);
  server->Send({{"jsonrpc", "2.0"}, {"id", (*registration)["id"]}, {"result", nullptr}});

  std::string text = "aws_access_key_id = " + token + "\n";
  std::string ignored_uri = Open(*server, "build/out.cfg", "ini", text);
  std::optional<json> ignored = server->Diagnostics(ignored_uri, 1);
  ASSERT_TRUE(ignored);
  EXPECT_TRUE(ignored->empty()) << "a gitignored file gets no diagnostics";

  std::string uri = Open(*server, "deploy/creds.cfg", "ini", text);
  std::optional<json> diagnostics = server->Diagnostics(uri, 1);
  ASSERT_TRUE(diagnostics);
  ASSERT_EQ(diagnostics->size(), 1u);
  std::string fingerprint = (*diagnostics)[0]["data"]["fingerprint"];

  temp_.Write(".vigilignore", fingerprint + "\n");
  server->Notify("workspace/didChangeWatchedFiles",
                 {{"changes", {{{"uri", FileUri(temp_.Sub(".vigilignore"))}, {"type", 1}}}}});
  std::optional<json> cleared = server->ReadUntil([&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
           m["params"]["diagnostics"].empty();
  });
  EXPECT_TRUE(cleared) << "the ignore file was reloaded";
  server->CloseInput();
  server->Wait();
  ExpectNoSecretIn(server->raw_output(), {token});
}

}  // namespace
