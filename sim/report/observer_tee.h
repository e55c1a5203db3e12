#pragma once
// Hands every observer call to two observers, `first` first: one run can feed
// a Recorder (the numbers) and a Timeline (the drawn lanes) at once.

#include "model/observer.h"

namespace gilsim {

class ObserverTee : public Observer {
 public:
  ObserverTee(Observer& first, Observer& second) : first_(first), second_(second) {}

  void on_thread_state(const StateChange& change) override {
    first_.on_thread_state(change);
    second_.on_thread_state(change);
  }
  void on_gil_acquire(Time t, ProcessIndex p, ThreadIndex holder, bool forced) override {
    first_.on_gil_acquire(t, p, holder, forced);
    second_.on_gil_acquire(t, p, holder, forced);
  }
  void on_gil_release(Time t, ProcessIndex p, ThreadIndex holder) override {
    first_.on_gil_release(t, p, holder);
    second_.on_gil_release(t, p, holder);
  }
  void on_gil_drop_request(Time t, ProcessIndex p, ThreadIndex requester) override {
    first_.on_gil_drop_request(t, p, requester);
    second_.on_gil_drop_request(t, p, requester);
  }
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) override {
    first_.on_core_overhead(t, core, incoming, duration);
    second_.on_core_overhead(t, core, incoming, duration);
  }
  void on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) override {
    first_.on_sync(t, thread, sync, op, value);
    second_.on_sync(t, thread, sync, op, value);
  }
  void on_pool_call(std::uint32_t executor, const PoolDone& done) override {
    first_.on_pool_call(executor, done);
    second_.on_pool_call(executor, done);
  }
  void on_pool_workers(std::uint32_t executor, std::uint32_t count) override {
    first_.on_pool_workers(executor, count);
    second_.on_pool_workers(executor, count);
  }
  void on_pool_busy(std::uint32_t executor, ThreadIndex worker, Time taken, Time finished) override {
    first_.on_pool_busy(executor, worker, taken, finished);
    second_.on_pool_busy(executor, worker, taken, finished);
  }
  void on_pool_cost(std::uint32_t executor, ThreadIndex thread, PoolCostKind kind, Time duration) override {
    first_.on_pool_cost(executor, thread, kind, duration);
    second_.on_pool_cost(executor, thread, kind, duration);
  }
  void on_program_error(const ProgramError& error) override {
    first_.on_program_error(error);
    second_.on_program_error(error);
  }
  void on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin) override {
    first_.on_device(t, thread, device, begin);
    second_.on_device(t, thread, device, begin);
  }
  void on_print(Time t, ThreadIndex thread, std::string_view text) override {
    first_.on_print(t, thread, text);
    second_.on_print(t, thread, text);
  }
  void on_deadlock(const Deadlock& deadlock) override {
    first_.on_deadlock(deadlock);
    second_.on_deadlock(deadlock);
  }
  void on_end(Time t, const ThreadStates& states) override {
    first_.on_end(t, states);
    second_.on_end(t, states);
  }

 private:
  Observer& first_;
  Observer& second_;
};

}  // namespace gilsim
