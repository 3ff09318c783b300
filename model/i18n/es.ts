// Spanish (es): the words Parley adds to what a customer reads. Keys and shapes follow en.ts.
import type { CustomerWords } from './en';

export const es: CustomerWords = {
  replyHint: 'Responde con el número o la opción.',
  location: (where) => `Lugar: ${where}`,
  timesIn: (timeZone) => `Horas en ${timeZone}:`,
  attachment: { file: 'Archivo', image: 'Imagen', audio: 'Audio', video: 'Vídeo' },
  fillInForm: 'Rellena el formulario',
  pleaseReplyWith: 'Responde, por favor, con:',
  oneOf: (choices) => `una de: ${choices}`,
  fieldHint: { email: 'correo electrónico', phone: 'número de teléfono', number: 'un número', date: 'una fecha, p. ej. 2025-03-31' },
  requiredMark: '* obligatorio',
  choice: {
    one: 'Elige una opción', several: 'Elige una o varias', time: 'Elige una hora',
    missingOne: 'Elige una opción, por favor.', missingSeveral: 'Elige al menos una opción, por favor.', missingTime: 'Elige una hora, por favor.',
    ok: 'Aceptar',
  },

  appointment: {
    pickTime: (service) => `Elige una hora para ${service}`,
    slotTaken: 'Lo sentimos, alguien acaba de reservar esa hora (ya no está libre). Estas son otras horas libres:',
    slotReleased: 'Hemos liberado tu hora anterior. Estas son las horas libres:',
    tapOrCancel: 'Toca una hora o responde "cancelar".',
    replyCancel: 'Responde "cancelar" si ya no necesitas la cita.',
    ambiguous: 'Esa hora coincide con más de una de las horas ofrecidas.',
    noMatch: 'Lo sentimos, eso no coincide con ninguna de las horas ofrecidas.',
    askAgain: (why, count) =>
      `${why} ¿Qué hora prefieres? Responde con ${count === 1 ? '1' : `un número del 1 al ${count}`} de la lista anterior, o "cancelar".`,
    booked: (what) => `Reservado: ${what}. Responde "reprogramar" para elegir otra hora o "cancelar" para anularla.`,
    reminder: (what) => `Recordatorio: ${what}.`,
    withAgent: (agent) => ` con ${agent}`,
    reschedule: 'Reprogramar',
    cancel: 'Cancelar',
    noFreeTimes: (service, days) => `Lo sentimos, no hay horas libres para ${service} en los próximos ${days} días. Un agente se pondrá en contacto contigo.`,
    offerExpired: (service) => `Las horas ofrecidas para ${service} ya no están reservadas. Escríbenos cuando quieras pedir cita.`,
    on: (service, when) => `${service} el ${when}`,
    cancelled: (what) => `Tu cita de ${what} está cancelada.`,
  },

  survey: {
    question: '¿Cómo valorarías nuestra ayuda? (1 = mala, 5 = excelente)',
  },

  payment: {
    request: (description, amount, until) =>
      `Solicitud de pago: ${description} — ${amount}. Paga de forma segura con Stripe (el enlace funciona hasta el ${until}).`,
    pay: (amount) => `Pagar ${amount}`,
    paid: (amount, description) => `Pago recibido: ${amount} por ${description}. ¡Gracias!`,
    failed: (amount, description) =>
      `Tu pago de ${amount} por ${description} no se ha completado. No se te ha cobrado nada; responde aquí si quieres intentarlo de nuevo.`,
    expired: (amount, description) =>
      `El enlace de pago de ${amount} (${description}) ha caducado. Responde aquí si todavía quieres pagar y te enviaremos uno nuevo.`,
    cancelled: (amount, description) => `La solicitud de pago de ${amount} (${description}) se ha cancelado: el enlace ya no funciona.`,
    refund: (amount, description) => `Te estamos devolviendo ${amount} por ${description}.`,
  },
};
