/** Custom ids of the plugin's buttons and modals. */
export const TicketIds = {
  openButton: 'tickets:open',
  openModal: 'tickets:open-modal',
  claimButton: 'tickets:claim',
  closeButton: 'tickets:close',
  closeConfirmButton: 'tickets:close-confirm',
  /** `tickets:rate:<ticketId>:<1-5>` */
  ratePrefix: 'tickets:rate:',
  /** `tickets:feedback:<ticketId>:<1-5>` */
  feedbackModalPrefix: 'tickets:feedback:',
} as const;
