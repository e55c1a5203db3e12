#include "scenario/schema.h"

namespace gilsim {

// What the loader (loader.cc, steps.cc, primitives.cc, executors.cc,
// pool_steps.cc) accepts, for editors:
// the keys of each object, their types and ranges. The loader checks more
// (names that exist, starts that form no cycle, durations that fit): a file
// the schema accepts may still be refused, never the other way round
// (tests/schema/check.py validates every shipped scenario against it).
const char* scenario_schema() {
  return R"schema({
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
            "pipe": {"$ref": "#/$defs/duration", "description": "Writing a call or a result to a pipe, plus pipe_mb per MB."},
            "pipe_mb": {"$ref": "#/$defs/duration"},
            "worker_call": {"$ref": "#/$defs/duration", "description": "A pool worker's own Python time per call."}
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
    "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
    "step": {
      "description": "One kind key per step.",
      "oneOf": [
        {"$ref": "#/$defs/step_compute"},
        {"$ref": "#/$defs/step_sleep"},
        {"$ref": "#/$defs/step_io"},
        {"$ref": "#/$defs/step_start"},
        {"$ref": "#/$defs/step_join"},
        {"$ref": "#/$defs/step_spawn"},
        {"$ref": "#/$defs/step_wait"},
        {"$ref": "#/$defs/step_print"},
        {"$ref": "#/$defs/step_repeat"},
        {"$ref": "#/$defs/step_acquire"},
        {"$ref": "#/$defs/step_release"},
        {"$ref": "#/$defs/step_with"},
        {"$ref": "#/$defs/step_set"},
        {"$ref": "#/$defs/step_clear"},
        {"$ref": "#/$defs/step_put"},
        {"$ref": "#/$defs/step_get"},
        {"$ref": "#/$defs/step_repeat_until_empty"},
        {"$ref": "#/$defs/step_submit"},
        {"$ref": "#/$defs/step_map"},
        {"$ref": "#/$defs/step_results"},
        {"$ref": "#/$defs/step_as_completed"},
        {"$ref": "#/$defs/step_shutdown"}
      ]
    },
    "task_steps": {"type": "array", "items": {"$ref": "#/$defs/task_step"}},
    "task_step": {
      "description": "A task's steps run in whichever worker takes it: compute, sleep, io, print and repeat only, without \"$work\".",
      "oneOf": [
        {"$ref": "#/$defs/task_step_compute"},
        {"$ref": "#/$defs/task_step_sleep"},
        {"$ref": "#/$defs/task_step_io"},
        {"$ref": "#/$defs/step_print"},
        {"$ref": "#/$defs/task_step_repeat"}
      ]
    },
    "step_compute": {
      "type": "object", "required": ["compute"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {
        "compute": {"$ref": "#/$defs/work"},
        "gil": {
          "description": "true: Python (the default); false: native code that releases the GIL; \"hold\": native code that keeps it.",
          "anyOf": [{"type": "boolean"}, {"const": "hold"}]
        }
      }
    },
    "task_step_compute": {
      "type": "object", "required": ["compute"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"compute": {"$ref": "#/$defs/duration"}, "gil": {"$ref": "#/$defs/step_compute/properties/gil"}}
    },
    "task_step_sleep": {
      "type": "object", "required": ["sleep"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"sleep": {"$ref": "#/$defs/duration"}}
    },
    "task_step_io": {
      "type": "object", "required": ["io"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"io": {"$ref": "#/$defs/duration"}, "device": {"$ref": "#/$defs/name"}}
    },
    "task_step_repeat": {
      "type": "object", "required": ["repeat", "steps"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {
        "repeat": {"type": "integer", "minimum": 0},
        "steps": {"$ref": "#/$defs/task_steps"},
        "var": {"$ref": "#/$defs/step_repeat/properties/var"},
        "from": {"type": "integer"},
        "step": {"type": "integer"}
      }
    },
    "step_sleep": {
      "type": "object", "required": ["sleep"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"sleep": {"$ref": "#/$defs/work"}}
    },
    "step_io": {
      "type": "object", "required": ["io"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"io": {"$ref": "#/$defs/work"}, "device": {"$ref": "#/$defs/name"}}
    },
    "step_start": {
      "type": "object", "required": ["start"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"start": {"$ref": "#/$defs/name", "description": "A thread of this process (or one copy: worker-2)."}}
    },
    "step_join": {
      "type": "object", "required": ["join"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"join": {"$ref": "#/$defs/name"}}
    },
    "step_spawn": {
      "type": "object", "required": ["spawn"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"spawn": {"$ref": "#/$defs/name", "description": "A process (or one copy)."}}
    },
    "step_wait": {
      "description": "Wait for an event of this process (with an optional timeout) or for a process to finish.",
      "type": "object", "required": ["wait"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"wait": {"$ref": "#/$defs/name"}, "timeout": {"$ref": "#/$defs/duration"}}
    },
    "step_print": {
      "type": "object", "required": ["print"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {
        "print": {"type": "string", "description": "Placeholders: {thread}, {process}, {time}, {active_count}, loop variables; {{ and }} are braces."}
      }
    },
    "step_repeat": {
      "type": "object", "required": ["repeat", "steps"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {
        "repeat": {"type": "integer", "minimum": 0},
        "steps": {"$ref": "#/$defs/steps"},
        "var": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "from": {"type": "integer"},
        "step": {"type": "integer"}
      }
    },
    "step_acquire": {
      "type": "object", "required": ["acquire"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"acquire": {"$ref": "#/$defs/name"}}
    },
    "step_release": {
      "type": "object", "required": ["release"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"release": {"$ref": "#/$defs/name"}}
    },
    "step_with": {
      "type": "object", "required": ["with", "steps"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"with": {"$ref": "#/$defs/name"}, "steps": {"$ref": "#/$defs/steps"}}
    },
    "step_set": {
      "type": "object", "required": ["set"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"set": {"$ref": "#/$defs/name"}}
    },
    "step_clear": {
      "type": "object", "required": ["clear"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"clear": {"$ref": "#/$defs/name"}}
    },
    "step_put": {
      "type": "object", "required": ["put"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"put": {"$ref": "#/$defs/name"}, "work": {"$ref": "#/$defs/work"}}
    },
    "step_get": {
      "type": "object", "required": ["get"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"get": {"$ref": "#/$defs/name"}}
    },
    "step_repeat_until_empty": {
      "type": "object", "required": ["repeat_until_empty", "steps"], "additionalProperties": false,
      "patternProperties": {"^//": {}},
      "properties": {"repeat_until_empty": {"$ref": "#/$defs/name"}, "steps": {"$ref": "#/$defs/steps"}}
    },
    "step_submit": {
      "description": "executor.submit(task) count times.",
      "type": "object", "required": ["submit", "task"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {
        "submit": {"$ref": "#/$defs/name", "description": "An executor of this process."},
        "task": {"$ref": "#/$defs/name", "description": "A task of this process."},
        "count": {"type": "integer", "minimum": 1, "maximum": 1000000000, "default": 1}
      }
    },
    "step_map": {
      "description": "list(executor.map(task, items, chunksize=C)): count calls, then waits for their results.",
      "type": "object", "required": ["map", "task"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {
        "map": {"$ref": "#/$defs/name", "description": "An executor of this process."},
        "task": {"$ref": "#/$defs/name", "description": "A task of this process."},
        "count": {"type": "integer", "minimum": 0, "maximum": 1000000000, "default": 1},
        "chunksize": {"type": "integer", "minimum": 1, "maximum": 1000000000, "description": "Unset: 1, or Pool.map's ceil(count / (4 workers))."}
      }
    },
    "step_results": {
      "description": "concurrent.futures.wait: every call this thread submitted to the executor has finished.",
      "type": "object", "required": ["results"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"results": {"$ref": "#/$defs/name"}}
    },
    "step_as_completed": {
      "description": "for f in concurrent.futures.as_completed(fs): the steps, once per call this thread submitted, as it finishes.",
      "type": "object", "required": ["as_completed", "steps"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"as_completed": {"$ref": "#/$defs/name"}, "steps": {"$ref": "#/$defs/steps"}}
    },
    "step_shutdown": {
      "type": "object", "required": ["shutdown"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"shutdown": {"$ref": "#/$defs/name"}, "wait": {"type": "boolean", "default": true}}
    }
  }
}
)schema";
}

}  // namespace gilsim
