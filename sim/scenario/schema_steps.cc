#include "scenario/schema.h"

namespace gilsim {

// The steps' part of the scenario schema's "$defs" (schema.cc has the rest):
// what steps.cc and pool_steps.cc accept.
const char* scenario_step_schema() {
  return R"schema(    "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
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
        {"$ref": "#/$defs/step_shutdown"},
        {"$ref": "#/$defs/step_read"},
        {"$ref": "#/$defs/step_write"}
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
      "properties": {"put": {"$ref": "#/$defs/name"}, "work": {"$ref": "#/$defs/work"},
                     "bytes": {"$ref": "#/$defs/size", "description": "a multiprocessing queue's item: its pickled size"}}
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
    },
    "step_read": {
      "type": "object", "required": ["read"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"read": {"$ref": "#/$defs/name"}, "bytes": {"$ref": "#/$defs/size", "description": "an array's or shared_memory's bytes each access copies (default: all)"},
                     "count": {"type": "integer", "minimum": 1, "default": 1}}
    },
    "step_write": {
      "type": "object", "required": ["write"], "additionalProperties": false, "patternProperties": {"^//": {}},
      "properties": {"write": {"$ref": "#/$defs/name"}, "bytes": {"$ref": "#/$defs/size", "description": "an array's or shared_memory's bytes each access copies (default: all)"},
                     "count": {"type": "integer", "minimum": 1, "default": 1}}
    })schema";
}

}  // namespace gilsim
