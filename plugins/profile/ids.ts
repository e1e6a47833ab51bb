/** Custom ids of the profile editor modal and its fields. */
export const PROFILE_EDIT_MODAL = 'profile:edit';
export const PROFILE_EDIT_FIELDS = { bio: 'bio', title: 'title', accent: 'accent' } as const;
