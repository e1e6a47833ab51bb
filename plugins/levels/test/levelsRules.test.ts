import { expect } from 'chai';
import { progressOf, xpToNextLevel } from '../services/curves';
import { compileXpRules, renderLevelUp, rewardPlan, xpForMessage } from '../services/xpRules';
import { levelsSettings } from '../settings';

const defaults = levelsSettings.parse({});

describe('levels curves', () => {
  it("pins MEE6's table: 5L² + 50L + 100 per level, 4,675 XP in all to reach level 10", () => {
    const perLevel = Array.from({ length: 10 }, (_, level) => xpToNextLevel(defaults, level));
    expect(perLevel).to.deep.equal([100, 155, 220, 295, 380, 475, 580, 695, 820, 955]);
    expect(perLevel.reduce((total, cost) => total + cost, 0)).to.equal(4675);
    expect(progressOf(defaults, 4674)).to.deep.equal({ level: 9, xpIntoLevel: 954, xpForNextLevel: 955 });
    expect(progressOf(defaults, 4675)).to.deep.equal({ level: 10, xpIntoLevel: 0, xpForNextLevel: 1100 });
  });

  it('supports a linear curve and a custom quadratic', () => {
    const linear = { ...defaults, curve: 'linear' as const, linearXpPerLevel: 250 };
    expect(progressOf(linear, 1000)).to.deep.equal({ level: 4, xpIntoLevel: 0, xpForNextLevel: 250 });
    const quadratic = { ...defaults, curve: 'quadratic' as const, quadraticA: 50, quadraticB: 0, quadraticC: 100 };
    expect([0, 1, 2].map((level) => xpToNextLevel(quadratic, level))).to.deep.equal([100, 150, 300]);
  });
});

describe('levels XP rules', () => {
  const facts = { channelId: '1'.repeat(18), parentId: null, content: 'hi' };
  const rules = compileXpRules(defaults, '!');

  it('draws XP uniformly from the configured range, both ends included', () => {
    expect(xpForMessage(rules, facts, [], () => 0)).to.equal(15);
    expect(xpForMessage(rules, facts, [], () => 0.999999)).to.equal(25);
  });

  it('lets a no-XP category silence its channels', () => {
    const silenced = compileXpRules({ ...defaults, noXpChannelIds: ['2'.repeat(18)] }, '!');
    expect(xpForMessage(silenced, { ...facts, parentId: '2'.repeat(18) })).to.equal(0);
  });

  it('applies the highest role multiplier, and a no-XP role wins over any multiplier', () => {
    const boosted = compileXpRules({ ...defaults, xpMin: 10, xpMax: 10, roleMultipliers: { a: 2, b: 3 } }, '!');
    expect(xpForMessage(boosted, facts, ['a', 'b', 'c'])).to.equal(30);
    const muted = compileXpRules({ ...defaults, noXpRoleIds: ['c'], roleMultipliers: { a: 2 } }, '!');
    expect(xpForMessage(muted, facts, ['a', 'c'])).to.equal(0);
  });

  it('stacks or replaces reward roles, and drops roles above the level', () => {
    const rewards = [
      { level: 5, roleId: 'a' },
      { level: 10, roleId: 'b' },
      { level: 20, roleId: 'c' },
    ];
    expect(rewardPlan(rewards, 'stack', 12)).to.deep.equal({ keep: new Set(['a', 'b']), drop: new Set(['c']) });
    expect(rewardPlan(rewards, 'replace', 12)).to.deep.equal({ keep: new Set(['b']), drop: new Set(['a', 'c']) });
    expect(rewardPlan(rewards, 'stack', 1)).to.deep.equal({ keep: new Set(), drop: new Set(['a', 'b', 'c']) });
  });

  it('fills the level-up template', () => {
    expect(renderLevelUp('{user} → {level} ({xp} XP) {other}', { user: '<@1>', level: 3, xp: 12345 })).to.equal(
      '<@1> → 3 (12,345 XP) {other}',
    );
  });
});
