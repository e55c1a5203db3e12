#include "model/sync/effects.h"

namespace gilsim {

const char* sync_op_name(SyncOp op) {
  switch (op) {
    case SyncOp::acquire: return "acquire";
    case SyncOp::release: return "release";
    case SyncOp::set: return "set";
    case SyncOp::clear: return "clear";
    case SyncOp::put: return "put";
    case SyncOp::get: return "get";
    case SyncOp::error: return "error";
  }
  return "?";
}

}  // namespace gilsim
