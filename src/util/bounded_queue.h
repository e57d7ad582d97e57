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
#include <utility>

namespace vigil {

template <typename T>
class BoundedQueue {
 public:
  // `capacity` bounds the total weight of the queued items.
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Queues `item`, or returns it when the queue is closed or `weight` more
  // would exceed the capacity (an empty queue takes any weight).
  std::optional<T> TryPush(T item, size_t weight = 1) {
    std::lock_guard lock(mutex_);
    if (closed_ || (!items_.empty() && weight_ + weight > capacity_)) return item;
    items_.emplace_back(std::move(item), weight);
    weight_ += weight;
    not_empty_.notify_one();
    return std::nullopt;
  }

  // Blocks while empty; nullopt once closed and drained.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front().first);
    weight_ -= items_.front().second;
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
  std::deque<std::pair<T, size_t>> items_;  // with their weights
  size_t weight_ = 0;
  bool closed_ = false;
};

}  // namespace vigil
