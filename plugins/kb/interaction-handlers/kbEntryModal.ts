import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { Interaction, ModalSubmitInteraction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { KB_ADD_MODAL, parseEditModalId } from '../ids';
import { ENTRY_FIELDS } from '../lib/modals';
import { NO_PINGS } from '../lib/render';
import { quote } from '../services/KbService';

/** The add and edit forms of `/kb add` and `/kb edit`: null entry id for a new entry. */
export class KbEntryModalHandler extends PluginInteractionHandler {
  // Checked on submit: a form can be submitted long after it was opened, by then without the permission.
  public readonly access: ComponentAccess = { permission: Permission.CREATE_KB };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parseEnabled(interaction: Interaction) {
    if (!interaction.isModalSubmit()) return this.none();
    if (interaction.customId === KB_ADD_MODAL) return this.some<number | null>(null);
    const entryId = parseEditModalId(interaction.customId);
    return entryId === null ? this.none() : this.some<number | null>(entryId);
  }

  protected override accessFor(entryId: number | null): ComponentAccess {
    return entryId === null ? this.access : { permission: Permission.EDIT_KB };
  }

  public override async run(interaction: ModalSubmitInteraction<'cached'>, entryId: number | null) {
    const field = (id: string) => interaction.fields.getTextInputValue(id);
    const raw = {
      title: field(ENTRY_FIELDS.title),
      content: field(ENTRY_FIELDS.content),
      category: field(ENTRY_FIELDS.category),
      tags: field(ENTRY_FIELDS.tags),
    };
    const { kb } = this.container;
    const entry =
      entryId === null
        ? await kb.add(interaction.guildId, raw, interaction.user.id)
        : await kb.edit(interaction.guildId, entryId, raw);
    const done = entryId === null ? 'Added' : 'Updated';
    await respond(
      interaction,
      { content: `${done} ${quote(entry.title)}. Show it with \`/kb show\`.`, allowedMentions: NO_PINGS },
      { ephemeral: true },
    );
  }
}
