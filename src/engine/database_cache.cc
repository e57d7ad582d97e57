#include "engine/database_cache.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "util/sha256.h"

namespace vigil {
namespace {

constexpr std::string_view kMagic = "VIGILHS1";
constexpr size_t kKeySize = 64;

void AppendU64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::optional<uint64_t> ReadU64(std::string_view bytes, size_t& offset) {
  if (offset + 8 > bytes.size()) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= uint64_t{static_cast<unsigned char>(bytes[offset + i])} << (8 * i);
  offset += 8;
  return value;
}

}  // namespace

std::string DatabaseKey(const std::vector<std::string>& patterns, const std::vector<unsigned>& flags) {
  Sha256 hasher;
  hasher.Update("vigil " VIGIL_VERSION "\n");
  hasher.Update(hs_version());
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  hasher.Update("\ntune=" + std::to_string(platform.tune) + " features=" + std::to_string(platform.cpu_features) +
                "\n");
  for (size_t i = 0; i < patterns.size(); ++i) {
    hasher.Update(std::to_string(flags[i]));
    hasher.Update(std::string_view("\0", 1));
    hasher.Update(patterns[i]);
    hasher.Update(std::string_view("\0", 1));
  }
  auto digest = hasher.Finish();
  return ToHex(digest.data(), digest.size());
}

std::optional<std::string> SerializeDatabase(const std::string& key, const hs_database_t* database,
                                             const std::vector<bool>& prefilter) {
  char* bytes = nullptr;
  size_t size = 0;
  if (hs_serialize_database(database, &bytes, &size) != HS_SUCCESS) return std::nullopt;
  std::unique_ptr<char, decltype(&std::free)> owned(bytes, &std::free);
  std::string out(kMagic);
  out += key;
  AppendU64(out, prefilter.size());
  for (bool flag : prefilter) out += flag ? '\1' : '\0';
  AppendU64(out, size);
  out.append(bytes, size);
  return out;
}

std::optional<StoredDatabase> DeserializeDatabase(std::string_view bytes, const std::string& key,
                                                  size_t pattern_count) {
  if (bytes.size() < kMagic.size() + kKeySize || bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  if (bytes.substr(kMagic.size(), kKeySize) != key) return std::nullopt;
  size_t offset = kMagic.size() + kKeySize;
  auto count = ReadU64(bytes, offset);
  if (!count || *count != pattern_count || offset + *count > bytes.size()) return std::nullopt;
  StoredDatabase stored;
  for (size_t i = 0; i < *count; ++i) stored.prefilter.push_back(bytes[offset + i] != 0);
  offset += *count;
  auto size = ReadU64(bytes, offset);
  if (!size || offset + *size != bytes.size()) return std::nullopt;
  hs_database_t* database = nullptr;
  // Hyperscan checks the database's own magic, version, platform and CRC.
  if (hs_deserialize_database(bytes.data() + offset, *size, &database) != HS_SUCCESS) return std::nullopt;
  stored.database.reset(database);
  return stored;
}

std::string DefaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') {
    return std::string(xdg) + "/vigil";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    return std::string(home) + "/.cache/vigil";
  }
  return "";
}

std::string DatabaseCache::PathFor(const std::string& key) const { return dir_ + "/" + key + ".hsdb"; }

std::optional<StoredDatabase> DatabaseCache::Load(const std::string& key, size_t pattern_count) const {
  if (dir_.empty()) return std::nullopt;
  std::ifstream in(PathFor(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return DeserializeDatabase(content.str(), key, pattern_count);
}

void DatabaseCache::Store(const std::string& key, const hs_database_t* database,
                          const std::vector<bool>& prefilter) const {
  if (dir_.empty()) return;
  auto bytes = SerializeDatabase(key, database, prefilter);
  if (!bytes) return;
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error) return;
  std::random_device random;
  std::string temporary = PathFor(key) + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(random());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!out.flush()) {
      std::filesystem::remove(temporary, error);
      return;
    }
  }
  std::filesystem::rename(temporary, PathFor(key), error);  // atomic on one filesystem
  if (error) std::filesystem::remove(temporary, error);
}

}  // namespace vigil
