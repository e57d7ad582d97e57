// A real editor: headless Neovim, its built-in LSP client, `vigil lsp`.
// tests/e2e/neovim/vigil_lsp.lua opens a file with emoji and CJK before a
// secret, edits, saves, hovers and applies both code actions; this test plants
// the files and checks what Neovim saw: diagnostics in its byte columns (so a
// wrong UTF-16 column would show), the buffer after "Allow this line", and the
// .vigilignore that "Ignore this finding everywhere" wrote. Skipped, saying
// so, when nvim is not installed (Debian's `neovim`, see scripts/install-deps.sh).
#include <gtest/gtest.h>

#include <cstdlib>

#include "e2e/e2e_util.h"

using namespace e2e;
using nlohmann::json;

namespace {

bool HaveNeovim() {
  RunResult probe = RunProgram("sh", {"-c", "command -v nvim"});
  return probe.exit_code == 0;
}

TEST(NeovimTest, OpenEditSaveAndCodeActionsInARealEditor) {
  if (!HaveNeovim()) GTEST_SKIP() << "nvim is not installed (apt-get install neovim): the Neovim test is skipped";
  TempDir temp;
  InitGitRepo(temp.path());
  FakeSecrets fakes(TestSeed());
  const std::string token = fakes.GithubPat();
  const std::string other = fakes.StripeLiveKey();
  // "😀" is 4 bytes and 2 UTF-16 units, "中文" 6 bytes and 2 units.
  const std::string prefix = "label = \"\xf0\x9f\x98\x80\xe4\xb8\xad\xe6\x96\x87\"; token = \"";
  temp.Write("app/settings.py", "# settings\n" + prefix + token + "\"\n");
  temp.Write("app/billing.js", "// billing\nconst stripe = \"" + other + "\";\n");

  RunOptions options;
  options.working_dir = temp.str();
  options.timeout_seconds = 90;
  options.env = {{"VIGIL_LSP_ROOT", temp.str()},
                 {"VIGIL_BINARY", VigilPath()},
                 {"VIGIL_LSP_FILE", temp.Sub("app/settings.py")},
                 {"VIGIL_LSP_SECOND_FILE", temp.Sub("app/billing.js")},
                 {"VIGIL_LSP_RESULT", temp.Sub("result.json")},
                 {"XDG_CONFIG_HOME", temp.Sub(".config")},
                 {"XDG_DATA_HOME", temp.Sub(".data")},
                 {"XDG_STATE_HOME", temp.Sub(".state")},
                 {"XDG_CACHE_HOME", temp.Sub(".cache")}};
  std::string script = std::string(VIGIL_SOURCE_DIR) + "/tests/e2e/neovim/vigil_lsp.lua";
  RunResult run = RunProgram("nvim", {"--headless", "--clean", "-n", "-i", "NONE", "-c", "luafile " + script}, options);
  ASSERT_FALSE(run.timed_out) << Describe(run);
  ASSERT_TRUE(std::filesystem::exists(temp.Sub("result.json"))) << Describe(run);
  json result = ParseJson(ReadFile(temp.Sub("result.json")));
  ASSERT_TRUE(result["ok"].get<bool>()) << result["error"] << "\n" << Describe(run);

  // Opened: one diagnostic, on the secret, in Neovim's byte columns.
  ASSERT_EQ(result["open"].size(), 1u);
  const json& open = result["open"][0];
  EXPECT_EQ(open["lnum"], 1);
  EXPECT_EQ(open["col"], prefix.size());
  EXPECT_EQ(open["end_col"], prefix.size() + token.size());
  EXPECT_EQ(open["code"], "github-pat");
  EXPECT_EQ(open["source"], "vigil");
  EXPECT_EQ(open["severity"], 1);  // vim.diagnostic.severity.ERROR
  EXPECT_NE(open["message"].get<std::string>().find("ghp_*****"), std::string::npos);

  // Edited: the line above moved it down; the columns stay right.
  ASSERT_EQ(result["edit"].size(), 1u);
  EXPECT_EQ(result["edit"][0]["lnum"], 2);
  EXPECT_EQ(result["edit"][0]["col"], prefix.size());

  EXPECT_NE(result["hover"].get<std::string>().find("github-pat"), std::string::npos) << result["hover"];

  // Allowed: the comment is at the end of the secret's line, in Python's syntax.
  std::vector<std::string> buffer = result["buffer"];
  ASSERT_EQ(buffer.size(), 3u);
  EXPECT_EQ(buffer[0], "# a line typed above");
  EXPECT_EQ(buffer[2], prefix + token + "\" # vigil:allow");
  std::string saved = ReadFile(temp.Sub("app/settings.py"));
  EXPECT_NE(saved.find(token + "\" # vigil:allow\n"), std::string::npos);

  // Ignored everywhere: the second file's fingerprint is in .vigilignore, on disk.
  ASSERT_EQ(result["second"].size(), 1u);
  EXPECT_EQ(result["second"][0]["code"], "stripe-secret-key-live");
  std::string ignore_file = ReadFile(temp.Sub(".vigilignore"));
  EXPECT_NE(ignore_file.find("stripe-secret-key-live in app/billing.js"), std::string::npos) << ignore_file;
  RunOptions scan_options;
  scan_options.working_dir = temp.str();
  RunResult scan = RunVigil({"scan", ".", "--format", "json"}, scan_options);
  EXPECT_EQ(scan.exit_code, 0) << "vigil scan honours what the editor wrote: " << Describe(scan);
  for (const json& diagnostic : {open, result["second"][0]}) {
    EXPECT_EQ(diagnostic["message"].get<std::string>().find(token), std::string::npos);
    EXPECT_EQ(diagnostic["message"].get<std::string>().find(other), std::string::npos);
  }
}

}  // namespace
