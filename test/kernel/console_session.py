"""Scripts `jupyter console --kernel podtalk` through a pseudo-terminal (pexpect).

Exits 0 when every prompt, result, stream, display and error appeared as expected; prints the
whole session either way. Used by test/kernel/console.test.ts.
"""
import sys

import pexpect

TIMEOUT = 60


def main():
    c = pexpect.spawn(
        "/usr/bin/jupyter",
        ["console", "--kernel", "podtalk", "--simple-prompt"],
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    c.logfile_read = sys.stdout
    try:
        converse(c)
    finally:
        # Never leave the console (and so its kernel) running when an expectation failed.
        if c.isalive():
            c.terminate(force=True)
    sys.exit(0 if c.exitstatus == 0 else 1)


def converse(c):
    c.expect(r"podtalk \d+\.\d+\.\d+: TypeScript")  # the banner from kernel_info_reply
    c.expect(r"In \[1\]: ")
    c.sendline("1 + 2")
    c.expect(r"Out\[1\]: 3")
    c.expect(r"In \[2\]: ")
    c.sendline('console.log("hello, " + "console")')
    c.expect("hello, console")
    c.expect(r"In \[3\]: ")
    c.sendline('display({ [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "shown by display" }) })')
    c.expect("shown by display")
    c.expect(r"In \[4\]: ")
    c.sendline('throw new RangeError("boom")')
    c.expect(r"RangeError: boom\s+at Cell In\[4\], line 1")
    c.expect(r"In \[5\]: ")
    c.sendline("const answer: number = 42; answer")
    c.expect(r"Out\[5\]: 42")
    c.expect(r"In \[6\]: ")
    c.sendeof()
    if c.expect([r"exit \(\[y\]/n\)\? ", pexpect.EOF]) == 0:
        c.sendline("y")
        c.expect(pexpect.EOF)
    c.close()


if __name__ == "__main__":
    main()
