/* The visible graph as a standalone SVG drawn from Cytoscape's computed styles.
 *
 * The npm extension cytoscape-svg is GPL-3.0; this small writer keeps the page MIT. It draws
 * what a printed poster needs: node shapes with their fill and border, straight edges with
 * arrowheads (dashed when the page draws them dashed), and node labels.
 */
(function (global) {
  "use strict";

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function num(value) {
    return Math.round(value * 100) / 100;
  }

  function px(value) {
    var n = parseFloat(value);
    return isNaN(n) ? 0 : n;
  }

  function polygon(points, x, y, w, h) {
    var out = [];
    for (var i = 0; i < points.length; i += 2) {
      out.push(num(x + points[i] * w / 2) + "," + num(y + points[i + 1] * h / 2));
    }
    return out.join(" ");
  }

  var SHAPES = {
    diamond: [0, -1, 1, 0, 0, 1, -1, 0],
    hexagon: [-1, 0, -0.5, -1, 0.5, -1, 1, 0, 0.5, 1, -0.5, 1],
    triangle: [0, -1, 1, 1, -1, 1],
    "round-tag": [-1, -1, 0.5, -1, 1, 0, 0.5, 1, -1, 1],
    tag: [-1, -1, 0.5, -1, 1, 0, 0.5, 1, -1, 1],
    octagon: [-0.41, -1, 0.41, -1, 1, -0.41, 1, 0.41, 0.41, 1, -0.41, 1, -1, 0.41, -1, -0.41],
  };

  function dash(style, width) {
    if (style === "dashed") return ' stroke-dasharray="' + num(width * 3) + " " + num(width * 2) + '"';
    if (style === "dotted") return ' stroke-dasharray="' + num(width) + " " + num(width * 1.5) + '"';
    return "";
  }

  function nodeShape(node) {
    var p = node.position();
    var w = node.width();
    var h = node.height();
    var shape = node.style("shape");
    var fill = node.style("background-color");
    var opacity = px(node.style("opacity")) * px(node.style("background-opacity"));
    var bw = px(node.style("border-width"));
    var stroke = bw > 0
      ? ' stroke="' + node.style("border-color") + '" stroke-width="' + num(bw) + '"' +
        dash(node.style("border-style"), bw)
      : "";
    var common = ' fill="' + fill + '" fill-opacity="' + num(opacity) + '"' + stroke;
    if (shape === "ellipse") {
      return '<ellipse cx="' + num(p.x) + '" cy="' + num(p.y) + '" rx="' + num(w / 2) +
        '" ry="' + num(h / 2) + '"' + common + "/>";
    }
    if (SHAPES[shape]) {
      return '<polygon points="' + polygon(SHAPES[shape], p.x, p.y, w, h) + '"' + common + "/>";
    }
    var radius = shape.indexOf("round") === 0 ? Math.min(w, h) / 4 : 0;
    return '<rect x="' + num(p.x - w / 2) + '" y="' + num(p.y - h / 2) + '" width="' + num(w) +
      '" height="' + num(h) + '" rx="' + num(radius) + '"' + common + "/>";
  }

  function nodeLabel(node, maxChars) {
    var text = node.style("label");
    if (!text) return "";
    if (text.length > maxChars) text = text.slice(0, maxChars - 1) + "…";
    var p = node.position();
    var size = px(node.style("font-size"));
    var valign = node.style("text-valign");
    var y = valign === "bottom" ? p.y + node.height() / 2 + size + 2
      : valign === "top" ? p.y - node.height() / 2 - 4 : p.y + size / 3;
    return '<text x="' + num(p.x) + '" y="' + num(y) + '" font-size="' + num(size) +
      '" fill="' + node.style("color") + '" text-anchor="middle">' + esc(text) + "</text>";
  }

  function edgeShape(edge) {
    var s = edge.sourceEndpoint();
    var t = edge.targetEndpoint();
    var width = px(edge.style("width"));
    var color = edge.style("line-color");
    var opacity = px(edge.style("opacity")) * px(edge.style("line-opacity"));
    var out = '<line x1="' + num(s.x) + '" y1="' + num(s.y) + '" x2="' + num(t.x) + '" y2="' +
      num(t.y) + '" stroke="' + color + '" stroke-width="' + num(width) + '" stroke-opacity="' +
      num(opacity) + '"' + dash(edge.style("line-style"), width) + "/>";
    if (edge.style("target-arrow-shape") !== "none") {
      var dx = t.x - s.x;
      var dy = t.y - s.y;
      var len = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / len;
      var uy = dy / len;
      var size = Math.max(6, width * 3.5);
      var bx = t.x - ux * size;
      var by = t.y - uy * size;
      var pts = [t.x, t.y, bx - uy * size / 2, by + ux * size / 2, bx + uy * size / 2, by - ux * size / 2];
      out += '<polygon points="' + num(pts[0]) + "," + num(pts[1]) + " " + num(pts[2]) + "," +
        num(pts[3]) + " " + num(pts[4]) + "," + num(pts[5]) + '" fill="' +
        edge.style("target-arrow-color") + '" fill-opacity="' + num(opacity) + '"/>';
    }
    return out;
  }

  /* The SVG text of the visible elements of `cy`, with a white background. */
  function toSvg(cy, options) {
    var opts = options || {};
    var maxChars = opts.maxChars || 40;
    var visible = cy.elements(":visible");
    var box = visible.boundingBox({ includeLabels: true });
    var pad = 20;
    if (!isFinite(box.x1)) box = { x1: 0, y1: 0, w: 100, h: 100 };
    var x = box.x1 - pad;
    var y = box.y1 - pad;
    var w = box.w + 2 * pad;
    var h = box.h + 2 * pad;
    var parts = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="' + num(x) + " " + num(y) +
        " " + num(w) + " " + num(h) + '" width="' + Math.ceil(w) + '" height="' + Math.ceil(h) +
        '" font-family="system-ui, sans-serif">',
      "<title>" + esc(opts.title || "lanka") + "</title>",
      '<rect x="' + num(x) + '" y="' + num(y) + '" width="' + num(w) + '" height="' + num(h) +
        '" fill="#ffffff"/>',
      '<g class="edges">',
    ];
    visible.edges().forEach(function (edge) { parts.push(edgeShape(edge)); });
    parts.push('</g><g class="nodes">');
    visible.nodes().forEach(function (node) { parts.push(nodeShape(node)); });
    parts.push('</g><g class="labels">');
    visible.nodes().forEach(function (node) { parts.push(nodeLabel(node, maxChars)); });
    parts.push("</g></svg>");
    return parts.join("\n");
  }

  global.lankaSvg = { toSvg: toSvg };
})(window);
