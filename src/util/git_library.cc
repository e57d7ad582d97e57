#include "util/git_library.h"

#include <git2.h>

namespace vigil {

GitLibrary::GitLibrary() {
  git_libgit2_init();
  // vigil only reads repositories and never runs their hooks or filters, so a
  // repository owned by another user is safe to read (as in a CI checkout).
  git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  // Every object is read once, so libgit2's object cache only costs memory,
  // and re-hashing each object doubles the cost of reading it; a damaged
  // object still fails to inflate or parse and is reported.
  git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

GitLibrary::~GitLibrary() { git_libgit2_shutdown(); }

}  // namespace vigil
