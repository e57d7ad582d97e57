// BoundedQueue: a blocking multi-producer, multi-consumer queue with a fixed
// capacity, so a fast producer cannot fill memory ahead of the workers.
// All methods are safe to call from many threads.
//
// A producer blocked on a full queue is woken only once the queue has drained
// to half its capacity, not on every Pop: waking it per item cost a context
// switch per blob, which on a 2-core history audit was a tenth of the time.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace vigil {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Blocks while full. Returns false (dropping nothing the caller still owns
  // a way to report) only after Close().
  bool Push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Blocks while empty; nullopt once closed and drained.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    if (items_.size() <= capacity_ / 2) not_full_.notify_one();
    return item;
  }

  // No more pushes; consumers drain what is left, then get nullopt.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace vigil
