// BoundedQueue: a multi-producer, multi-consumer queue with a fixed capacity,
// so a fast producer cannot fill memory ahead of the consumers. A producer
// never waits on it: when the queue is full, TryPush hands the item back and
// the producer deals with it itself (the scan pipeline's producer scans it),
// which keeps every thread busy instead of parking one.
// All methods are safe to call from many threads.
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

  // Queues `item`, or returns it when the queue is full or closed.
  std::optional<T> TryPush(T item) {
    std::lock_guard lock(mutex_);
    if (closed_ || items_.size() >= capacity_) return item;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return std::nullopt;
  }

  // Blocks while empty; nullopt once closed and drained.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // No more pushes; consumers drain what is left, then get nullopt.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace vigil
