#!/usr/bin/env bash
# Installs vigil's build and test dependencies from Debian's packages (Debian 12).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates python3
  libre2-dev libgit2-dev zlib1g-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev pre-commit
  neovim  # tests/e2e/neovim_test.cc drives `vigil lsp` from a real editor
)
# Hyperscan is x86-only; vectorscan provides the same libhs elsewhere.
$SUDO apt-get update -qq
if apt-cache show libhyperscan-dev >/dev/null 2>&1; then
  packages+=(libhyperscan-dev)
else
  packages+=(libvectorscan-dev)
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "vigil: dependencies installed"
