import { createCanvas } from '@napi-rs/canvas';
import { CARD_FONT, roundedRect } from '#core/plugin-kit/canvas';

export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 360;

export interface ChartSeries {
  label: string;
  colour: string;
  values: number[];
}

/** Bars of the first series and a line of the second over the days (labels `YYYY-MM-DD`), with a legend. */
export async function renderActivityChart(title: string, days: string[], bars: ChartSeries, line: ChartSeries) {
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#23272a';
  roundedRect(ctx, 0, 0, CHART_WIDTH, CHART_HEIGHT, 20);
  ctx.fill();

  ctx.fillStyle = '#ffffff';
  ctx.font = `700 24px "${CARD_FONT}"`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(title, 32, 44);
  let legendX = CHART_WIDTH - 32;
  ctx.font = `400 16px "${CARD_FONT}"`;
  ctx.textAlign = 'right';
  for (const series of [line, bars]) {
    ctx.fillStyle = '#dcddde';
    ctx.fillText(series.label, legendX, 44);
    legendX -= ctx.measureText(series.label).width + 8;
    ctx.fillStyle = series.colour;
    ctx.fillRect(legendX - 14, 32, 14, 14);
    legendX -= 36;
  }

  const left = 64;
  const right = CHART_WIDTH - 32;
  const top = 72;
  const bottom = CHART_HEIGHT - 48;
  const max = Math.max(1, ...bars.values, ...line.values);
  const scale = (value: number) => bottom - ((bottom - top) * value) / max;

  ctx.strokeStyle = 'rgba(255, 255, 255, 0.1)';
  ctx.lineWidth = 1;
  ctx.fillStyle = '#b9bbbe';
  ctx.font = `400 14px "${CARD_FONT}"`;
  ctx.textAlign = 'right';
  for (let step = 0; step <= 4; step++) {
    const value = Math.round((max * step) / 4);
    const y = scale(value);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.fillText(value.toLocaleString('en-US'), left - 8, y + 5);
  }

  const slot = (right - left) / Math.max(1, days.length);
  ctx.fillStyle = bars.colour;
  bars.values.forEach((value, index) => {
    const height = bottom - scale(value);
    if (height > 0) ctx.fillRect(left + index * slot + slot * 0.15, bottom - height, slot * 0.7, height);
  });

  ctx.strokeStyle = line.colour;
  ctx.lineWidth = 3;
  ctx.beginPath();
  line.values.forEach((value, index) => {
    const x = left + index * slot + slot / 2;
    if (index === 0) ctx.moveTo(x, scale(value));
    else ctx.lineTo(x, scale(value));
  });
  ctx.stroke();

  ctx.fillStyle = '#b9bbbe';
  ctx.textAlign = 'center';
  days.forEach((day, index) => {
    if (index % 5 === 0 || index === days.length - 1)
      ctx.fillText(day.slice(5), left + index * slot + slot / 2, bottom + 24);
  });
  return canvas.encode('png');
}
