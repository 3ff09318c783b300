import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './engine/db/schema.ts',
  out: './engine/db/migrations',
});
