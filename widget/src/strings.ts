// The snippet's words, in Spanish and English (add a language by adding its table).
export const STRINGS = {
  es: {
    launcher: 'Contactar', close: 'Cerrar', chooseChannel: '¿Cómo prefieres hablar con nosotros?',
    webchat: 'Chat en la web', whatsapp: 'WhatsApp', messenger: 'Messenger', apple_messages: 'Mensajes de Apple',
    sms: 'SMS', email: 'Correo electrónico', phone: 'Teléfono', dismiss: 'Ahora no',
    messagePlaceholder: 'Escribe tu mensaje', send: 'Enviar', chatEmpty: 'Escríbenos: te responde una persona del equipo.',
    reconnecting: 'Reconectando…', notSent: 'No se pudo enviar. Inténtalo de nuevo.',
    end: 'Terminar', ended: 'Conversación terminada. Escríbenos cuando quieras.',
    typing: 'Alguien del equipo está escribiendo…', typingName: '{name} está escribiendo…',
    leaveMessage: 'Déjanos un mensaje',
  },
  en: {
    launcher: 'Contact us', close: 'Close', chooseChannel: 'How would you like to talk to us?',
    webchat: 'Web chat', whatsapp: 'WhatsApp', messenger: 'Messenger', apple_messages: 'Apple Messages',
    sms: 'SMS', email: 'Email', phone: 'Phone', dismiss: 'Not now',
    messagePlaceholder: 'Write your message', send: 'Send', chatEmpty: 'Write to us: a person from the team answers.',
    reconnecting: 'Reconnecting…', notSent: 'Could not send. Try again.',
    end: 'End', ended: 'Conversation ended. Write again any time.',
    typing: 'Someone from the team is typing…', typingName: '{name} is typing…',
    leaveMessage: 'Leave us a message',
  },
} as const;

export type Language = keyof typeof STRINGS;
export type Strings = { [K in keyof (typeof STRINGS)['es']]: string };
