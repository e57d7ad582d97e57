// Compiled Hyperscan databases, kept so a start does not pay for compiling.
//
// Compiling every rule costs about a second; loading a serialized database
// costs milliseconds. A database is stored under a key that hashes what it
// depends on: the candidate patterns and their flags, vigil's and Hyperscan's
// versions, and the CPU features Hyperscan targets. A stale, corrupt or
// unreadable entry is never an error: the caller compiles and stores afresh.
// Files are written to a temporary name and renamed into place, so two
// processes starting at once never read half a file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/compiled_rules.h"

namespace vigil {

// A database with the prefilter flag of each pattern, as stored.
struct StoredDatabase {
  HsDatabase database;
  std::vector<bool> prefilter;
};

// Hex SHA-256 of everything the database depends on.
std::string DatabaseKey(const std::vector<std::string>& patterns, const std::vector<unsigned>& flags);

// The bytes of a stored database (header, prefilter flags, serialized database).
std::optional<std::string> SerializeDatabase(const std::string& key, const hs_database_t* database,
                                             const std::vector<bool>& prefilter);
// Reads bytes made by SerializeDatabase; nullopt when they are for another key
// or damaged.
std::optional<StoredDatabase> DeserializeDatabase(std::string_view bytes, const std::string& key,
                                                  size_t pattern_count);

// $XDG_CACHE_HOME/vigil, else $HOME/.cache/vigil; empty when neither is set.
std::string DefaultCacheDir();

class DatabaseCache {
 public:
  explicit DatabaseCache(std::string dir) : dir_(std::move(dir)) {}

  std::optional<StoredDatabase> Load(const std::string& key, size_t pattern_count) const;
  // Best effort: a cache that cannot be written is skipped silently.
  void Store(const std::string& key, const hs_database_t* database, const std::vector<bool>& prefilter) const;

 private:
  std::string PathFor(const std::string& key) const;
  std::string dir_;
};

}  // namespace vigil
