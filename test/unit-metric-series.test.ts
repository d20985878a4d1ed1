// The metric families' text: label values are escaped as Prometheus' text format wants, the plain ones as they are.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CounterFamily } from "../src/server/metric-series.js";

test("label values with a quote, a backslash or a newline are escaped; plain ones are written as given", () => {
  const counter = new CounterFamily("demo_total", "Demo.", ["route", "status"]);
  counter.inc({ route: "/gradio_api/call/:api_name", status: "200" });
  counter.inc({ route: "/gradio_api/call/:api_name", status: "200" });
  counter.inc({ route: 'a"b\\c\nd', status: "404" });
  assert.equal(
    counter.render(),
    "# HELP demo_total Demo.\n# TYPE demo_total counter\n" +
      'demo_total{route="/gradio_api/call/:api_name",status="200"} 2\n' +
      'demo_total{route="a\\"b\\\\c\\nd",status="404"} 1\n',
  );
});
