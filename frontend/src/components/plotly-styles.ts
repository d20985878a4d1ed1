/**
 * plotly.js adds its rules in <style> elements as it loads, which the page's CSP refuses. Its documented
 * switch: an element with its style id and the class `no-inline-styles`. This module is imported before
 * plotly.js so the switch is set before plotly.js runs; plot-plotly.css provides the rules instead.
 */
const id = "plotly.js-style-global";
if (!document.getElementById(id)) {
  const marker = document.createElement("meta");
  marker.id = id;
  marker.className = "no-inline-styles";
  document.head.appendChild(marker);
}
