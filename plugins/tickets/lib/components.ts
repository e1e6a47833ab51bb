import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { TicketIds } from '../ids';

/** The modal asking for a new ticket's title and description (from the panel button and `/ticket open`). */
export function openTicketModal(): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(TicketIds.openModal)
    .setTitle('Open a ticket')
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('title')
          .setLabel('Title')
          .setStyle(TextInputStyle.Short)
          .setMinLength(3)
          .setMaxLength(100)
          .setRequired(true),
      ),
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('description')
          .setLabel('What do you need help with?')
          .setStyle(TextInputStyle.Paragraph)
          .setMaxLength(4000)
          .setRequired(true),
      ),
    );
}

/** The opener's "are you sure?" before closing their own ticket. */
export function closeConfirmation() {
  return {
    content: 'Close your ticket? You will get a transcript by DM.',
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(TicketIds.closeConfirmButton)
          .setLabel('Yes, close it')
          .setStyle(ButtonStyle.Danger),
      ),
    ],
  };
}
