#include "report/recorder.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace gilsim {

namespace {


// Several changes at one instant make one point; a point equal to the one
// before it is no change at all.
void record_level(std::vector<StepPoint>& curve, Time t, std::uint32_t value) {
  if (!curve.empty() && curve.back().time == t) {
    curve.back().value = value;
    if (curve.size() >= 2 && curve[curve.size() - 2].value == value) curve.pop_back();
    return;
  }
  if (curve.empty() || curve.back().value != value) curve.push_back({t, value});
}

}  // namespace

Recorder::Recorder(const Roster& roster, RecorderDetail detail, OutputBudget output)
    : roster_(&roster),
      keep_detail_(detail == RecorderDetail::full),
      output_budget_(output),
      pools_(roster.executors().size()),
      gil_now_(roster.processes().size()) {
  result_.threads.resize(roster.threads().size());
  if (keep_detail_) result_.intervals.resize(roster.threads().size());
  result_.processes.resize(roster.processes().size());
  result_.core_busy.assign(roster.cores(), 0);
  result_.core_overhead.assign(roster.cores(), 0);
  if (keep_detail_ && roster.scenario().scheduler.context_switch > 0) result_.core_overheads.resize(roster.cores());
  result_.detailed = keep_detail_;
  result_.syncs.resize(roster.syncs().size());
  result_.devices.resize(roster.scenario().devices.size());
  open_syncs_.resize(result_.syncs.size());
  open_devices_.resize(result_.devices.size());
  if (keep_detail_) {
    result_.concurrency.curve.push_back({0, 0});
    result_.parallelism.curve.push_back({0, 0});
  }
}

void Recorder::close_state(const StateChange& c) {
  const ThreadState state = c.from;
  const Time length = c.length();
  result_.threads[c.thread].time_in.add(state, length);
  if (SyncResult* on = waited_on(state, c.from_detail)) {
    on->wait += length;
    on->max_wait = std::max(on->max_wait, length);
  }
  // A thread stuck in a deadlock keeps its last interval even when it took no
  // time: the reports draw that wait as going on for ever.
  const bool stuck_for_ever = deadlocked_ && c.at == c.since && c.to == c.from;
  if (!is_alive(state) || (length <= 0 && !stuck_for_ever)) return;
  if (on_core(state)) {
    if (c.from_detail >= result_.core_busy.size()) result_.core_busy.resize(c.from_detail + 1, 0);
    result_.core_busy[c.from_detail] += length;
  }
  if (!keep_detail_) return;
  std::vector<StateInterval>& intervals = result_.intervals[c.thread];
  if (!intervals.empty()) {
    StateInterval& last = intervals.back();
    if (last.end == c.since && last.state == state && last.detail == c.from_detail) {
      last.end = c.at;
      return;
    }
  }
  intervals.push_back({c.since, c.at, state, c.from_detail});
}

// The value held since `now.since` is settled only once time moves on, so of
// several changes at one instant only the last one counts: exactly the points
// of the coalesced curve, whose average and maximum these are.
void Recorder::change_level(LevelNow& now, LevelSummary& summary, Time t, std::uint32_t value) {
  if (t > now.since) {
    now.area += static_cast<LevelNow::Area>(now.value) * static_cast<LevelNow::Area>(t - now.since);
    now.max = std::max(now.max, now.value);
    now.since = t;
  }
  now.value = value;
  if (keep_detail_) record_level(summary.curve, t, value);
}

// The curve's last point counts towards the maximum even when it lasts no
// time (it is the state the run ended in).
void Recorder::finish_level(LevelNow& now, LevelSummary& summary, Time end) {
  now.area += static_cast<LevelNow::Area>(now.value) * static_cast<LevelNow::Area>(end - now.since);
  now.since = end;
  summary.max = std::max(now.max, now.value);
  summary.average = end > 0 ? static_cast<double>(now.area) / static_cast<double>(end) : 0.0;
}

// The primitive or device a wait is on; null for every other state (the
// common case, decided by one comparison).
SyncResult* Recorder::waited_on(ThreadState state, std::uint32_t detail) {
  if (!is_sync_wait(state)) return nullptr;
  switch (state) {
    case ThreadState::lock_wait:
    case ThreadState::event_wait:
    case ThreadState::queue_wait: return &result_.syncs[detail];
    case ThreadState::device_wait: return &result_.devices[detail];
    default: return nullptr;
  }
}

namespace {
void count(std::uint32_t& counter) {
  if (counter != UINT32_MAX) ++counter;
}
}  // namespace

void Recorder::on_thread_state(const StateChange& c) {
  close_state(c);
  const Time t = c.at;
  const ThreadState state = c.to, was = c.from;
  if (SyncResult* on = waited_on(state, c.detail)) ++on->waits;
  ThreadResult& r = result_.threads[c.thread];
  std::uint32_t alive = alive_.value - (is_alive(was) ? 1 : 0) + (is_alive(state) ? 1 : 0);
  std::uint32_t running = running_.value - (on_core(was) ? 1 : 0) + (on_core(state) ? 1 : 0);
  if (r.start < 0 && state != ThreadState::not_started) r.start = t;
  if (state == ThreadState::finished && r.finish < 0) r.finish = t;
  // The scheduling counts follow from the transitions alone; from Python to
  // native code and back is no switch.
  if (on_core(state) && was == ThreadState::ready) {
    Time waited = c.length();
    r.response_total += waited;
    r.response_max = std::max(r.response_max, waited);
    count(r.dispatches);
    if (c.migrated) count(r.migrations);
  } else if (on_core(was) && state == ThreadState::ready) {
    count(r.preemptions);
  } else if (on_core(was) && !on_core(state) && state != ThreadState::finished) {
    count(r.voluntary);
  }
  change_level(alive_, result_.concurrency, t, alive);
  change_level(running_, result_.parallelism, t, running);
}

void Recorder::close_gil(ProcessIndex process, Time t) {
  GilNow& now = gil_now_[process];
  if (!now.held) return;
  ProcessResult& r = result_.processes[process];
  r.gil_held += t - now.since;
  if (keep_detail_ && t > now.since) r.holders.push_back({now.since, t, now.holder, now.forced});
  now.held = false;
}

void Recorder::on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) {
  close_gil(process, t);  // only if the model forgot a release
  GilNow& now = gil_now_[process];
  ProcessResult& r = result_.processes[process];
  // The first acquisition of a GIL is not a hand-off: nobody handed it over.
  if (now.ever_held && now.holder != holder) ++r.gil_handoffs;
  if (forced) ++r.forced_switches;
  now = {true, forced, true, holder, t};
}

void Recorder::on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) {
  GilNow& now = gil_now_[process];
  if (now.held && now.holder == holder) close_gil(process, t);
}

void Recorder::on_core_overhead(Time t, CoreIndex core, ThreadIndex, Time duration) {
  result_.core_overhead[core] += duration;
  if (!result_.core_overheads.empty()) result_.core_overheads[core].push_back({t, t + duration});
}

void Recorder::on_gil_drop_request(Time, ProcessIndex process, ThreadIndex) {
  ++result_.processes[process].drop_requests;
}

void Recorder::on_print(Time t, ThreadIndex thread, std::string_view text) {
  if (!output_budget_.keep) return;
  output_bytes_ += OutputBudget::kOutputLineBytes + text.size();
  if (output_bytes_ > output_budget_.max_bytes) throw OutputLimitReached{t};
  result_.output.push_back({t, thread, std::string(text)});
}

void Recorder::begin_hold(SyncResult& r, OpenHolds& open, ThreadIndex thread, Time t) {
  open.begin(thread, t);
  r.peak = std::max<std::int64_t>(r.peak, static_cast<std::int64_t>(open.size()));
}

void Recorder::end_hold(SyncResult& r, std::optional<OpenHolds::Hold> hold, Time t) {
  if (!hold) return;
  Time length = t - hold->since;
  r.held += length;
  r.max_held = std::max(r.max_held, length);
  r.held_by[hold->thread] += length;
  if (keep_detail_) r.holds.push_back({hold->since, t, hold->thread});
}

void Recorder::on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) {
  SyncResult& r = result_.syncs[sync];
  SyncKind kind = roster_->sync_spec(sync).kind;
  switch (op) {
    case SyncOp::acquire:  // an rlock's inner acquire (depth above 1) is no new hold
      if (kind == SyncKind::semaphore || value == 1) {
        ++r.uses;
        begin_hold(r, open_syncs_[sync], thread, t);
      }
      break;
    case SyncOp::release: {  // a semaphore released by a thread that holds none ends the oldest hold
      OpenHolds& open = open_syncs_[sync];
      if (kind == SyncKind::semaphore)
        end_hold(r, open.holds(thread) ? open.end_latest_of(thread) : open.end_oldest(), t);
      else if (value == 0)
        end_hold(r, open.end_latest_of(thread), t);
      break;
    }
    case SyncOp::set: ++r.uses; break;
    case SyncOp::clear: break;
    case SyncOp::put:
      ++r.puts;
      r.peak = std::max(r.peak, value);
      break;
    case SyncOp::get: ++r.uses; break;
    case SyncOp::error: ++r.errors; break;
  }
}

void Recorder::on_program_error(const ProgramError& error) {
  result_.program_errors.push_back(error);
}

void Recorder::on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin) {
  SyncResult& r = result_.devices[device];
  if (begin) {
    ++r.uses;
    begin_hold(r, open_devices_[device], thread, t);
  } else {
    end_hold(r, open_devices_[device].end_latest_of(thread), t);
  }
}

void Recorder::on_end(Time t, const ThreadStates& states) {
  result_.makespan = t;
  for (ThreadIndex i = 0; i < states.size(); ++i) close_state(states.current(i, t));
  for (ProcessIndex p = 0; p < gil_now_.size(); ++p) close_gil(p, t);
  // What is still held at the end (a deadlock, a thread that never released) counts until then.
  for (std::size_t s = 0; s < open_syncs_.size(); ++s)
    while (!open_syncs_[s].empty()) end_hold(result_.syncs[s], open_syncs_[s].end_latest(), t);
  for (ThreadIndex i = 0; i < states.size(); ++i) {
    result_.processes[roster_->threads()[i].process].gil_wait +=
        result_.threads[i].time_in[ThreadState::gil_wait];
  }
  finish_level(alive_, result_.concurrency, t);
  finish_level(running_, result_.parallelism, t);
  ended_ = true;
}

void Recorder::on_deadlock(const Deadlock& deadlock) {
  deadlocked_ = true;
  result_.deadlock.assign(1, deadlock);
}

RunResult Recorder::take() {
  assert(ended_ && "Recorder::take() before on_end()");
  result_.pools = pools_.take();
  return std::move(result_);
}

}  // namespace gilsim
