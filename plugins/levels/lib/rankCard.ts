import { createCanvas } from '@napi-rs/canvas';
import { CARD_FONT, drawAvatar, roundedRect, truncate } from '#core/plugin-kit/canvas';
import { drawCardBackground, type CardBackground } from '#core/plugin-kit/cardBackgrounds';

export const RANK_CARD_WIDTH = 934;
export const RANK_CARD_HEIGHT = 282;
/** The frame of background left around the card's panel. */
export const RANK_CARD_FRAME = 16;

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
  /** The member's equipped background (economy's BACKGROUND item), or undefined for the plain card. */
  background: CardBackground | undefined;
}

/**
 * Draws the rank card: the equipped background (if any) in the card's frame, and on a panel the avatar, name, rank
 * and level, progress bar towards the next level, total XP.
 */
export async function renderRankCard(data: RankCardData): Promise<Buffer> {
  const canvas = createCanvas(RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
  const ctx = canvas.getContext('2d');
  roundedRect(ctx, 0, 0, RANK_CARD_WIDTH, RANK_CARD_HEIGHT, 24);
  if (data.background) {
    ctx.save();
    ctx.clip();
    drawCardBackground(ctx, data.background, RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
    ctx.restore();
  } else {
    ctx.fillStyle = '#23272a';
    ctx.fill();
  }
  // Over a background the panel lets it show through a little; the plain card keeps its flat grey.
  ctx.fillStyle = data.background ? 'rgba(35, 39, 42, 0.82)' : '#2c2f33';
  const frame = RANK_CARD_FRAME;
  roundedRect(ctx, frame, frame, RANK_CARD_WIDTH - 2 * frame, RANK_CARD_HEIGHT - 2 * frame, 18);
  ctx.fill();

  await drawAvatar(ctx, data, 50, 61, 160);

  const left = 250;
  const right = RANK_CARD_WIDTH - 50;
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'right';
  ctx.font = `700 44px "${CARD_FONT}"`;
  const levelText = String(data.level);
  ctx.fillText(levelText, right, 86);
  let cursor = right - ctx.measureText(levelText).width - 10;
  ctx.font = `400 22px "${CARD_FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText('LEVEL', cursor, 86);
  cursor -= ctx.measureText('LEVEL').width + 28;
  ctx.font = `700 44px "${CARD_FONT}"`;
  ctx.fillStyle = '#ffffff';
  const rankText = data.rank === null ? '—' : `#${data.rank}`;
  ctx.fillText(rankText, cursor, 86);
  cursor -= ctx.measureText(rankText).width + 10;
  ctx.font = `400 22px "${CARD_FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText('RANK', cursor, 86);

  ctx.textAlign = 'left';
  ctx.fillStyle = '#ffffff';
  ctx.font = `700 36px "${CARD_FONT}"`;
  ctx.fillText(truncate(ctx, data.displayName, right - left - 260), left, 160);
  ctx.textAlign = 'right';
  ctx.font = `400 24px "${CARD_FONT}"`;
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
  ctx.font = `400 22px "${CARD_FONT}"`;
  ctx.fillStyle = '#b9bbbe';
  ctx.fillText(`Total: ${fmt(data.totalXp)} XP`, left, 250);
  return canvas.encode('png');
}

function fmt(value: number): string {
  return value.toLocaleString('en-US');
}
