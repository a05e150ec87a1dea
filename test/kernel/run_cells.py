"""Runs requests against a kernel through jupyter_client and prints what came back, as JSON.

Usage: /usr/bin/python3 run_cells.py <kernel name> <kernel cwd> < steps.json
Each step is {"execute": code}, {"complete": code} (cursor at the end) or {"inspect": code,
"at": cursor}; the output is one
{"reply": content, "outputs": [{"type", "content"}]} per step.

An execute step may add "linger": seconds, to keep collecting the request's IOPub messages
for that long after its `idle` status. Deno's kernel publishes a cell's execute_result from the
JavaScript side while its server sends `idle`, so the result can trail the status (denoland/deno,
cli/tools/jupyter/server.rs, `publish_result`). A frontend that routes by parent header still
shows it; execute_interactive alone would miss it.
"""
import json
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def main():
    name, cwd = sys.argv[1], sys.argv[2]
    steps = json.load(sys.stdin)
    km, kc = start_new_kernel(kernel_name=name, cwd=cwd, startup_timeout=TIMEOUT)
    results = []
    try:
        for step in steps:
            if "execute" in step:
                outputs = []
                reply = kc.execute_interactive(
                    step["execute"],
                    timeout=TIMEOUT,
                    output_hook=lambda m: outputs.append({"type": m["msg_type"], "content": m["content"]}),
                )
                deadline = time.monotonic() + step.get("linger", 0)
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        msg = kc.get_iopub_msg(timeout=left)
                    except queue.Empty:
                        break
                    if msg["parent_header"].get("msg_id") == reply["parent_header"].get("msg_id"):
                        outputs.append({"type": msg["msg_type"], "content": msg["content"]})
                outputs = [o for o in outputs if o["type"] not in ("status", "execute_input")]
                results.append({"reply": reply["content"], "outputs": outputs})
            else:
                if "complete" in step:
                    code = step["complete"]
                    msg_id = kc.complete(code, len(code))
                else:
                    msg_id = kc.inspect(step["inspect"], step["at"])
                while True:
                    reply = kc.get_shell_msg(timeout=TIMEOUT)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                results.append({"reply": reply["content"], "outputs": []})
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
