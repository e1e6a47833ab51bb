import { dirname, join } from 'node:path';
import { GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

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
