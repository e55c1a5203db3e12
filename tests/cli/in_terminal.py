#!/usr/bin/env python3
"""Runs a command with its standard output (and error) on a pseudo-terminal
of a given width, as a user's terminal would be, and prints what it wrote.

    in_terminal.py COLUMNS COMMAND...

COLUMNS is the terminal's width (TIOCSWINSZ); the environment is passed on
as it is (set or unset $COLUMNS around the call to test it). Exits with the
command's exit code.
"""
import fcntl
import os
import struct
import sys
import termios


def main():
    columns, command = int(sys.argv[1]), sys.argv[2:]
    pid, fd = os.forkpty()
    if pid == 0:
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        os.execvp(command[0], command)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
