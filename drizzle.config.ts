import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // The core schema, and one file per durable flow (outreach, payments, appointments).
  schema: ['./engine/db/schema.ts', './engine/db/schema-*.ts'],
  out: './engine/db/migrations',
});
