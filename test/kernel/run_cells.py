"""Runs requests against a kernel through jupyter_client and prints what came back, as JSON.

Usage: /usr/bin/python3 run_cells.py <kernel name> <kernel cwd> < steps.json
Each step is {"execute": code}, {"complete": code} (cursor at the end) or {"inspect": code,
"at": cursor}; the output is one
{"reply": content, "outputs": [{"type", "content"}]} per step.
"""
import json
import sys

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
