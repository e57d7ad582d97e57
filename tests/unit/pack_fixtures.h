// Test fixtures shared by the pack tests: pack indexes built by hand, a
// temporary objects directory, and a real repository whose history git
// packed with deltas.
#pragma once

#include <git2.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "source/git_handles.h"
#include "util/git_library.h"

namespace vigil {

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline git_oid FromHex(const std::string& hex) {
  git_oid oid{};
  git_oid_fromstr(&oid, hex.c_str());
  return oid;
}

inline git_oid Oid(unsigned char first, unsigned char last) {
  git_oid oid{};
  oid.id[0] = first;
  oid.id[19] = last;
  return oid;
}

inline void PutU32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

struct Entry {
  git_oid oid;
  uint64_t offset;
};

// A pack index as git writes it (version 1 or 2), for `entries` in any order.
inline std::string MakeIndex(std::vector<Entry> entries, int version) {
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return std::memcmp(a.oid.id, b.oid.id, 20) < 0; });
  std::string out;
  if (version == 2) out += std::string("\xfftOc\0\0\0\2", 8);
  for (int byte = 0; byte < 256; ++byte) {
    auto count = std::count_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.oid.id[0] <= byte; });
    PutU32(out, static_cast<uint32_t>(count));
  }
  if (version == 1) {
    for (const Entry& e : entries) {
      PutU32(out, static_cast<uint32_t>(e.offset));
      out.append(reinterpret_cast<const char*>(e.oid.id), 20);
    }
  } else {
    for (const Entry& e : entries) out.append(reinterpret_cast<const char*>(e.oid.id), 20);
    for (size_t i = 0; i < entries.size(); ++i) PutU32(out, 0);  // CRCs
    std::string large;
    uint32_t large_count = 0;
    for (const Entry& e : entries) {
      if (e.offset < 0x80000000u) {
        PutU32(out, static_cast<uint32_t>(e.offset));
      } else {
        PutU32(out, 0x80000000u | large_count++);
        PutU32(large, static_cast<uint32_t>(e.offset >> 32));
        PutU32(large, static_cast<uint32_t>(e.offset));
      }
    }
    out += large;
  }
  out += std::string(40, '\0');  // pack and index checksums
  return out;
}

class PackIndexTest : public ::testing::Test {
 protected:
  PackIndexTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vigil-pack-XXXXXX").string();
    objects_ = mkdtemp(pattern.data());
    std::filesystem::create_directories(objects_ / "pack");
  }
  ~PackIndexTest() override { std::filesystem::remove_all(objects_); }

  void WriteIndex(const std::string& name, const std::string& bytes) {
    std::ofstream(objects_ / "pack" / name, std::ios::binary) << bytes;
  }

  std::filesystem::path objects_;
};

// A real repository: twelve versions of a 400-line file and of a small one,
// packed by git with offset deltas (UseReferenceDeltas repacks).
class RealPackTest : public PackIndexTest {
 protected:
  using Object = std::pair<git_object_t, std::string>;

  void SetUp() override {
    repo_ = objects_.parent_path() / (objects_.filename().string() + "-repo");
    std::string q = "'" + repo_.string() + "'";
    std::string script = "set -e; git init -q " + q + "; cd " + q +
                         "; git config user.email t@example.invalid; git config user.name t"
                         "; for i in $(seq 1 12); do seq 1 400 | sed \"s/^$i\\$/line $i changed/\" > big.txt;"
                         " echo \"small $i\" > small.txt; git add -A; git commit -qm \"r$i\"; done"
                         "; git repack -adq --depth=50 --window=50";
    ASSERT_EQ(std::system(script.c_str()), 0);
    pack_dir_ = repo_ / ".git" / "objects" / "pack";
  }
  void TearDown() override { std::filesystem::remove_all(repo_); }

  // Repacks with reference deltas (a base named by id) instead of offsets.
  void UseReferenceDeltas() {
    std::string script = "git -C '" + repo_.string() + "' -c repack.useDeltaBaseOffset=false repack -adfq --depth=50 --window=50";
    ASSERT_EQ(std::system(script.c_str()), 0);
  }

  // The pack file of the repository.
  std::filesystem::path PackFile() const {
    for (const auto& entry : std::filesystem::directory_iterator(pack_dir_)) {
      if (entry.path().extension() == ".pack") return entry.path();
    }
    return {};
  }

  // A fresh handle each time: a repack replaces the pack files.
  struct Database {
    GitRepository repo;
    GitOdb odb;
  };
  std::optional<Database> OpenDatabase() const {
    git_repository* raw_repo = nullptr;
    if (git_repository_open(&raw_repo, repo_.c_str()) != 0) return std::nullopt;
    Database database{GitRepository(raw_repo), nullptr};
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, database.repo.get()) != 0) return std::nullopt;
    database.odb.reset(raw_odb);
    return database;
  }

  // Every object of the repository with its type and content, as libgit2 reads them.
  std::map<std::string, Object> Libgit2Objects() {
    std::map<std::string, Object> out;
    std::optional<Database> database = OpenDatabase();
    if (!database) return out;
    git_odb* odb = database->odb.get();
    for (const auto& [hex, header] : Libgit2Headers()) {
      git_oid id = FromHex(hex);
      git_odb_object* raw = nullptr;
      if (git_odb_read(&raw, odb, &id) != 0) continue;
      GitOdbObject object(raw);
      out[hex] = {git_odb_object_type(object.get()),
                  std::string(static_cast<const char*>(git_odb_object_data(object.get())),
                              git_odb_object_size(object.get()))};
    }
    return out;
  }

  // Every object of the repository with its size and type, as libgit2 reads them.
  std::map<std::string, std::pair<size_t, git_object_t>> Libgit2Headers() {
    std::map<std::string, std::pair<size_t, git_object_t>> out;
    std::optional<Database> database = OpenDatabase();
    if (!database) return out;
    git_odb* odb = database->odb.get();
    std::vector<git_oid> ids;
    git_odb_foreach(
        odb, [](const git_oid* id, void* payload) {
          static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
          return 0;
        },
        &ids);
    for (const git_oid& id : ids) {
      size_t size = 0;
      git_object_t type = GIT_OBJECT_INVALID;
      if (git_odb_read_header(&size, &type, odb, &id) == 0) out[git_oid_tostr_s(&id)] = {size, type};
    }
    return out;
  }

  GitLibrary git_;
  std::filesystem::path repo_;
  std::filesystem::path pack_dir_;
};

}  // namespace vigil
