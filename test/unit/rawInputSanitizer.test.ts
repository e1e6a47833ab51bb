import { expect } from 'chai';
import { ComponentType, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { nullPrototypeResolved, stripNulFromPacket } from '../../src/listeners/rawInputSanitizer';

const packet = (t: string, d: unknown) => ({ op: 0, s: 1, t, d }) as unknown as GatewayDispatchPayload;

describe('U+0000 stripped from gateway packets', () => {
  it('removes it from nested slash options, modal fields (rows and labels) and autocomplete input', () => {
    const slash = packet(GatewayDispatchEvents.InteractionCreate, {
      data: { options: [{ name: 'sub', options: [{ name: 'reason', value: 'a\u0000b\u0000' }, { value: 5 }] }] },
    });
    const modal = packet(GatewayDispatchEvents.InteractionCreate, {
      data: {
        custom_id: 'm',
        components: [
          { type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, value: '\u0000x' }] },
          { type: ComponentType.Label, component: { type: ComponentType.TextInput, value: 'y\u0000' } },
        ],
      },
    });
    stripNulFromPacket(slash);
    stripNulFromPacket(modal);
    expect(slash.d).to.deep.equal({
      data: { options: [{ name: 'sub', options: [{ name: 'reason', value: 'ab' }, { value: 5 }] }] },
    });
    const fields = (modal.d as { data: { components: unknown[] } }).data.components;
    expect(JSON.stringify(fields)).not.to.include('\\u0000');
    expect(JSON.stringify(fields)).to.include('"x"').and.include('"y"');
  });

  it('removes it from message content, created or edited, and leaves other events alone', () => {
    const created = packet(GatewayDispatchEvents.MessageCreate, { content: '!warn\u0000 x' });
    const edited = packet(GatewayDispatchEvents.MessageUpdate, { content: 'a\u0000' });
    const other = packet(GatewayDispatchEvents.GuildMemberUpdate, { nick: 'n\u0000' });
    for (const each of [created, edited, other]) stripNulFromPacket(each);
    expect(created.d).to.deep.equal({ content: '!warn x' });
    expect(edited.d).to.deep.equal({ content: 'a' });
    expect(other.d).to.deep.equal({ nick: 'n\u0000' });
  });

  it('replaces half a character (a lone surrogate, which PostgreSQL json refuses) and keeps whole ones', () => {
    const slash = packet(GatewayDispatchEvents.InteractionCreate, {
      data: { options: [{ name: 'text', value: 'a\ud800b\udc00🙂' }] },
    });
    stripNulFromPacket(slash);
    expect(slash.d).to.deep.equal({ data: { options: [{ name: 'text', value: 'a\ufffdb\ufffd🙂' }] } });
  });
});

describe("an interaction's resolved maps without a prototype", () => {
  it('finds no role, user or member under __proto__ or constructor, and keeps the real ones', () => {
    const slash = packet(GatewayDispatchEvents.InteractionCreate, {
      data: {
        options: [{ name: 'reason', value: '__proto__' }],
        resolved: { roles: { '1': { id: '1', name: 'Staff' } }, users: { '2': { id: '2' } }, members: { '2': {} } },
      },
    });
    nullPrototypeResolved(slash);
    const { resolved } = (slash.d as { data: { resolved: Record<string, Record<string, unknown>> } }).data;
    for (const kind of ['roles', 'users', 'members']) {
      expect(resolved[kind]!['__proto__'], kind).to.equal(undefined);
      expect(resolved[kind]!['constructor'], kind).to.equal(undefined);
    }
    expect(resolved.roles!['1']).to.deep.equal({ id: '1', name: 'Staff' });
    expect(resolved.users!['2']).to.deep.equal({ id: '2' });
  });
});
