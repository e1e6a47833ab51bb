/** Custom ids of the KB's modals and buttons. */
export const KB_ADD_MODAL = 'kb:add';
/** `kb:edit:<entry id>` */
export const KB_EDIT_MODAL = 'kb:edit';
/** `kb:feedback:<suggestion id>:<y|n>` */
export const KB_FEEDBACK_BUTTON = 'kb:feedback';

export const feedbackButtonId = (suggestionId: number, helpful: boolean) =>
  `${KB_FEEDBACK_BUTTON}:${suggestionId}:${helpful ? 'y' : 'n'}`;

export function parseFeedbackButtonId(customId: string): { suggestionId: number; helpful: boolean } | null {
  const match = /^kb:feedback:(\d+):([yn])$/.exec(customId);
  return match ? { suggestionId: Number(match[1]), helpful: match[2] === 'y' } : null;
}

export const editModalId = (entryId: number) => `${KB_EDIT_MODAL}:${entryId}`;

export function parseEditModalId(customId: string): number | null {
  const match = /^kb:edit:(\d+)$/.exec(customId);
  return match ? Number(match[1]) : null;
}
