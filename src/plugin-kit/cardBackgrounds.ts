import { createCanvas, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * Backgrounds of the cards plugins draw (the profile card, the rank card): the gradients shipped with the project,
 * and images admins upload as BACKGROUND items of the shop. Here, in the core's kit, because several plugins draw
 * them and none may import another's files.
 */

/** Three colours of a diagonal gradient: start, middle, end. */
export type BackgroundColours = readonly [string, string, string];

/**
 * The backgrounds shipped with the project, drawn by it (no image files to license): a diagonal gradient and soft
 * circles. A BACKGROUND item without an image shows the one its name or description names ("Sunset background");
 * an item naming none gets a gradient of its own, derived from its name.
 */
export const SHIPPED_BACKGROUNDS = {
  sunset: ['#ff7e5f', '#feb47b', '#6a3093'],
  ocean: ['#2193b0', '#6dd5ed', '#0b486b'],
  forest: ['#134e5e', '#71b280', '#0f2b1d'],
  aurora: ['#00c9ff', '#92fe9d', '#4b1d6b'],
  midnight: ['#0f2027', '#203a43', '#2c5364'],
  ember: ['#e52d27', '#b31217', '#2b0a0a'],
} as const satisfies Record<string, BackgroundColours>;

export type ShippedBackground = keyof typeof SHIPPED_BACKGROUNDS;

/** A card's own gradient when no BACKGROUND item is equipped. */
export const DEFAULT_BACKGROUND: BackgroundColours = ['#23272a', '#2c2f33', '#1e2124'];

/**
 * The size an uploaded background is stored at: large enough to cover every card (profile 900×420, rank 934×282)
 * without scaling up, small enough to keep rows light.
 */
export const BACKGROUND_IMAGE_WIDTH = 934;
export const BACKGROUND_IMAGE_HEIGHT = 420;

/** A member's equipped BACKGROUND item, as the economy plugin gives it: its name, and the uploaded image if any. */
export interface EquippedBackground {
  name: string;
  description: string | null;
  /** The stored (re-encoded) image, or null for a shipped background named by the item. */
  image: Buffer | null;
}

/** What a card draws behind its content. */
export type CardBackground = { kind: 'gradient'; colours: BackgroundColours } | { kind: 'image'; image: Image };

/** The colours of an item without an image: the shipped background it names, or a gradient from its name. */
export function shippedColoursOf(item: { name: string; description: string | null }): BackgroundColours {
  const text = `${item.name} ${item.description ?? ''}`.toLowerCase();
  const key = (Object.keys(SHIPPED_BACKGROUNDS) as ShippedBackground[]).find((name) => text.includes(name));
  if (key) return SHIPPED_BACKGROUNDS[key];
  let hash = 0;
  for (const char of item.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return [`hsl(${hue}, 65%, 55%)`, `hsl(${(hue + 40) % 360}, 60%, 45%)`, `hsl(${(hue + 200) % 360}, 45%, 20%)`];
}

/** What to draw for an equipped item (undefined: none equipped): its image, else its shipped gradient. */
export async function cardBackgroundOf(equipped: EquippedBackground | undefined): Promise<CardBackground | undefined> {
  if (!equipped) return undefined;
  if (equipped.image) {
    // Stored images were decoded and re-encoded on upload; should one still fail, the item's gradient stands in.
    const image = await loadImage(equipped.image).catch(() => undefined);
    if (image) return { kind: 'image', image };
  }
  return { kind: 'gradient', colours: shippedColoursOf(equipped) };
}

/** Fills the canvas's top-left `width` × `height` with a background. */
export function drawCardBackground(ctx: SKRSContext2D, background: CardBackground, width: number, height: number) {
  if (background.kind === 'image') drawImageCover(ctx, background.image, width, height);
  else drawGradientBackground(ctx, background.colours, width, height);
}

/** A shipped-style background: a diagonal gradient of three colours and soft circles. */
export function drawGradientBackground(ctx: SKRSContext2D, colours: BackgroundColours, width: number, height: number) {
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

/** Draws an image over the canvas's top-left `width` × `height`, scaled to cover it and centred (the rest cropped). */
export function drawImageCover(ctx: SKRSContext2D, image: Image, width: number, height: number) {
  const scale = Math.max(width / image.width, height / image.height);
  const sourceWidth = width / scale;
  const sourceHeight = height / scale;
  ctx.drawImage(
    image,
    (image.width - sourceWidth) / 2,
    (image.height - sourceHeight) / 2,
    sourceWidth,
    sourceHeight,
    0,
    0,
    width,
    height,
  );
}

/**
 * Re-encodes a decoded upload as a stored background: covered onto BACKGROUND_IMAGE_WIDTH × _HEIGHT (transparency
 * on black) and written as a JPEG. Nothing of the uploaded file survives but its pixels.
 */
export async function encodeBackgroundImage(image: Image): Promise<Buffer> {
  const canvas = createCanvas(BACKGROUND_IMAGE_WIDTH, BACKGROUND_IMAGE_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, BACKGROUND_IMAGE_WIDTH, BACKGROUND_IMAGE_HEIGHT);
  drawImageCover(ctx, image, BACKGROUND_IMAGE_WIDTH, BACKGROUND_IMAGE_HEIGHT);
  return canvas.encode('jpeg', 90);
}
