/** Custom ids of the greeting editor's button and modal. */
export const WELCOME_EDIT_BUTTON = 'welcome:edit';
export const WELCOME_EDIT_MODAL = 'welcome:edit-modal';
