import { Subcommand } from '@sapphire/plugin-subcommands';
import { multiplierPart } from '../lib/levelsCommand/multiplier';
import { noXpPart } from '../lib/levelsCommand/noxp';
import { resetsPart } from '../lib/levelsCommand/resets';
import { rewardPart } from '../lib/levelsCommand/reward';
import { rulesPart } from '../lib/levelsCommand/rules';

/** The parts of `/levels`, in the order Discord lists them; each holds its subcommands, handlers and options. */
const PARTS = [rulesPart, resetsPart, rewardPart, noXpPart, multiplierPart];

/**
 * `/levels …`: the levels rules anyone can read, and the admin side — sync reward roles, reset members, manage the
 * reward roles, no-XP channels and roles, and multipliers. Scalar settings live in `/plugins config levels`.
 */
export class LevelsCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Levels: rules, reward roles, resets and XP rules.',
      detailedDescription:
        '/levels rules · /levels sync [member] · /levels reset <member> · /levels reset-all · ' +
        '/levels reward add <level> <role> | remove <role> · /levels noxp channel <channel> | role <role> · ' +
        '/levels multiplier channel <channel> <value> | role <role> <value>',
      runIn: ['GUILD_ANY'],
      subcommands: PARTS.flatMap((part) => part.subcommands),
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) => {
      builder.setName(this.name).setDescription(this.description).setDMPermission(false);
      for (const part of PARTS) part.register(builder);
      return builder;
    });
  }
}
