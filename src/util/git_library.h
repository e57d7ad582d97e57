// GitLibrary: libgit2's process-wide init and shutdown, owned by main().
// libgit2 needs this once per process; holding it in one RAII object keeps
// that global state out of every other module.
#pragma once

namespace vigil {

class GitLibrary {
 public:
  GitLibrary();
  ~GitLibrary();
  GitLibrary(const GitLibrary&) = delete;
  GitLibrary& operator=(const GitLibrary&) = delete;
};

}  // namespace vigil
