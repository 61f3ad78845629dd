// layout.js: a deterministic force-directed layout (Fruchterman-Reingold
// with gravity, a fixed start and a fixed number of steps): the same graph
// gives the same picture on every load; then labels are pushed apart.

// nodes: [{id, w (label width px)}], edges: [{from, to}] (node ids).
// Returns Map id -> {x, y} inside [margin, width-margin] x [margin, height-margin].
export function layout(nodes, edges, width, height) {
	const n = nodes.length;
	const pos = new Map();
	if (!n) return pos;
	const index = new Map(nodes.map((nd, i) => [nd.id, i]));
	const x = new Float64Array(n), y = new Float64Array(n);
	const dx = new Float64Array(n), dy = new Float64Array(n);
	// Start on a spiral, in the order given (the caller sorts): no randomness.
	for (let i = 0; i < n; i++) {
		const a = i * 2.399963;
		const r = 10 * Math.sqrt(i + 1);
		x[i] = Math.cos(a) * r;
		y[i] = Math.sin(a) * r;
	}
	const links = [];
	for (const e of edges) {
		const a = index.get(e.from), b = index.get(e.to);
		if (a !== undefined && b !== undefined && a !== b) links.push([a, b]);
	}
	// Nodes with many links push harder, so that the hubs, and the links
	// between them, get room.
	const mass = new Float64Array(n).fill(1);
	for (const [a, b] of links) {
		mass[a] += 0.35;
		mass[b] += 0.35;
	}
	const area = width * height;
	const k = 1.45 * Math.sqrt(area / n);
	let temp = width / 8;
	const steps = 320;
	for (let it = 0; it < steps; it++) {
		dx.fill(0);
		dy.fill(0);
		for (let i = 0; i < n; i++) {
			for (let j = i + 1; j < n; j++) {
				let ddx = x[i] - x[j], ddy = y[i] - y[j];
				let d2 = ddx * ddx + ddy * ddy;
				if (d2 < 0.01) {
					ddx = 0.1 * (i - j);
					ddy = 0.1;
					d2 = ddx * ddx + ddy * ddy;
				}
				// Beyond 3k apart nodes no longer push each other: parts
				// that share no link stay near, not at the picture's edge.
				if (d2 > 9 * k * k) continue;
				const f = k * k * Math.sqrt(mass[i] * mass[j]) / d2;
				dx[i] += ddx * f;
				dy[i] += ddy * f;
				dx[j] -= ddx * f;
				dy[j] -= ddy * f;
			}
		}
		for (const [a, b] of links) {
			const ddx = x[a] - x[b], ddy = y[a] - y[b];
			const d = Math.sqrt(ddx * ddx + ddy * ddy) || 0.01;
			const f = d / k;
			dx[a] -= ddx * f;
			dy[a] -= ddy * f;
			dx[b] += ddx * f;
			dy[b] += ddy * f;
		}
		for (let i = 0; i < n; i++) {
			// Gravity keeps unconnected parts from drifting off; it pulls
			// harder across than down, for a wide picture.
			dx[i] -= x[i] * 0.04 * k / 40;
			dy[i] -= y[i] * 0.08 * k / 40;
			const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
			const m = Math.min(d, temp);
			x[i] += dx[i] / d * m;
			y[i] += dy[i] / d * m;
		}
		temp = Math.max(1, temp * 0.985);
	}
	// Fit to the box.
	const margin = 70;
	let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
	for (let i = 0; i < n; i++) {
		x0 = Math.min(x0, x[i]);
		x1 = Math.max(x1, x[i]);
		y0 = Math.min(y0, y[i]);
		y1 = Math.max(y1, y[i]);
	}
	const sx = (width - 2 * margin) / Math.max(1, x1 - x0);
	const sy = (height - 2 * margin) / Math.max(1, y1 - y0);
	for (let i = 0; i < n; i++) {
		x[i] = margin + (x[i] - x0) * sx;
		y[i] = margin + (y[i] - y0) * sy;
	}
	// Labels: a box under each node; push overlapping boxes apart.
	const lh = 30;
	for (let pass = 0; pass < 60; pass++) {
		let moved = false;
		for (let i = 0; i < n; i++) {
			for (let j = i + 1; j < n; j++) {
				const wi = nodes[i].w / 2 + nodes[j].w / 2 + 6;
				const ox = wi - Math.abs(x[i] - x[j]);
				const oy = lh - Math.abs(y[i] - y[j]);
				if (ox > 0 && oy > 0) {
					moved = true;
					if (ox < oy * 2) {
						const s = (x[i] < x[j] || (x[i] === x[j] && i < j)) ? -1 : 1;
						x[i] += s * ox / 2;
						x[j] -= s * ox / 2;
					} else {
						const s = (y[i] < y[j] || (y[i] === y[j] && i < j)) ? -1 : 1;
						y[i] += s * oy / 2;
						y[j] -= s * oy / 2;
					}
				}
			}
		}
		for (let i = 0; i < n; i++) {
			x[i] = Math.min(width - nodes[i].w / 2 - 4, Math.max(nodes[i].w / 2 + 4, x[i]));
			y[i] = Math.min(height - 30, Math.max(24, y[i]));
		}
		if (!moved) break;
	}
	for (let i = 0; i < n; i++) pos.set(nodes[i].id, {x: x[i], y: y[i]});
	return pos;
}
