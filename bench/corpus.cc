#include "corpus.h"

#include <array>
#include <random>
#include <string_view>

namespace vigil::bench {
namespace {

constexpr std::array<std::string_view, 24> kWords = {
    "config", "request", "handler", "user", "session", "buffer", "value", "result",
    "context", "client", "server", "index", "parse", "render", "update", "cache",
    "token", "secret", "password", "key", "auth", "options", "stream", "logger"};

constexpr std::string_view kBase62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

class Generator {
 public:
  explicit Generator(unsigned seed) : random_(seed) {}

  std::string Line() {
    switch (Pick(10)) {
      case 0: return "    " + Word() + "_" + Word() + " = " + Word() + "." + Word() + "(" + Word() + ", " + Number() + ")";
      case 1: return "  " + Word() + ": \"" + Word() + "-" + Word() + "-" + Number() + "\"";
      case 2: return "# " + Word() + " the " + Word() + " before we " + Word() + " it, see " + Word() + ".md";
      case 3: return "if (" + Word() + " != nullptr && " + Word() + "->" + Word() + "()) { return " + Number() + "; }";
      case 4: return Upper(Word()) + "_" + Upper(Word()) + "=" + Word();
      case 5: return "    \"" + Word() + "\": \"" + Random(12) + "\",";
      case 6: return "const " + Word() + "_id = \"" + Hex(8) + "-" + Hex(4) + "-" + Hex(4) + "\";";
      case 7: return "    " + Word() + "_token = get_" + Word() + "(request)";
      case 8: return "<" + Word() + " name=\"" + Word() + "\" value=\"" + Number() + "\"/>";
      default: return "        return " + Word() + "(" + Word() + ", " + Word() + ")";
    }
  }

  // One planted credential of a few well-known shapes, random each time.
  std::string Secret() {
    switch (Pick(4)) {
      case 0: return "GITHUB_TOKEN=ghp_" + Random(36);
      case 1: return "aws_access_key_id = AKIA" + Upper(Random(16));
      case 2: return "stripe_key = \"sk_live_" + Random(24) + "\"";
      default: return "slack_webhook: https://hooks.slack.com/services/T" + Upper(Random(8)) + "/B" +
                      Upper(Random(8)) + "/" + Random(24);
    }
  }

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

 private:
  std::string Word() { return std::string(kWords[Pick(kWords.size())]); }
  std::string Number() { return std::to_string(Pick(100000)); }
  std::string Random(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += kBase62[Pick(kBase62.size())];
    return out;
  }
  std::string Hex(size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += "0123456789abcdef"[Pick(16)];
    return out;
  }
  static std::string Upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
  }

  std::mt19937 random_;
};

}  // namespace

std::string MakeSourceCorpus(size_t bytes, unsigned seed) {
  Generator generator(seed);
  std::string corpus;
  corpus.reserve(bytes + 256);
  while (corpus.size() < bytes) {
    corpus += generator.Pick(2000) == 0 ? generator.Secret() : generator.Line();
    corpus += '\n';
  }
  return corpus;
}

}  // namespace vigil::bench
