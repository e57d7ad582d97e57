#include "util/git_library.h"

#include <git2.h>

namespace vigil {

GitLibrary::GitLibrary() {
  git_libgit2_init();
  // vigil only reads repositories and never runs their hooks or filters, so a
  // repository owned by another user is safe to read (as in a CI checkout).
  git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

GitLibrary::~GitLibrary() { git_libgit2_shutdown(); }

}  // namespace vigil
