import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';

export const RANK_CARD_WIDTH = 934;
export const RANK_CARD_HEIGHT = 282;

const FONT = 'Noto Sans';
const fontFiles = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
// The same font on every machine: shipped with the project through @fontsource, not taken from the system.
GlobalFonts.registerFromPath(join(fontFiles, 'noto-sans-latin-400-normal.woff2'), FONT);
GlobalFonts.registerFromPath(join(fontFiles, 'noto-sans-latin-700-normal.woff2'), FONT);

export interface RankCardData {
  displayName: string;
  /** PNG/JPEG bytes of the avatar, or undefined to draw the name's initial instead. */
  avatar: Buffer | undefined;
  /** Seed of the placeholder avatar's colour (the user id). */
  userId: string;
  level: number;
  rank: number | null;
  totalXp: number;
  xpIntoLevel: number;
  xpForNextLevel: number;
}

/** Draws the rank card: avatar, name, rank and level, progress bar towards the next level, total XP. */
export async function renderRankCard(data: RankCardData): Promise<Buffer> {
  const canvas = createCanvas(RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#23272a';
  roundedRect(ctx, 0, 0, RANK_CARD_WIDTH, RANK_CARD_HEIGHT, 24);
  ctx.fill();
  ctx.fillStyle = '#2c2f33';
  roundedRect(ctx, 16, 16, RANK_CARD_WIDTH - 32, RANK_CARD_HEIGHT - 32, 18);
  ctx.fill();

  await drawAvatar(ctx, data, 50, 61, 160);

  const left = 250;
  const right = RANK_CARD_WIDTH - 50;
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'right';
  ctx.font = `700 44px "${FONT}"`;
  const levelText = String(data.level);
  ctx.fillText(levelText, right, 86);
  let cursor = right - ctx.measureText(levelText).width - 10;
  ctx.font = `400 22px "${FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText('LEVEL', cursor, 86);
  cursor -= ctx.measureText('LEVEL').width + 28;
  ctx.font = `700 44px "${FONT}"`;
  ctx.fillStyle = '#ffffff';
  const rankText = data.rank === null ? '—' : `#${data.rank}`;
  ctx.fillText(rankText, cursor, 86);
  cursor -= ctx.measureText(rankText).width + 10;
  ctx.font = `400 22px "${FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText('RANK', cursor, 86);

  ctx.textAlign = 'left';
  ctx.fillStyle = '#ffffff';
  ctx.font = `700 36px "${FONT}"`;
  ctx.fillText(truncate(ctx, data.displayName, right - left - 260), left, 160);
  ctx.textAlign = 'right';
  ctx.font = `400 24px "${FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText(`${fmt(data.xpIntoLevel)} / ${fmt(data.xpForNextLevel)} XP`, right, 160);

  const barTop = 180;
  const barHeight = 36;
  ctx.fillStyle = '#484b51';
  roundedRect(ctx, left, barTop, right - left, barHeight, barHeight / 2);
  ctx.fill();
  const ratio = Math.min(1, data.xpIntoLevel / Math.max(1, data.xpForNextLevel));
  if (ratio > 0) {
    ctx.fillStyle = '#5865f2';
    roundedRect(ctx, left, barTop, Math.max(barHeight, (right - left) * ratio), barHeight, barHeight / 2);
    ctx.fill();
  }

  ctx.textAlign = 'left';
  ctx.font = `400 22px "${FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText(`Total: ${fmt(data.totalXp)} XP`, left, 250);
  return canvas.encode('png');
}

async function drawAvatar(ctx: SKRSContext2D, data: RankCardData, x: number, y: number, size: number) {
  let image: Image | undefined;
  if (data.avatar) image = await loadImage(data.avatar).catch(() => undefined);
  ctx.save();
  ctx.beginPath();
  ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
  ctx.closePath();
  ctx.clip();
  if (image) {
    ctx.drawImage(image, x, y, size, size);
  } else {
    const hue = Number(BigInt(data.userId) % 360n);
    ctx.fillStyle = `hsl(${hue}, 55%, 45%)`;
    ctx.fillRect(x, y, size, size);
    ctx.fillStyle = '#ffffff';
    ctx.font = `700 72px "${FONT}"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText((Array.from(data.displayName)[0] ?? '?').toUpperCase(), x + size / 2, y + size / 2 + 4);
  }
  ctx.restore();
}

function roundedRect(ctx: SKRSContext2D, x: number, y: number, width: number, height: number, radius: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, radius);
  ctx.closePath();
}

function truncate(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function fmt(value: number): string {
  return value.toLocaleString('en-US');
}
