import type { SKRSContext2D } from '@napi-rs/canvas';

/**
 * The backgrounds shipped with the plugin, drawn by the project itself (no image files to license): a diagonal
 * gradient and soft circles. A BACKGROUND item shows the one its name or description names ("Sunset background");
 * an item naming none gets a gradient of its own, derived from its name.
 */
export const SHIPPED_BACKGROUNDS = {
  sunset: ['#ff7e5f', '#feb47b', '#6a3093'],
  ocean: ['#2193b0', '#6dd5ed', '#0b486b'],
  forest: ['#134e5e', '#71b280', '#0f2b1d'],
  aurora: ['#00c9ff', '#92fe9d', '#4b1d6b'],
  midnight: ['#0f2027', '#203a43', '#2c5364'],
  ember: ['#e52d27', '#b31217', '#2b0a0a'],
} as const satisfies Record<string, readonly [string, string, string]>;

export type BackgroundKey = keyof typeof SHIPPED_BACKGROUNDS;

/** The card's own background when no BACKGROUND item is equipped. */
export const DEFAULT_BACKGROUND: readonly [string, string, string] = ['#23272a', '#2c2f33', '#1e2124'];

/** The colours of an equipped BACKGROUND item: the shipped background it names, or a gradient from its name. */
export function backgroundOf(item: { name: string; description: string | null }): readonly [string, string, string] {
  const text = `${item.name} ${item.description ?? ''}`.toLowerCase();
  const key = (Object.keys(SHIPPED_BACKGROUNDS) as BackgroundKey[]).find((name) => text.includes(name));
  if (key) return SHIPPED_BACKGROUNDS[key];
  let hash = 0;
  for (const char of item.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return [`hsl(${hue}, 65%, 55%)`, `hsl(${(hue + 40) % 360}, 60%, 45%)`, `hsl(${(hue + 200) % 360}, 45%, 20%)`];
}

/** Fills the whole canvas with a background. */
export function drawBackground(
  ctx: SKRSContext2D,
  colours: readonly [string, string, string],
  width: number,
  height: number,
): void {
  const gradient = ctx.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, colours[0]);
  gradient.addColorStop(0.55, colours[1]);
  gradient.addColorStop(1, colours[2]);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.globalAlpha = 0.12;
  ctx.fillStyle = '#ffffff';
  for (const [cx, cy, r] of [
    [0.85, 0.15, 0.22],
    [0.1, 0.9, 0.3],
    [0.55, 0.6, 0.12],
  ] as const) {
    ctx.beginPath();
    ctx.arc(cx * width, cy * height, r * width, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}
