import { expect } from 'chai';
import { renderTranscript, type TranscriptMessage } from '../services/transcript';

const ticket = {
  number: '0007',
  title: 'Title <b>bold</b>',
  description: 'Desc & "quotes"',
  guildName: 'Guild',
  openerName: 'opener',
  createdAt: new Date('2026-01-01T10:00:00Z'),
  closedAt: new Date('2026-01-01T11:00:00Z'),
  closeReason: 'done',
};

const message = (overrides: Partial<TranscriptMessage>): TranscriptMessage => ({
  senderName: 'someone',
  senderIsBot: false,
  content: '',
  isInternal: false,
  createdAt: new Date('2026-01-01T10:30:00Z'),
  attachments: [],
  embeds: [],
  ...overrides,
});

describe('ticket transcripts', () => {
  it('escapes every user-written string and keeps only http(s) links', () => {
    const html = renderTranscript(ticket, [
      message({ senderName: '<img src=x onerror=alert(1)>', content: '</div><script>alert(1)</script>' }),
      message({
        embeds: [
          {
            title: 'Click',
            url: 'javascript:alert(1)',
            description: '<i>x</i>',
            fields: [{ name: '<f>', value: '<v>' }],
          },
        ],
        attachments: [{ name: 'a"b.png', url: 'https://cdn.example/a.png' }],
      }),
    ]);
    expect(html).not.to.match(/<script|<img|<i>|<f>|javascript:/);
    expect(html).to.include('&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('Title &lt;b&gt;bold&lt;/b&gt;');
    expect(html).to.include('<a href="https://cdn.example/a.png">a&quot;b.png</a>');
    expect(html).to.include('<div class="embed-title">Click</div>');
  });

  it('is self-contained: inline style, no scripts or external resources, notes marked', () => {
    const html = renderTranscript(ticket, [message({ content: 'secret', isInternal: true })]);
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).not.to.match(/<script|<link|src="http/);
    expect(html).to.include('internal note');
    expect(html).to.include('Closed 2026-01-01 11:00:00 UTC: done');
  });
  it('shows inline only image data URIs, never anything else handed in as an image', () => {
    const html = renderTranscript(
      ticket,
      [
        message({
          attachments: [
            { name: 'cat.png', url: 'https://cdn.example/cat.png' },
            { name: 'evil.svg', url: 'https://cdn.example/evil.svg' },
          ],
        }),
      ],
      new Map([
        ['https://cdn.example/cat.png', 'data:image/png;base64,iVBORw0KGgo='],
        ['https://cdn.example/evil.svg', 'data:image/svg+xml;base64,PHN2Zz4='],
      ]),
    );
    expect(html).to.include('<img src="data:image/png;base64,iVBORw0KGgo=" alt="cat.png">');
    expect(html).not.to.include('svg+xml');
  });
});
