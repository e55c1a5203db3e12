#include "scenario/schema.h"

#include <string>

namespace gilsim {

// What the loader (loader.cc, steps.cc, primitives.cc, executors.cc,
// pool_steps.cc) accepts, for editors:
// the keys of each object, their types and ranges. The loader checks more
// (names that exist, starts that form no cycle, durations that fit): a file
// the schema accepts may still be refused, never the other way round
// (tests/schema/check.py validates every shipped scenario against it).
const char* scenario_schema() {
  // The top level, processes and threads here; the steps in schema_steps.cc.
  static const std::string text = R"schema({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "gilsim scenario",
  "description": "A machine with N cores running processes and threads, each thread a script of steps. See README.md.",
  "type": "object",
  "required": ["name", "processes"],
  "additionalProperties": false,
  "patternProperties": {"^//": {"description": "A comment: the loader reads past it."}},
  "properties": {
    "$schema": {"type": "string", "description": "The JSON Schema of this file (gilsim schema prints it)."},
    "name": {"type": "string", "minLength": 1},
    "description": {"type": "string"},
    "cores": {"type": "integer", "minimum": 1, "maximum": 1048576, "default": 1},
    "python": {"type": "string", "pattern": "^(2\\.7|3\\.[0-9]{1,3})(\\.[0-9]{1,3})?$", "description": "The CPython version; 3.14+ starts processes by forkserver by default."},
    "start_method": {"$ref": "#/$defs/start_method"},
    "timer_slack": {"$ref": "#/$defs/duration", "description": "Added to every sleep (Linux: 50us)."},
    "costs": {
      "description": "What the machine charges that steps do not spell out; \"none\" for nothing.",
      "oneOf": [
        {"const": "none"},
        {
          "type": "object",
          "additionalProperties": false,
          "patternProperties": {"^//": {}},
          "properties": {
            "thread_start": {"$ref": "#/$defs/duration"},
            "first_thread_start": {"$ref": "#/$defs/duration"},
            "thread_start_latency": {"$ref": "#/$defs/duration"},
            "process_start": {"$ref": "#/$defs/duration"},
            "process_start_latency": {"$ref": "#/$defs/duration"},
            "forkserver_start": {"$ref": "#/$defs/duration"},
            "forkserver_boot": {"$ref": "#/$defs/duration", "description": "A forkserver child's start-up, on a core."},
            "forkserver_launch": {"$ref": "#/$defs/duration", "description": "A process's first forkserver start: the server starts."},
            "spawn_start": {"$ref": "#/$defs/duration"},
            "spawn_boot": {"$ref": "#/$defs/duration", "description": "A spawned child's start-up (a new interpreter), on a core."},
            "print": {"$ref": "#/$defs/duration"},
            "io_latency": {"$ref": "#/$defs/duration"},
            "wakeup": {"$ref": "#/$defs/duration"},
            "submit": {"$ref": "#/$defs/duration", "description": "Python time of one executor.submit()."},
            "pickle": {"$ref": "#/$defs/duration", "description": "Pickling a call or a result, plus pickle_mb per MB."},
            "pickle_mb": {"$ref": "#/$defs/duration"},
            "unpickle": {"$ref": "#/$defs/duration", "description": "Unpickling a call or a result, plus unpickle_mb per MB."},
            "unpickle_mb": {"$ref": "#/$defs/duration"},
            "worker_call": {"$ref": "#/$defs/duration", "description": "A pool worker's own Python time per call."},
            "queue_put": {"$ref": "#/$defs/duration", "description": "multiprocessing.Queue.put's own Python time in the caller."},
            "queue_send": {"$ref": "#/$defs/duration", "description": "A multiprocessing queue's sender's Python per message, plus pickle_mb per MB."},
            "queue_write": {"$ref": "#/$defs/duration", "description": "A write to a pipe (a queue's, or a process pool's call or result), without the GIL, plus queue_write_mb per MB."},
            "queue_write_mb": {"$ref": "#/$defs/duration"},
            "queue_recv": {"$ref": "#/$defs/duration", "description": "The receiver's Python per message, plus unpickle_mb per MB."},
            "queue_read_mb": {"$ref": "#/$defs/duration", "description": "The receiver's reading from the pipe per MB, without the GIL; a message larger than the pipe goes at the pace of the slower of writing and reading."},
            "manager_result": {"$ref": "#/$defs/duration", "description": "A ProcessPoolExecutor manager thread's own Python per result, besides unpickling it."},
            "manager_wakeup": {"$ref": "#/$defs/duration", "description": "The manager's Python per submit's wake-up message it reads."},
            "feeder_call": {"$ref": "#/$defs/duration", "description": "A ProcessPoolExecutor call queue's feeder thread's Python per call, besides pickling it."},
            "process_worker_call": {"$ref": "#/$defs/duration", "description": "A ProcessPoolExecutor worker process's own Python per call, besides pickling and pipes."},
            "map_result": {"$ref": "#/$defs/duration", "description": "ProcessPoolExecutor.map's caller's Python per result it takes."},
            "shared_access": {"$ref": "#/$defs/duration", "description": "One access of shared memory from Python (a Value's get or set, a slice of an Array or SharedMemory, with its lock), holding the GIL."},
            "shared_copy_mb": {"$ref": "#/$defs/duration", "description": "Copying into or out of shared memory per MB, holding the GIL."},
            "shared_touch_mb": {"$ref": "#/$defs/duration", "description": "A SharedMemory's pages on their first touch (allocated and zeroed by the kernel), per MB."}
          }
        }
      ]
    },
    "stdout": {"enum": ["line", "unbuffered", "block"], "default": "line"},
    "start_together": {"type": "boolean", "default": false},
    "scheduler": {
      "type": "object",
      "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {
        "policy": {"enum": ["fifo", "round_robin", "priority", "cfs"], "default": "round_robin"},
        "quantum": {"$ref": "#/$defs/duration"},
        "aging": {"$ref": "#/$defs/duration"},
        "latency": {"$ref": "#/$defs/duration"},
        "min_granularity": {"$ref": "#/$defs/duration"},
        "wakeup_granularity": {"$ref": "#/$defs/duration"},
        "context_switch": {"$ref": "#/$defs/duration"}
      }
    },
    "gil": {
      "type": "object",
      "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {
        "model": {"enum": ["cpython3", "cpython2", "none"], "default": "cpython3"},
        "switch_interval": {"$ref": "#/$defs/duration"},
        "handoff_latency": {"$ref": "#/$defs/duration"},
        "check_interval": {"$ref": "#/$defs/duration"},
        "wakeup_latency": {"$ref": "#/$defs/duration"},
        "signal_cost": {"$ref": "#/$defs/duration"},
        "single_thread_overhead": {"type": "number", "minimum": 1, "maximum": 100}
      }
    },
    "devices": {
      "description": "Devices that serve I/O steps naming them, with some channels each.",
      "oneOf": [
        {"type": "array", "items": {"$ref": "#/$defs/name"}},
        {
          "type": "object",
          "patternProperties": {"^//": {}},
          "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "patternProperties": {"^//": {}},
            "properties": {"channels": {"type": "integer", "minimum": 1}}
          }
        }
      ]
    },
    "mp_shared": {
      "description": "multiprocessing's locks, semaphores and events and its shared memory (Value, Array, shared_memory.SharedMemory), made by the program before any process starts, usable from every process: lock, event, read and write steps name them.",
      "type": "object",
      "patternProperties": {"^//": {}},
      "additionalProperties": {
        "type": "object",
        "required": ["kind"],
        "additionalProperties": false,
        "patternProperties": {"^//": {}},
        "properties": {
          "kind": {"enum": ["lock", "rlock", "semaphore", "event", "value", "array", "shared_memory"]},
          "value": {"type": "integer", "minimum": 0, "description": "semaphore: its initial value", "default": 1},
          "bounded": {"type": "boolean", "description": "semaphore: a BoundedSemaphore", "default": false},
          "lock": {"type": "boolean", "description": "value, array: made with a lock (lock=True)", "default": true},
          "bytes": {"$ref": "#/$defs/size", "description": "array, shared_memory: its size"}
        }
      }
    },
    "mp_queues": {
      "description": "multiprocessing queues made by the program before any process starts, usable from every process: put and get steps name them.",
      "oneOf": [
        {"type": "array", "items": {"$ref": "#/$defs/name"}},
        {
          "type": "object",
          "patternProperties": {"^//": {}},
          "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "patternProperties": {"^//": {}},
            "properties": {
              "kind": {"enum": ["queue", "simple_queue", "pipe"], "default": "queue"},
              "maxsize": {"type": "integer", "minimum": 0, "description": "queue only; 0: unbounded"},
              "capacity": {"$ref": "#/$defs/size", "default": "64KiB"}
            }
          }
        }
      ]
    },
    "processes": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/process"}}
  },
  "$defs": {
    "duration": {
      "type": "string",
      "pattern": "^[0-9]+(\\.[0-9]+)?(ns|us|ms|s|min|h)$",
      "examples": ["250ns", "50us", "1.5ms", "2s"]
    },
    "work": {
      "description": "A duration, or \"$work\": the work of the item the thread last got from a queue.",
      "anyOf": [{"$ref": "#/$defs/duration"}, {"const": "$work"}]
    },
    "name": {"type": "string", "minLength": 1, "pattern": "^[^/\\u0000-\\u001f\\u007f]+$"},
    "size": {
      "description": "Bytes a process pool pickles and sends: a number with a unit (KB = 1000 bytes, KiB = 1024), or 0.",
      "oneOf": [
        {"type": "integer", "const": 0},
        {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(B|KB|MB|GB|KiB|MiB|GiB)$"}
      ],
      "examples": ["512B", "100KB", "1.5MiB"]
    },
    "start_method": {"enum": ["fork", "forkserver", "spawn"], "description": "multiprocessing's; unset: fork, forkserver from python 3.14."},
    "priority": {"type": "integer", "minimum": 0, "maximum": 99},
    "nice": {"type": "integer", "minimum": -20, "maximum": 19},
    "cpus": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "integer", "minimum": 0}},
    "process": {
      "type": "object",
      "required": ["name", "threads"],
      "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {
        "name": {"$ref": "#/$defs/name"},
        "gil": {"type": "boolean", "default": true},
        "count": {"type": "integer", "minimum": 1, "maximum": 1000000},
        "start_cost": {"$ref": "#/$defs/duration"},
        "start_method": {"$ref": "#/$defs/start_method"},
        "priority": {"$ref": "#/$defs/priority"},
        "nice": {"$ref": "#/$defs/nice"},
        "cpus": {"$ref": "#/$defs/cpus"},
        "locks": {"type": "array", "items": {"$ref": "#/$defs/name"}},
        "rlocks": {"type": "array", "items": {"$ref": "#/$defs/name"}},
        "events": {"type": "array", "items": {"$ref": "#/$defs/name"}},
        "semaphores": {
          "type": "object",
          "patternProperties": {"^//": {}},
          "additionalProperties": {
            "oneOf": [
              {"type": "integer", "minimum": 1},
              {
                "type": "object",
                "additionalProperties": false,
                "patternProperties": {"^//": {}},
                "properties": {"value": {"type": "integer", "minimum": 0}, "bounded": {"type": "boolean"}}
              }
            ]
          }
        },
        "queues": {
          "oneOf": [
            {"type": "array", "items": {"$ref": "#/$defs/name"}},
            {
              "type": "object",
              "patternProperties": {"^//": {}},
              "additionalProperties": {
                "type": "object",
                "additionalProperties": false,
                "patternProperties": {"^//": {}},
                "properties": {"maxsize": {"type": "integer", "minimum": 0}}
              }
            }
          ]
        },
        "tasks": {
          "description": "What executors run: each task's steps and the sizes of its arguments and result (docs/pools.md).",
          "type": "object",
          "patternProperties": {"^//": {}},
          "additionalProperties": {"$ref": "#/$defs/task"}
        },
        "executors": {
          "description": "concurrent.futures executors; a thread pool's workers are threads NAME-1 ..., a process pool's processes NAME-1 ...",
          "type": "object",
          "patternProperties": {"^//": {}},
          "additionalProperties": {"$ref": "#/$defs/executor"}
        },
        "threads": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/thread"}}
      }
    },
    "task": {
      "type": "object",
      "required": ["steps"],
      "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {
        "steps": {"$ref": "#/$defs/task_steps"},
        "args": {"$ref": "#/$defs/size", "default": "0B"},
        "result": {"$ref": "#/$defs/size", "default": "0B"}
      }
    },
    "executor": {
      "type": "object",
      "required": ["kind"],
      "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {
        "kind": {"enum": ["thread", "process", "mp_pool"], "description": "ThreadPoolExecutor, ProcessPoolExecutor or multiprocessing.Pool."},
        "max_workers": {
          "type": "integer", "minimum": 1, "maximum": 4096,
          "description": "Unset: CPython's default, min(32, cores + 4) threads or cores processes."
        },
        "start_method": {"$ref": "#/$defs/start_method", "description": "A process pool's mp_context."}
      }
    },
    "thread": {
      "type": "object",
      "required": ["name"],
      "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {
        "name": {"$ref": "#/$defs/name"},
        "count": {"type": "integer", "minimum": 1, "maximum": 1000000},
        "priority": {"$ref": "#/$defs/priority"},
        "nice": {"$ref": "#/$defs/nice"},
        "cpus": {"$ref": "#/$defs/cpus"},
        "steps": {"$ref": "#/$defs/steps"}
      }
    },
)schema" + std::string(scenario_step_schema()) + R"schema(
  }
}
)schema";
  return text.c_str();
}

}  // namespace gilsim
