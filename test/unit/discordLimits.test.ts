import { expect } from 'chai';
import fc from 'fast-check';
import { validateMessageBody } from '../../emulator/ops/messages';
import { cut, DISCORD_LIMITS, fitMessage } from '../../src/plugin-kit/discordLimits';

/** Issue 14: replies built from text members set stay within Discord's limits in every combination. */
describe('discordLimits', () => {
  const text = (max: number) =>
    fc.oneof(
      fc.string({ maxLength: max }),
      fc.string({ unit: 'binary', maxLength: max }),
      fc.constant('🙂'.repeat(max / 2)),
    );

  it('fitMessage makes any content and embeds acceptable to Discord (the emulator checks as Discord does)', () => {
    const field = fc.record({ name: text(300), value: text(1500) });
    const embed = fc.record(
      {
        title: text(400),
        description: text(6000),
        fields: fc.array(field, { maxLength: 40 }),
        footer: fc.record({ text: text(2500) }),
        author: fc.record({ name: text(400) }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.option(text(5000), { nil: undefined }), fc.array(embed, { maxLength: 12 }), (content, embeds) => {
        const fitted = fitMessage({ content, embeds });
        expect(() => validateMessageBody(fitted as Parameters<typeof validateMessageBody>[0])).to.not.throw();
      }),
      { numRuns: 300, verbose: 0, includeErrorInReport: false },
    );
  });

  it('cut never splits a character outside the BMP and marks the cut', () => {
    expect(cut('🙂🙂🙂', 4)).to.equal('🙂…');
    expect(cut('abc', 3)).to.equal('abc');
    expect(cut('x'.repeat(2001), DISCORD_LIMITS.content))
      .to.have.length(2000)
      .and.match(/…$/);
  });
});
