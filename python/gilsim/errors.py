"""The exceptions of gilsim, each carrying the message the command line prints.

``gilsim run scenario.json`` says ``error: scenario.json: /processes/0/threads/1/steps/2:
unknown step "comptue" (did you mean "compute"?)``; ``gilsim.run("scenario.json")``
raises :class:`ScenarioError` whose ``str()`` is the same text without ``error:``,
with the places in it as attributes, so a notebook or an editor can point at them.
"""

import re

__all__ = ["Error", "ScenarioError", "UsageError", "LimitError", "VerifyError"]


class Error(Exception):
    """Anything gilsim refuses or reports on purpose (never a crash)."""

    @property
    def message(self):
        return str(self)


# After a file's name: ":LINE:COLUMN: " (malformed JSON), or ": /json/pointer: "
# ("/" alone for the whole document), after the "--set PATH=VALUE" that put the
# value there when one did (compare).
_AFTER_FILE = re.compile(r"(?::(?P<line>\d+):(?P<column>\d+)|(?:: --set .*?)?: (?P<path>/[^\s:]*))?: ")


class ScenarioError(Error, ValueError):
    """A mistake in a scenario (or a machine profile): the file, and where in it.

    Attributes:
        file: the file's path, or ``<dict>``, ``<string>``, ``<Scenario>`` for input
            that was not a file (as the message names it).
        path: the JSON pointer of the offending value (``"/processes/0/count"``),
            or None when the mistake has no place in the document (unreadable file,
            malformed JSON).
        line, column: 1-based place of malformed JSON in the text, else None. The
            command line gives these only for malformed JSON, and so does this.
    """

    def __init__(self, message, files=()):
        super().__init__(message)
        self.file = self.path = self.line = self.column = None
        # `files`: the names the input goes by; without them, the message's first part.
        for file in files or (message.split(": ", 1)[0].split(":", 1)[0],):
            at = message.find(file + ":") if file else -1
            if at < 0 or (at > 0 and message[at - 2:at] != ": "):
                continue
            self.file = file
            place = _AFTER_FILE.match(message, at + len(file))
            if place:
                self.path = place["path"]
                self.line = int(place["line"]) if place["line"] else None
                self.column = int(place["column"]) if place["column"] else None
            return


class UsageError(Error, ValueError):
    """An argument gilsim cannot use (a core count out of range, an unknown format...)."""


class LimitError(Error):
    """A limit (max_events, max_time, or simulated time itself) stopped the run.

    The message says where it stopped and how to raise the limit, as the CLI does
    (its exit code 4). A stopped run has no report.
    """


class VerifyError(Error):
    """verify's Python program failed, timed out or printed no report (CLI exit 7)."""
