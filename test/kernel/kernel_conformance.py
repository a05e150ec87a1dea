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
    invalid_code_samples = ["const = 5", "1 +* 2", ")"]

    code_generate_error = 'throw new TypeError("bad")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '["pod", "talk"].join("")', "result": "'podtalk'"},
        {"code": DISPLAYABLE, "mime": "image/svg+xml", "result": '<svg xmlns="http://www.w3.org/2000/svg"/>'},
        {"code": ASYNC_DISPLAYABLE, "mime": "text/html", "result": "<b>later</b>"},
    ]

    code_display_data = [
        # The global display(), no import needed, with an object's own bundle...
        {"code": DISPLAYABLE.replace("\nshape", "\ndisplay(shape);"), "mime": "image/svg+xml"},
        # ...a plain value as text, an async bundle awaited, and the library's export.
        {"code": 'display("hello")', "mime": "text/plain"},
        {"code": ASYNC_DISPLAYABLE.replace("\nlater", "\nawait display(later);"), "mime": "text/html"},
        {"code": 'import { display as show } from "podtalk";\nshow({ "text/markdown": "**hi**" }, { raw: true })', "mime": "text/markdown"},
    ]

    code_clear_output = 'console.log("soon gone");\nclearOutput()'

    code_history_pattern = "1 + 2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.abs"


if __name__ == "__main__":
    unittest.main()
