import nodemailer from 'nodemailer';
import type { OutboxMessage } from '../storage/types.js';
import type { MailTransport } from './sender.js';

/**
 * nodemailer over `DESKSIDE_SMTP_URL`: `smtp://` upgrades with STARTTLS when the server offers
 * it, `smtps://` is TLS from the start; certificates are verified (an internal CA is added with
 * NODE_EXTRA_CA_CERTS). Timeouts are short enough that a hung server is a failed attempt
 * within a minute and a half, well before the outbox takes a claimed message for lost.
 */
export function smtpTransport(url: string, from: string): MailTransport & { close(): void } {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(m: OutboxMessage) {
      await transporter.sendMail({
        from,
        to: m.recipient,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        ...(m.referencesId ? { inReplyTo: m.referencesId, references: [m.referencesId] } : {}),
        // Out-of-office and other robots must not answer, and our own inbound side skips these.
        headers: { 'Auto-Submitted': 'auto-generated', ...(m.ticketId !== null ? { 'X-Deskside-Ticket': String(m.ticketId) } : {}) },
      });
    },
    close: () => transporter.close(),
  };
}
