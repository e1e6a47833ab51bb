import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { CARD_FONT, drawAvatar, roundedRect, truncate, wrapText } from '#core/plugin-kit/canvas';
import { DEFAULT_BACKGROUND, drawCardBackground, type CardBackground } from '#core/plugin-kit/cardBackgrounds';

export const PROFILE_CARD_WIDTH = 900;
export const PROFILE_CARD_HEIGHT = 420;
/** The accent of a profile without one (Discord's blurple). */
export const DEFAULT_ACCENT = '#5865f2';

export interface ProfileCardData {
  displayName: string;
  userId: string;
  /** PNG/JPEG bytes of the avatar, or undefined to draw the name's initial. */
  avatar: Buffer | undefined;
  title: string | null;
  bio: string | null;
  accent: string;
  /** The equipped background (a shipped gradient or an uploaded image); undefined for the plain card. */
  background: CardBackground | undefined;
  /** Undefined when levels is off here or the member hides it. */
  level: { level: number; rank: number | null } | undefined;
  /** Undefined when economy is off here or the member hides it. */
  balance: number | undefined;
  badges: { name: string; selected: boolean }[];
}

/** Draws the profile card: the background, a panel with avatar, name, title, bio, level, balance and badges. */
export async function renderProfileCard(data: ProfileCardData): Promise<Buffer> {
  const width = PROFILE_CARD_WIDTH;
  const height = PROFILE_CARD_HEIGHT;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  drawCardBackground(ctx, data.background ?? { kind: 'gradient', colours: DEFAULT_BACKGROUND }, width, height);

  // The panel leaves a margin of background all around, so the background shows whatever is written on it.
  ctx.fillStyle = 'rgba(20, 22, 26, 0.78)';
  roundedRect(ctx, 24, 24, width - 48, height - 48, 20);
  ctx.fill();
  ctx.fillStyle = data.accent;
  roundedRect(ctx, 24, 24, width - 48, 8, 4);
  ctx.fill();

  await drawAvatar(ctx, data, 56, 64, 150, { ring: data.accent });

  const left = 240;
  const right = width - 56;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#ffffff';
  ctx.font = `700 38px "${CARD_FONT}"`;
  ctx.fillText(truncate(ctx, data.displayName, right - left), left, 104);
  if (data.title) {
    ctx.fillStyle = data.accent;
    ctx.font = `700 22px "${CARD_FONT}"`;
    ctx.fillText(truncate(ctx, data.title, right - left), left, 138);
  }
  ctx.fillStyle = '#dcddde';
  ctx.font = `400 20px "${CARD_FONT}"`;
  const bio = wrapText(ctx, data.bio ?? 'No bio yet: /profile edit', right - left, 4);
  bio.forEach((line, index) => ctx.fillText(line, left, 178 + index * 28));

  const facts: [string, string][] = [];
  if (data.level) {
    facts.push(['LEVEL', String(data.level.level)]);
    facts.push(['RANK', data.level.rank === null ? '—' : `#${data.level.rank}`]);
  }
  if (data.balance !== undefined) facts.push(['BALANCE', data.balance.toLocaleString('en-US')]);
  let x = 56;
  for (const [label, value] of facts) {
    ctx.font = `400 16px "${CARD_FONT}"`;
    ctx.fillStyle = '#b9bbbe';
    ctx.fillText(label, x, 320);
    ctx.font = `700 30px "${CARD_FONT}"`;
    ctx.fillStyle = '#ffffff';
    ctx.fillText(value, x, 356);
    x += Math.max(ctx.measureText(value).width, 90) + 36;
  }

  drawBadges(ctx, data, Math.max(x, 420), right, 300);
  return canvas.encode('png');
}

function drawBadges(ctx: SKRSContext2D, data: ProfileCardData, left: number, right: number, top: number) {
  ctx.font = `700 16px "${CARD_FONT}"`;
  let x = left;
  let y = top;
  for (const badge of data.badges) {
    const label = truncate(ctx, badge.name, 180);
    const chipWidth = ctx.measureText(label).width + 24;
    if (x + chipWidth > right) {
      x = left;
      y += 38;
      if (y > top + 38) return;
    }
    ctx.fillStyle = badge.selected ? data.accent : 'rgba(255, 255, 255, 0.12)';
    roundedRect(ctx, x, y, chipWidth, 30, 15);
    ctx.fill();
    if (badge.selected) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.fillStyle = '#ffffff';
    ctx.fillText(label, x + 12, y + 21);
    x += chipWidth + 8;
  }
}
