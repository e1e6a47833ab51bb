import type { TicketAttachment, TicketEmbed } from '../entities/TicketMessage';

/** What a transcript shows of a ticket (free of TypeORM and discord.js). */
export interface TranscriptTicket {
  number: string;
  title: string;
  description: string;
  guildName: string;
  openerName: string;
  createdAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
}

export interface TranscriptMessage {
  senderName: string;
  senderIsBot: boolean;
  content: string;
  isInternal: boolean;
  createdAt: Date;
  attachments: readonly TicketAttachment[];
  embeds: readonly TicketEmbed[];
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) links become clickable: a `javascript:` URL in an embed must not run in the reader's browser. */
function safeUrl(url: string | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? escapeHtml(url) : null;
}

function renderEmbed(embed: TicketEmbed): string {
  const colour = embed.color === undefined ? '#5865f2' : `#${embed.color.toString(16).padStart(6, '0')}`;
  const url = safeUrl(embed.url);
  const title = embed.title
    ? `<div class="embed-title">${url ? `<a href="${url}">${escapeHtml(embed.title)}</a>` : escapeHtml(embed.title)}</div>`
    : '';
  const description = embed.description ? `<div class="embed-description">${escapeHtml(embed.description)}</div>` : '';
  const fields = (embed.fields ?? [])
    .map(
      (field) =>
        `<div class="embed-field"><div class="embed-field-name">${escapeHtml(field.name)}</div><div>${escapeHtml(field.value)}</div></div>`,
    )
    .join('');
  const footer = embed.footer ? `<div class="embed-footer">${escapeHtml(embed.footer)}</div>` : '';
  return `<div class="embed" style="border-color:${colour}">${title}${description}${fields}${footer}</div>`;
}

/** Data URIs of image attachments, by attachment URL: shown inline, so the transcript outlives Discord's links. */
export type InlineImages = ReadonlyMap<string, string>;

function renderMessage(message: TranscriptMessage, images: InlineImages): string {
  const classes = ['message', message.isInternal ? 'internal' : '', message.senderIsBot ? 'bot' : '']
    .filter(Boolean)
    .join(' ');
  const badge = message.isInternal
    ? ' <span class="badge">internal note</span>'
    : message.senderIsBot
      ? ' <span class="badge">bot</span>'
      : '';
  const attachments = message.attachments
    .map((attachment) => {
      const url = safeUrl(attachment.url);
      const name = escapeHtml(attachment.name);
      const image = images.get(attachment.url);
      const inline = image && /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(image) ? image : null;
      return `<div class="attachment">${inline ? `<img src="${inline}" alt="${name}"><br>` : ''}📎 ${url ? `<a href="${url}">${name}</a>` : name}</div>`;
    })
    .join('');
  return [
    `<div class="${classes}">`,
    `<div class="meta"><span class="author">${escapeHtml(message.senderName)}</span>${badge} <time datetime="${message.createdAt.toISOString()}">${message.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time></div>`,
    message.content ? `<div class="content">${escapeHtml(message.content)}</div>` : '',
    message.embeds.map(renderEmbed).join(''),
    attachments,
    '</div>',
  ].join('');
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#313338;color:#dbdee1;margin:0;padding:24px}
header{border-bottom:1px solid #4e5058;margin-bottom:16px}h1{font-size:20px;margin:0 0 4px}
.message{padding:6px 0}.meta{font-size:13px;color:#949ba4}.author{color:#f2f3f5;font-weight:600}
.content{white-space:pre-wrap;word-wrap:break-word}.badge{background:#5865f2;color:#fff;border-radius:3px;padding:0 4px;font-size:11px}
.internal{background:#3f3a2a;border-left:3px solid #f0b232;padding-left:8px}
.embed{border-left:4px solid;background:#2b2d31;border-radius:4px;padding:8px 12px;margin:4px 0;max-width:520px}
.embed-title{font-weight:600}.embed-description{white-space:pre-wrap}.embed-field{margin-top:6px}
.embed-field-name{font-weight:600}.attachment img{max-width:400px;max-height:300px;border-radius:4px}.embed-footer{font-size:12px;color:#949ba4;margin-top:6px}a{color:#00a8fc}`;

/** A self-contained HTML page (inline style, no scripts, every user-written string escaped) of a ticket. */
export function renderTranscript(
  ticket: TranscriptTicket,
  messages: readonly TranscriptMessage[],
  images: InlineImages = new Map(),
): string {
  const closed = ticket.closedAt
    ? `<p>Closed ${ticket.closedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC${ticket.closeReason ? `: ${escapeHtml(ticket.closeReason)}` : ''}</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Ticket ${escapeHtml(ticket.number)}: ${escapeHtml(ticket.title)}</title><style>${STYLE}</style></head>
<body><header><h1>Ticket ${escapeHtml(ticket.number)}: ${escapeHtml(ticket.title)}</h1>
<p>${escapeHtml(ticket.guildName)} · opened by ${escapeHtml(ticket.openerName)} ${ticket.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</p>
<p class="content">${escapeHtml(ticket.description)}</p>${closed}</header>
<main>${messages.map((message) => renderMessage(message, images)).join('\n')}</main></body></html>
`;
}
