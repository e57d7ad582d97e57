// Exit statuses of `vigil scan`: 0 clean, 1 (or --exit-code) with findings,
// 2 for usage and configuration errors, with a message that says what is wrong.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

class ExitCodeTest : public VigilTest {
 protected:
  void PlantOneSecret() { WriteTree("app.py", "TOKEN = '" + fakes_.GithubPat() + "'\n"); }
  void PlantNothing() { WriteTree("app.py", "print('hello')\n"); }

  // A usage or config error: exit 2, no report on stdout, `needle` on stderr.
  static void ExpectUsageError(const RunResult& run, const std::string& needle) {
    EXPECT_EQ(run.exit_code, 2) << Describe(run);
    EXPECT_EQ(run.out, "") << Describe(run);
    EXPECT_NE(run.err.find(needle), std::string::npos) << "stderr lacks '" << needle << "'\n" << Describe(run);
  }
};

TEST_F(ExitCodeTest, CleanTreeExitsZero) {
  PlantNothing();
  RunResult run = Scan();
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_NE(run.out.find("no findings"), std::string::npos) << run.out;
}

TEST_F(ExitCodeTest, FindingsExitOne) {
  PlantOneSecret();
  RunResult run = Scan();
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_NE(run.out.find("app.py:1:10: "), std::string::npos) << run.out;
}

TEST_F(ExitCodeTest, ExitCodeFlagReplacesOneWhenThereAreFindings) {
  PlantOneSecret();
  RunResult run = Scan({"--exit-code", "7"});
  EXPECT_EQ(run.exit_code, 7) << Describe(run);
  EXPECT_NE(run.out.find("1 finding"), std::string::npos) << run.out;
}

TEST_F(ExitCodeTest, ExitCodeFlagDoesNotApplyToACleanScan) {
  PlantNothing();
  RunResult run = Scan({"--exit-code", "7"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
}

TEST_F(ExitCodeTest, ExitCodeZeroLetsFindingsPass) {
  PlantOneSecret();
  RunResult run = Scan({"--exit-code", "0", "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_EQ(ParseJson(run.out)["findings"].size(), 1u);
}

// Exit statuses are 8 bits: 256 would reach the shell as 0 and let a CI job
// with findings pass. Such a value must be refused (or at least not give 0).
TEST_F(ExitCodeTest, ExitCodeOutsideZeroTo255IsNotSilentlyWrappedToSuccess) {
  PlantOneSecret();
  RunResult run = Scan({"--exit-code", "256"});
  EXPECT_NE(run.exit_code, 0) << "findings reported but the exit status says clean\n" << Describe(run);
  EXPECT_EQ(run.exit_code, 2) << "expected a usage error for --exit-code 256\n" << Describe(run);
}

TEST_F(ExitCodeTest, UnknownFlagIsAUsageError) {
  PlantOneSecret();
  ExpectUsageError(Scan({"--no-such-flag"}), "--no-such-flag");
}

TEST_F(ExitCodeTest, MissingSubcommandIsAUsageError) {
  RunResult run = RunVigil({});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find("vigil: error:"), std::string::npos) << Describe(run);
}

TEST_F(ExitCodeTest, UnknownFormatIsAUsageError) {
  PlantOneSecret();
  ExpectUsageError(Scan({"--format", "xml"}), "unknown format 'xml'");
}

TEST_F(ExitCodeTest, UnreadableMaxFileSizeIsAUsageError) {
  PlantOneSecret();
  ExpectUsageError(Scan({"--max-file-size", "lots"}), "--max-file-size");
  ExpectUsageError(Scan({"--max-file-size", "12Q"}), "--max-file-size");
}

TEST_F(ExitCodeTest, BadColorChoiceIsAUsageError) {
  PlantOneSecret();
  ExpectUsageError(Scan({"--color", "sometimes"}), "--color");
}

TEST_F(ExitCodeTest, StdinCombinedWithAPathIsAUsageError) {
  PlantOneSecret();
  RunOptions options;
  options.stdin_data = "TOKEN = '" + fakes_.GithubPat() + "'\n";
  options.working_dir = Tree();
  ExpectUsageError(RunVigil({"scan", "-", "app.py", "--config", rules_path()}, options), "stdin");
}

TEST_F(ExitCodeTest, ConfigWithUnknownKeyNamesFileAndLine) {
  PlantOneSecret();
  const std::string config = temp_.Write("bad.toml",
                                         "# a rule with a typo\n"
                                         "[[rules]]\n"
                                         "id = \"typo\"\n"
                                         "regex = '''ghp_[A-Za-z0-9]{36}'''\n"
                                         "keyword = [\"ghp_\"]\n");
  RunResult run = RunVigil({"scan", ".", "--config", config}, RunOptions{.working_dir = Tree()});
  ExpectUsageError(run, config + ":5:");
  EXPECT_NE(run.err.find("unknown key 'keyword'"), std::string::npos) << run.err;
}

TEST_F(ExitCodeTest, ConfigWithTomlSyntaxErrorNamesFileAndLine) {
  PlantOneSecret();
  const std::string config = temp_.Write("broken.toml",
                                         "[[rules]]\n"
                                         "id = \"ok\"\n"
                                         "regex = '''ghp_[A-Za-z0-9]{36}'''\n"
                                         "\n"
                                         "[[rules]\n"
                                         "id = \"unterminated\"\n");
  RunResult run = RunVigil({"scan", ".", "--config", config}, RunOptions{.working_dir = Tree()});
  ExpectUsageError(run, config + ":5:");
}

TEST_F(ExitCodeTest, ConfigWithBadSeverityNamesFileAndLine) {
  PlantOneSecret();
  const std::string config = temp_.Write("severity.toml",
                                         "[[rules]]\n"
                                         "id = \"loud\"\n"
                                         "regex = '''ghp_[A-Za-z0-9]{36}'''\n"
                                         "severity = \"apocalyptic\"\n");
  ExpectUsageError(RunVigil({"scan", ".", "-c", config}, RunOptions{.working_dir = Tree()}), config + ":4:");
}

TEST_F(ExitCodeTest, ConfigWithInvalidRegexNamesTheRule) {
  PlantOneSecret();
  const std::string config = temp_.Write("regex.toml",
                                         "[[rules]]\n"
                                         "id = \"unbalanced-group\"\n"
                                         "regex = '''(ghp_[A-Za-z0-9]{36}'''\n");
  ExpectUsageError(RunVigil({"scan", ".", "-c", config}, RunOptions{.working_dir = Tree()}), "unbalanced-group");
}

TEST_F(ExitCodeTest, ConfigWithoutRulesIsAnError) {
  PlantOneSecret();
  const std::string config = temp_.Write("empty.toml", "title = \"nothing here\"\n");
  ExpectUsageError(RunVigil({"scan", ".", "-c", config}, RunOptions{.working_dir = Tree()}), "no rules");
}

TEST_F(ExitCodeTest, NonexistentConfigFileIsAnErrorNamingIt) {
  PlantOneSecret();
  const std::string missing = temp_.Sub("does-not-exist.toml");
  RunResult run = RunVigil({"scan", ".", "--config", missing}, RunOptions{.working_dir = Tree()});
  ExpectUsageError(run, missing);
  EXPECT_NE(run.err.find("No such file"), std::string::npos) << run.err;
}

TEST_F(ExitCodeTest, VigilTomlAtTheScanRootIsUsedWhenNoConfigIsGiven) {
  PlantOneSecret();
  WriteTree(".vigil.toml",
            "[[rules]]\n"
            "id = \"root-config-rule\"\n"
            "regex = '''\\b(ghp_[A-Za-z0-9]{36})\\b'''\n");
  RunResult run = RunVigil({"scan", ".", "--format", "json"}, RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(ParseJson(run.out)), (std::vector<Location>{{"root-config-rule", "app.py", 1, 10}}));
}

TEST_F(ExitCodeTest, MalformedVigilTomlAtTheScanRootIsAnError) {
  PlantOneSecret();
  WriteTree(".vigil.toml", "[[rules]]\nid = 3\n");
  RunResult run = RunVigil({"scan", "."}, RunOptions{.working_dir = Tree()});
  ExpectUsageError(run, ".vigil.toml:2:");
}

TEST_F(ExitCodeTest, VersionAndHelpExitZero) {
  RunResult version = RunVigil({"version"});
  EXPECT_EQ(version.exit_code, 0) << Describe(version);
  EXPECT_EQ(version.out.rfind("vigil ", 0), 0u) << version.out;
  RunResult flag = RunVigil({"--version"});
  EXPECT_EQ(flag.exit_code, 0) << Describe(flag);
  EXPECT_EQ(flag.out, version.out);
  RunResult help = RunVigil({"scan", "--help"});
  EXPECT_EQ(help.exit_code, 0) << Describe(help);
  for (const char* option : {"--config", "--threads", "--no-ignore", "--max-file-size", "--path-hint", "--format",
                             "--output", "--show-secrets", "--exit-code"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option << " missing from help:\n" << help.out;
  }
}

}  // namespace
