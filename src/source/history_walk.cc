#include "source/history_walk.h"

#include <algorithm>
#include <cstring>

#include "util/text.h"

namespace vigil {
namespace {

// An object id is already uniformly spread: its first bytes are a hash.
uint64_t SpreadOf(const git_oid& oid) {
  uint64_t hash;
  std::memcpy(&hash, oid.id, sizeof(hash));
  return hash;
}

}  // namespace

HistoryWalk::HistoryWalk() : paths_{PathNode{kRootPath, ""}} {}

void HistoryWalk::WalkCommit(git_odb* odb, const git_oid& root_tree, uint32_t commit_index, SkipSink& skips) {
  if (trees_seen_.Insert(root_tree, kRootPath)) WalkTree(odb, root_tree, commit_index, skips);
}

bool HistoryWalk::TreeSet::Insert(const git_oid& tree, uint32_t path_id) {
  if (2 * (size_ + 1) > slots_.size()) Grow();
  const uint64_t hash = SpreadOf(tree) ^ (uint64_t{path_id} * 0x9E3779B97F4A7C15ull);
  const size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.path_id == kEmpty) {
      slot.tree = tree;
      slot.path_id = path_id;
      ++size_;
      return true;
    }
    if (slot.path_id == path_id && git_oid_equal(&slot.tree, &tree)) return false;
  }
}

void HistoryWalk::TreeSet::Grow() {
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(std::max<size_t>(64, slots_.size() * 2)));
  size_ = 0;
  for (const Slot& slot : old) {
    if (slot.path_id != kEmpty) Insert(slot.tree, slot.path_id);
  }
}

uint32_t HistoryWalk::InternPath(uint32_t parent, std::string_view name) {
  auto found = path_ids_.find(std::pair<uint32_t, std::string_view>(parent, name));
  if (found != path_ids_.end()) return found->second;
  auto id = static_cast<uint32_t>(paths_.size());
  path_ids_.emplace(std::pair<uint32_t, std::string>(parent, name), id);
  PathNode node{parent, std::string(name)};
  node.slot = static_cast<uint32_t>(paths_[parent].children.size());
  paths_[parent].children.push_back(id);
  paths_.push_back(std::move(node));
  return id;
}

uint32_t HistoryWalk::ChildPath(uint32_t dir_id, std::string_view name, size_t& cursor) {
  std::vector<uint32_t>& children = paths_[dir_id].children;
  // The next child, or one a few places on (the ones between were deleted).
  constexpr size_t kLookAhead = 4;
  for (size_t i = cursor; i < children.size() && i < cursor + kLookAhead; ++i) {
    if (paths_[children[i]].name == name) {
      cursor = i + 1;
      return children[i];
    }
  }
  uint32_t id = InternPath(dir_id, name);
  // Keep the children in the order of the newest tree read: move this one
  // to the cursor, so the next walk of this directory finds it in place.
  std::vector<uint32_t>& kids = paths_[dir_id].children;  // InternPath may have grown paths_
  size_t from = paths_[id].slot;
  size_t to = std::min(cursor, kids.size() - 1);
  if (from > to) {
    std::rotate(kids.begin() + static_cast<std::ptrdiff_t>(to), kids.begin() + static_cast<std::ptrdiff_t>(from),
                kids.begin() + static_cast<std::ptrdiff_t>(from) + 1);
    for (size_t i = to; i <= from; ++i) paths_[kids[i]].slot = static_cast<uint32_t>(i);
  }
  cursor = size_t{paths_[id].slot} + 1;
  return id;
}

std::string HistoryWalk::FullPath(uint32_t path_id) const {
  std::vector<uint32_t> chain;
  for (uint32_t id = path_id; id != kRootPath; id = paths_[id].parent) chain.push_back(id);
  std::string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!path.empty()) path += '/';
    path += paths_[*it].name;
  }
  return path;
}

namespace {

// One entry of a raw tree object: "<octal mode> <name>\0<20-byte id>".
struct TreeEntry {
  uint32_t mode = 0;
  std::string_view name;
  git_oid oid{};
};

constexpr uint32_t kModeTypeMask = 0170000;
constexpr uint32_t kModeTree = 0040000;
constexpr uint32_t kModeSymlink = 0120000;
constexpr uint32_t kModeGitlink = 0160000;

// Reads the entry at `data[offset]`; false when the tree is malformed there.
bool NextTreeEntry(std::string_view data, size_t& offset, TreeEntry& entry) {
  size_t space = data.find(' ', offset);
  if (space == std::string_view::npos || space == offset || space - offset > 7) return false;
  entry.mode = 0;
  for (size_t i = offset; i < space; ++i) {
    if (data[i] < '0' || data[i] > '7') return false;
    entry.mode = entry.mode * 8 + static_cast<uint32_t>(data[i] - '0');
  }
  size_t nul = data.find('\0', space + 1);
  if (nul == std::string_view::npos || nul == space + 1 || nul + 1 + GIT_OID_RAWSZ > data.size()) return false;
  entry.name = data.substr(space + 1, nul - space - 1);
  std::memcpy(entry.oid.id, data.data() + nul + 1, GIT_OID_RAWSZ);
  offset = nul + 1 + GIT_OID_RAWSZ;
  return true;
}

}  // namespace

// Reads raw tree objects rather than git_tree: the walk needs names, modes and
// ids only, and parsing them in place skips libgit2's per-tree allocations.
// An explicit stack keeps a hostile, very deep tree from exhausting the stack.
void HistoryWalk::WalkTree(git_odb* odb, const git_oid& root, uint32_t commit_index, SkipSink& skips) {
  std::vector<std::pair<git_oid, uint32_t>> pending = {{root, kRootPath}};
  while (!pending.empty()) {
    auto [tree_oid, dir_id] = pending.back();
    pending.pop_back();
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &tree_oid) != 0 || git_odb_object_type(raw) != GIT_OBJECT_TREE) {
      std::string reason = raw == nullptr ? LastGitError() : "not a tree";
      git_odb_object_free(raw);
      std::string dir = FullPath(dir_id);
      skips.Skip(EscapeInvalidUtf8(dir.empty() ? "/" : dir), "corrupt object",
                 "cannot read tree " + OidHex(tree_oid) + ": " + reason);
      continue;
    }
    GitOdbObject object(raw);
    std::string_view data(static_cast<const char*>(git_odb_object_data(object.get())),
                          git_odb_object_size(object.get()));
    size_t offset = 0;
    size_t cursor = 0;  // into paths_[dir_id].children
    TreeEntry entry;
    while (offset < data.size()) {
      if (!NextTreeEntry(data, offset, entry)) {
        std::string dir = FullPath(dir_id);
        skips.Skip(EscapeInvalidUtf8(dir.empty() ? "/" : dir), "corrupt object",
                   "malformed tree " + OidHex(tree_oid) + ": entries after byte " + std::to_string(offset) +
                       " not read");
        break;
      }
      uint32_t type = entry.mode & kModeTypeMask;
      if (type == kModeSymlink) continue;  // a link's blob is its target's name
      uint32_t path_id = ChildPath(dir_id, entry.name, cursor);
      git_oid& last_seen = paths_[path_id].last_seen;
      if (git_oid_equal(&last_seen, &entry.oid)) continue;  // unchanged since last seen
      last_seen = entry.oid;
      if (type == kModeTree) {
        if (trees_seen_.Insert(entry.oid, path_id)) pending.emplace_back(entry.oid, path_id);
      } else if (type == kModeGitlink) {
        if (gitlinks_seen_.insert(path_id).second) {
          skips.Skip(EscapeInvalidUtf8(FullPath(path_id)), "submodule",
                     "submodule (gitlink " + OidHex(entry.oid) + ") not scanned");
        }
      } else {
        AddSighting(entry.oid, path_id, commit_index);
      }
    }
  }
}


void HistoryWalk::AddSighting(const git_oid& blob, uint32_t path_id, uint32_t commit_index) {
  if (blobs_.Add(blob, Sighting{path_id, commit_index})) first_sightings_.push_back(FirstSighting{blob, path_id});
}

size_t HistoryWalk::BlobTable::SlotOf(const git_oid& blob) const {
  const uint64_t hash = SpreadOf(blob);
  const size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.first == kNone || git_oid_equal(&slot.blob, &blob)) return i;
  }
}

bool HistoryWalk::BlobTable::Add(const git_oid& blob, Sighting sighting) {
  if (2 * (size_ + 1) > slots_.size()) Grow();
  Slot& slot = slots_[SlotOf(blob)];
  const bool is_new = slot.first == kNone;
  if (!is_new) {
    for (uint32_t link = slot.first; link != kNone; link = links_[link].next) {
      if (links_[link].sighting.path_id == sighting.path_id) return false;
    }
  }
  auto added = static_cast<uint32_t>(links_.size());
  links_.push_back(Link{sighting, kNone});
  if (is_new) {
    slot.blob = blob;
    slot.first = added;
    ++size_;
  } else {
    links_[slot.last].next = added;
  }
  slot.last = added;
  return is_new;
}

std::vector<HistoryWalk::Sighting> HistoryWalk::BlobTable::Find(const git_oid& blob) const {
  std::vector<Sighting> sightings;
  if (slots_.empty()) return sightings;
  const Slot& slot = slots_[SlotOf(blob)];
  for (uint32_t link = slot.first; link != kNone; link = links_[link].next) sightings.push_back(links_[link].sighting);
  return sightings;
}

// Rehashing moves slots only: the chains stay where they are in links_.
void HistoryWalk::BlobTable::Grow() {
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(std::max<size_t>(64, slots_.size() * 2)));
  for (const Slot& slot : old) {
    if (slot.first != kNone) slots_[SlotOf(slot.blob)] = slot;
  }
}

std::vector<HistoryWalk::FirstSighting> HistoryWalk::TakeFirstSightings() {
  return std::exchange(first_sightings_, {});
}

std::vector<HistoryWalk::Sighting> HistoryWalk::SightingsOf(const git_oid& blob) const { return blobs_.Find(blob); }

}  // namespace vigil
