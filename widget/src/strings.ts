// The snippet's words, in Spanish and English (add a language by adding its table).
export const STRINGS = {
  es: {
    launcher: 'Contactar', close: 'Cerrar', chooseChannel: '¿Cómo prefieres hablar con nosotros?',
    webchat: 'Chat en la web', whatsapp: 'WhatsApp', messenger: 'Messenger', apple_messages: 'Mensajes de Apple',
    sms: 'SMS', email: 'Correo electrónico', phone: 'Teléfono', dismiss: 'Ahora no',
  },
  en: {
    launcher: 'Contact us', close: 'Close', chooseChannel: 'How would you like to talk to us?',
    webchat: 'Web chat', whatsapp: 'WhatsApp', messenger: 'Messenger', apple_messages: 'Apple Messages',
    sms: 'SMS', email: 'Email', phone: 'Phone', dismiss: 'Not now',
  },
} as const;

export type Language = keyof typeof STRINGS;
export type Strings = (typeof STRINGS)[Language];
