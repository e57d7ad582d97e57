// SHA-256 (FIPS 180-4), for fingerprints and cache keys. Not for passwords.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  std::array<uint8_t, 32> Finish();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

std::string ToHex(const uint8_t* bytes, size_t size);

}  // namespace vigil
