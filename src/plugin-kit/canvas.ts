import { dirname, join } from 'node:path';
import { GlobalFonts, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import type { GuildMember } from 'discord.js';

/** The font every card is drawn in, registered once from @fontsource so it is the same on every machine. */
export const CARD_FONT = 'Noto Sans';
const fontFiles = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
if (!GlobalFonts.has(CARD_FONT)) {
  GlobalFonts.registerFromPath(join(fontFiles, 'noto-sans-latin-400-normal.woff2'), CARD_FONT);
  GlobalFonts.registerFromPath(join(fontFiles, 'noto-sans-latin-700-normal.woff2'), CARD_FONT);
}

/** A rounded rectangle as the current path (fill or clip it). */
export function roundedRect(ctx: SKRSContext2D, x: number, y: number, width: number, height: number, radius: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, radius);
  ctx.closePath();
}

/** `text` cut with an ellipsis to fit `maxWidth` in the current font. */
export function truncate(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** `text` broken into at most `maxLines` lines of `maxWidth` (the last one cut with an ellipsis if needed). */
export function wrapText(ctx: SKRSContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  for (const [index, word] of words.entries()) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidth || !line) {
      line = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(truncate(ctx, `${line} ${words.slice(index).join(' ')}`, maxWidth));
      return lines;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(truncate(ctx, line, maxWidth));
  return lines;
}

/** What a card needs to draw a member's avatar: its bytes, or the name and id to draw an initial instead. */
export interface AvatarSource {
  /** PNG/JPEG bytes of the avatar, or undefined to draw the name's initial on a colour seeded by the user id. */
  avatar: Buffer | undefined;
  displayName: string;
  userId: string;
}

/** Draws a round avatar at (x, y), `size` wide; `ring` adds a ring of that colour around it. */
export async function drawAvatar(
  ctx: SKRSContext2D,
  source: AvatarSource,
  x: number,
  y: number,
  size: number,
  { ring }: { ring?: string } = {},
): Promise<void> {
  let image: Image | undefined;
  if (source.avatar) image = await loadImage(source.avatar).catch(() => undefined);
  const centreX = x + size / 2;
  const centreY = y + size / 2;
  ctx.save();
  if (ring) {
    ctx.beginPath();
    ctx.arc(centreX, centreY, size / 2 + 5, 0, Math.PI * 2);
    ctx.fillStyle = ring;
    ctx.fill();
  }
  ctx.beginPath();
  ctx.arc(centreX, centreY, size / 2, 0, Math.PI * 2);
  ctx.closePath();
  ctx.clip();
  if (image) {
    ctx.drawImage(image, x, y, size, size);
  } else {
    const hue = Number(BigInt(source.userId) % 360n);
    ctx.fillStyle = `hsl(${hue}, 55%, 45%)`;
    ctx.fillRect(x, y, size, size);
    ctx.fillStyle = '#ffffff';
    ctx.font = `700 ${Math.round(size * 0.45)}px "${CARD_FONT}"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText((Array.from(source.displayName)[0] ?? '?').toUpperCase(), centreX, centreY + 4);
  }
  ctx.restore();
}

const AVATAR_TIMEOUT_MS = 2000;

/** The member's own avatar (PNG), if they set one and it downloads quickly; otherwise undefined (draw an initial). */
export async function avatarOf(member: GuildMember): Promise<Buffer | undefined> {
  if (!member.avatar && !member.user.avatar) return undefined;
  try {
    const response = await fetch(member.displayAvatarURL({ extension: 'png', size: 256 }), {
      signal: AbortSignal.timeout(AVATAR_TIMEOUT_MS),
    });
    return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
  } catch {
    return undefined;
  }
}
