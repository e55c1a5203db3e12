#include "compare/runner.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace gilsim {

void run_jobs(std::size_t count, unsigned workers, const std::function<void(std::size_t)>& job,
              const std::function<void(std::size_t done)>& progress) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(count);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t done = 0;  // guarded by mutex

  auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
      try {
        job(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++done;
      changed.notify_one();
    }
  };

  progress(0);
  std::size_t pool_size = workers < 1 ? 1 : workers;
  if (pool_size > count) pool_size = count;
  std::vector<std::thread> pool;
  pool.reserve(pool_size);
  for (std::size_t w = 0; w < pool_size; ++w) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // out of threads: the workers already started share the jobs
    }
  }
  if (pool.empty()) work();  // not even one: run them all here
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (done < count) {
      changed.wait_for(lock, std::chrono::milliseconds(100));
      std::size_t seen = done;
      lock.unlock();
      progress(seen);
      lock.lock();
    }
  }
  for (std::thread& thread : pool) thread.join();
  progress(count);
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

unsigned workers_within_memory(unsigned wanted, std::uint64_t bytes_per_job) {
  long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::uint64_t usable = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                                               : UINT64_MAX;
  rlimit space{};
  if (::getrlimit(RLIMIT_AS, &space) == 0 && space.rlim_cur != RLIM_INFINITY)
    usable = std::min<std::uint64_t>(usable, space.rlim_cur);
  std::uint64_t fit = bytes_per_job == 0 ? wanted : usable / 2 / bytes_per_job;
  return static_cast<unsigned>(std::clamp<std::uint64_t>(fit, 1, std::max(wanted, 1u)));
}

unsigned default_workers() {
  unsigned n = std::thread::hardware_concurrency();
  return n < 1 ? 1 : n;
}

}  // namespace gilsim
