import { expect } from 'chai';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommand,
} from 'discord-api-types/v10';
import { resolveSlash } from '../../src/sandbox/commandLine';

/** A registered command as the emulator stores it: a subcommand and a group side by side, as `/profile` has. */
const profile = {
  id: '1',
  application_id: '2',
  version: '1',
  default_member_permissions: null,
  type: ApplicationCommandType.ChatInput,
  name: 'profile',
  description: 'Profiles',
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'view',
      description: 'A profile',
      options: [{ type: ApplicationCommandOptionType.User, name: 'member', description: 'Whose' }],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'badge',
      description: 'Badges',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'select',
          description: 'Show a badge',
          options: [{ type: ApplicationCommandOptionType.String, name: 'badge', description: 'Which', required: true }],
        },
      ],
    },
  ],
} as APIApplicationCommand;

describe('sandbox command line: slash commands resolved against the registered ones', () => {
  it('takes a subcommand that sits beside a group, and a group with its subcommand', () => {
    const view = resolveSlash('profile view @support', [profile]);
    expect(view).to.deep.include({ command: 'profile', subcommand: 'view', options: { member: '@support' } });
    expect(view.group).to.equal(undefined);
    expect(resolveSlash('profile badge select Early supporter', [profile])).to.deep.include({
      group: 'badge',
      subcommand: 'select',
      options: { badge: 'Early supporter' },
    });
  });

  it('names the subcommands a line is missing, groups included', () => {
    expect(() => resolveSlash('profile', [profile])).to.throw('/profile needs a subcommand: view, badge.');
    expect(() => resolveSlash('profile badge', [profile])).to.throw('/profile badge needs a subcommand: select.');
  });
});
