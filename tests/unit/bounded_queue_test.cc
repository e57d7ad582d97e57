#include "util/bounded_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace vigil {
namespace {

TEST(BoundedQueueTest, HandsBackWhatExceedsTheCapacityByWeight) {
  BoundedQueue<int> queue(10);
  EXPECT_FALSE(queue.TryPush(1, 6));
  EXPECT_EQ(queue.TryPush(2, 5), 2) << "6 + 5 > 10";
  EXPECT_FALSE(queue.TryPush(3, 4));
  EXPECT_EQ(queue.TryPush(4), 4) << "full";
  EXPECT_EQ(queue.Pop(), 1);
  EXPECT_FALSE(queue.TryPush(5, 6)) << "its weight left with it";
  EXPECT_EQ(queue.Pop(), 3);
  EXPECT_EQ(queue.Pop(), 5);
  EXPECT_FALSE(queue.TryPush(6, 50)) << "an empty queue takes any weight";
  EXPECT_EQ(queue.Pop(), 6);
}

TEST(BoundedQueueTest, CloseRefusesPushesAndEndsPopsOnceDrained) {
  BoundedQueue<int> queue(4);
  EXPECT_FALSE(queue.TryPush(1));
  queue.Close();
  EXPECT_EQ(queue.TryPush(2), 2);
  EXPECT_EQ(queue.Pop(), 1);
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST(BoundedQueueTest, EveryItemReachesExactlyOneConsumer) {
  BoundedQueue<int> queue(8);
  std::vector<int> seen(2000, 0);
  std::vector<std::jthread> consumers;
  std::vector<std::vector<int>> taken(3);
  for (auto& mine : taken) {
    consumers.emplace_back([&queue, &mine] {
      while (std::optional<int> item = queue.Pop()) mine.push_back(*item);
    });
  }
  for (int i = 0; i < 2000; ++i) {
    while (queue.TryPush(i, 1 + i % 3)) std::this_thread::yield();
  }
  queue.Close();
  consumers.clear();
  for (const auto& mine : taken) {
    for (int item : mine) ++seen[static_cast<size_t>(item)];
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 2000);
}

}  // namespace
}  // namespace vigil
