#include "core/blob.h"

namespace vigil {

Blob Blob::Owned(Provenance provenance, std::string bytes) {
  Blob blob;
  blob.provenance_ = std::move(provenance);
  blob.owned_ = std::move(bytes);
  return blob;
}

Blob Blob::Borrowed(Provenance provenance, std::string_view bytes,
                    std::shared_ptr<const void> keep_alive) {
  Blob blob;
  blob.provenance_ = std::move(provenance);
  blob.keep_alive_ = std::move(keep_alive);
  blob.borrowed_ = bytes;
  return blob;
}

}  // namespace vigil
