// HistoryWalk: which blobs a run of commits holds, at which paths, and the
// oldest commit each (blob, path) pair appears in.
//
//   HistoryWalk walk;
//   walk.WalkCommit(odb, tree_of_commit_i, i, skips);  // oldest commit first
//   ...
//   walk.TakeFirstSightings();  // blobs new since the last call
//
// Each commit's tree is walked, skipping an entry unchanged since it was last
// seen at its path and a subtree already walked at the same path, so a tree
// shared by many commits is read once.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "source/git_repo.h"
#include "source/source.h"

namespace vigil {

class HistoryWalk {
 public:
  struct Sighting {
    uint32_t path_id;
    uint32_t commit_index;  // the oldest commit seen holding the blob at that path
  };
  struct FirstSighting {
    git_oid blob;
    uint32_t path_id;
  };

  HistoryWalk();

  // Walks the tree of commit `commit_index`; commits must come oldest first.
  // A tree that cannot be read or parsed is reported to `skips` and the rest
  // of the commit is walked.
  void WalkCommit(git_odb* odb, const git_oid& root_tree, uint32_t commit_index, SkipSink& skips);

  // Blobs seen for the first time since the last call, in walk order.
  std::vector<FirstSighting> TakeFirstSightings();

  // Every path the blob was seen at, in the order first seen; empty for a
  // blob never seen.
  std::vector<Sighting> SightingsOf(const git_oid& blob) const;
  // Calls `visit(blob, sighting)` for each pair seen so far.
  template <typename Visit>
  void ForEachSighting(Visit visit) const {
    blobs_.ForEach(visit);
  }
  // A path id's path, raw bytes as in the trees.
  std::string FullPath(uint32_t path_id) const;

 private:
  static constexpr uint32_t kRootPath = 0;

  // The (tree, path) pairs already walked: an open-addressing table, since
  // the walk inserts one per changed subtree and a node per entry (as in
  // std::unordered_set) cost an allocation each and a slow teardown.
  class TreeSet {
   public:
    // True when the pair was not there yet.
    bool Insert(const git_oid& tree, uint32_t path_id);

   private:
    static constexpr uint32_t kEmpty = UINT32_MAX;  // path ids stay below the node count
    struct Slot {
      git_oid tree;
      uint32_t path_id = kEmpty;
    };
    void Grow();
    std::vector<Slot> slots_;
    size_t size_ = 0;
  };
  // Each blob seen and its sightings: an open-addressing table of ids over
  // one vector of sightings chained per blob, so the walk allocates nothing
  // per blob and frees two vectors at the end (a map of vectors cost an
  // allocation per blob, and a serial 10-20 ms to free on bench/git).
  class BlobTable {
   public:
    // Adds (blob, sighting) unless the blob was already seen at that path.
    // True when the blob is new.
    bool Add(const git_oid& blob, Sighting sighting);
    std::vector<Sighting> Find(const git_oid& blob) const;
    template <typename Visit>
    void ForEach(Visit visit) const {
      for (const Slot& slot : slots_) {
        for (uint32_t link = slot.first; link != kNone; link = links_[link].next) visit(slot.blob, links_[link].sighting);
      }
    }

   private:
    static constexpr uint32_t kNone = UINT32_MAX;
    struct Slot {
      git_oid blob;
      uint32_t first = kNone;  // kNone: an empty slot
      uint32_t last = kNone;
    };
    struct Link {
      Sighting sighting;
      uint32_t next = kNone;
    };
    size_t SlotOf(const git_oid& blob) const;  // its slot, or the empty one it would take
    void Grow();
    std::vector<Slot> slots_;
    std::vector<Link> links_;
    size_t size_ = 0;
  };

  // A path is interned as its parent's id and its last name, so an entry
  // costs one hash of a short key, never of its full path.
  struct PathNode {
    uint32_t parent;
    std::string name;  // raw bytes, as in the tree
    // The object last seen at this path. Most entries of a changed tree did
    // not change since the previous commit; this check skips them without
    // touching the hash sets.
    git_oid last_seen{};
    // Children in the order first met. Trees list entries in a fixed order,
    // so the next entry of a directory is usually the next child: checking
    // that first skips the hash lookup for nearly every entry.
    std::vector<uint32_t> children;
    uint32_t slot = 0;  // this node's index in its parent's children
  };
  struct PathKeyHash {
    using is_transparent = void;
    size_t operator()(const std::pair<uint32_t, std::string_view>& key) const {
      return std::hash<std::string_view>()(key.second) ^ (size_t{key.first} * 0x9E3779B97F4A7C15ull);
    }
    size_t operator()(const std::pair<uint32_t, std::string>& key) const {
      return (*this)(std::pair<uint32_t, std::string_view>(key.first, key.second));
    }
  };
  struct PathKeyEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return a.first == b.first && std::string_view(a.second) == std::string_view(b.second);
    }
  };

  uint32_t InternPath(uint32_t parent, std::string_view name);
  // InternPath for the entries of one directory in tree order; `cursor`
  // starts at 0 for each tree read.
  uint32_t ChildPath(uint32_t dir_id, std::string_view name, size_t& cursor);
  void WalkTree(git_odb* odb, const git_oid& root, uint32_t commit_index, SkipSink& skips);
  void AddSighting(const git_oid& blob, uint32_t path_id, uint32_t commit_index);

  BlobTable blobs_;
  std::vector<FirstSighting> first_sightings_;  // in walk order, until taken
  TreeSet trees_seen_;
  std::unordered_set<uint32_t> gitlinks_seen_;
  std::unordered_map<std::pair<uint32_t, std::string>, uint32_t, PathKeyHash, PathKeyEqual> path_ids_;
  std::vector<PathNode> paths_;
};

}  // namespace vigil
