"""jupyter_kernel_test conformance suite for podtalk's kernel.

Run by test/kernel/conformance.test.ts with JUPYTER_PATH pointing at a freshly installed
kernelspec; every message the kernel sends is validated against the messaging spec schema.
"""
import unittest

import jupyter_kernel_test

DISPLAYABLE = (
    'const shape = { [Symbol.for("Jupyter.display")]() { return { "text/plain": "shape", '
    '"image/svg+xml": "<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>" }; } };\n'
    "shape"
)

ASYNC_DISPLAYABLE = (
    'const later = { async [Symbol.for("Jupyter.display")]() { return { "text/plain": "later", '
    '"text/html": "<b>later</b>" }; } };\n'
    "later"
)


class PodtalkKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "podtalk"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "JSON.stri", "matches": {"stringify"}},
    ]
    complete_code_samples = ["1 + 1", "const a = [1, 2];", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]
    # tslab's isCompleteCode cannot tell invalid code apart from complete code.

    code_generate_error = 'throw new TypeError("bad")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '["pod", "talk"].join("")', "result": "'podtalk'"},
        {"code": DISPLAYABLE, "mime": "image/svg+xml", "result": '<svg xmlns="http://www.w3.org/2000/svg"/>'},
        {"code": ASYNC_DISPLAYABLE, "mime": "text/html", "result": "<b>later</b>"},
    ]

    code_history_pattern = "1 + 2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.abs"


if __name__ == "__main__":
    unittest.main()
