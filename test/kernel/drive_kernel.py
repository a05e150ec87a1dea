"""Drives podtalk's kernel through jupyter_client and prints what it observed, as JSON.

Usage: /usr/bin/python3 drive_kernel.py <kernel cwd>
Used by test/kernel/kernel-behaviour.test.ts, which asserts on the printed JSON.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def collect(kc, msg_id):
    """The iopub messages (type, content) of one request, up to its idle status."""
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return out
            continue
        out.append({"type": msg["msg_type"], "content": msg["content"]})


def reply_to(kc, msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def drain(kc):
    """The iopub messages (type, content) already waiting."""
    out = []
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Exception:  # queue.Empty
            return out
        out.append({"type": msg["msg_type"], "content": msg["content"]})


def run(kc, code, **kw):
    msg_id = kc.execute(code, **kw)
    reply = reply_to(kc, msg_id)
    return {"reply": reply, "outputs": collect(kc, msg_id)}


def main():
    cwd = sys.argv[1]
    km, kc = start_new_kernel(kernel_name="podtalk", cwd=cwd, startup_timeout=TIMEOUT)
    result = {}
    try:
        result["thrown"] = run(kc, "const a: any = null;\nconst b = 1;\na.missing.x")
        result["typeError"] = run(kc, 'import { isDisplayable } from "podtalk";\nisDisplayable()')
        result["podtalkImport"] = run(kc, 'import { JUPYTER_DISPLAY } from "podtalk"; JUPYTER_DISPLAY.toString()')
        result["cluster"] = run(kc, 'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 1, seed: 1 });\ncluster')
        completing = kc.complete("cluster.ap", len("cluster.ap"))
        result["complete"] = {"reply": reply_to(kc, completing), "outputs": []}
        result["displays"] = run(
            kc,
            'console.log("before");\ndisplay("middle", { displayId: "d" });\nconsole.log("after");\n'
            'await display("updated", { displayId: "d", update: true });\nclearOutput({ wait: true })',
        )
        result["displayTypes"] = run(kc, 'display(1, { displayId: 5 })')
        result["rejected"] = run(kc, 'await Promise.reject(new RangeError("no route to pod"))')

        # A failing cell with requests queued behind it: the queued ones are aborted... (the cell
        # waits a moment before it throws, so the second request has surely arrived by then, even
        # when the cell's compilation comes from the cache and takes no time at all)
        failing = kc.execute('await new Promise((r) => setTimeout(r, 300)); throw new Error("first")')
        queued = kc.execute('console.log("queued")')
        result["failing"] = {"reply": reply_to(kc, failing), "outputs": collect(kc, failing)}
        result["queued"] = {"reply": reply_to(kc, queued), "outputs": collect(kc, queued)}
        # With stop_on_error false, the failing cell aborts nothing.
        tolerant = kc.execute('throw new Error("tolerated")', stop_on_error=False)
        behind = kc.execute('console.log("behind")')
        result["tolerant"] = {"reply": reply_to(kc, tolerant), "outputs": collect(kc, tolerant)}
        result["behindTolerant"] = {"reply": reply_to(kc, behind), "outputs": collect(kc, behind)}
        # ...but a request sent right after the error reply runs (tslab dropped it for 200 ms).
        first = kc.execute('throw new Error("second")')
        reply_to(kc, first)
        result["rightAfter"] = run(kc, 'console.log("still running")')

        # Errors thrown later, outside any cell, do not kill the kernel.
        late = run(kc, 'setTimeout(() => { throw new Error("late") }, 0);\nsetTimeout(() => { Promise.reject(new RangeError("late rejection")) }, 20); 1')
        time.sleep(0.5)
        # What arrived after the cell went idle, on behalf of that cell.
        result["late"] = {"reply": late["reply"], "outputs": drain(kc)}
        # A busy loop is broken by an interrupt.
        busy = kc.execute("while (true) {}")
        time.sleep(2)
        km.interrupt_kernel()
        result["interrupted"] = {"reply": reply_to(kc, busy), "outputs": collect(kc, busy)}
        result["exit"] = run(kc, "process.exit(3)")
        result["afterAll"] = run(kc, "6 * 7")
        result["silent"] = run(kc, "10", silent=True)
        result["noHistory"] = run(kc, "11", store_history=False)
        result["counted"] = run(kc, "12")
    finally:
        process = km.provisioner.process
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        # 0 when the kernel exited by itself after shutdown_reply; negative when it had to be killed.
        result["exitCode"] = process.returncode
        result["alive"] = km.is_alive()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
