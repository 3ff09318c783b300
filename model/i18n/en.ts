// English: the source of truth for the words Parley itself adds to what a customer reads. Every other
// language file must have every key (test/unit/i18n-catalogue.test.ts enforces it).
export const en = {
  // Rich content read as plain text (model/content/fallback.ts, connectors/shared/render).
  replyHint: 'Reply with the number or the option.',
  location: (where: string) => `Location: ${where}`,
  timesIn: (timeZone: string) => `Times in ${timeZone}:`,
  attachment: { file: 'File', image: 'Image', audio: 'Audio', video: 'Video' },
  fillInForm: 'Fill in the form',
  pleaseReplyWith: 'Please reply with:',
  oneOf: (choices: string) => `one of: ${choices}`,
  fieldHint: { email: 'email address', phone: 'phone number', number: 'a number', date: 'a date, e.g. 2025-03-31' },
  requiredMark: '* required',
  // Labels of a required choice and its OK button (Teams' Adaptive Cards: Input.ChoiceSet, Action.Submit).
  choice: {
    one: 'Choose one', several: 'Choose one or more', time: 'Choose a time',
    missingOne: 'Please choose an option.', missingSeveral: 'Please choose at least one option.', missingTime: 'Please choose a time.',
    ok: 'OK',
  },

  // Appointments (engine/appointments/appointment-messages.ts).
  appointment: {
    pickTime: (service: string) => `Pick a time for ${service}`,
    slotTaken: 'Sorry, that time was just booked by someone else (the slot is no longer free). Here are other free times:',
    slotReleased: 'Your previous time has been released. Here are the free times:',
    tapOrCancel: 'Tap a time, or reply "cancel".',
    replyCancel: 'Reply "cancel" if you no longer need an appointment.',
    ambiguous: 'That time matches more than one of the offered slots.',
    noMatch: 'Sorry, that does not match any of the offered times.',
    askAgain: (why: string, count: number) =>
      `${why} Which time would you like? Reply with ${count === 1 ? '1' : `a number from 1 to ${count}`} from the list above, or "cancel".`,
    booked: (what: string) => `Booked: ${what}. Reply "reschedule" to pick another time or "cancel" to cancel.`,
    reminder: (what: string) => `Reminder: ${what}.`,
    withAgent: (agent: string) => ` with ${agent}`,
    reschedule: 'Reschedule',
    cancel: 'Cancel',
    noFreeTimes: (service: string, days: number) => `Sorry, there are no free times for ${service} in the next ${days} days. An agent will get back to you.`,
    offerExpired: (service: string) => `The times offered for ${service} are no longer held. Write to us when you would like to book.`,
    on: (service: string, when: string) => `${service} on ${when}`,
    cancelled: (what: string) => `Your appointment for ${what} is cancelled.`,
  },

  // The satisfaction survey's default question (workflows/rules/actions/messaging.ts).
  survey: {
    question: 'How would you rate our help? (1 = poor, 5 = great)',
  },

  // Payments (engine/payments/payment-messages.ts).
  payment: {
    request: (description: string, amount: string, until: string) =>
      `Payment request: ${description} — ${amount}. Pay securely with Stripe (the link works until ${until}).`,
    pay: (amount: string) => `Pay ${amount}`,
    paid: (amount: string, description: string) => `Payment received: ${amount} for ${description}. Thank you!`,
    failed: (amount: string, description: string) =>
      `Your payment of ${amount} for ${description} did not go through. You have not been charged; reply here if you want to try again.`,
    expired: (amount: string, description: string) =>
      `The payment link for ${amount} (${description}) has expired. Reply here if you still want to pay and we will send a new one.`,
    cancelled: (amount: string, description: string) => `The payment request for ${amount} (${description}) was cancelled: the link no longer works.`,
    refund: (amount: string, description: string) => `A refund of ${amount} for ${description} is on its way to you.`,
  },
};

/** The shape every language provides (English is the model). */
export type CustomerWords = typeof en;
