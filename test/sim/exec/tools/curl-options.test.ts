import { strict as assert } from "node:assert";
import { parseCurlOptions } from "../../../../lib/sim/exec/tools/curl-options.js";

const HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n";

describe("parseCurlOptions()", () => {
  const cases = [
    { name: "bundled short flags", args: ["-sSvik", "http://web/"], set: { silent: true, showError: true, verbose: true, include: true, insecure: true } },
    {
      name: "long flags",
      args: ["--silent", "--show-error", "--verbose", "--include", "--insecure", "web"],
      set: { silent: true, showError: true, verbose: true, include: true, insecure: true },
    },
    {
      name: "a value glued to its short option",
      args: ["-w%{http_code}", "-o/dev/null", "-m2", "web"],
      set: { writeOut: "%{http_code}", output: "/dev/null", maxTime: 2 },
    },
    { name: "a value in the next argument, after bundled flags", args: ["-sw", "%{http_code}", "web"], set: { silent: true, writeOut: "%{http_code}" } },
    {
      name: "long options with values",
      args: ["--max-time", "0.5", "--output", "-", "--write-out", "x", "web"],
      set: { maxTime: 0.5, output: "-", writeOut: "x" },
    },
    { name: "the last URL", args: ["http://a/", "http://b/"], set: { url: "http://b/" } },
  ];
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      const parsed = parseCurlOptions(c.args);
      assert.notEqual(typeof parsed, "string");
      for (const [key, value] of Object.entries(c.set)) assert.deepEqual((parsed as unknown as Record<string, unknown>)[key], value, key);
    });
  }
  const usage = [
    { args: ["-W", "web"], error: `curl: option -W: is unknown\n${HINT}`, why: "-W is no curl option" },
    { args: ["--bogus", "web"], error: `curl: option --bogus: is unknown\n${HINT}`, why: "--bogus is no curl option" },
    { args: ["web", "-o"], error: `curl: option -o: requires parameter\n${HINT}`, why: "-o needs a file name" },
    { args: ["web", "--max-time"], error: `curl: option --max-time: requires parameter\n${HINT}`, why: "--max-time needs seconds" },
    { args: ["--max-time", "soon", "web"], error: `curl: option -m: expected a proper numerical parameter\n${HINT}`, why: "the time is not a number" },
    { args: ["-s"], error: `curl: no URL specified\n${HINT}`, why: "there is no URL" },
  ];
  for (const option of ["-x", "--proxy", "-F"]) {
    it(`says podtalk does not simulate the real curl option ${option}`, () =>
      assert.throws(() => parseCurlOptions([option, "p", "web"]), /^PodtalkError: podtalk does not simulate curl's option/));
  }
  it("reads -I, -L, -f, -X, -d, repeated -H and --resolve, --connect-timeout and -A", () => {
    const parsed = parseCurlOptions([
      "-ILf",
      "-X",
      "PUT",
      "-d",
      "a=b",
      "-H",
      "X-A: 1",
      "-H",
      "X-B: 2",
      "--resolve",
      "web:80:10.0.0.1",
      "--connect-timeout",
      "2",
      "-A",
      "probe",
      "web",
    ]);
    assert.deepEqual(parsed, {
      ...(parsed as object),
      head: true,
      location: true,
      fail: true,
      method: "PUT",
      data: "a=b",
      headers: ["X-A: 1", "X-B: 2"],
      resolve: ["web:80:10.0.0.1"],
      connectTimeout: 2,
      userAgent: "probe",
    });
  });
  for (const c of usage) {
    it(`refuses ${c.args.join(" ")}: ${c.why}`, () => assert.equal(parseCurlOptions(c.args), c.error));
  }
});
